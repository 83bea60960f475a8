import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { StaffRole } from '../users/user.entity.js';
import { IS_PUBLIC, ROLES_KEY, type StaffPrincipal } from './auth.decorators.js';
import { CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE } from './session-cookie.js';
import { StaffSessions, type StaffSession } from './staff-sessions.js';

export interface StaffRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
  body?: unknown;
  staff?: StaffPrincipal;
  session?: StaffSession;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global: every route needs a staff login (Bearer token, or the session cookie of the browser
 * pages) unless marked @Public(). 401 without valid credentials, 403 for the wrong role.
 * A state change made with the session cookie must also carry the session's CSRF token
 * (`X-CSRF-Token` header, or the `_csrf` field of a form): the browser adds the cookie to any
 * request, the token only to those made by this site's own pages.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: StaffSessions,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<StaffRequest>();
    const bearerToken = bearer(req.headers.authorization);
    const token = bearerToken ?? req.cookies?.[SESSION_COOKIE];
    if (!token) throw new UnauthorizedException('Login required');
    const session = await this.sessions.verify(token);
    if (!session) throw new UnauthorizedException('Invalid or expired session: log in again');
    if (!bearerToken && !SAFE_METHODS.has(req.method)) {
      const given = header(req.headers[CSRF_HEADER]) ?? (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (!(await this.sessions.csrfMatches(session, given))) {
        throw new ForbiddenException(
          'This form is out of date or was not sent by a page of this site (CSRF token missing or wrong): reload the page and try again',
        );
      }
    }
    req.staff = session.staff;
    req.session = session;
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && session.staff.role !== 'admin' && !roles.includes(session.staff.role)) {
      throw new ForbiddenException(`This needs the ${roles.join(' or ')} role`);
    }
    return true;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function bearer(value: string | string[] | undefined): string | undefined {
  return header(value)?.match(/^Bearer\s+(\S+)$/i)?.[1];
}
