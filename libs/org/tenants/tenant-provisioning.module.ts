import { Module } from '@nestjs/common';
import { AccountsModule } from '@access/accounts/accounts.module';
import { OrgModule } from '../org.module';
import { TenantProvisioningResolver } from './tenant-provisioning.resolver';
import { TenantProvisioningService } from './tenant-provisioning.service';

@Module({
  imports: [OrgModule, AccountsModule],
  providers: [TenantProvisioningService, TenantProvisioningResolver],
  exports: [TenantProvisioningService],
})
export class TenantProvisioningModule {}
