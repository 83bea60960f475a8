import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { NAMED_STATEMENTS } from './data-source-options.js';

/**
 * Runs a named prepared statement on the app's own pg pool (the one TypeORM holds): PostgreSQL
 * parses and plans it once per connection, and each call sends only its parameters. For the hot
 * paths (signing, claiming and recording letters), whose statements are large CTEs. Not for use
 * inside a TypeORM transaction: it takes a connection of its own.
 *
 * With DB_PREPARED_STATEMENTS=false the statement goes unnamed (parsed at each call): behind
 * PgBouncer in transaction mode (before 1.21, or without max_prepared_statements) a connection of
 * the pool is not one server connection, and a named statement parsed on one is missing on the
 * next ("prepared statement … does not exist") or already there ("… already exists").
 */
export async function preparedQuery<T = Record<string, unknown>>(db: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const named = (pool.options as unknown as Record<string, unknown>)[NAMED_STATEMENTS] !== false;
  const result = await pool.query(named ? { name, text, values } : { text, values });
  return result.rows as T[];
}

/** The transaction's own pg connection, as TypeORM's query runner hands it out. */
interface RunnerWithClient {
  connect(): Promise<{ query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> }>;
}

/**
 * The same, inside `em`'s transaction: a named prepared statement on the transaction's own
 * connection (parsed and planned once per connection). Unnamed, through `em`, without a
 * transaction of its own or with DB_PREPARED_STATEMENTS=false.
 */
export async function preparedQueryIn<T = Record<string, unknown>>(em: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (em.connection.driver as unknown as { master: Pool }).master;
  const named = (pool.options as unknown as Record<string, unknown>)[NAMED_STATEMENTS] !== false;
  const runner = em.queryRunner as unknown as RunnerWithClient | undefined;
  if (!named || !runner || typeof runner.connect !== 'function') return em.query<T[]>(text, values);
  const client = await runner.connect();
  return (await client.query({ name, text, values })).rows as T[];
}
