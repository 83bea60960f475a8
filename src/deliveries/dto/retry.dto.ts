import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class RetryFailedDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "only this campaign's letters; every campaign's when absent",
    example: '6f0c2a9e-3b1d-4c7a-9e52-8d4f1a0b7c35',
  })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({
    description: 'only the letters of this failure group (`reason` from GET /api/admin/deliveries/failures)',
    example: '550 5.1.1 <address>: no such user here',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;
}

export class RetryResponse {
  @ApiProperty({ description: 'letters moved back to queued and handed to the queue again', example: 12 }) retried: number;
}
