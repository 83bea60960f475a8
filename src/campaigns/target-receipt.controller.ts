import { Controller, Get, Headers, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { ReceiptQuery, TargetReceipt } from './dto/target-receipt.dto.js';
import { RECEIPT_CSV_HEADER, TargetReceiptService } from './target-receipt.service.js';

const CSV_EXAMPLE =
  `${RECEIPT_CSV_HEADER.join(',')}\r\n` +
  '2012-02-08T09:31:04.000Z,Amal Haddad,LB,Lebanon,<e4b8c2a1-7d3f-4c5e-9a0b-1f2e3d4c5b6a@campaigns.example>,sent,individual,e4b8c2a1-7d3f-4c5e-9a0b-1f2e3d4c5b6a\r\n';

@ApiTags('campaigns')
@ApiStaffRoute()
@ApiExtraModels(TargetReceipt)
@Roles('campaigner')
@Controller('api/campaigns/:id/targets')
export class TargetReceiptController {
  constructor(private readonly receipts: TargetReceiptService) {}

  /** JSON in pages, or (`?format=csv`, or `Accept: text/csv`) the whole list as a CSV file. */
  @Get(':targetId/receipt')
  @ApiOperation({
    summary: 'proof of delivery: every letter sent to this official (time, supporter name and country, Message-ID, status), JSON or CSV',
    description:
      'One line per signatory: an individual letter is one line, a digest letter a line for each signatory it carried. ' +
      '"Sent" means accepted by the SMTP server; a letter reported undeliverable afterwards says `bounced`. ' +
      'CSV fields are neutralised against spreadsheet formulas.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'the receipt: JSON (a page of lines, with the totals) or CSV (every line)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(TargetReceipt) } },
      'text/csv': { schema: { type: 'string', example: CSV_EXAMPLE } },
    },
  })
  @ApiInvalid('an id is not a UUID, or a bad format, limit or cursor')
  @ApiMissing('no such campaign, or the target was never attached to it')
  async receipt(
    @Param('id', UUID) id: string,
    @Param('targetId', UUID) targetId: string,
    @Query() query: ReceiptQuery,
    @Headers('accept') accept: string | undefined,
  ): Promise<TargetReceipt | StreamableFile> {
    const csv = query.format ? query.format === 'csv' : /\btext\/csv\b/i.test(accept ?? '');
    if (!csv) return this.receipts.receipt(id, targetId, query.cursor, query.limit ?? 1000);
    const { filename, chunks } = await this.receipts.csv(id, targetId);
    return new StreamableFile(Readable.from(chunks), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }
}
