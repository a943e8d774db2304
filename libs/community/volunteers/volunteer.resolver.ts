import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { OrgUnitService } from '@org';
import { Decimal } from '@platform/graphql/decimal.scalar';
import { IdArg } from '@platform/graphql/id-arg';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { VoidInput } from '@activities';
import {
  RegisterVolunteerInput,
  Volunteer,
  VolunteerDetailsInput,
  VolunteerFilter,
  VolunteerGoalShortfall,
  VolunteerPage,
  VolunteerService,
  VolunteerServiceInput,
  VolunteerTeam,
  VolunteerTeamInput,
} from './volunteer.model';
import { VolunteerRegistry } from './volunteer.service';

@Resolver(() => Volunteer)
export class VolunteerResolver {
  constructor(
    private readonly registry: VolunteerRegistry,
    private readonly orgUnits: OrgUnitService,
  ) {}

  @Allow('read', 'Volunteer')
  @Query(() => Volunteer)
  volunteer(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<Volunteer> {
    return this.registry.get(actor, id);
  }

  @Allow('read', 'Volunteer')
  @Query(() => VolunteerPage, { complexity: pagedComplexity })
  volunteers(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: VolunteerFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.registry.list(actor, filter, page);
  }

  @Allow('read', 'Volunteer')
  @Query(() => [VolunteerTeam])
  async volunteerTeams(@CurrentActor() actor: Actor, @IdArg('rootId') rootId: string): Promise<VolunteerTeam[]> {
    return this.registry.teams(actor, (await this.orgUnits.get(actor, rootId)).path);
  }

  @Allow('read', 'Volunteer')
  @Query(() => [VolunteerGoalShortfall], { description: 'Social workers of a subtree below the city’s goal of regular volunteers each' })
  async volunteerGoalShortfall(@CurrentActor() actor: Actor, @IdArg('rootId') rootId: string): Promise<VolunteerGoalShortfall[]> {
    return this.registry.goalShortfall(actor, (await this.orgUnits.get(actor, rootId)).path);
  }

  @Allow('create', 'Volunteer')
  @Mutation(() => Volunteer, { description: 'Register a volunteer by real name; one registration per identity number in the city (CONFLICT otherwise)' })
  registerVolunteer(@CurrentActor() actor: Actor, @Args('input') input: RegisterVolunteerInput): Promise<Volunteer> {
    return this.registry.register(actor, input);
  }

  @Allow('update', 'Volunteer')
  @Mutation(() => Volunteer)
  updateVolunteer(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: VolunteerDetailsInput): Promise<Volunteer> {
    return this.registry.update(actor, id, input);
  }

  @Allow('update', 'Volunteer')
  @Mutation(() => VolunteerService, { description: 'Record hours a volunteer served, from an activity or on their own' })
  recordVolunteerService(@CurrentActor() actor: Actor, @Args('input') input: VolunteerServiceInput): Promise<VolunteerService> {
    return this.registry.recordService(actor, input);
  }

  @Allow('update', 'Volunteer')
  @Mutation(() => VolunteerService)
  voidVolunteerService(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: VoidInput): Promise<VolunteerService> {
    return this.registry.voidService(actor, id, input.reason);
  }

  @Allow('create', 'Volunteer')
  @Mutation(() => VolunteerTeam)
  createVolunteerTeam(@CurrentActor() actor: Actor, @Args('input') input: VolunteerTeamInput): Promise<VolunteerTeam> {
    return this.registry.createTeam(actor, input);
  }

  @Allow('read', 'CommunityPolicy')
  @Query(() => Int, { description: 'The city’s goal of regular volunteers per social worker (5 until it sets one)' })
  volunteerGoal(): Promise<number> {
    return this.registry.goal();
  }

  @Allow('update', 'CommunityPolicy')
  @Mutation(() => Int, { description: 'Set the city’s goal of regular volunteers per social worker (Haining: 5)' })
  setVolunteerGoal(@CurrentActor() actor: Actor, @Args('perWorker', { type: () => Int }) perWorker: number): Promise<number> {
    return this.registry.setGoal(actor, perWorker);
  }

  @ResolveField(() => Decimal, { description: 'Hours served over a period (all time by default), voided entries left out' })
  hours(
    @Parent() v: Volunteer,
    @Args('from', { type: () => LocalDate, nullable: true }) from?: string,
    @Args('to', { type: () => LocalDate, nullable: true }) to?: string,
  ): Promise<string> {
    return this.registry.hoursOf(v.id, from, to);
  }

  @ResolveField(() => [VolunteerService])
  services(
    @CurrentActor() actor: Actor,
    @Parent() v: Volunteer,
    @Args('from', { type: () => LocalDate, nullable: true }) from?: string,
    @Args('to', { type: () => LocalDate, nullable: true }) to?: string,
  ): Promise<VolunteerService[]> {
    return this.registry.services(actor, v.id, from, to);
  }
}
