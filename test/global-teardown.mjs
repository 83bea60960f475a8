import pg from 'pg';

// Drops the template and any database a crashed test file left behind.
export default async function globalTeardown() {
  const run = process.env.TEST_RUN_ID;
  if (!run) return;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`appeals_%${run}%`]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
}
