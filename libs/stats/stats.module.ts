import { Module } from '@nestjs/common';
import { ActivitiesModule } from '@activities/activities.module';
import { OrgModule } from '@org/org.module';
import { StaffingModule } from '@staffing/staffing.module';
import { StatsExportController } from './stats-export.controller';
import { StatsResolver } from './stats.resolver';
import { RollupReader } from './rollup.reader';
import { StatsService } from './stats.service';

/** Aggregate statistics for bureaus and the city platform. */
@Module({
  imports: [OrgModule, StaffingModule, ActivitiesModule],
  controllers: [StatsExportController],
  providers: [StatsService, StatsResolver, RollupReader],
  exports: [StatsService],
})
export class StatsModule {}
