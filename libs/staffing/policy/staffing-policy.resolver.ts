import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor } from '@access';
import { LocalDate } from '@platform/graphql/local-date.scalar';
import { StaffingPolicy, StaffingPolicyInput } from './staffing-policy.model';
import { StaffingPolicyService } from './staffing-policy.service';

@Resolver(() => StaffingPolicy)
export class StaffingPolicyResolver {
  constructor(private readonly policies: StaffingPolicyService) {}

  @Allow('read', 'StaffingPolicy')
  @Query(() => StaffingPolicy, { description: 'The staffing policy in force on a day (today by default)' })
  staffingPolicy(@Args('on', { type: () => LocalDate, nullable: true }) on?: string): Promise<StaffingPolicy> {
    return this.policies.at(on);
  }

  @Allow('read', 'StaffingPolicy')
  @Query(() => [StaffingPolicy], { description: 'Every policy the city has set, oldest first' })
  staffingPolicyHistory(): Promise<StaffingPolicy[]> {
    return this.policies.history();
  }

  @Allow('update', 'StaffingPolicy')
  @Mutation(() => StaffingPolicy, { description: 'Set the policy in force from a day; earlier days keep the policy then in force' })
  setStaffingPolicy(@CurrentActor() actor: Actor, @Args('input') input: StaffingPolicyInput): Promise<StaffingPolicy> {
    return this.policies.set(actor, input);
  }
}
