import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, mergeMap, type Observable } from 'rxjs';
import { RATE_LIMIT_HITS, type RateLimitedRequest } from './rate-limit.guard.js';
import { RateLimiter } from './rate-limiter.js';

/**
 * For policies that count only failures (logins): when the handler succeeds, the request's hits
 * are given back, so staff who log in correctly never use up their address's allowance.
 */
@Injectable()
export class RateLimitRefundInterceptor implements NestInterceptor {
  constructor(private readonly limiter: RateLimiter) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<RateLimitedRequest>();
    return next.handle().pipe(
      mergeMap((result) => {
        const keys = req[RATE_LIMIT_HITS];
        if (!keys?.length) return [result];
        return from(this.limiter.refund(keys).then(() => result));
      }),
    );
  }
}
