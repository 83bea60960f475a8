import { applyDecorators, SetMetadata, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-responses.js';
import { RATE_LIMIT_KEY, type RateLimitName } from './rate-limit-policies.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitRefundInterceptor } from './rate-limit-refund.interceptor.js';

/**
 * Limits a route by the named policy (see rate-limit-policies.ts), counted in Redis across every
 * API process; over the limit the answer is 429 with `Retry-After`. `@RateLimit('sign')`.
 */
export const RateLimit = (name: RateLimitName) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KEY, name),
    UseGuards(RateLimitGuard),
    UseInterceptors(RateLimitRefundInterceptor),
    ApiTooManyRequestsResponse({
      description: 'rate-limited: the message names the limit and says how long to wait ("try again in 14 minutes"); `Retry-After` gives it in seconds',
      type: ErrorResponse,
      headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer', example: 42 } } },
    }),
  );
