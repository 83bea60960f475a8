import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, ValidateIf } from 'class-validator';
import { REPLY_KINDS, STANCES, type ReplyKind, type Stance } from '../reply.entity.js';

/** PATCH /api/replies/:id: what a campaigner marks (each left out stays as it is). */
export class MarkReplyDto {
  @ApiPropertyOptional({
    enum: REPLY_KINDS,
    example: 'substantive',
    description: 'acknowledgement (a receipt, "your letter has been passed on") or substantive (an answer on the ask); auto or unclassified to undo',
  })
  @IsOptional()
  @IsIn(REPLY_KINDS, { message: `kind must be one of: ${REPLY_KINDS.join(', ')}` })
  kind?: ReplyKind;

  @ApiPropertyOptional({
    enum: STANCES,
    nullable: true,
    example: 'supports',
    description: 'only for a substantive reply (given with kind: substantive, or on one already): its stance on the ask; null clears it',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(STANCES, { message: `stance must be one of: ${STANCES.join(', ')} (or null)` })
  stance?: Stance | null;

  @ApiPropertyOptional({ example: true, description: 'show it on the campaign page and in the public API: only an acknowledgement or a substantive reply' })
  @IsOptional()
  @IsBoolean({ message: 'published must be true or false' })
  published?: boolean;
}
