import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { preparedQuery } from '../../src/database/prepared-query.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * Contract: TypeORM's PostgreSQL driver keeps its node-postgres pool in `driver.master`, an
 * undocumented field. src/database/prepared-query.ts reaches it (`(db.driver as any).master`) to
 * run the hot statements (signing, claiming and recording letters) as named prepared statements,
 * which TypeORM's own query() cannot. Pinned here on a DataSource made as the app makes it
 * (dataSourceOptions), against this run's test database: if a TypeORM upgrade renames the field,
 * wraps the pool or stops honouring the pool size, this fails rather than every signing in
 * production.
 */
describe('TypeORM (postgres driver): driver.master is the pg Pool the app queries through', () => {
  let db: TestDatabase;
  let ds: DataSource;
  /** what prepared-query.ts reads */
  const master = () => (ds.driver as unknown as { master?: unknown }).master;

  beforeAll(async () => {
    db = await createTestDatabase();
    // a pool of one connection: every query below runs on the same session
    ds = await new DataSource(dataSourceOptions(db.url, 1)).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('exists once the DataSource is initialised, and is a pg.Pool of the size the app asked for (extra.max)', () => {
    expect(master()).toBeInstanceOf(pg.Pool);
    const pool = master() as pg.Pool;
    expect(typeof pool.query).toBe('function');
    expect(pool.options.max).toBe(1);
  });

  it('is the pool TypeORM\u2019s own queries use (a prepared statement shares their connections and limits)', async () => {
    const pool = master() as pg.Pool;
    const [{ pid }] = await ds.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
    expect(pool.totalCount).toBe(1);
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(rows[0].pid).toBe(pid);
  });

  it('runs a named prepared statement: prepared once on the connection, then only its parameters sent', async () => {
    const pool = master() as pg.Pool;
    const name = 'appeals_contract_probe';
    const text = 'SELECT $1::int + 1 AS n, $2::text AS s';
    expect((await pool.query({ name, text, values: [41, 'Homs'] })).rows).toEqual([{ n: 42, s: 'Homs' }]);
    // PostgreSQL holds it under that name in the session (the pool has one connection)
    expect((await pool.query(`SELECT name, statement FROM pg_prepared_statements WHERE name = $1`, [name])).rows).toEqual([{ name, statement: text }]);
    // used again by name, with other parameters
    expect((await pool.query({ name, text, values: [1, 'Baba Amr'] })).rows).toEqual([{ n: 2, s: 'Baba Amr' }]);
  });

  it('so preparedQuery() (src/database/prepared-query.ts) answers the rows of a named statement on it', async () => {
    const name = 'appeals_contract_prepared_query';
    const text = 'SELECT g AS i FROM generate_series(1, $1::int) AS g ORDER BY g';
    expect(await preparedQuery<{ i: number }>(ds, name, text, [3])).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
    const pool = master() as pg.Pool;
    expect((await pool.query(`SELECT statement FROM pg_prepared_statements WHERE name = $1`, [name])).rows).toEqual([{ statement: text }]);
  });
});
