import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule, applyPersonalData } from '@access';
import { AccountsModule, AuthModule } from '@accounts';
import { OrgModule } from '@org';
import { TenantProvisioningModule } from '@provisioning';
import { AppConfig } from '@platform/config/app-config';
import { PlatformModule, PlatformOptions } from '@platform/platform.module';
import { StaffingModule } from '@staffing';
import { CaseworkModule } from '@casework';
import { ActivitiesModule } from '@activities';
import { CommunityModule } from '@community';
import { WorkOrdersModule } from '@work-orders';
import { StatsModule } from '@stats';
import { EvaluationModule } from '@evaluation';
import { WebConsoleModule } from './web-console.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, appDatabaseUrl: string, options: PlatformOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, appDatabaseUrl, { ...options, transformSchema: applyPersonalData }),
        AccessModule,
        AuthModule,
        OrgModule,
        AccountsModule,
        TenantProvisioningModule,
        StaffingModule,
        CaseworkModule,
        ActivitiesModule,
        CommunityModule,
        WorkOrdersModule,
        StatsModule,
        EvaluationModule,
        WebConsoleModule,
      ],
    };
  }
}
