import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, MaxLength, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination.dto.js';
import { canonicalTimeZone } from '../../common/time-zone.js';
import { IsCountryCode, IsLocale, IsSingleLine, NormaliseEmail, Trim, UpperCase } from '../../common/validators.js';
import { IsTag, IsTagList, MAX_TAG_LENGTH, MAX_TAGS, NormaliseTag, NormaliseTags } from '../target-tags.js';

export class CreateTargetDto {
  @ApiProperty({ example: 'Sergei Lavrov' })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'name is required' })
  @MaxLength(200)
  @IsSingleLine()
  name: string;

  @ApiPropertyOptional({ example: 'Minister of Foreign Affairs' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  title?: string;

  @ApiPropertyOptional({ example: 'Russian Federation' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  organization?: string;

  @ApiPropertyOptional({ example: 'RU', description: 'ISO 3166-1 alpha-2; omit for international bodies' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @UpperCase()
  @IsCountryCode()
  country?: string | null;

  @ApiPropertyOptional({
    example: 'Europe/Moscow',
    nullable: true,
    type: String,
    description:
      "IANA time zone: a campaign's office hours (delivery.sendWindow) are read in it. Omitted or null: the country's zone when the country has exactly one, else UTC",
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(({ value }) => (typeof value === 'string' ? (canonicalTimeZone(value) ?? value) : value))
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && canonicalTimeZone(v) === v,
      defaultMessage: (args) =>
        `timeZone ${JSON.stringify(String(args?.value ?? '')).slice(0, 80)} is not an IANA time zone: give one such as "Europe/Moscow", "Asia/Beirut" or "UTC"`,
    },
  })
  timeZone?: string | null;

  @ApiProperty({ example: 'minister@mid.example' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: 'ru', default: 'en', description: 'BCP 47; picks the letter translation' })
  @IsOptional()
  @Trim()
  @IsLocale()
  locale?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['foreign-minister'],
    default: [],
    maxItems: MAX_TAGS,
    description: `labels for finding officials: each ${MAX_TAG_LENGTH} characters at most, letters (any script), digits, - and _; stored trimmed, lower-cased, each once, sorted; at most ${MAX_TAGS}. On PATCH the list given replaces the old one ([] removes every tag)`,
  })
  @IsOptional()
  @NormaliseTags()
  @IsTagList()
  tags?: string[];
}

export class UpdateTargetDto extends PartialType(CreateTargetDto) {
  @ApiPropertyOptional({ description: 'false takes the target out of every future letter', example: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListTargetsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'searches name, organization and country (any part, any case), and tags (a whole tag)', example: 'Lebanese' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'only the officials with this tag (the whole tag, any case)', example: 'foreign-minister' })
  @IsOptional()
  @NormaliseTag()
  @IsTag()
  tag?: string;

  @ApiPropertyOptional({ description: 'only the officials of this country (ISO 3166-1 alpha-2)', example: 'LB' })
  @IsOptional()
  @UpperCase()
  @IsCountryCode()
  country?: string;

  @ApiPropertyOptional({ description: 'only officials whose organization contains this, case-insensitively', example: 'League of Arab States' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organization?: string;

  @ApiPropertyOptional({ description: 'only active (true) or only deactivated (false) targets; default both', example: true })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ description: 'only targets whose address is failing (true: their letters are held) or only the others (false)', example: true })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'failing must be true or false' })
  failing?: boolean;
}
