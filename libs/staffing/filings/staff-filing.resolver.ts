import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdArg } from '@platform/graphql/id-arg';
import { Actor, Allow, CurrentActor } from '@access';
import { OrgUnitService } from '@org';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { StaffFiling, StaffFilingFilter, StaffFilingPage } from './staff-filing.model';
import { StaffFilingService } from './staff-filing.service';

@Resolver(() => StaffFiling)
export class StaffFilingResolver {
  constructor(
    private readonly filings: StaffFilingService,
    private readonly orgUnitService: OrgUnitService,
  ) {}

  @Allow('read', 'StaffFiling')
  @Query(() => StaffFilingPage, { complexity: pagedComplexity, description: 'Staff changes to file (备案), e.g. the overdue ones of a district' })
  async staffFilings(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: StaffFilingFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ) {
    const root = filter?.rootId ? await this.orgUnitService.get(actor, filter.rootId) : undefined;
    return this.filings.list(actor, filter, page, root?.path);
  }

  @Allow('update', 'StaffFiling')
  @Mutation(() => StaffFiling, { description: 'Record that a staff change was filed with the bureau (today by default)' })
  fileStaffChange(
    @CurrentActor() actor: Actor,
    @IdArg('id') id: string,
    @Args('filedOn', { type: () => LocalDate, nullable: true }) filedOn?: string,
  ): Promise<StaffFiling> {
    return this.filings.file(actor, id, filedOn);
  }
}
