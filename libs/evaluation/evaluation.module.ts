import { Module } from '@nestjs/common';
import { AccountsModule } from '@accounts';
import { OrgModule } from '@org';
import { StaffingModule } from '@staffing';
import { StatsModule } from '@stats';
import { EvaluationExportController } from './evaluation-export.controller';
import { EvaluationService } from './evaluation.service';
import { RoundResolver, SchemeResolver, SheetResolver } from './evaluation.resolver';
import { FigureReader } from './figures';
import { SchemeService } from './scheme.service';

/** Evaluation of stations: schemes, rounds, sheets, results. */
@Module({
  imports: [OrgModule, AccountsModule, StaffingModule, StatsModule],
  controllers: [EvaluationExportController],
  providers: [SchemeService, EvaluationService, FigureReader, SchemeResolver, RoundResolver, SheetResolver],
  exports: [EvaluationService],
})
export class EvaluationModule {}
