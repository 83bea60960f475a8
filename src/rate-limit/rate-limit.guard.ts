import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { normaliseEmail } from '../common/email.js';
import { ClientAddressHasher } from '../security/client-address.js';
import { RATE_LIMIT_KEY, type RateLimitName, type RateLimitSubject } from './rate-limit-policies.js';
import { RateLimiter } from './rate-limiter.js';

/** Where the guard leaves the counted keys, for RateLimitRefundInterceptor. */
export const RATE_LIMIT_HITS = Symbol('appeals:rate-limit-hits');
export type RateLimitedRequest = FastifyRequest & { [RATE_LIMIT_HITS]?: string[] };

/**
 * Counts the request against the route's policy; over the limit, 429 with `Retry-After` and the
 * usual JSON error. Every answer carries `RateLimit-Limit` and `RateLimit-Remaining`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly addresses: ClientAddressHasher,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const name = this.reflector.getAllAndOverride<RateLimitName | undefined>(RATE_LIMIT_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!name || ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<RateLimitedRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const policy = this.limiter.policy(name);
    const address = policy.subjects.includes('address') ? ((await this.addresses.hash(req.ip))?.toString('base64url').slice(0, 22) ?? 'unknown') : '';
    const decision = await this.limiter.hit(name, subjectsOf(req, policy.subjects, address));
    reply.header('RateLimit-Limit', String(decision.limit));
    reply.header('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      reply.header('Retry-After', String(decision.retryAfterSeconds));
      throw new HttpException(
        {
          statusCode: HttpStatus.TOO_MANY_REQUESTS,
          message: `Too many ${policy.what}: try again in ${decision.retryAfterSeconds} seconds`,
          error: 'Too Many Requests',
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (policy.refundOnSuccess) req[RATE_LIMIT_HITS] = decision.keys;
    return true;
  }
}

/**
 * The values a request is counted by, neither readable in Redis: the client address as its keyed
 * hash (ClientAddressHasher, the one signatures keep), the account as the email in the body,
 * normalised and hashed; a body without one is counted by address only.
 */
function subjectsOf(req: FastifyRequest, kinds: RateLimitSubject[], addressHash: string): { kind: string; value: string }[] {
  const subjects: { kind: string; value: string }[] = [];
  for (const kind of kinds) {
    if (kind === 'address') subjects.push({ kind, value: addressHash });
    if (kind === 'account') {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      if (typeof email === 'string' && email.trim()) {
        subjects.push({ kind, value: createHash('sha256').update(normaliseEmail(email)).digest('base64url').slice(0, 22) });
      }
    }
  }
  return subjects;
}
