import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs a named prepared statement on the app's own pg pool (the one TypeORM holds): PostgreSQL
 * parses and plans it once per connection, and each call sends only its parameters. For the hot
 * paths (signing, claiming and recording letters), whose statements are large CTEs. Not for use
 * inside a TypeORM transaction: it takes a connection of its own.
 */
export async function preparedQuery<T = Record<string, unknown>>(db: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}
