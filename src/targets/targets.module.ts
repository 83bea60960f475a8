import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Target } from './target.entity.js';
import { TargetImportService } from './target-import.service.js';
import { TargetsController } from './targets.controller.js';
import { TargetsService } from './targets.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Target])],
  controllers: [TargetsController],
  providers: [TargetsService, TargetImportService],
  exports: [TargetsService, TargetImportService],
})
export class TargetsModule {}
