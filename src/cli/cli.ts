import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { CliModule } from './cli.module.js';

/** `npm run cli -- <command> [options]`: users:create, seed:demo. */
async function main() {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    errorHandler: (e) => {
      console.error(e.message);
      process.exit(1);
    },
  });
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
