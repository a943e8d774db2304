import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { PageInput } from '@platform/graphql/pagination';
import { IdArg } from '@platform/graphql/id-arg';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { OrgUnitService } from '../org-units/org-unit.service';
import { StationFilter, StationInput } from './dto/station.input';
import { Station, StationPage } from './station.model';
import { StationService } from './station.service';

@Resolver(() => Station)
export class StationResolver {
  constructor(
    private readonly stationService: StationService,
    private readonly orgUnits: OrgUnitService,
  ) {}

  @Allow('read', 'Station')
  @Query(() => Station, { description: 'One station; NOT_FOUND outside your scope' })
  station(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<Station> {
    return this.stationService.get(actor, id);
  }

  @Allow('read', 'Station')
  @Query(() => StationPage, { complexity: pagedComplexity, description: 'Stations you can see, by subtree, name and status' })
  async stations(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: StationFilter, @Args('page', { nullable: true }) page?: PageInput) {
    const root = filter?.rootId ? await this.orgUnits.get(actor, filter.rootId) : undefined;
    return this.stationService.list(actor, filter, page, root?.path);
  }

  @Allow('create', 'Station')
  @Mutation(() => Station, { description: 'Create the station of a node that has none' })
  async createStation(@CurrentActor() actor: Actor, @IdArg('orgUnitId') orgUnitId: string, @Args('input') input: StationInput): Promise<Station> {
    const node = await this.orgUnits.get(actor, orgUnitId);
    return this.stationService.createFor(actor, { id: node.id, tenantId: actor.tenantId!, path: node.path }, input);
  }

  @Allow('update', 'Station')
  @Mutation(() => Station, { description: 'Replace a station record' })
  updateStation(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: StationInput): Promise<Station> {
    return this.stationService.update(actor, id, input);
  }
}
