import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/pagination.dto.js';
import { REPLY_KINDS, type ReplyKind } from '../reply.entity.js';

/** GET /api/campaigns/:id/replies: one target's, one kind's, newest first. */
export class ListRepliesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f', description: 'only the replies of this target' })
  @IsOptional()
  @IsUUID(undefined, { message: 'targetId must be a UUID' })
  targetId?: string;

  @ApiPropertyOptional({ enum: REPLY_KINDS, example: 'unclassified', description: 'only the replies of this kind' })
  @IsOptional()
  @IsIn(REPLY_KINDS, { message: `kind must be one of: ${REPLY_KINDS.join(', ')}` })
  kind?: ReplyKind;
}

/** GET /api/campaigns/:id/replies/summary: the officials who answered, or not. */
export class ReplySummaryQuery {
  @ApiPropertyOptional({
    example: false,
    description: 'false: only the officials who have not answered (no reply but automatic ones); true: only those who have',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'responded must be true or false' })
  responded?: boolean;
}
