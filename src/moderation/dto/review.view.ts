import { ApiProperty } from '@nestjs/swagger';
import { REVIEW_STATUSES, type ReviewStatus } from '../../signatures/signature.entity.js';
import { MODERATION_FLAGS, type ModerationFlag } from '../moderation-rules.js';

class ReviewSupporterView {
  @ApiProperty({ example: 'Layla' }) firstName: string;
  @ApiProperty({ example: 'Haddad' }) lastName: string;
  @ApiProperty({ example: 'LB' }) country: string;
  @ApiProperty({ example: 'layla@example.org' }) email: string;
}

class ReviewDetailsView {
  @ApiProperty({ required: false, type: [String], example: ['idiot'], description: 'the blocked words found' }) blockedWords?: string[];
  @ApiProperty({ required: false, example: 3, description: 'the links counted (more than maxLinks)' }) links?: number;
  @ApiProperty({ required: false, format: 'uuid', description: 'the earlier signature whose text this one nearly repeats' }) nearDuplicateOf?: string;
  @ApiProperty({ required: false, example: 0.82, description: 'their estimated similarity (0–1)' }) similarity?: number;
  @ApiProperty({ required: false, example: 'mid.ru', description: "the target's domain the supporter's address is at" }) domain?: string;
}

class ReviewLettersView {
  @ApiProperty({ example: 2, description: 'owed: waiting (for review, or their turn)' }) owed: number;
  @ApiProperty({ example: 0 }) sent: number;
  @ApiProperty({ example: 0, description: 'failed or bounced' }) failed: number;
  @ApiProperty({ example: 0 }) cancelled: number;
}

/** One signature in the review queue: the words, the rules they tripped, the decision. */
export class ReviewItemView {
  @ApiProperty({ format: 'uuid' }) signatureId: string;
  @ApiProperty({ format: 'date-time', type: String }) confirmedAt: Date;
  @ApiProperty({ type: ReviewSupporterView }) supporter: ReviewSupporterView;
  @ApiProperty({ nullable: true, type: String, description: 'the personal message added to the letter' }) comment: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the letter body the supporter wrote ("body" campaigns)' }) letterBody: string | null;
  @ApiProperty({ enum: MODERATION_FLAGS, isArray: true, example: ['blocked-word'] }) flags: ModerationFlag[];
  @ApiProperty({ type: ReviewDetailsView }) details: ReviewDetailsView;
  @ApiProperty({ enum: REVIEW_STATUSES, nullable: true, description: 'null: never held (its letters went as written)' }) status: ReviewStatus | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reviewedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, example: 'campaigner@example.org' }) reviewedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: ReviewLettersView }) letters: ReviewLettersView;
}

class ReviewCountsView {
  @ApiProperty({ example: 3 }) pending: number;
  @ApiProperty({ example: 10 }) approved: number;
  @ApiProperty({ example: 1 }) 'approved-without-text': number;
  @ApiProperty({ example: 2 }) rejected: number;
  @ApiProperty({ example: 16, description: 'texts that tripped a rule, whatever became of them' }) flagged: number;
}

export class ReviewPage {
  @ApiProperty({ type: [ReviewItemView] }) items: ReviewItemView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ type: ReviewCountsView }) counts: ReviewCountsView;
}

/** The answer to a decision. */
export class ReviewDecisionView {
  @ApiProperty({ format: 'uuid' }) signatureId: string;
  @ApiProperty({ enum: ['approved', 'approved-without-text', 'rejected'] }) status: Exclude<ReviewStatus, 'pending'>;
  @ApiProperty({ example: 2, description: 'letters now on their way (approve, approve-without-text)' }) released: number;
  @ApiProperty({ example: 0, description: 'letters cancelled (reject)' }) cancelled: number;
}
