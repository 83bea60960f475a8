import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InstallationSecret } from '../security/installation-secret.js';
import type { StaffRole } from '../users/user.entity.js';
import type { StaffPrincipal } from './auth.decorators.js';

/** What a staff token carries: who, and which of their sessions (sid) in which epoch (ep). */
interface SessionClaims {
  sub: string;
  email: string;
  role: StaffRole;
  /** the account's session epoch when the token was made: a password change or deactivation moves it on */
  ep?: number;
  /** this login's id: the CSRF token of the browser pages is bound to it */
  sid?: string;
}

export interface StaffSession {
  staff: StaffPrincipal;
  /** this login's id ('' for tokens made before sessions had one) */
  sid: string;
}

/**
 * Staff sessions: a signed token (the API's Bearer token, and the browser's session cookie),
 * checked against the account on every request, so that a deactivated account, a changed role or
 * a changed password takes effect at once rather than when the token expires.
 */
@Injectable()
export class StaffSessions {
  constructor(
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly secret: InstallationSecret,
  ) {}

  issue(user: { id: string; email: string; role: StaffRole; sessionEpoch: number }): Promise<string> {
    const claims: SessionClaims = { sub: user.id, email: user.email, role: user.role, ep: user.sessionEpoch, sid: randomBytes(12).toString('base64url') };
    return this.jwt.signAsync(claims);
  }

  /** The session a token names, or null: forged, expired, or its account deactivated or signed out everywhere. */
  async verify(token: string): Promise<StaffSession | null> {
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims>(token);
    } catch {
      return null;
    }
    const [user]: { email: string; role: StaffRole; active: boolean; session_epoch: number }[] = await this.db.query(
      `SELECT email, role, active, session_epoch FROM users WHERE id = $1`,
      [claims.sub],
    );
    if (!user?.active || user.session_epoch !== (claims.ep ?? 0)) return null;
    // the role as it is now: a demoted admin is a campaigner from their next request on
    return { staff: { id: claims.sub, email: user.email, role: user.role }, sid: claims.sid ?? '' };
  }

  /** The CSRF token of a session's browser pages: a keyed hash of the login, never stored. */
  async csrfToken(session: StaffSession): Promise<string> {
    const key = await this.secret.key('appeals/csrf/v1');
    return createHmac('sha256', key).update(`${session.staff.id}.${session.sid}`).digest('base64url');
  }

  async csrfMatches(session: StaffSession, given: unknown): Promise<boolean> {
    if (typeof given !== 'string' || !given) return false;
    const expected = Buffer.from(await this.csrfToken(session));
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
