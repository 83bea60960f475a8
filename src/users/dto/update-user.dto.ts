import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '../user.entity.js';
import { StaffUser } from './staff-user.dto.js';

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: STAFF_ROLES, example: 'admin' })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ example: false, description: 'false deactivates the account: it cannot log in, and its sessions end at once' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class PasswordResetResponse {
  @ApiProperty({ type: StaffUser })
  user: StaffUser;

  @ApiProperty({ example: 'k3VZx9Qm2LwHf7aT', description: 'the new password, shown this once: hand it to its owner, who should change it' })
  password: string;
}
