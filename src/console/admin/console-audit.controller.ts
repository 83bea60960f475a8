import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { AuditService } from '../../audit/audit.service.js';
import type { AuditPage } from '../../audit/dto/audit-entry.view.js';
import { ListAuditQuery } from '../../audit/dto/list-audit.query.js';
import { Roles } from '../../auth/auth.decorators.js';
import { UsersService } from '../../users/users.service.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, optional, serviceErrors, validateAs } from '../forms.js';
import { auditPage, AUDIT_LABELS } from '../views/admin/audit-page.js';
import type { FormErrors } from '../views/form-kit.js';

const PAGE_SIZE = 50;

/**
 * The audit log for admins: GET /api/admin/audit's filters (who, what, when, subject) as a form,
 * its keyset pages as "Older entries" links.
 */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('admin')
@Controller('console/audit')
export class ConsoleAuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly contexts: ConsoleContexts,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const filters = formValues(query);
    const checked = await validateAs(ListAuditQuery, {
      actor: optional(filters.actor),
      action: optional(filters.action),
      subjectId: optional(filters.subjectId),
      from: optional(filters.from),
      // the form's "to" day is included: the API's `to` is the instant before which entries count
      to: nextDay(optional(filters.to)),
      cursor: optional(filters.cursor),
      limit: PAGE_SIZE,
    });
    let errors: FormErrors = checked.ok ? {} : checked.errors;
    let page: AuditPage = { items: [], nextCursor: null };
    if (checked.ok) {
      try {
        page = await this.audit.list(checked.dto);
      } catch (e) {
        errors = serviceErrors(e, Object.keys(AUDIT_LABELS));
      }
    }
    const [actors, actions] = await Promise.all([this.users.list(), this.audit.actions()]);
    const ctx = await this.contexts.of(req, reply);
    sendPage(
      reply,
      Object.keys(errors).length ? 400 : 200,
      auditPage(ctx, { filters, errors, actors: actors.map((u) => u.email), actions, items: page.items, nextCursor: page.nextCursor }),
    );
  }
}

/** 2026-11-25 → 2026-11-26; anything else as typed, for the DTO to refuse. */
export function nextDay(day: string | undefined): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day.trim())) return day;
  const d = new Date(`${day.trim()}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
