import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IdArg } from '@platform/graphql/id-arg';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { Actor, Allow, CurrentActor, SignedIn } from '@access';
import { Me, RoleAssignment, UserAccount, UserAccountPage } from './account.model';
import { AccountsService } from './accounts.service';
import { CreateUserInput, GrantRoleInput, UserFilter } from './dto/account.input';

@Resolver(() => UserAccount)
export class AccountsResolver {
  constructor(private readonly accounts: AccountsService) {}

  @SignedIn()
  @Query(() => Me, { description: 'Who you are and the roles you hold' })
  me(@CurrentActor() actor: Actor): Promise<Me> {
    return this.accounts.me(actor);
  }

  @Allow('read', 'UserAccount')
  @Query(() => UserAccount)
  user(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<UserAccount> {
    return this.accounts.get(actor, id);
  }

  @Allow('read', 'UserAccount')
  @Query(() => UserAccountPage, { complexity: pagedComplexity, description: 'Accounts in your scope' })
  users(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: UserFilter, @Args('page', { nullable: true }) page?: PageInput) {
    return this.accounts.list(actor, filter, page);
  }

  @Allow('create', 'UserAccount')
  @Mutation(() => UserAccount, { description: 'Create an account at a node, optionally granting a role there' })
  createUser(@CurrentActor() actor: Actor, @Args('input') input: CreateUserInput): Promise<UserAccount> {
    return this.accounts.create(actor, input);
  }

  @Allow('create', 'RoleAssignment')
  @Mutation(() => RoleAssignment, { description: 'Grant a role on a node within the user’s home subtree' })
  grantRole(@CurrentActor() actor: Actor, @Args('input') input: GrantRoleInput): Promise<RoleAssignment> {
    return this.accounts.grant(actor, input);
  }

  @Allow('delete', 'RoleAssignment')
  @Mutation(() => RoleAssignment, { description: 'Revoke a role assignment; it stops applying at once' })
  revokeRole(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<RoleAssignment> {
    return this.accounts.revoke(actor, id);
  }

  @Allow('update', 'UserAccount')
  @Mutation(() => UserAccount, { description: 'Disable an account; its tokens stop working at once' })
  disableUser(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<UserAccount> {
    return this.accounts.setDisabled(actor, id, true);
  }

  @Allow('update', 'UserAccount')
  @Mutation(() => UserAccount)
  enableUser(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<UserAccount> {
    return this.accounts.setDisabled(actor, id, false);
  }

  @Allow('update', 'UserAccount')
  @Mutation(() => UserAccount, { description: 'Set a new password for an account you manage; its tokens stop working' })
  resetUserPassword(@CurrentActor() actor: Actor, @IdArg('id') id: string, @Args('password') password: string): Promise<UserAccount> {
    return this.accounts.resetPassword(actor, id, password);
  }

  @ResolveField(() => [RoleAssignment])
  assignments(@Parent() user: UserAccount): Promise<RoleAssignment[]> {
    return this.accounts.assignmentsOf(user.id);
  }
}
