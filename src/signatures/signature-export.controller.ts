import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { SignatureExportQuery } from './dto/signature-export.query.js';
import { SIGNATURES_CSV_HEADER, SignatureExportService } from './signature-export.service.js';

@ApiTags('campaigns')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/campaigns/:id/signatures')
export class SignatureExportController {
  constructor(private readonly exports: SignatureExportService) {}

  @Get()
  @ApiOperation({ summary: "a campaign's signatories as CSV, for the organisation's CRM: streamed, formula-safe, audited (signatures.export)" })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: `one row per signature (erased supporters left out), columns: ${SIGNATURES_CSV_HEADER.join(', ')}`,
    content: { 'text/csv': { schema: { type: 'string', example: `${SIGNATURES_CSV_HEADER.join(',')}\r\n` } } },
  })
  @ApiInvalid('the id is not a UUID, or a filter is invalid')
  @ApiMissing('no such campaign')
  async export(@Param('id', UUID) id: string, @Query() query: SignatureExportQuery, @Staff() staff: StaffPrincipal): Promise<StreamableFile> {
    const { filename, chunks } = await this.exports.csv(id, { status: query.status, optIn: query.optIn }, staff);
    return new StreamableFile(Readable.from(chunks), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }
}
