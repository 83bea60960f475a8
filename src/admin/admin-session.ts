import { Injectable } from '@nestjs/common';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { StaffSessions, type StaffSession } from '../auth/staff-sessions.js';

export interface AdminRequest {
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
}

export type AdminAccess =
  | { ok: true; staff: StaffPrincipal; session: StaffSession }
  | { ok: false; status: 401 | 403; message: string; staff: StaffPrincipal | null; session: StaffSession | null };

/**
 * Who is asking for a page that answers with pages and redirects rather than JSON errors (Bull
 * Board, the mail catcher): the same credentials and checks as the API's guard (a Bearer token,
 * or the browser's session cookie, against the account as it is now).
 */
@Injectable()
export class AdminSession {
  constructor(private readonly sessions: StaffSessions) {}

  async session(req: AdminRequest): Promise<StaffSession | null> {
    const auth = Array.isArray(req.headers.authorization) ? req.headers.authorization[0] : req.headers.authorization;
    const token = auth?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? req.cookies?.[SESSION_COOKIE];
    return token ? this.sessions.verify(token) : null;
  }

  async admin(req: AdminRequest): Promise<AdminAccess> {
    const session = await this.session(req);
    if (!session) return { ok: false, status: 401, message: 'Login required', staff: null, session: null };
    if (session.staff.role !== 'admin') return { ok: false, status: 403, message: 'This needs the admin role', staff: session.staff, session };
    return { ok: true, staff: session.staff, session };
  }
}
