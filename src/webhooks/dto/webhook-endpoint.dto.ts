import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsSingleLine, Trim } from '../../common/validators.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-events.js';
import { IsEventList } from './event-list.validator.js';

const URL_DESCRIPTION =
  'where events are POSTed: https (http too outside production); it must not be, or resolve to, a loopback, private, link-local or metadata address unless WEBHOOK_ALLOW_PRIVATE=true (see docs/webhooks.md)';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://crm.example.org/hooks/appeals', description: URL_DESCRIPTION, maxLength: 2000 })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'url is required' })
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['signature.confirmed', 'signature.withdrawn', 'supporter.erased'] })
  @IsEventList()
  events: WebhookEventType[];

  @ApiPropertyOptional({ example: 'CiviCRM, production', maxLength: 200 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://crm.example.org/hooks/appeals-v2', description: URL_DESCRIPTION, maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1, { message: 'url must not be empty' })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['signature.confirmed', 'supporter.erased'], description: 'replaces the list' })
  @IsOptional()
  @IsEventList()
  events?: WebhookEventType[];

  @ApiPropertyOptional({
    example: true,
    description:
      'false disables it (no new event is owed to it; its deliveries still owed wait); true enables it again, forgetting its failures, and sends what waited',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ example: 'CiviCRM, staging', nullable: true, type: String, maxLength: 200, description: 'null removes it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Trim()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  description?: string | null;
}
