import { Module } from '@nestjs/common';
import { OrgUnitResolver } from './org-units/org-unit.resolver';
import { OrgUnitService } from './org-units/org-unit.service';
import { StationResolver } from './stations/station.resolver';
import { StationService } from './stations/station.service';
import { TenantResolver } from './tenants/tenant.resolver';
import { TenantService } from './tenants/tenant.service';

/** Tenants (cities), the four-level tree and its stations. */
@Module({
  providers: [TenantService, TenantResolver, OrgUnitService, OrgUnitResolver, StationService, StationResolver],
  exports: [TenantService, OrgUnitService, StationService],
})
export class OrgModule {}
