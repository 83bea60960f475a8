import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DUPLICATE_POLICIES, MODERATION_MODES, type DuplicatePolicy, type ModerationMode } from '../campaign.entity.js';

/** A campaign's `moderation`: what waits for a campaigner before its letters go (docs/moderation.md). */
export class ModerationDto {
  @ApiProperty({
    enum: MODERATION_MODES,
    example: 'flagged',
    description:
      "off: nothing waits (rules are still checked and flagged); flagged: a supporter's own words that trip a rule wait for review; all: every letter with the supporter's own words waits",
  })
  @IsIn(MODERATION_MODES, { message: `moderation.mode must be one of: ${MODERATION_MODES.join(', ')}` })
  mode: ModerationMode;

  @ApiPropertyOptional({
    type: [String],
    example: ['idiot', 'war criminal'],
    description: 'words or phrases (at most 500, each 1–100 characters), matched whole and case-insensitively',
  })
  @IsOptional()
  @IsArray({ message: 'moderation.blockedWords must be a list of words' })
  @ArrayMaxSize(500, { message: 'moderation.blockedWords holds at most 500 words' })
  @IsString({ each: true, message: 'moderation.blockedWords must be a list of words' })
  @MinLength(1, { each: true, message: 'moderation.blockedWords: a word cannot be empty' })
  @MaxLength(100, { each: true, message: 'moderation.blockedWords: each at most 100 characters' })
  blockedWords?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 20, default: 1, example: 1, description: 'more links than this in a text trip the "links" rule' })
  @IsOptional()
  @IsInt({ message: 'moderation.maxLinks must be a whole number from 0 to 20' })
  @Min(0, { message: 'moderation.maxLinks must be a whole number from 0 to 20' })
  @Max(20, { message: 'moderation.maxLinks must be a whole number from 0 to 20' })
  maxLinks?: number;

  @ApiPropertyOptional({
    enum: DUPLICATE_POLICIES,
    default: 'allow',
    example: 'review',
    description: 'a near-duplicate of an earlier text: allow (it goes, flagged) or review (it waits, in modes flagged and all)',
  })
  @IsOptional()
  @IsIn(DUPLICATE_POLICIES, { message: `moderation.duplicates must be one of: ${DUPLICATE_POLICIES.join(', ')}` })
  duplicates?: DuplicatePolicy;
}
