/**
 * Tenants (cities), the four-level tree and its stations (`@org`).
 * Tables: tenant, org_unit, station.
 */
export { OrgModule } from './org.module';
export { LEVEL_NUMBER, LEVEL_OF, OrgLevel } from './org-units/org-unit.model';
export { OrgUnitService, pathLabel } from './org-units/org-unit.service';
export type { OrgNode } from './org-units/org-unit.service';
export { StationService } from './stations/station.service';
export { Tenant } from './tenants/tenant.model';
export { CITY_TIME_ZONE, TenantService } from './tenants/tenant.service';
