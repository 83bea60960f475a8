import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
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

/** At least this long: the same rule as POST /api/users. */
export const MIN_PASSWORD_LENGTH = 12;

/** A password made for someone (a reset, an account the console creates): 96 random bits, 16 characters. */
export const generatePassword = () => randomBytes(12).toString('base64url');

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
    const inserted = await this.users.createQueryBuilder().insert().values({ email: normalised, passwordHash, role }).orIgnore().returning('*').execute();
    if (!inserted.raw.length) throw new ConflictException(`A staff account for ${normalised} exists already`);
    const user = toPublicUser((await this.findByEmail(normalised))!);
    await this.audit.record(actor, 'user.create', { type: 'user', id: user.id }, { email: user.email, role: user.role, via });
    return user;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  async get(id: string): Promise<PublicUser> {
    return toPublicUser(await this.find(id));
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

  /**
   * An admin changes another account's role or deactivates (or reactivates) it. Deactivating ends
   * its sessions at once. Refused (409): changing your own account this way, or leaving the
   * installation without an active admin.
   */
  async update(id: string, changes: { role?: StaffRole; active?: boolean }, actor: StaffPrincipal): Promise<PublicUser> {
    if (changes.role === undefined && changes.active === undefined) throw new BadRequestException('Give role, active or both');
    if (id === actor.id) throw new ConflictException('You cannot change the role of, or deactivate, your own account: ask another admin');
    await this.users.manager.transaction(async (em) => {
      // one admin change at a time, so two admins cannot demote each other to no admin at all
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('appeals:staff-admins'))`);
      const user = await em.getRepository(User).findOneBy({ id });
      if (!user) throw new NotFoundException(`No staff account ${id}`);
      const role = changes.role ?? user.role;
      const active = changes.active ?? user.active;
      if (user.role === 'admin' && user.active && (role !== 'admin' || !active)) {
        const [{ n }]: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active AND id <> $1`, [id]);
        if (n === 0) throw new ConflictException('This is the last active admin: make another account an admin first');
      }
      const fields: string[] = [];
      if (role !== user.role) fields.push('role');
      if (active !== user.active) fields.push('active');
      if (!fields.length) return;
      await em.getRepository(User).update({ id }, { role, active, ...(active ? {} : { sessionEpoch: () => 'session_epoch + 1' }) });
      const action = fields.includes('active') ? (active ? 'user.reactivate' : 'user.deactivate') : 'user.role';
      await this.audit.record(
        actor,
        action,
        { type: 'user', id },
        { email: user.email, from: { role: user.role, active: user.active }, to: { role, active } },
        em,
      );
    });
    return this.get(id);
  }

  /**
   * An admin resets another account's password: a new one is generated and answered once (for
   * the admin to hand over), and the account's sessions end.
   */
  async resetPassword(id: string, actor: StaffPrincipal): Promise<{ user: PublicUser; password: string }> {
    const user = await this.find(id);
    const password = generatePassword();
    await this.users.update({ id }, { passwordHash: await hashPassword(password), sessionEpoch: () => 'session_epoch + 1' });
    await this.audit.record(actor, 'user.password-reset', { type: 'user', id }, { email: user.email });
    return { user: toPublicUser(user), password };
  }

  /**
   * A staff member changes their own password, knowing the current one. Their other sessions end;
   * the answer is the account as it is now (with its new session epoch), for a new session.
   */
  async changeOwnPassword(actor: StaffPrincipal, currentPassword: string, newPassword: string): Promise<User> {
    const user = await this.find(actor.id);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new BadRequestException(['currentPassword is not your current password']);
    }
    if (newPassword.length < MIN_PASSWORD_LENGTH) throw new BadRequestException([`newPassword must be at least ${MIN_PASSWORD_LENGTH} characters`]);
    if (newPassword === currentPassword) throw new BadRequestException(['newPassword must differ from the current one']);
    await this.users.update({ id: user.id }, { passwordHash: await hashPassword(newPassword), sessionEpoch: () => 'session_epoch + 1' });
    await this.audit.record(actor, 'user.password-change', { type: 'user', id: user.id });
    return this.find(user.id);
  }

  private async find(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundException(`No staff account ${id}`);
    return user;
  }
}
