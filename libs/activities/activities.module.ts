import { Module } from '@nestjs/common';
import { AccountsModule } from '@accounts';
import { CaseworkModule } from '@casework';
import { OrgModule } from '@org';
import { CommunityActivityResolver, DueVisitResolver, GroupMemberResolver, GroupResolver, VisitResolver } from './activities.resolver';
import { CatalogResolver } from './catalog/catalog.resolver';
import { CatalogService } from './catalog/catalog.service';
import { CommunityActivityService } from './community/community-activity.service';
import { GroupService } from './groups/group.service';
import { VisitService } from './visits/visit.service';

/** The service catalog, group work, community activities and home visits. */
@Module({
  imports: [OrgModule, AccountsModule, CaseworkModule],
  providers: [
    CatalogService,
    CatalogResolver,
    GroupService,
    GroupResolver,
    CommunityActivityService,
    CommunityActivityResolver,
    VisitService,
    VisitResolver,
    DueVisitResolver,
    GroupMemberResolver,
  ],
  exports: [CatalogService, CommunityActivityService, VisitService],
})
export class ActivitiesModule {}
