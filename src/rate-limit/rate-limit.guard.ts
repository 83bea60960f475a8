import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { normaliseEmail } from '../common/email.js';
import { ClientAddressHasher } from '../security/client-address.js';
import { RATE_LIMIT_KEY, waitInWords, type RateLimitName, type RateLimitSubject } from './rate-limit-policies.js';
import { RateLimiter } from './rate-limiter.js';

/** Where the guard leaves the counted keys, for RateLimitRefundInterceptor. */
export const RATE_LIMIT_HITS = Symbol('appeals:rate-limit-hits');
export type RateLimitedRequest = FastifyRequest & { [RATE_LIMIT_HITS]?: string[] };

/**
 * Counts the request against the route's policy; over the limit, 429 with `Retry-After` (seconds)
 * and the usual JSON error, whose message names the limit and says how long to wait in words
 * ("Too many failed logins for this account: try again in 14 minutes"). Every answer carries
 * `RateLimit-Limit` and `RateLimit-Remaining` (of the tightest count).
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
    const decision = await this.limiter.hit(
      name,
      await this.subjectsOf(
        req,
        policy.counts.map((c) => c.subject),
      ),
    );
    reply.header('RateLimit-Limit', String(decision.limit));
    reply.header('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      reply.header('Retry-After', String(decision.retryAfterSeconds));
      throw new HttpException(
        {
          statusCode: HttpStatus.TOO_MANY_REQUESTS,
          message: `Too many ${decision.refusedBy?.what ?? 'requests'}: try again in ${waitInWords(decision.retryAfterSeconds)}`,
          error: 'Too Many Requests',
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (policy.refundOnSuccess) req[RATE_LIMIT_HITS] = decision.keys;
    return true;
  }

  /**
   * The values a request is counted by, neither readable in Redis: the client address as its keyed
   * hash (ClientAddressHasher, the one signatures keep), the account as the email in the body,
   * normalised and hashed; a body without one is counted by address only.
   */
  private async subjectsOf(req: FastifyRequest, kinds: RateLimitSubject[]): Promise<Partial<Record<RateLimitSubject, string>>> {
    const values: Partial<Record<RateLimitSubject, string>> = {};
    if (kinds.includes('address')) values.address = (await this.addresses.hash(req.ip))?.toString('base64url').slice(0, 22) ?? 'unknown';
    if (kinds.includes('account')) {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      if (typeof email === 'string' && email.trim()) {
        values.account = createHash('sha256').update(normaliseEmail(email)).digest('base64url').slice(0, 22);
      }
    }
    return values;
  }
}
