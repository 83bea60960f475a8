import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ListTargetsQuery } from '../../targets/dto/target.dto.js';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsUUID, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import { IsCountryCode, UpperCase } from '../../common/validators.js';
import { AUDIENCE_MODES, audienceProblem, normaliseAudience, type Audience, type AudienceMode } from '../audience.js';
import { ON_REPLY_RULES, type OnReplyRule } from '../campaign-target.entity.js';

/** An audience as audience.ts checks it; stored normalised (countries upper-cased, sorted, once each). */
const IsAudience = (o?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isAudience',
      validator: {
        validate: (v: unknown) => audienceProblem(v) === null,
        defaultMessage: (args) => audienceProblem(args?.value) ?? 'audience is invalid',
      },
    },
    o,
  );

const AsAudience = () => Transform(({ value }) => (audienceProblem(value) === null ? normaliseAudience(value) : value));

export class AudienceView {
  @ApiProperty({ enum: AUDIENCE_MODES, example: 'same-country' })
  mode: AudienceMode;

  @ApiPropertyOptional({ type: [String], example: ['FR', 'DE'], description: 'mode "countries": the supporters\' countries this target receives' })
  countries?: string[];
}

const AUDIENCE_DOC = {
  type: AudienceView,
  description:
    'whose letters this target receives: {"mode":"everyone"} (default), {"mode":"same-country"} (supporters of the target\'s country), ' +
    '{"mode":"countries","countries":["FR","DE"]}, or {"mode":"fallback"} (supporters whom no launched same-country or countries target receives)',
  example: { mode: 'same-country' },
};

export class AttachTargetDto {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f', description: 'a target of the directory' })
  @IsUUID(undefined, { message: 'targetId must be a UUID' })
  targetId: string;

  @ApiPropertyOptional({ ...AUDIENCE_DOC, description: `${AUDIENCE_DOC.description}; attaching again with an audience sets it` })
  @IsOptional()
  @AsAudience()
  @IsAudience()
  audience?: Audience;
}

export class SetAudienceDto {
  @ApiProperty(AUDIENCE_DOC)
  @IsDefined({ message: 'audience is required, e.g. {"mode":"same-country"}' })
  @AsAudience()
  @IsAudience()
  audience: Audience;
}

/**
 * PATCH /api/campaigns/:id/targets/:targetId: whose letters the target receives, what a
 * substantive reply from it does, or both (at least one: the service says so).
 */
export class ChangeCampaignTargetDto {
  @ApiPropertyOptional({ ...AUDIENCE_DOC, description: `${AUDIENCE_DOC.description}; letters already owed stay owed` })
  @IsOptional()
  @AsAudience()
  @IsAudience()
  audience?: Audience;

  @ApiPropertyOptional({
    enum: ON_REPLY_RULES,
    example: 'hold',
    description:
      'when a campaigner marks a reply from this official substantive: continue (keep sending, the default), hold (hold the rest of the letters until released) or digest (switch to digest letters). Back to continue while held releases the letters; to digest while held switches to digests for that reply',
  })
  @IsOptional()
  @IsIn(ON_REPLY_RULES, { message: `onReply must be one of: ${ON_REPLY_RULES.join(', ')}` })
  onReply?: OnReplyRule;
}

/** The directory's filter (GET /api/targets), the same fields checked the same way. */
export class BulkTargetFilterDto extends PickType(ListTargetsQuery, ['tag', 'country', 'organization', 'q'] as const) {}

export class BulkAttachDto {
  @ApiProperty({ type: BulkTargetFilterDto, description: 'every active target matching all the fields given (at least one) is attached' })
  @IsObject({ message: 'filter must be an object such as {"tag":"foreign-minister"}' })
  @ValidateNested()
  @Type(() => BulkTargetFilterDto)
  filter: BulkTargetFilterDto;

  @ApiPropertyOptional({ ...AUDIENCE_DOC, description: `${AUDIENCE_DOC.description}; given to the targets this attaches (those attached already keep theirs)` })
  @IsOptional()
  @AsAudience()
  @IsAudience()
  audience?: Audience;
}

export class RecipientsQuery {
  @ApiProperty({ example: 'FR', description: "the supporter's country (ISO 3166-1 alpha-2)" })
  @IsDefined({ message: 'country is required, e.g. ?country=FR' })
  @UpperCase()
  @IsCountryCode()
  country: string;
}
