import { Module } from '@nestjs/common';
import { ActivitiesModule } from '@activities';
import { OrgModule } from '@org';
import { StaffingModule } from '@staffing';
import { StatsExportController } from './stats-export.controller';
import { StatsResolver } from './stats.resolver';
import { RollupReader } from './rollup.reader';
import { StatsService } from './stats.service';

/** Aggregate statistics for bureaus and the city platform. */
@Module({
  imports: [OrgModule, StaffingModule, ActivitiesModule],
  controllers: [StatsExportController],
  providers: [StatsService, StatsResolver, RollupReader],
  exports: [StatsService, RollupReader],
})
export class StatsModule {}
