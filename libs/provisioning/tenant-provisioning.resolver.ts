import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow } from '@access';
import { Tenant } from '@org';
import { CreateTenantInput } from './dto/create-tenant.input';
import { TenantProvisioningService } from './tenant-provisioning.service';

@Resolver()
export class TenantProvisioningResolver {
  constructor(private readonly provisioning: TenantProvisioningService) {}

  @Allow('create', 'Tenant')
  @Mutation(() => Tenant, { description: 'Create a city: the tenant, its city node and its first city admin' })
  createTenant(@Args('input') input: CreateTenantInput): Promise<Tenant> {
    return this.provisioning.create(input);
  }
}
