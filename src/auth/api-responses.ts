import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiProperty,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

/** Every error answer: `{ statusCode, message, error }` (message: one string or a list of problems). */
export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['email must be an email address'],
  })
  message: string | string[];

  @ApiProperty({ example: 'Bad Request' })
  error: string;
}

/** A staff route: Bearer token (or the session cookie), 401 without it, 403 for the wrong role. */
export const ApiStaffRoute = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no token, or an invalid or expired one', type: ErrorResponse }),
    ApiForbiddenResponse({ description: 'the account lacks the role this route needs', type: ErrorResponse }),
  );

export const ApiInvalid = (description = 'invalid input: the message names each bad field') =>
  ApiBadRequestResponse({ description, type: ErrorResponse });

export const ApiMissing = (description: string) => ApiNotFoundResponse({ description, type: ErrorResponse });

export const ApiConflict = (description: string) => ApiConflictResponse({ description, type: ErrorResponse });
