import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.dto.js';
import { IsPlainText } from '../../common/validators.js';

/** What a campaigner decides about a signature whose words wait for review. */
export const REVIEW_DECISIONS = ['approve', 'approve-without-text', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The lists of the review queue: waiting, each decision, or every text a rule flagged (sent or not). */
export const REVIEW_LISTS = ['pending', 'approved', 'approved-without-text', 'rejected', 'flagged'] as const;
export type ReviewList = (typeof REVIEW_LISTS)[number];

/** GET /api/campaigns/:id/review */
export class ReviewQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: REVIEW_LISTS,
    default: 'pending',
    description: 'pending (the default): waiting for a decision, oldest first; a decision: those decided so; flagged: every text that tripped a rule',
  })
  @IsOptional()
  @IsIn(REVIEW_LISTS, { message: `status must be one of: ${REVIEW_LISTS.join(', ')}` })
  status?: ReviewList;
}

/** POST /api/campaigns/:id/review/:signatureId */
export class ReviewDecisionDto {
  @ApiProperty({
    enum: REVIEW_DECISIONS,
    example: 'approve-without-text',
    description:
      "approve: the letters go with the supporter's words; approve-without-text: the campaign's letter goes, without them; reject: the letters are cancelled",
  })
  @IsIn(REVIEW_DECISIONS, { message: `decision must be one of: ${REVIEW_DECISIONS.join(', ')}` })
  decision: ReviewDecision;

  @ApiPropertyOptional({ example: 'abusive language', maxLength: 500, description: 'kept with the decision and in the audit log' })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  @IsPlainText()
  reason?: string;
}
