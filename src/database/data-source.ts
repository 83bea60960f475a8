import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** For the TypeORM CLI (`npm run db:generate -- migrations/Name`): the app's own DataSource. */
export default new DataSource(dataSourceOptions(loadConfig().databaseUrl, 2, { withMigrations: true }));
