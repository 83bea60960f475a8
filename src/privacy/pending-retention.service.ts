import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { SignatureLedger } from '../signatures/signature-ledger.js';

/** Rows deleted per statement: short transactions, however large the backlog. */
const BATCH = 1000;

export interface RetentionReport {
  signatures: number;
  supporters: number;
}

/**
 * Data minimisation: a signature nobody confirmed within PENDING_RETENTION_DAYS of its last
 * signing is deleted, with its confirmation emails and links (they cascade), and so is a
 * supporter left without any signature: an address somebody typed (perhaps someone else's) is
 * not kept for ever. Run by the workers' maintenance scheduler (task `pending-retention`); the
 * deleting is the signature ledger's (SignatureLedger.purgeExpiredPending), a batch at a time.
 */
@Injectable()
export class PendingRetentionService {
  private readonly log = new Logger(PendingRetentionService.name);

  constructor(
    private readonly signatures: SignatureLedger,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async run(): Promise<RetentionReport> {
    const report: RetentionReport = { signatures: 0, supporters: 0 };
    for (;;) {
      const gone = await this.signatures.purgeExpiredPending(this.config.pendingRetentionDays, BATCH);
      report.signatures += gone.signatures;
      report.supporters += gone.supporters;
      if (!gone.more) break;
    }
    if (report.signatures)
      this.log.log(`deleted ${report.signatures} unconfirmed signature(s) and ${report.supporters} supporter(s) past ${this.config.pendingRetentionDays} days`);
    return report;
  }
}
