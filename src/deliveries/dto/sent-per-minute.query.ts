import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class SentPerMinuteQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'one campaign; all campaigns when absent', example: '6f0c2a9e-3b1d-4c7a-9e52-8d4f1a0b7c35' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1440, default: 60, description: 'how many minutes, the current one included', example: 60 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes?: number;
}
