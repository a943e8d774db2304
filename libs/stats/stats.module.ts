import { Module } from '@nestjs/common';
import { ActivitiesModule } from '@activities/activities.module';
import { OrgModule } from '@org/org.module';
import { StaffingModule } from '@staffing/staffing.module';
import { StatsResolver } from './stats.resolver';
import { StatsService } from './stats.service';

/** Aggregate statistics for bureaus and the city platform. */
@Module({
  imports: [OrgModule, StaffingModule, ActivitiesModule],
  providers: [StatsService, StatsResolver],
  exports: [StatsService],
})
export class StatsModule {}
