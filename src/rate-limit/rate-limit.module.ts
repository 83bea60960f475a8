import { Global, Module } from '@nestjs/common';
import { RateLimitRefundInterceptor } from './rate-limit-refund.interceptor.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimiter } from './rate-limiter.js';

/** Redis-backed rate limits shared by every API process: `@RateLimit('login')` on a route. */
@Global()
@Module({
  providers: [RateLimiter, RateLimitGuard, RateLimitRefundInterceptor],
  exports: [RateLimiter, RateLimitGuard, RateLimitRefundInterceptor],
})
export class RateLimitModule {}
