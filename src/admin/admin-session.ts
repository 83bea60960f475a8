import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import type { StaffRole } from '../users/user.entity.js';

export interface AdminRequest {
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
}

export type AdminAccess = { ok: true; staff: StaffPrincipal } | { ok: false; status: 401 | 403; message: string; staff: StaffPrincipal | null };

/**
 * Who is asking for an admin page (the dashboard, Bull Board, the mail catcher): the same
 * credentials as the API's guard (a Bearer token, or the browser's session cookie), checked
 * here because these pages answer with pages and redirects rather than JSON errors.
 */
@Injectable()
export class AdminSession {
  constructor(private readonly jwt: JwtService) {}

  async staff(req: AdminRequest): Promise<StaffPrincipal | null> {
    const auth = Array.isArray(req.headers.authorization) ? req.headers.authorization[0] : req.headers.authorization;
    const token = auth?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? req.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; email: string; role: StaffRole }>(token);
      return { id: claims.sub, email: claims.email, role: claims.role };
    } catch {
      return null;
    }
  }

  async admin(req: AdminRequest): Promise<AdminAccess> {
    const staff = await this.staff(req);
    if (!staff) return { ok: false, status: 401, message: 'Login required', staff: null };
    if (staff.role !== 'admin') return { ok: false, status: 403, message: 'This needs the admin role', staff };
    return { ok: true, staff };
  }
}
