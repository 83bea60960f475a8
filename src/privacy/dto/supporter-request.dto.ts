import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { NormaliseEmail } from '../../common/validators.js';

/** Whose data: the supporter's email address (normalised like a signing: trimmed, lower-cased). */
export class SupporterEmailDto {
  @ApiProperty({ example: 'amal@example.org', description: "the supporter's email address" })
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class SupporterExportQuery extends SupporterEmailDto {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'json',
    example: 'csv',
    description: 'json (default), or csv: one row per value, safe to open in a spreadsheet',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
