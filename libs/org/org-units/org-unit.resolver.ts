import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { PageInput } from '@platform/graphql/pagination';
import { IdArg } from '@platform/graphql/id-arg';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { Station } from '../stations/station.model';
import { StationService } from '../stations/station.service';
import { CreateOrgUnitInput, OrgUnitFilter, UpdateOrgUnitInput } from './dto/org-unit.input';
import { OrgUnit, OrgUnitPage } from './org-unit.model';
import { OrgUnitService } from './org-unit.service';

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  constructor(
    private readonly orgUnitService: OrgUnitService,
    private readonly stationService: StationService,
  ) {}

  @Allow('read', 'OrgUnit')
  @Query(() => OrgUnit, { description: 'One node; NOT_FOUND outside your scope' })
  orgUnit(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<OrgUnit> {
    return this.orgUnitService.get(actor, id);
  }

  @Allow('read', 'OrgUnit')
  @Query(() => OrgUnitPage, { complexity: pagedComplexity, description: 'The children of a node, by code' })
  orgUnitChildren(@CurrentActor() actor: Actor, @IdArg('parentId') parentId: string, @Args('page', { nullable: true }) page?: PageInput) {
    return this.orgUnitService.children(actor, parentId, page);
  }

  @Allow('read', 'OrgUnit')
  @Query(() => OrgUnitPage, { complexity: pagedComplexity, description: 'A subtree, searched by name or code prefix and level' })
  orgUnits(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: OrgUnitFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.orgUnitService.search(actor, filter, page);
  }

  @Allow('create', 'OrgUnit')
  @Mutation(() => OrgUnit, { description: 'Add a node one level below its parent, optionally with its station' })
  createOrgUnit(@CurrentActor() actor: Actor, @Args('input') input: CreateOrgUnitInput): Promise<OrgUnit> {
    return this.orgUnitService.create(actor, input);
  }

  @Allow('update', 'OrgUnit')
  @Mutation(() => OrgUnit, { description: 'Rename a node (its code and place in the tree stay)' })
  updateOrgUnit(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: UpdateOrgUnitInput): Promise<OrgUnit> {
    return this.orgUnitService.update(actor, id, input);
  }

  @ResolveField(() => Station, { nullable: true, description: 'The station this node hosts' })
  station(@Parent() node: OrgUnit): Promise<Station | null> {
    return this.stationService.forOrgUnit(node.id);
  }
}
