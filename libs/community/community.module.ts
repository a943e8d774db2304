import { Module } from '@nestjs/common';
import { AccountsModule } from '@accounts';
import { ActivitiesModule } from '@activities';
import { CaseworkModule } from '@casework';
import { OrgModule } from '@org';
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
