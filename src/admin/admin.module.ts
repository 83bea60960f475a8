import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ConsoleModule } from '../console/console.module.js';
import { AdminPageAccess } from './admin-page-access.js';
import { AdminPagesController } from './admin-pages.controller.js';
import { AdminSession } from './admin-session.js';
import { BullBoardMount } from './bull-board.js';
import { CaughtMailService } from './caught-mail.service.js';
import { MailCatcherController } from './mail-catcher.controller.js';

/** The admins' browser pages beside the console: the dashboard, Bull Board, the caught mail. */
@Module({
  imports: [AuthModule, ConsoleModule],
  controllers: [AdminPagesController, MailCatcherController],
  providers: [AdminSession, AdminPageAccess, BullBoardMount, CaughtMailService],
})
export class AdminModule {}
