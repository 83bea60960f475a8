import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { CliModule } from './cli.module.js';

/** `npm run cli -- <command> [options]`: users:create, seed:demo. */
async function main() {
  if (existsSync('.env')) process.loadEnvFile('.env');
  // a command sends nothing and consumes no queue: as an API-only process it starts no worker and
  // no development mail catcher
  const config = { ...loadConfig(), role: 'api' as const };
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    // commander's own outcomes (a missing option, --help): its message is printed already
    errorHandler: (e) => process.exit((e as Error & { exitCode?: number }).exitCode ?? 1),
    // a command that fails (a short password, a taken address) says why and exits 1
    serviceErrorHandler: (e) => {
      console.error(e.message);
      process.exitCode = 1;
    },
  });
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
