import { ApiProperty } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '../user.entity.js';

/** A staff account as the API shows it (never the password hash). */
export class StaffUser {
  @ApiProperty({ format: 'uuid', example: '3f1c7a52-8d0e-4b8e-9a53-0c2f5f1d9b41' })
  id: string;

  @ApiProperty({ example: 'campaigner@amnesty.example' })
  email: string;

  @ApiProperty({ enum: STAFF_ROLES, example: 'campaigner' })
  role: StaffRole;

  @ApiProperty({ example: true })
  active: boolean;

  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2012-02-09T07:12:45.000Z' })
  lastLoginAt: Date | null;
}

export class StaffUserList {
  @ApiProperty({ type: [StaffUser] })
  items: StaffUser[];
}
