import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@localhost' })
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple', description: 'for the first admin: the password printed at first start' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}
