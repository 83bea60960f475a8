import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-responses.js';

/** A staff route: Bearer token (or the session cookie), 401 without it, 403 for the wrong role. */
export const ApiStaffRoute = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no token, or an invalid or expired one', type: ErrorResponse }),
    ApiForbiddenResponse({ description: 'the account lacks the role this route needs', type: ErrorResponse }),
  );
