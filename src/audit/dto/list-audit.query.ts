import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { PageQuery } from '../../common/pagination.dto.js';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only this action', example: 'campaign.launch' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]+(?:\.[a-z_-]+)+$/, { message: 'action must look like "campaign.launch"' })
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({
    description: 'only entries about this subject (a campaign, user, target, delivery… id)',
    example: '9b2e4c1d-6f3a-4e8b-b1d2-7c5a0e9f3a21',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subjectId?: string;

  // not @IsEmail: the first admin's address may be one without a dot in its domain (admin@localhost)
  @ApiPropertyOptional({ description: 'only what this staff member did (their email, any case)', example: 'campaigner@amnesty.example' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @MaxLength(254)
  actor?: string;

  @ApiPropertyOptional({ description: 'only entries at or after this instant (ISO 8601; a date alone is its midnight UTC)', example: '2012-02-08T00:00:00Z' })
  @IsOptional()
  @IsISO8601({}, { message: 'from must be a date or date and time (ISO 8601)' })
  from?: string;

  @ApiPropertyOptional({ description: 'only entries before this instant (ISO 8601; a date alone is its midnight UTC)', example: '2012-02-09T00:00:00Z' })
  @IsOptional()
  @IsISO8601({}, { message: 'to must be a date or date and time (ISO 8601)' })
  to?: string;
}
