import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IdArg } from '@platform/graphql/id-arg';
import { Actor, Allow, CurrentActor } from '@access';
import { OrgUnitService } from '@org';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { CertificateService } from './certificate.service';
import { AddStaffMemberInput, CertificateInput, EndStaffMemberInput, StaffDetailsInput, StaffFilter } from './dto/staff.input';
import { Certificate, StaffMember, StaffMemberPage } from './staff.model';
import { StaffService } from './staff.service';

@Resolver(() => StaffMember)
export class StaffResolver {
  constructor(
    private readonly staffService: StaffService,
    private readonly certificateService: CertificateService,
    private readonly orgUnitService: OrgUnitService,
  ) {}

  @Allow('read', 'StaffMember')
  @Query(() => StaffMember)
  staffMember(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<StaffMember> {
    return this.staffService.get(actor, id);
  }

  @Allow('read', 'StaffMember')
  @Query(() => StaffMemberPage, { complexity: pagedComplexity, description: 'Staff rosters of the stations you can see' })
  async staffMembers(
    @CurrentActor() actor: Actor,
    @Args('filter', { nullable: true }) filter?: StaffFilter,
    @Args('page', { nullable: true }) page?: PageInput,
  ) {
    const root = filter?.rootId ? await this.orgUnitService.get(actor, filter.rootId) : undefined;
    return this.staffService.list(actor, filter, page, root?.path);
  }

  @Allow('create', 'StaffMember')
  @Mutation(() => StaffMember, { description: 'Put a person on a station’s roster; opens the joining filing (备案)' })
  addStaffMember(@CurrentActor() actor: Actor, @Args('input') input: AddStaffMemberInput): Promise<StaffMember> {
    return this.staffService.add(actor, input);
  }

  @Allow('update', 'StaffMember')
  @Mutation(() => StaffMember)
  updateStaffMember(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: StaffDetailsInput): Promise<StaffMember> {
    return this.staffService.update(actor, id, input);
  }

  @Allow('update', 'StaffMember')
  @Mutation(() => StaffMember, { description: 'Record the last day a person serves; opens the leaving filing (备案)' })
  endStaffMember(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('input') input: EndStaffMemberInput): Promise<StaffMember> {
    return this.staffService.end(actor, id, input);
  }

  @Allow('update', 'StaffMember')
  @Mutation(() => Certificate)
  addCertificate(@CurrentActor() actor: Actor, @IdArg('staffId') staffId: string, @Args('input') input: CertificateInput): Promise<Certificate> {
    return this.certificateService.add(actor, staffId, input);
  }

  @Allow('update', 'StaffMember')
  @Mutation(() => Certificate)
  removeCertificate(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<Certificate> {
    return this.certificateService.remove(actor, id);
  }

  @ResolveField(() => [Certificate])
  certificates(@Parent() member: StaffMember): Promise<Certificate[]> {
    return this.certificateService.forStaff(member.id);
  }
}
