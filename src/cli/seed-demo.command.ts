import { Command, CommandRunner } from 'nest-commander';
import { DEMO_SLUG } from '../seed/demo-campaign.js';
import { DemoSeeder } from '../seed/demo-seeder.js';

@Command({ name: 'seed:demo', description: 'create the demo campaign (Homs) with its two targets, live' })
export class SeedDemoCommand extends CommandRunner {
  constructor(private readonly seeder: DemoSeeder) {
    super();
  }

  async run(): Promise<void> {
    const id = await this.seeder.seed(false);
    console.log(`demo campaign ${DEMO_SLUG}: ${id}`);
  }
}
