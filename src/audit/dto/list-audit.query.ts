import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListAuditQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page', example: 'WyIyMDEyLTAyLTA4IDA5OjMwOjAwKzAwIiwiYTFiMmMzIl0' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50, example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'only this action', example: 'campaign.launch' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]+(?:\.[a-z-]+)+$/, { message: 'action must look like "campaign.launch"' })
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ description: 'only entries about this subject (a campaign, user, target, delivery… id)', example: '9b2e4c1d-6f3a-4e8b-b1d2-7c5a0e9f3a21' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subjectId?: string;
}
