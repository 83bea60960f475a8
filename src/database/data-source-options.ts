import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** The option of the app's pg pool that says whether preparedQuery names its statements. */
export const NAMED_STATEMENTS = 'appealsNamedStatements';

/** The project root: two levels above this file, from src/database/ and from dist/database/ alike. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * One description of the database, shared by the app, `npm run db:migrate` and the TypeORM CLI.
 * Migrations are plain ES modules in migrations/, generated from the entities and reviewed;
 * `synchronize` is never on. `namedStatements: false` (DB_PREPARED_STATEMENTS) makes preparedQuery
 * send its statements unnamed, for a pooler in transaction mode.
 */
export function dataSourceOptions(databaseUrl: string, poolSize = 10, { withMigrations = false, namedStatements = true } = {}): DataSourceOptions {
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
    // pg's Pool keeps these options (and ignores the last): preparedQuery reads it there
    extra: { max: poolSize, application_name: 'appeals', [NAMED_STATEMENTS]: namedStatements },
  };
}
