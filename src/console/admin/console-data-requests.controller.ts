import { Body, Controller, Get, NotFoundException, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import { normaliseEmail } from '../../common/email.js';
import { SupporterEmailDto, SupporterExportQuery } from '../../privacy/dto/supporter-request.dto.js';
import { SupporterErasureService } from '../../privacy/supporter-erasure.service.js';
import { exportFile, NO_SUPPORTER, SupporterExportService } from '../../privacy/supporter-export.service.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, serviceErrors, validateAs } from '../forms.js';
import { dataRequestsPage, erasedPage, type DataRequestForms } from '../views/admin/data-request-pages.js';
import type { FormErrors, FormValues } from '../views/form-kit.js';

const EMPTY: DataRequestForms = { exportForm: { values: {}, errors: {} }, eraseForm: { values: {}, errors: {} } };

/**
 * Supporter data requests, for admins: the export (the same SupporterExportService.exportFor and
 * file as GET /api/admin/supporters/export, audited as `supporter.export`) and the erasure
 * (SupporterErasureService.erase, as POST /api/admin/supporters/erase).
 */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('admin')
@Controller('console/data-requests')
export class ConsoleDataRequestsController {
  constructor(
    private readonly exporter: SupporterExportService,
    private readonly erasure: SupporterErasureService,
    private readonly contexts: ConsoleContexts,
  ) {}

  @Get()
  async page(@Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    sendPage(reply, 200, dataRequestsPage(await this.contexts.of(req, reply), EMPTY));
  }

  /** The download itself (a POST: the address stays out of URLs, logs and history); a problem shows the form again. */
  @Post('export')
  async export(@Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const form = formValues(body);
    const values: FormValues = { email: form['export-email'], format: form['export-format'] };
    const checked = await validateAs(SupporterExportQuery, { email: values.email ?? '', format: values.format || 'json' });
    let errors: FormErrors = checked.ok ? {} : checked.errors;
    if (checked.ok) {
      const format = checked.dto.format ?? 'json';
      try {
        const file = exportFile(await this.exporter.exportFor(req.staff!, checked.dto.email, format), format);
        return reply
          .status(200)
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('cache-control', 'no-store')
          .send(file.body);
      } catch (e) {
        errors = notFoundBesideEmail(e);
      }
    }
    sendPage(reply, 400, dataRequestsPage(await this.contexts.of(req, reply), { ...EMPTY, exportForm: { values, errors } }));
  }

  /**
   * Erases after the address was typed twice alike. The result is shown by this POST's answer:
   * nothing keeps it for a later page (the audit entry names only the supporter's id).
   */
  @Post('erase')
  async erase(@Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const form = formValues(body);
    const values: FormValues = { email: form['erase-email'], emailAgain: form['erase-emailAgain'] };
    const checked = await validateAs(SupporterEmailDto, { email: values.email ?? '' });
    let errors: FormErrors = checked.ok ? {} : checked.errors;
    if (!values.emailAgain?.trim()) errors.emailAgain = 'Type the address again, to confirm';
    else if (normaliseEmail(values.emailAgain) !== normaliseEmail(values.email ?? ''))
      errors.emailAgain = 'Does not match the address above: type the same address twice';
    if (checked.ok && !Object.keys(errors).length) {
      try {
        const result = await this.erasure.erase(req.staff!, checked.dto.email);
        return sendPage(reply, 200, erasedPage(await this.contexts.of(req, reply), result));
      } catch (e) {
        errors = notFoundBesideEmail(e);
      }
    }
    sendPage(reply, 400, dataRequestsPage(await this.contexts.of(req, reply), { ...EMPTY, eraseForm: { values, errors } }));
  }
}

/** "No supporter has this email address" beside the address; other refusals above the form. */
function notFoundBesideEmail(e: unknown): FormErrors {
  if (e instanceof NotFoundException) return { email: NO_SUPPORTER };
  return serviceErrors(e, ['email', 'format']);
}
