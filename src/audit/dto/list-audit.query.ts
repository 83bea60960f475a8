import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '../../common/pagination.dto.js';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ListAuditQuery extends PageQuery {
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
