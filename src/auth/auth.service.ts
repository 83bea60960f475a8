import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UsersService } from '../users/users.service.js';
import type { StaffRole } from '../users/user.entity.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';

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
    private readonly jwt: JwtService,
  ) {}

  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !ok || !user.active) throw new UnauthorizedException('Wrong email or password');
    await this.users.touchLogin(user.id, needsRehash(user.passwordHash) ? await hashPassword(password) : undefined);
    const accessToken = await this.jwt.signAsync({ sub: user.id, email: user.email, role: user.role });
    return { accessToken, user: { id: user.id, email: user.email, role: user.role } };
  }
}
