import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCountryCode, IsPlainText, IsSingleLine, NormaliseEmail, Trim, UpperCase } from '../../common/validators.js';

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
