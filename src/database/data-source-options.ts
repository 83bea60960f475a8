import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** The project root: two levels above this file, from src/database/ and from dist/database/ alike. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * One description of the database, shared by the app, `npm run db:migrate` and the TypeORM CLI.
 * Migrations are plain ES modules in migrations/, generated from the entities and reviewed;
 * `synchronize` is never on.
 */
export function dataSourceOptions(databaseUrl: string, poolSize = 10, { withMigrations = false } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    // only the migration runner and the TypeORM CLI load migrations/: the app never needs them
    migrations: withMigrations ? [join(PROJECT_ROOT, 'migrations', '*.js')] : [],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: 'appeals' },
  };
}
