/**
 * The service catalog, group work, community activities and home visits (`@activities`).
 * Tables: catalog_item, catalog_field, group_work, group_member, group_session,
 * session_attendance, community_activity, home_visit, visit_rule.
 */
export { ActivitiesModule } from './activities.module';
export { insertDefaultCatalog } from './catalog/default-catalog';
export { CommunityActivityService } from './community/community-activity.service';
export { VisitService } from './visits/visit.service';
export { VoidInput } from './void.input';
