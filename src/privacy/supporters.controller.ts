import { Body, Controller, Get, Header, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { SupporterEmailDto, SupporterExportQuery } from './dto/supporter-request.dto.js';
import { ErasureResult, SupporterExport } from './dto/supporter-export.view.js';
import { SupporterErasureService } from './supporter-erasure.service.js';
import { exportFile, SupporterExportService } from './supporter-export.service.js';

/** Data-subject requests, for admins: what Appeals holds about a person, and erasing them. */
@ApiTags('admin: supporters (data-subject requests)')
@ApiExtraModels(SupporterExport)
@ApiStaffRoute()
@Roles('admin')
@Controller('api/admin/supporters')
export class SupportersController {
  constructor(
    private readonly exporter: SupporterExportService,
    private readonly erasure: SupporterErasureService,
  ) {}

  @Get('export')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'everything held about one supporter: details, signatures, letters sent in their name, emails sent to them (audited)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'JSON (the default), or with format=csv one CSV row per value (section, record, field, value), formula-safe',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(SupporterExport) } },
      'text/csv': { schema: { type: 'string', example: 'section,record,field,value\r\nsupporter,0b6f5d1e-…,email,amal@example.org\r\n' } },
    },
  })
  @ApiInvalid('email missing or not an email address, or an unknown format')
  @ApiMissing('no supporter has this email address')
  async export(
    @Staff() staff: StaffPrincipal,
    @Query() query: SupporterExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SupporterExport | string> {
    const format = query.format ?? 'json';
    const data = await this.exporter.exportFor(staff, query.email, format);
    if (format === 'json') return data;
    const file = exportFile(data, format);
    reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Post('erase')
  @HttpCode(200)
  @ApiOperation({
    summary: 'anonymises one supporter everywhere, keeping the signature counts: their unsent letters and emails are cancelled, their links revoked (audited)',
  })
  @ApiOkResponse({ type: ErasureResult, description: 'what was anonymised, cancelled and revoked' })
  @ApiInvalid('email missing or not an email address')
  @ApiMissing('no supporter has this email address (already erased, or never signed)')
  erase(@Staff() staff: StaffPrincipal, @Body() dto: SupporterEmailDto): Promise<ErasureResult> {
    return this.erasure.erase(staff, dto.email);
  }
}
