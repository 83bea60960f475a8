import { BadRequestException, Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import type { Appeal } from '../../letters/letter-template.js';
import { CampaignsService, type CampaignView, type LetterPreview } from '../../campaigns/campaigns.service.js';
import { UpdateCampaignDto } from '../../campaigns/dto/campaign.dto.js';
import { TestLetterService } from '../../campaigns/test-letter.service.js';
import { UUID } from '../../common/uuid-param.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf, serviceErrors, validateAs } from '../forms.js';
import type { FormErrors, FormValues } from '../views/form-kit.js';
import { letterEditorPage, letterLabels, languageName } from '../views/campaigns/letter-editor.js';
import { formLocales, letterBody, letterValues, newLocale } from './letter-form-mapping.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A campaign's letter in the console: the editor (default letter, translations, placeholders),
 * its preview for each official, and a test letter to oneself. Saving is PATCH /api/campaigns/:id
 * {appeal, translations}, through the same DTO and service.
 */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('campaigner')
@Controller('console/campaigns/:id')
export class ConsoleLetterController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly testLetters: TestLetterService,
    private readonly contexts: ConsoleContexts,
  ) {}

  @Get('letter')
  async editor(@Param('id', UUID) id: string, @Query('target') target: unknown, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const { values, locales } = letterValues(campaign);
    const targetId = typeof target === 'string' && campaign.targets.some((t) => t.id === target) ? target : undefined;
    if (targetId) values.previewTarget = targetId;
    const preview = await this.campaigns.preview(id, targetId);
    sendPage(reply, 200, letterEditorPage(await this.contexts.of(req, reply), campaign, { values, errors: {}, locales, preview }));
  }

  /** Save, preview (without saving), add or remove a translation: one form, its buttons say which. */
  @Post('letter')
  async post(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const values = formValues(body);
    let locales = formLocales(values);
    const action = values.action ?? 'save';
    let errors: FormErrors = {};
    if (action === 'add') {
      const added = newLocale(values.newLocale, locales);
      if ('error' in added) errors.newLocale = added.error;
      else {
        locales = [...locales, added.locale];
        values.newLocale = '';
      }
      return this.show(reply, req, campaign, values, locales, errors, 200);
    }
    if (action.startsWith('remove:')) {
      const gone = action.slice('remove:'.length);
      locales = locales.filter((l) => l !== gone);
      return this.show(
        reply,
        req,
        campaign,
        values,
        locales,
        {},
        200,
        `${languageName(gone)} removed from the form: save the letter to remove it from the campaign.`,
      );
    }
    const mapped = letterBody(values, locales);
    errors = { ...mapped.errors };
    if (action === 'preview') return this.show(reply, req, campaign, values, locales, errors, 200, undefined, mapped.body.appeal as unknown as Appeal);
    if (!Object.keys(errors).length) {
      const checked = await validateAs(UpdateCampaignDto, mapped.body);
      if (!checked.ok) errors = checked.errors;
      else {
        try {
          await this.campaigns.update(id, checked.dto, req.staff!);
          const target = UUID_RE.test(values.previewTarget ?? '') ? `?target=${values.previewTarget}` : '';
          return this.contexts.redirect(reply, `/console/campaigns/${id}/letter${target}`, {
            kind: 'success',
            text: `Letter saved${locales.length ? `, with ${locales.map(languageName).join(', ')}` : ''}.`,
          });
        } catch (e) {
          errors = serviceErrors(e, Object.keys(letterLabels(locales)));
        }
      }
    }
    return this.show(reply, req, campaign, values, locales, errors, 400);
  }

  /** A test letter to the signed-in staff member, as the chosen official would get it (the saved letter). */
  @Post('test-letter')
  async testLetter(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const values = formValues(body);
    const targetId = UUID_RE.test(values.targetId ?? '') ? values.targetId : undefined;
    const back = `/console/campaigns/${id}/letter${targetId ? `?target=${targetId}` : ''}`;
    try {
      const receipt = await this.testLetters.request(id, targetId, req.staff!);
      return this.contexts.redirect(reply, back, {
        kind: 'success',
        text: `A test letter${receipt.target ? ` as ${receipt.target.name} would get it` : ''} is on its way to ${receipt.to}: “${receipt.subject}”.`,
      });
    } catch (e) {
      if (!(e instanceof HttpException) || e instanceof NotFoundException) throw e;
      return this.contexts.redirect(reply, back, { kind: 'error', text: `No test letter was sent: ${messagesOf(e).join(' ')}` });
    }
  }

  private async show(
    reply: FastifyReply,
    req: ConsoleRequest,
    campaign: CampaignView,
    values: FormValues,
    locales: string[],
    errors: FormErrors,
    status: number,
    notice?: string,
    draft?: Appeal,
  ) {
    const targetId = UUID_RE.test(values.previewTarget ?? '') && campaign.targets.some((t) => t.id === values.previewTarget) ? values.previewTarget : undefined;
    let preview: LetterPreview | null = null;
    let previewError: string | undefined;
    try {
      preview = await this.campaigns.preview(campaign.id, targetId, draft);
    } catch (e) {
      if (!(e instanceof BadRequestException)) throw e;
      previewError = messagesOf(e).join('; ');
      if (draft) Object.assign(errors, serviceErrors(e, Object.keys(letterLabels(locales))));
    }
    const ctx = await this.contexts.of(req, reply);
    if (notice) ctx.flash = { kind: 'success', text: notice };
    sendPage(reply, Object.keys(errors).length ? 400 : status, letterEditorPage(ctx, campaign, { values, errors, locales, preview, previewError }));
  }
}
