import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '../../common/pagination.dto.js';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../delivery.entity.js';

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "only this campaign's letters", example: '6f0c2a9e-3b1d-4c7a-9e52-8d4f1a0b7c35' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only the letters to this official', example: '2d7e4b1c-9a3f-4e6d-8b20-5c1f0a9e3d47' })
  @IsOptional()
  @IsUUID()
  targetId?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, example: 'failed' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ description: 'owed at or after (ISO 8601)', example: '2012-02-08T00:00:00Z' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'owed before (ISO 8601)', example: '2012-02-09T00:00:00Z' })
  @IsOptional()
  @IsISO8601()
  to?: string;
}
