import { Args, Query, Resolver } from '@nestjs/graphql';
import { IdArg } from '@platform/graphql/id-arg';
import { Actor, Allow, CurrentActor } from '@access';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { StaffingComplianceReport, StationCompliance } from './compliance.model';
import { ComplianceService } from './compliance.service';

@Resolver()
export class ComplianceResolver {
  constructor(private readonly compliance: ComplianceService) {}

  @Allow('read', 'StaffMember')
  @Query(() => StationCompliance, { description: 'Whether a station meets the staffing policy on a day (today by default)' })
  stationStaffingCompliance(
    @CurrentActor() actor: Actor,
    @IdArg('stationId') stationId: string,
    @Args('on', { type: () => LocalDate, nullable: true }) on?: string,
  ): Promise<StationCompliance> {
    return this.compliance.forStation(actor, stationId, on);
  }

  @Allow('read', 'StaffMember')
  @Query(() => StaffingComplianceReport, {
    complexity: pagedComplexity,
    description: 'Staffing compliance across a subtree on a day: counts, and the failing stations with the day each began failing',
  })
  staffingCompliance(
    @CurrentActor() actor: Actor,
    @IdArg('rootId') rootId: string,
    @Args('on', { type: () => LocalDate, nullable: true }) on?: string,
    @Args('page', { nullable: true }) page?: PageInput,
  ): Promise<StaffingComplianceReport> {
    return this.compliance.forSubtree(actor, rootId, on, page);
  }
}
