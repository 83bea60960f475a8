import { ApiProperty, PickType } from '@nestjs/swagger';
import { StaffUser } from '../../users/dto/staff-user.dto.js';

/** Who logged in: the account's id, email and role, as GET /api/users shows them. */
export class LoggedInUser extends PickType(StaffUser, ['id', 'email', 'role'] as const) {}

export class LoginResponse {
  @ApiProperty({ description: 'send as `Authorization: Bearer <token>`; also set as the session cookie', example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' })
  accessToken: string;

  @ApiProperty({ type: LoggedInUser })
  user: LoggedInUser;
}
