import { Module } from '@nestjs/common';
import { PendingRetentionService } from './pending-retention.service.js';
import { SupporterErasureService } from './supporter-erasure.service.js';
import { SupporterExportService } from './supporter-export.service.js';
import { SupportersController } from './supporters.controller.js';

/** Supporters' personal data: access (export), erasure, and retention of unconfirmed signatures. */
@Module({
  controllers: [SupportersController],
  providers: [SupporterExportService, SupporterErasureService, PendingRetentionService],
  // the console's data-requests pages answer with the same services
  exports: [PendingRetentionService, SupporterExportService, SupporterErasureService],
})
export class PrivacyModule {}
