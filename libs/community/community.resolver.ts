import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { isUUID } from 'class-validator';
import { BadInputError, RuleViolatedError } from '@platform/errors/domain-errors';
import { AccessService, Actor, Allow, CurrentActor } from '@access';
import { CommunityActivityService, VoidInput } from '@activities';
import { OrgUnitService } from '@org';
import { IdArg } from '@platform/graphql/id-arg';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import {
  CharityResource,
  CharityResourceInput,
  CharityResourcePage,
  LedgerFilter,
  Linkage,
  LinkageInput,
  LinkagePage,
  LinkageTotals,
} from './linkage/linkage.model';
import { LinkageService } from './linkage/linkage.service';
import { OrganizationCounts, OrganizationFilter, OrganizationInput, SocialOrganization, SocialOrganizationPage } from './organizations/organization.model';
import { OrganizationService } from './organizations/organization.service';

@Resolver(() => SocialOrganization)
export class OrganizationResolver {
  constructor(
    private readonly organizations: OrganizationService,
    private readonly activities: CommunityActivityService,
    private readonly access: AccessService,
    private readonly orgUnits: OrgUnitService,
  ) {}

  @Allow('read', 'SocialOrganization')
  @Query(() => SocialOrganization)
  socialOrganization(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<SocialOrganization> {
    return this.organizations.get(actor, id);
  }

  @Allow('read', 'SocialOrganization')
  @Query(() => SocialOrganizationPage, { complexity: pagedComplexity })
  socialOrganizations(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: OrganizationFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ) {
    return this.organizations.list(actor, filter, page);
  }

  @Allow('read', 'SocialOrganization')
  @Query(() => OrganizationCounts, { description: 'Organizations mobilized and newly cultivated in a subtree over a period' })
  async organizationCounts(
    @CurrentActor() actor: Actor,
    @IdArg('rootId') rootId: string,
    @Args('from', { type: () => LocalDate }) from: string,
    @Args('to', { type: () => LocalDate }) to: string,
  ): Promise<OrganizationCounts> {
    return this.organizations.counts(actor, (await this.orgUnits.get(actor, rootId)).path, from, to);
  }

  @Allow('create', 'SocialOrganization')
  @Mutation(() => SocialOrganization, { description: 'Register a community social organization (社区社会组织)' })
  createSocialOrganization(@CurrentActor() actor: Actor, @Args('input') input: OrganizationInput): Promise<SocialOrganization> {
    return this.organizations.create(actor, input);
  }

  @Allow('update', 'SocialOrganization')
  @Mutation(() => SocialOrganization)
  updateSocialOrganization(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: OrganizationInput): Promise<SocialOrganization> {
    return this.organizations.update(actor, id, input);
  }

  @Allow('update', 'SocialOrganization')
  @Mutation(() => [SocialOrganization], { description: 'Record that organizations took part in a community activity (mobilized)' })
  async mobilizeOrganizations(
    @CurrentActor() actor: Actor,
    @IdArg('activityId') activityId: string,
    @Args('organizationIds', { type: () => [ID] }) organizationIds: string[],
  ): Promise<SocialOrganization[]> {
    if (!organizationIds.length || organizationIds.some((id) => !isUUID(id))) throw BadInputError.field('organizationIds', 'must be one or more UUIDs');
    const activity = await this.activities.get(actor, activityId);
    // Linking is a change to the activity's record: its station's right, on a record still counting.
    this.access.assert(actor, 'correct', 'Activity', { id: activity.id, path: activity.path, authorIds: activity.authorIds });
    if (activity.voidedAt) throw new RuleViolatedError('activity.voided', 'The activity is voided');
    await this.organizations.mobilize(actor, activity, organizationIds);
    return Promise.all(organizationIds.map((id) => this.organizations.get(actor, id)));
  }
}

@Resolver(() => Linkage)
export class LinkageResolver {
  constructor(
    private readonly linkages: LinkageService,
    private readonly orgUnits: OrgUnitService,
  ) {}

  @Allow('read', 'Linkage')
  @Query(() => Linkage)
  linkage(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<Linkage> {
    return this.linkages.get(actor, id);
  }

  @Allow('read', 'Linkage')
  @Query(() => LinkagePage, { complexity: pagedComplexity, description: 'The five-society linkage ledger of a station or subtree' })
  linkageLedger(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: LedgerFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.linkages.ledger(actor, filter, page);
  }

  @Allow('read', 'Linkage')
  @Query(() => CharityResourcePage, { complexity: pagedComplexity })
  charityResources(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: LedgerFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ) {
    return this.linkages.charity(actor, filter, page);
  }

  @Allow('read', 'Linkage')
  @Query(() => LinkageTotals, { description: 'Money and goods linked, and volunteer hours, in a subtree over a period' })
  async linkageTotals(
    @CurrentActor() actor: Actor,
    @IdArg('rootId') rootId: string,
    @Args('from', { type: () => LocalDate }) from: string,
    @Args('to', { type: () => LocalDate }) to: string,
  ): Promise<LinkageTotals> {
    return this.linkages.totals(actor, (await this.orgUnits.get(actor, rootId)).path, from, to);
  }

  @Allow('create', 'Linkage')
  @Mutation(() => Linkage, { description: 'Record a five-society linkage with what each party contributed' })
  recordLinkage(@CurrentActor() actor: Actor, @Args('input') input: LinkageInput): Promise<Linkage> {
    return this.linkages.record(actor, input);
  }

  @Allow('correct', 'Linkage')
  @Mutation(() => Linkage)
  voidLinkage(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: VoidInput): Promise<Linkage> {
    return this.linkages.voidLinkage(actor, id, input.reason);
  }

  @Allow('create', 'Linkage')
  @Mutation(() => CharityResource, { description: 'Record a donation of money or goods' })
  recordCharityResource(@CurrentActor() actor: Actor, @Args('input') input: CharityResourceInput): Promise<CharityResource> {
    return this.linkages.recordCharity(actor, input);
  }
}
