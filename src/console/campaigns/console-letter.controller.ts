import { BadRequestException, Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import type { Appeal } from '../../letters/letter-template.js';
import { CampaignsService, type CampaignView, type LetterPreview } from '../../campaigns/campaigns.service.js';
import { UpdateCampaignDto } from '../../campaigns/dto/campaign.dto.js';
import { MAX_VERSIONS } from '../../campaigns/letter-shape.js';
import { TestLetterService } from '../../campaigns/test-letter.service.js';
import { UUID } from '../../common/uuid-param.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf, serviceErrors, validateAs } from '../forms.js';
import type { FormErrors, FormValues } from '../views/form-kit.js';
import { languageName } from '../views/campaigns/language-names.js';
import { letterEditorPage, letterLabels } from '../views/campaigns/letter-editor.js';
import { formLocales, letterBody, letterValues, newLocale } from './letter-form-mapping.js';
import { formVersions, localeList, versionMessage, withoutVersion, type VersionForm } from './letter-version-form.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A campaign's letter in the console: the editor (default letter, translations, placeholders,
 * versions for some officials), its preview for each official, and a test letter to oneself.
 * Saving is PATCH /api/campaigns/:id {appeal, translations}, through the same DTO and service.
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
    const { values, locales, versions } = letterValues(campaign);
    const targetId = typeof target === 'string' && campaign.targets.some((t) => t.id === target) ? target : undefined;
    if (targetId) values.previewTarget = targetId;
    const preview = await this.campaigns.preview(id, targetId);
    sendPage(reply, 200, letterEditorPage(await this.contexts.of(req, reply), campaign, { values, errors: {}, locales, versions, preview }));
  }

  /** Save, preview (without saving), add or remove a translation or a version (or a version's translation): one form, its buttons say which. */
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
    const changed = versionAction(action, values);
    if (changed) return this.show(reply, req, campaign, changed.values, locales, changed.errors, 200, changed.notice);
    const versions = formVersions(values);
    const mapped = letterBody(values, locales, versions);
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
          errors = letterErrors(e, locales, versions);
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
    const versions = formVersions(values);
    const targetId = UUID_RE.test(values.previewTarget ?? '') && campaign.targets.some((t) => t.id === values.previewTarget) ? values.previewTarget : undefined;
    let preview: LetterPreview | null = null;
    let previewError: string | undefined;
    try {
      preview = await this.campaigns.preview(campaign.id, targetId, draft);
    } catch (e) {
      if (!(e instanceof BadRequestException)) throw e;
      previewError = messagesOf(e).join('; ');
      if (draft) Object.assign(errors, letterErrors(e, locales, versions));
    }
    const ctx = await this.contexts.of(req, reply);
    if (notice) ctx.flash = { kind: 'success', text: notice };
    sendPage(reply, Object.keys(errors).length ? 400 : status, letterEditorPage(ctx, campaign, { values, errors, locales, versions, preview, previewError }));
  }
}

/** A refusal of the service as the form's errors: a version's problems beside its fields (the API names it `appeal.versions[0] ("Russia")`). */
function letterErrors(e: unknown, locales: string[], versions: VersionForm[]): FormErrors {
  const named = e instanceof BadRequestException ? new BadRequestException(messagesOf(e).map(versionMessage)) : e;
  return serviceErrors(named, Object.keys(letterLabels(locales, versions)));
}

/**
 * The buttons of the versions: add a version, remove one (those after it move up), add or remove
 * a translation of one. Each changes the form only (saving changes the campaign); null for
 * another button.
 */
function versionAction(action: string, values: FormValues): { values: FormValues; errors: FormErrors; notice?: string } | null {
  const versions = formVersions(values);
  const errors: FormErrors = {};
  if (action === 'add-version') {
    if (versions.length >= MAX_VERSIONS) errors['appeal.versions'] = `A letter may have at most ${MAX_VERSIONS} versions`;
    return { values: versions.length >= MAX_VERSIONS ? values : { ...values, versions: String(versions.length + 1) }, errors };
  }
  const m = /^(remove-version|add-version-locale|remove-version-locale):(\d+)(?::(.+))?$/.exec(action);
  if (!m || Number(m[2]) >= versions.length) return null;
  const i = Number(m[2]);
  const at = `appeal.versions.${i}`;
  const named = `Version ${i + 1}${versions[i].name.trim() ? ` (${versions[i].name.trim()})` : ''}`;
  if (m[1] === 'remove-version') {
    return { values: withoutVersion(values, i), errors, notice: `${named} removed from the form: save the letter to remove it from the campaign.` };
  }
  const locales = localeList(values[`${at}.locales`]);
  if (m[1] === 'add-version-locale') {
    const added = newLocale(values[`${at}.newLocale`], locales);
    if ('error' in added) return { values, errors: { [`${at}.newLocale`]: added.error } };
    return { values: { ...values, [`${at}.locales`]: [...locales, added.locale].join(','), [`${at}.newLocale`]: '' }, errors };
  }
  const gone = m[3] ?? '';
  return {
    values: { ...values, [`${at}.locales`]: locales.filter((l) => l !== gone).join(',') },
    errors,
    notice: `${languageName(gone)} removed from version ${i + 1} in the form: save the letter to remove it from the campaign.`,
  };
}
