import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdArg } from '@platform/graphql/id-arg';
import { Actor, Allow, CurrentActor } from '@access';
import { PageInput } from '@platform/graphql/pagination';
import { pagedComplexity } from '@platform/graphql/paged-complexity';
import { Tenant, TenantPage, TenantStatus } from './tenant.model';
import { TenantService } from './tenant.service';

@Resolver(() => Tenant)
export class TenantResolver {
  constructor(private readonly tenantService: TenantService) {}

  @Allow('read', 'Tenant')
  @Query(() => Tenant, { description: 'A tenant: operators see any; a city admin sees their own' })
  tenant(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<Tenant> {
    return this.tenantService.get(actor, id);
  }

  @Allow('create', 'Tenant')
  @Query(() => TenantPage, { complexity: pagedComplexity, description: 'All tenants (platform operators)' })
  tenants(@Args('page', { nullable: true }) page?: PageInput) {
    return this.tenantService.list(page);
  }

  @Allow('create', 'Tenant')
  @Mutation(() => Tenant, { description: 'Suspend a tenant: its users can no longer sign in and their tokens stop working' })
  suspendTenant(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<Tenant> {
    return this.tenantService.setStatus(actor, id, TenantStatus.SUSPENDED);
  }

  @Allow('create', 'Tenant')
  @Mutation(() => Tenant, { description: 'Lift a suspension' })
  reactivateTenant(@CurrentActor() actor: Actor, @IdArg('id') id: string): Promise<Tenant> {
    return this.tenantService.setStatus(actor, id, TenantStatus.ACTIVE);
  }
}
