import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { hashPassword } from '../auth/password.js';
import { User, type StaffRole } from './user.entity.js';

export interface PublicUser {
  id: string;
  email: string;
  role: StaffRole;
  active: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export const toPublicUser = (u: User): PublicUser => ({
  id: u.id,
  email: u.email,
  role: u.role,
  active: u.active,
  createdAt: u.createdAt,
  lastLoginAt: u.lastLoginAt,
});

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly audit: AuditService,
  ) {}

  /** `actor`: the admin who creates it; null for the system (`via`: the first admin, the CLI). */
  async create(email: string, password: string, role: StaffRole, actor: StaffPrincipal | null = null, via = actor ? 'api' : 'system'): Promise<PublicUser> {
    const normalised = email.trim().toLowerCase();
    const passwordHash = await hashPassword(password);
    const inserted = await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: normalised, passwordHash, role })
      .orIgnore()
      .returning('*')
      .execute();
    if (!inserted.raw.length) throw new ConflictException(`A staff account for ${normalised} exists already`);
    const user = toPublicUser((await this.findByEmail(normalised))!);
    await this.audit.record(actor, 'user.create', { type: 'user', id: user.id }, { email: user.email, role: user.role, via });
    return user;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  async list(): Promise<PublicUser[]> {
    return (await this.users.find({ order: { createdAt: 'ASC' } })).map(toPublicUser);
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** A login: when, and the password hash remade with today's parameters when it was older. */
  async touchLogin(id: string, passwordHash?: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: () => 'now()', ...(passwordHash ? { passwordHash } : {}) });
  }
}
