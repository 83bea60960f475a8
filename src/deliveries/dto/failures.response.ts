import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CampaignRef } from './delivery-item.response.js';

export class FailuresQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'one campaign; all campaigns when absent', example: '6f0c2a9e-3b1d-4c7a-9e52-8d4f1a0b7c35' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
}

export class FailureGroup {
  @ApiProperty({ type: CampaignRef }) campaign: CampaignRef;
  @ApiProperty({
    description: "the SMTP server's answer with addresses replaced by <address>, so one cause is one group; pass it to retry-failed to retry this group",
    example: '550 5.1.1 <address>: no such user here',
  })
  reason: string;
  @ApiProperty({ example: 12 }) failed: number;
  @ApiProperty({ example: 0 }) bounced: number;
  @ApiProperty({
    description: 'when a letter last joined this group (failed or bounced with this reason)',
    format: 'date-time',
    example: '2026-11-02T09:14:05.000Z',
  })
  lastAt: string;
}

export class FailuresResponse {
  @ApiProperty({ type: [FailureGroup], description: 'largest groups first (at most 100)' }) groups: FailureGroup[];
}
