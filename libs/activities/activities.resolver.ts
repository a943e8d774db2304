import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { ServiceObject, ServiceObjectService } from '@casework';
import { OrgUnitService } from '@org';
import { IdArg } from '@platform/graphql/id-arg';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import {
  ActivityFilter,
  ActivityTotals,
  CommunityActivity,
  CommunityActivityDetailsInput,
  CommunityActivityPage,
  RecordCommunityActivityInput,
} from './community/community-activity.model';
import { CommunityActivityService } from './community/community-activity.service';
import {
  CreateGroupInput,
  GroupDetailsInput,
  GroupFilter,
  GroupMember,
  GroupMemberInput,
  GroupSession,
  GroupSessionInput,
  GroupStage,
  GroupWork,
  GroupWorkPage,
} from './groups/group.model';
import { GroupService } from './groups/group.service';
import {
  DueVisit,
  DueVisitFilter,
  DueVisitPage,
  HomeVisit,
  HomeVisitInput,
  HomeVisitPage,
  VisitFilter,
  VisitRate,
  VisitRule,
  VisitRulesInput,
} from './visits/visit.model';
import { VisitService } from './visits/visit.service';
import { VoidInput } from './void.input';

@Resolver(() => GroupWork)
export class GroupResolver {
  constructor(private readonly groupService: GroupService) {}

  @Allow('read', 'Activity')
  @Query(() => GroupWork)
  group(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<GroupWork> {
    return this.groupService.get(actor, id);
  }

  @Allow('read', 'Activity')
  @Query(() => GroupWorkPage, { complexity: pagedComplexity })
  groups(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: GroupFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.groupService.list(actor, filter, page);
  }

  @Allow('create', 'Activity')
  @Mutation(() => GroupWork, { description: 'Start a group (小组) at a station' })
  createGroup(@CurrentActor() actor: Actor, @Args('input') input: CreateGroupInput): Promise<GroupWork> {
    return this.groupService.create(actor, input);
  }

  @Allow('correct', 'Activity')
  @Mutation(() => GroupWork)
  updateGroup(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: GroupDetailsInput): Promise<GroupWork> {
    return this.groupService.update(actor, id, input);
  }

  @Allow('correct', 'Activity')
  @Mutation(() => GroupWork, { description: 'Move a group to a later stage' })
  setGroupStage(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('stage', { type: () => GroupStage }) stage: GroupStage): Promise<GroupWork> {
    return this.groupService.setStage(actor, id, stage);
  }

  @Allow('correct', 'Activity')
  @Mutation(() => GroupWork, { description: 'Void a group: it stays in the history and counts for nothing' })
  voidGroup(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: VoidInput): Promise<GroupWork> {
    return this.groupService.voidGroup(actor, id, input.reason);
  }

  @Allow('correct', 'Activity')
  @Mutation(() => GroupMember)
  addGroupMember(@CurrentActor() actor: Actor, @IdArg('groupId') groupId: string, @Args('input') input: GroupMemberInput): Promise<GroupMember> {
    return this.groupService.addMember(actor, groupId, input);
  }

  @Allow('correct', 'Activity')
  @Mutation(() => GroupSession, { description: 'Record a session (节次) with its attendance' })
  recordGroupSession(@CurrentActor() actor: Actor, @IdArg('groupId') groupId: string, @Args('input') input: GroupSessionInput): Promise<GroupSession> {
    return this.groupService.recordSession(actor, groupId, input);
  }

  @Allow('correct', 'Activity')
  @Mutation(() => GroupSession, { description: 'Correct a session and replace its attendance' })
  correctGroupSession(@CurrentActor() actor: Actor, @IdArg('sessionId') sessionId: string, @Args('input') input: GroupSessionInput): Promise<GroupSession> {
    return this.groupService.correctSession(actor, sessionId, input);
  }

  @Allow('correct', 'Activity')
  @Mutation(() => GroupSession)
  voidGroupSession(@CurrentActor() actor: Actor, @IdArg('sessionId') sessionId: string, @Args('input') input: VoidInput): Promise<GroupSession> {
    return this.groupService.voidSession(actor, sessionId, input.reason);
  }

  @ResolveField(() => [GroupMember])
  members(@Parent() g: GroupWork): Promise<GroupMember[]> {
    return this.groupService.membersOf(g.id);
  }

  @ResolveField(() => [GroupSession], { description: 'All sessions, voided ones included' })
  sessions(@Parent() g: GroupWork): Promise<GroupSession[]> {
    return this.groupService.sessionsOf(g.id);
  }
}

@Resolver(() => CommunityActivity)
export class CommunityActivityResolver {
  constructor(
    private readonly activities: CommunityActivityService,
    private readonly orgUnits: OrgUnitService,
  ) {}

  @Allow('read', 'Activity')
  @Query(() => CommunityActivity)
  communityActivity(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<CommunityActivity> {
    return this.activities.get(actor, id);
  }

  @Allow('read', 'Activity')
  @Query(() => CommunityActivityPage, { complexity: pagedComplexity })
  communityActivities(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: ActivityFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ) {
    return this.activities.list(actor, filter, page);
  }

  @Allow('read', 'Activity')
  @Query(() => ActivityTotals, { description: 'Sessions, activities, visits and person-times of a subtree over a date range' })
  async activityTotals(
    @CurrentActor() actor: Actor,
    @IdArg('rootId') rootId: string,
    @Args('from', { type: () => LocalDate }) from: string,
    @Args('to', { type: () => LocalDate }) to: string,
  ): Promise<ActivityTotals> {
    const root = await this.orgUnits.get(actor, rootId);
    return this.activities.totals(actor, root.path, from, to);
  }

  @Allow('create', 'Activity')
  @Mutation(() => CommunityActivity, { description: 'Record a community activity (社区活动)' })
  recordCommunityActivity(@CurrentActor() actor: Actor, @Args('input') input: RecordCommunityActivityInput): Promise<CommunityActivity> {
    return this.activities.record(actor, input);
  }

  @Allow('correct', 'Activity')
  @Mutation(() => CommunityActivity)
  correctCommunityActivity(
    @CurrentActor() actor: Actor,
    @IdArg('id') id: string,
    @Args('input') input: CommunityActivityDetailsInput,
  ): Promise<CommunityActivity> {
    return this.activities.correct(actor, id, input);
  }

  @Allow('correct', 'Activity')
  @Mutation(() => CommunityActivity)
  voidCommunityActivity(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: VoidInput): Promise<CommunityActivity> {
    return this.activities.voidActivity(actor, id, input.reason);
  }
}

@Resolver(() => HomeVisit)
export class VisitResolver {
  constructor(
    private readonly visits: VisitService,
    private readonly orgUnits: OrgUnitService,
    private readonly objects: ServiceObjectService,
  ) {}

  @ResolveField(() => ServiceObject, { nullable: true, description: 'The person visited (personal details as your role allows)' })
  serviceObject(@CurrentActor() actor: Actor, @Parent() v: HomeVisit): Promise<ServiceObject | null> {
    return this.objects.forCase(actor, v.serviceObjectId);
  }

  @Allow('read', 'HomeVisit')
  @Query(() => HomeVisitPage, { complexity: pagedComplexity })
  homeVisits(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: VisitFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.visits.list(actor, filter, page);
  }

  @Allow('read', 'HomeVisit')
  @Query(() => DueVisitPage, { complexity: pagedComplexity, description: 'Your own people whose visit is due or overdue (today by default)' })
  myDueVisits(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: DueVisitFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.visits.due(actor, filter ?? {}, page, true);
  }

  @Allow('read', 'HomeVisit')
  @Query(() => DueVisitPage, { complexity: pagedComplexity, description: 'People of a subtree whose visit is due or overdue' })
  dueVisits(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: DueVisitFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.visits.due(actor, filter ?? {}, page);
  }

  @Allow('read', 'HomeVisit')
  @Query(() => VisitRate, { description: 'Visited ÷ due in a subtree for a month (YYYY-MM)' })
  async visitRate(@CurrentActor() actor: Actor, @IdArg('rootId') rootId: string, @Args('month') month: string): Promise<VisitRate> {
    const root = await this.orgUnits.get(actor, rootId);
    return this.visits.rate(actor, root.path, month);
  }

  @Allow('read', 'HomeVisit')
  @Query(() => [VisitRule], { description: 'The city’s visit rules (the defaults until it sets its own)' })
  visitRules(): Promise<VisitRule[]> {
    return this.visits.rules();
  }

  @Allow('create', 'HomeVisit')
  @Mutation(() => HomeVisit, { description: 'Record a visit (探访) to a person of your station' })
  recordHomeVisit(@CurrentActor() actor: Actor, @Args('input') input: HomeVisitInput): Promise<HomeVisit> {
    return this.visits.record(actor, input);
  }

  @Allow('correct', 'HomeVisit')
  @Mutation(() => HomeVisit)
  voidHomeVisit(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: VoidInput): Promise<HomeVisit> {
    return this.visits.voidVisit(actor, id, input.reason);
  }

  @Allow('update', 'ServiceCatalog')
  @Mutation(() => [VisitRule], { description: 'Replace the city’s visit rules (an empty list restores the defaults)' })
  setVisitRules(@CurrentActor() actor: Actor, @Args('input') input: VisitRulesInput): Promise<VisitRule[]> {
    return this.visits.setRules(actor, input);
  }
}

@Resolver(() => DueVisit)
export class DueVisitResolver {
  constructor(private readonly objects: ServiceObjectService) {}

  @ResolveField(() => ServiceObject, { nullable: true, description: 'The person to visit (personal details as your role allows)' })
  serviceObject(@CurrentActor() actor: Actor, @Parent() v: DueVisit): Promise<ServiceObject | null> {
    return this.objects.forCase(actor, v.serviceObjectId);
  }
}

@Resolver(() => GroupMember)
export class GroupMemberResolver {
  constructor(private readonly objects: ServiceObjectService) {}

  @ResolveField(() => ServiceObject, { nullable: true, description: 'The registered person (personal details as your role allows)' })
  serviceObject(@CurrentActor() actor: Actor, @Parent() m: GroupMember): Promise<ServiceObject | null> | null {
    return m.serviceObjectId ? this.objects.forCase(actor, m.serviceObjectId) : null;
  }
}
