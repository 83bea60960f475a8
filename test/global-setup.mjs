// Once per `npm test`: a template database with every migration applied. Each test file clones
// it (CREATE DATABASE ... TEMPLATE), which takes a fraction of a second, so files run in parallel
// on databases of their own.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export default async function globalSetup() {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const template = `appeals_tpl_${run}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${template}`;
  const ds = new DataSource({ type: 'postgres', url: url.toString(), migrations: [join(root, 'migrations', '*.js')], logging: ['error'] });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.TEST_DATABASE_URL = base;
  process.env.TEST_TEMPLATE_DB = template;
  process.env.TEST_RUN_ID = run;
}
