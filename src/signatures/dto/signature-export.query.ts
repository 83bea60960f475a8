import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { SIGNATURE_STATUSES, type SignatureStatus } from '../signature.entity.js';

export class SignatureExportQuery {
  @ApiPropertyOptional({ enum: ['csv'], default: 'csv', description: 'the export is a CSV file' })
  @IsOptional()
  @IsIn(['csv'], { message: 'format must be csv' })
  format?: 'csv';

  @ApiPropertyOptional({ enum: SIGNATURE_STATUSES, example: 'confirmed', description: 'only signatures in this status' })
  @IsOptional()
  @IsIn(SIGNATURE_STATUSES, { message: `status must be one of: ${SIGNATURE_STATUSES.join(', ')}` })
  status?: SignatureStatus;

  @ApiPropertyOptional({ type: Boolean, example: true, description: 'true: only supporters who consent to further contact now; false: only those who do not' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value === '' ? undefined : value))
  @IsBoolean({ message: 'optIn must be true or false' })
  optIn?: boolean;
}
