import { ApiProperty } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '../../users/user.entity.js';

export class LoggedInUser {
  @ApiProperty({ format: 'uuid', example: '3f1c7a52-8d0e-4b8e-9a53-0c2f5f1d9b41' })
  id: string;

  @ApiProperty({ example: 'campaigner@amnesty.example' })
  email: string;

  @ApiProperty({ enum: STAFF_ROLES, example: 'campaigner' })
  role: StaffRole;
}

export class LoginResponse {
  @ApiProperty({ description: 'send as `Authorization: Bearer <token>`; also set as the session cookie', example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' })
  accessToken: string;

  @ApiProperty({ type: LoggedInUser })
  user: LoggedInUser;
}
