/**
 * Volunteers and their hours, community social organizations, the five-society linkage ledger
 * and charity resources (`@community`).
 * Tables: volunteer, volunteer_service, volunteer_team, community_policy, social_organization,
 * organization_mobilization, linkage, linkage_contribution, charity_resource.
 */
export { CommunityModule } from './community.module';
