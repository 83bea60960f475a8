import { Injectable, UnauthorizedException } from '@nestjs/common';
import { UsersService } from '../users/users.service.js';
import type { StaffRole, User } from '../users/user.entity.js';
import type { StaffPrincipal } from './auth.decorators.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';
import { StaffSessions } from './staff-sessions.js';

export interface LoginResult {
  accessToken: string;
  user: { id: string; email: string; role: StaffRole };
}

/** Compared against when the account does not exist, so timing does not tell who has one. */
const DUMMY_HASH = hashPassword('not a real password, only for timing');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: StaffSessions,
  ) {}

  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !ok || !user.active) throw new UnauthorizedException('Wrong email or password');
    await this.users.touchLogin(user.id, needsRehash(user.passwordHash) ? await hashPassword(password) : undefined);
    return this.session(user);
  }

  /** Changes the caller's own password; their other sessions end, and this answers a new one. */
  async changePassword(staff: StaffPrincipal, currentPassword: string, newPassword: string): Promise<LoginResult> {
    return this.session(await this.users.changeOwnPassword(staff, currentPassword, newPassword));
  }

  private async session(user: User): Promise<LoginResult> {
    const accessToken = await this.sessions.issue(user);
    return { accessToken, user: { id: user.id, email: user.email, role: user.role } };
  }
}
