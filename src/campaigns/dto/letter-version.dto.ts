import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LetterTemplate } from '../../letters/letter-template.js';

/*
 * A version of the letter, as the API documents it. Its fields are checked by
 * validateLetterShape and appealProblems (src/campaigns/letter-shape.ts, src/letters/placeholders.ts),
 * as `appeal.translations` are, so that each problem names the version:
 * `appeal.versions[0] ("Russia").when.countries: "XX" is not an ISO 3166-1 alpha-2 country code`.
 */

/** Which targets get a version: every condition given must match the target; at least one is given. */
export class LetterConditionsDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['RU'],
    description: "the target's country is one of these (ISO 3166-1 alpha-2, stored upper-case); a target without a country matches none",
  })
  countries?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['League of Arab States'],
    description: "the target's organization is one of these (compared trimmed, in any case)",
  })
  organizations?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['foreign-minister'],
    description: 'the target has at least one of these tags (stored lower-case, as the directory stores tags)',
  })
  tags?: string[];
}

/**
 * A version of the letter for some targets. A target gets the first version whose conditions all
 * match it, else the default letter; inside it, the target's locale picks the translation.
 */
export class LetterVersionDto {
  @ApiProperty({ example: 'Russia', description: 'one line of 1 to 100 characters, unique in the campaign (in any case); the preview names it' })
  name: string;

  @ApiProperty({ type: LetterConditionsDto, example: { countries: ['RU'] } })
  when: LetterConditionsDto;

  @ApiProperty({ example: 'Use your influence with Damascus to stop the assault on Homs', description: 'as the default letter’s subject' })
  subject: string;

  @ApiProperty({
    example:
      'Dear {{target.title}} {{target.name}},\n\nRussia can stop the assault on Homs ...\n\nYours sincerely,\n{{supporter.fullName}}, {{supporter.country}}',
    description: 'as the default letter’s body: the same placeholders',
  })
  body: string;

  @ApiPropertyOptional({
    description: "this version's letters by BCP 47 locale, as the default letter's translations",
    example: { ru: { subject: 'Используйте своё влияние на Дамаск', body: 'Уважаемый {{target.title}} {{target.name}}, …' } },
  })
  translations?: Record<string, LetterTemplate>;
}
