import { ParseUUIDPipe } from '@nestjs/common';

/** `@Param('id', UUID) id: string`: a malformed id is a 400 naming the parameter, not a 500. */
export const UUID = new ParseUUIDPipe({ version: undefined });
