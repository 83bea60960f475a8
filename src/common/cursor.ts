import { BadRequestException } from '@nestjs/common';

/** Keyset pagination cursors: the sort key of the last item, opaque to clients (base64url JSON). */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, shape: readonly ('string' | 'number')[]): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i])) return key;
  } catch {
    // fall through
  }
  throw new BadRequestException('cursor is not one this API gave out');
}

/** a timestamptz as PostgreSQL prints it (`::text`): 2012-02-08 09:30:00.123456+00, microseconds a JavaScript Date would lose */
export const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A cursor of a list in (timestamp, id) order: the last item's timestamp as PostgreSQL printed it
 * and its id. Null without one; 400 for one this API did not give out.
 */
export function decodeTimeIdCursor(cursor: string | undefined): [string, string] | null {
  const key = decodeCursor(cursor, ['string', 'string']);
  if (!key) return null;
  if (!PG_TIMESTAMP.test(String(key[0])) || !UUID_PATTERN.test(String(key[1]))) throw new BadRequestException('cursor is not one this API gave out');
  return [String(key[0]), String(key[1])];
}
