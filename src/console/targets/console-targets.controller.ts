import { BadRequestException, Body, Controller, Get, HttpException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import { FailingTargetsService } from '../../bounces/failing-targets.service.js';
import { UUID } from '../../common/uuid-param.js';
import { CreateTargetDto, ListTargetsQuery, UpdateTargetDto } from '../../targets/dto/target.dto.js';
import { TargetImportService } from '../../targets/target-import.service.js';
import { splitTags } from '../../targets/target-tags.js';
import type { Target } from '../../targets/target.entity.js';
import { TargetsService } from '../../targets/targets.service.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf, optional, serviceErrors, validateAs } from '../forms.js';
import { confirmPage } from '../views/common-pages.js';
import type { FormValues } from '../views/form-kit.js';
import { count } from '../views/format.js';
import { directoryPage, editTargetPage, importPage, newTargetPage, TARGET_LABELS, type DirectoryFilters } from '../views/targets/target-pages.js';
import { readUpload } from './csv-upload.js';

const FIELDS = Object.keys(TARGET_LABELS);
/** The directory's filters by their query name, for a refused one. */
const FILTER_LABELS: Record<string, string> = { q: 'Search', tag: 'Tag', country: 'Country', organization: 'Organization' };

/** An official's form as the API's body: empty optional fields left out (the country as null when cleared). */
function targetBody(v: FormValues, mode: 'create' | 'update'): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: v.name ?? '',
    title: v.title ?? '',
    organization: v.organization ?? '',
    country: optional(v.country) ?? (mode === 'update' ? null : undefined),
    email: v.email ?? '',
    locale: optional(v.locale),
    // empty: none of its own (cleared on a change; the country's zone applies)
    timeZone: optional(v.timeZone) ?? (mode === 'update' && v.timeZone !== undefined ? null : undefined),
    // one text box, comma- or semicolon-separated; a form without the field leaves the tags as they are
    tags: v.tags === undefined ? undefined : splitTags(v.tags, /[,;]/),
  };
  for (const [k, val] of Object.entries(body)) if (val === undefined) delete body[k];
  return body;
}

const valuesOf = (t: Target): FormValues => ({
  name: t.name,
  title: t.title,
  organization: t.organization,
  country: t.country ?? '',
  email: t.email,
  locale: t.locale,
  timeZone: t.timeZone ?? '',
  tags: t.tags.join(', '),
});

/** The directory of officials in the console: search, add, change, deactivate, import, failing addresses. */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('campaigner')
@Controller('console/targets')
export class ConsoleTargetsController {
  constructor(
    private readonly targets: TargetsService,
    private readonly importer: TargetImportService,
    private readonly failing: FailingTargetsService,
    private readonly contexts: ConsoleContexts,
  ) {}

  @Get()
  async list(@Query() raw: Record<string, unknown>, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const str = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 200) : '');
    const f: DirectoryFilters = {
      q: str(raw.q),
      tag: str(raw.tag),
      country: str(raw.country).toUpperCase(),
      organization: str(raw.organization),
      status: str(raw.status),
    };
    const query: Record<string, unknown> = { limit: 50 };
    if (f.q) query.q = f.q;
    if (f.tag) query.tag = f.tag;
    if (f.country) query.country = f.country;
    if (f.organization) query.organization = f.organization;
    if (f.status === 'active') query.active = 'true';
    if (f.status === 'inactive') query.active = 'false';
    if (f.status === 'failing') query.failing = 'true';
    if (typeof raw.cursor === 'string') query.cursor = raw.cursor;
    const checked = await validateAs(ListTargetsQuery, query);
    const ctx = await this.contexts.of(req, reply);
    const knownTags = await this.targets.tagsInUse();
    if (!checked.ok) {
      ctx.flash = {
        kind: 'error',
        text: Object.entries(checked.errors)
          .map(([k, m]) => `${FILTER_LABELS[k] ?? k}: ${m}`)
          .join(' '),
      };
      return sendPage(reply, 400, directoryPage(ctx, f, [], null, knownTags));
    }
    const page = await this.targets.list(checked.dto);
    const next = page.nextCursor ? `/console/targets?${new URLSearchParams({ ...f, cursor: page.nextCursor }).toString()}` : null;
    sendPage(reply, 200, directoryPage(ctx, f, page.items, next, knownTags));
  }

  @Get('new')
  async newForm(@Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    sendPage(reply, 200, newTargetPage(await this.contexts.of(req, reply), { locale: 'en' }, {}, await this.targets.tagsInUse()));
  }

  @Post()
  async create(@Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const values = formValues(body);
    const checked = await validateAs(CreateTargetDto, targetBody(values, 'create'));
    let errors = checked.ok ? {} : checked.errors;
    if (checked.ok) {
      try {
        const t = await this.targets.create(checked.dto, req.staff!);
        return this.contexts.redirect(reply, `/console/targets/${t.id}`, { kind: 'success', text: `${t.name} added to the directory.` });
      } catch (e) {
        errors = serviceErrors(e, FIELDS, { email: /email/i });
      }
    }
    sendPage(reply, 400, newTargetPage(await this.contexts.of(req, reply), values, errors, await this.targets.tagsInUse()));
  }

  @Get('import')
  async importForm(@Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    sendPage(reply, 200, importPage(await this.contexts.of(req, reply), {}));
  }

  /** The same import as POST /api/targets/import: every row validated like a new official, then upserted by email. */
  @Post('import')
  async import(@Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const upload = await readUpload(req, body);
    const ctx = await this.contexts.of(req, reply);
    if (!upload.text.trim()) return sendPage(reply, 400, importPage(ctx, { error: 'Choose a CSV file, or paste its text.' }));
    try {
      const report = await this.importer.import(upload.text, req.staff!);
      sendPage(reply, 200, importPage(ctx, { report }));
    } catch (e) {
      if (!(e instanceof BadRequestException)) throw e;
      sendPage(reply, 400, importPage(ctx, { error: messagesOf(e).join(' '), csv: upload.pasted ? upload.text : undefined }));
    }
  }

  @Get(':id')
  async edit(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const t = await this.targets.get(id);
    sendPage(
      reply,
      200,
      editTargetPage(await this.contexts.of(req, reply), t, await this.targets.campaignsOf(id), valuesOf(t), {}, await this.targets.tagsInUse()),
    );
  }

  @Post(':id')
  async update(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const t = await this.targets.get(id);
    const values = formValues(body);
    const checked = await validateAs(UpdateTargetDto, targetBody(values, 'update'));
    let errors = checked.ok ? {} : checked.errors;
    if (checked.ok) {
      try {
        await this.targets.update(id, checked.dto, req.staff!);
        return this.contexts.redirect(reply, `/console/targets/${id}`, { kind: 'success', text: 'Changes saved.' });
      } catch (e) {
        errors = serviceErrors(e, FIELDS, { email: /email/i });
      }
    }
    sendPage(
      reply,
      400,
      editTargetPage(await this.contexts.of(req, reply), t, await this.targets.campaignsOf(id), values, errors, await this.targets.tagsInUse()),
    );
  }

  @Get(':id/deactivate')
  async confirmDeactivate(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const t = await this.targets.get(id);
    const campaigns = (await this.targets.campaignsOf(id)).filter((c) => c.targetStatus === 'launched' && c.status !== 'closed');
    sendPage(
      reply,
      200,
      confirmPage(await this.contexts.of(req, reply), {
        section: 'targets',
        crumbs: [
          { href: '/console/targets', label: 'Directory' },
          { href: `/console/targets/${id}`, label: t.name },
        ],
        title: `Deactivate ${t.name}?`,
        lead: `${t.name} stays in the directory (letters already sent refer to them) but is owed no new letter and cannot be attached to a campaign.`,
        consequences: [
          campaigns.length
            ? `${count(campaigns.length, 'running campaign')} write to them: ${campaigns.map((c) => c.title).join(', ')}. Withdraw them there to cancel letters not yet sent.`
            : 'No running campaign writes to them.',
          'You can reactivate them later.',
        ],
        action: `/console/targets/${id}/deactivate`,
        button: 'Deactivate',
        danger: true,
        cancel: `/console/targets/${id}`,
      }),
    );
  }

  @Post(':id/deactivate')
  async deactivate(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const t = await this.targets.deactivate(id, req.staff!);
    this.contexts.redirect(reply, `/console/targets/${id}`, { kind: 'success', text: `${t.name} deactivated.` });
  }

  @Post(':id/reactivate')
  async reactivate(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const t = await this.targets.update(id, { active: true }, req.staff!);
    this.contexts.redirect(reply, `/console/targets/${id}`, { kind: 'success', text: `${t.name} is active again.` });
  }

  /** Clears a failing address (POST /api/targets/:id/clear-failing): its held letters go at once. */
  @Post(':id/clear-failing')
  async clearFailing(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const back = formValues(body).back;
    const to = back && /^\/console\/targets(?:[/?]|$)/.test(back) && !back.includes('//') ? back : `/console/targets/${id}`;
    try {
      const cleared = await this.failing.clear(id, req.staff!);
      this.contexts.redirect(reply, to, {
        kind: 'success',
        text: `${cleared.name}: address cleared; ${count(cleared.released, 'held letter')} handed to the queue.`,
      });
    } catch (e) {
      if (!(e instanceof HttpException) || e.getStatus() >= 500 || e.getStatus() === 404) throw e;
      this.contexts.redirect(reply, to, { kind: 'error', text: `Not cleared: ${messagesOf(e).join(' ')}` });
    }
  }
}
