import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { LETTER_BODY_MAX } from '../../letters/letter-editing.js';
import { IsCountryCode, IsPlainText, IsSingleLine, NormaliseEmail, Trim, UpperCase } from '../../common/validators.js';

/** The letter as the supporter wrote it (a campaign whose letterEditing is "body"). */
export class SignLetterDto {
  @ApiProperty({
    example: 'I lived in Homs until 2011. My family is still there, and I ask you to press for an end to the shelling.',
    maxLength: LETTER_BODY_MAX,
    description:
      "the letter's body in the supporter's words, plain text: the salutation (the letter's first paragraph, for each official) goes before it and the signature line after it. Sent as written: a {{placeholder}} in it is never filled in. Empty: the campaign's letter (signing again, the earlier text is kept)",
  })
  @IsString({ message: 'body must be text' })
  @MaxLength(LETTER_BODY_MAX, { message: `body can have at most ${LETTER_BODY_MAX.toLocaleString('en')} characters` })
  @IsPlainText({ message: 'body must not contain control characters' })
  body: string;
}

export class SignDto {
  @ApiProperty({ example: 'Amal', maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsSingleLine()
  firstName: string;

  @ApiProperty({ example: 'Haddad', maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsSingleLine()
  lastName: string;

  @ApiProperty({ example: 'amal@example.org' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'LB', description: 'ISO 3166-1 alpha-2' })
  @UpperCase()
  @IsCountryCode()
  country: string;

  @ApiPropertyOptional({ example: '1100' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(20)
  @IsSingleLine()
  postcode?: string;

  @ApiPropertyOptional({ example: 'Civilians must be protected.', maxLength: 1000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  @IsPlainText()
  comment?: string;

  @ApiPropertyOptional({
    type: SignLetterDto,
    description:
      'the letter in the supporter\'s own words, only for a campaign whose letterEditing is "body" (GET /api/public/campaigns/:slug says which): a 400 on any other',
  })
  @IsOptional()
  @IsObject({ message: 'letter must be an object: { "body": "…" }' })
  @ValidateNested()
  @Type(() => SignLetterDto)
  letter?: SignLetterDto;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description:
      'consent to further contact, when the campaign asks for it (optIn.enabled): recorded with the words the campaign shows in the language signed in; ignored otherwise. Never assumed: absent is no',
  })
  @IsOptional()
  @IsBoolean({ message: 'optIn must be true or false' })
  optIn?: boolean;

  @ApiPropertyOptional({ example: 'newsletter-2026-11', maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  @IsSingleLine()
  source?: string;

  @ApiPropertyOptional({
    example: 'P1_eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9…',
    maxLength: 4096,
    description: "the solved CAPTCHA (the widget's response token): required when the installation turns a CAPTCHA on (CAPTCHA_PROVIDER)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  captchaToken?: string;
}

export class TokenDto {
  @ApiProperty({ example: 'kq3…', description: 'the token from the emailed link' })
  @IsString()
  @MaxLength(200)
  token: string;
}
