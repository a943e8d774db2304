import { Module } from '@nestjs/common';
import { AccountsModule } from '@access/accounts/accounts.module';
import { ActivitiesModule } from '@activities/activities.module';
import { CaseworkModule } from '@casework/casework.module';
import { OrgModule } from '@org/org.module';
import { LinkageResolver, OrganizationResolver } from './community.resolver';
import { LinkageService } from './linkage/linkage.service';
import { OrganizationService } from './organizations/organization.service';
import { VolunteerExportController } from './volunteers/volunteer-export.controller';
import { VolunteerResolver } from './volunteers/volunteer.resolver';
import { VolunteerRegistry } from './volunteers/volunteer.service';

/** Volunteers, community social organizations, and the five-society linkage ledger. */
@Module({
  imports: [OrgModule, AccountsModule, CaseworkModule, ActivitiesModule],
  controllers: [VolunteerExportController],
  providers: [VolunteerRegistry, VolunteerResolver, OrganizationService, OrganizationResolver, LinkageService, LinkageResolver],
  exports: [VolunteerRegistry, OrganizationService, LinkageService],
})
export class CommunityModule {}
