import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AppConfigModule } from '../config/app-config.module.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { MailModule } from '../mail/mail.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { SeedModule } from '../seed/seed.module.js';
import { UsersModule } from '../users/users.module.js';
import { SeedDemoCommand } from './seed-demo.command.js';
import { UsersCreateCommand } from './users-create.command.js';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, 2, { namedStatements: config.dbPreparedStatements })),
        QueueModule,
        // the campaigns module sends test letters: it needs the transport (never the catcher: a
        // command is not a sending process, see cli.ts)
        MailModule,
        AuditModule,
        UsersModule,
        SeedModule,
      ],
      providers: [UsersCreateCommand, SeedDemoCommand],
    };
  }
}
