import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '@access/access.module';
import { applyPersonalData } from '@access/privacy/privacy-schema';
import { AccountsModule } from '@access/accounts/accounts.module';
import { OrgModule } from '@org/org.module';
import { TenantProvisioningModule } from '@org/tenants/tenant-provisioning.module';
import { AppConfig } from '@platform/config/app-config';
import { PlatformModule, PlatformOptions } from '@platform/platform.module';
import { StaffingModule } from '@staffing/staffing.module';
import { CaseworkModule } from '@casework/casework.module';
import { ActivitiesModule } from '@activities/activities.module';
import { CommunityModule } from '@community/community.module';
import { StatsModule } from '@stats/stats.module';
import { WebConsoleModule } from './web-console.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, appDatabaseUrl: string, options: PlatformOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, appDatabaseUrl, { ...options, transformSchema: applyPersonalData }),
        AccessModule,
        OrgModule,
        AccountsModule,
        TenantProvisioningModule,
        StaffingModule,
        CaseworkModule,
        ActivitiesModule,
        CommunityModule,
        StatsModule,
        WebConsoleModule,
      ],
    };
  }
}
