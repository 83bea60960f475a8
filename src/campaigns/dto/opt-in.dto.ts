import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, ValidateBy } from 'class-validator';
import { optInLabelProblem } from '../opt-in.js';

export class OptInDto {
  @ApiProperty({ example: true, description: 'the form shows an unticked checkbox asking for consent to further contact' })
  @IsBoolean()
  enabled: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { en: 'Keep me informed about this and other campaigns of Amnesty', ru: 'Сообщайте мне о новых кампаниях' },
    description: "the checkbox's words by BCP 47 locale (one line, at most 300 characters each); a language without its own gets a default",
  })
  @IsOptional()
  @ValidateBy({
    name: 'isOptInLabel',
    validator: {
      validate: (v: unknown) => optInLabelProblem(v) === null,
      defaultMessage: (args) => optInLabelProblem(args?.value) ?? 'optIn.label is invalid',
    },
  })
  label?: Record<string, string>;
}

export class OptInView {
  @ApiProperty({ example: true })
  enabled: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { en: 'Keep me informed about other campaigns' } })
  label?: Record<string, string>;
}
