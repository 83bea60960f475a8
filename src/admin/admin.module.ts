import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AdminPagesController } from './admin-pages.controller.js';
import { AdminSession } from './admin-session.js';
import { BullBoardMount } from './bull-board.js';
import { CaughtMailService } from './caught-mail.service.js';
import { MailCatcherController } from './mail-catcher.controller.js';

/** The admins' browser pages: the dashboard and its login, Bull Board, the caught mail. */
@Module({
  imports: [AuthModule],
  controllers: [AdminPagesController, MailCatcherController],
  providers: [AdminSession, BullBoardMount, CaughtMailService],
})
export class AdminModule {}
