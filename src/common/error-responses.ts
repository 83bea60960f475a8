import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiProperty } from '@nestjs/swagger';

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

export const ApiInvalid = (description = 'invalid input: the message names each bad field') => ApiBadRequestResponse({ description, type: ErrorResponse });

export const ApiMissing = (description: string) => ApiNotFoundResponse({ description, type: ErrorResponse });

export const ApiConflict = (description: string) => ApiConflictResponse({ description, type: ErrorResponse });
