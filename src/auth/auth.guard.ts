import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { StaffRole } from '../users/user.entity.js';
import { IS_PUBLIC, ROLES_KEY, type StaffPrincipal } from './auth.decorators.js';
import { SESSION_COOKIE } from './session-cookie.js';

interface StaffRequest {
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
  staff?: StaffPrincipal;
}

/**
 * Global: every route needs a staff login (Bearer token, or the session cookie of the browser
 * pages) unless marked @Public(). 401 without valid credentials, 403 for the wrong role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<StaffRequest>();
    const token = bearer(req.headers.authorization) ?? req.cookies?.[SESSION_COOKIE];
    if (!token) throw new UnauthorizedException('Login required');
    let claims: { sub: string; email: string; role: StaffRole };
    try {
      claims = await this.jwt.verifyAsync(token);
    } catch {
      throw new UnauthorizedException('Invalid or expired token');
    }
    req.staff = { id: claims.sub, email: claims.email, role: claims.role };
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && claims.role !== 'admin' && !roles.includes(claims.role)) {
      throw new ForbiddenException(`This needs the ${roles.join(' or ')} role`);
    }
    return true;
  }
}

function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}
