import { Module } from '@nestjs/common';
import { AccountsModule } from '@accounts';
import { OrgModule } from '@org';
import { TenantProvisioningResolver } from './tenant-provisioning.resolver';
import { TenantProvisioningService } from './tenant-provisioning.service';

@Module({
  imports: [OrgModule, AccountsModule],
  providers: [TenantProvisioningService, TenantProvisioningResolver],
  exports: [TenantProvisioningService],
})
export class TenantProvisioningModule {}
