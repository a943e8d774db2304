import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountsService } from '@accounts';
import { insertDefaultCatalog } from '@activities';
import { Db } from '@platform/database/db';
import { BadInputError } from '@platform/errors/domain-errors';
import { OrgUnitService, pathLabel, Tenant, TenantService } from '@org';
import { insertDefaultWorkOrderCategories } from '@work-orders';
import { CreateTenantInput } from './dto/create-tenant.input';

/** A new city in one transaction: the tenant, its city node, and its first city admin. */
@Injectable()
export class TenantProvisioningService {
  constructor(
    private readonly db: Db,
    private readonly tenants: TenantService,
    private readonly orgUnits: OrgUnitService,
    private readonly accounts: AccountsService,
  ) {}

  async create(input: CreateTenantInput): Promise<Tenant> {
    const request = this.db.request;
    const operatorSettings = request.getSettings();
    const tenant = await this.tenants.insert(input.code, input.name, input.timeZone ?? 'Asia/Shanghai');
    // Step inside the new tenant to write its rows; row-level security checks them like any other.
    const cityId = randomUUID();
    await request.setSettings({ ...operatorSettings, tenantId: tenant.id, scope: [pathLabel(cityId)] });
    const city = await this.orgUnits.createCity(tenant.id, cityId, input.cityCode, input.name);
    try {
      await this.accounts.createInitialAdmin(city, input.admin);
    } catch (e) {
      // The admin's fields arrive nested in this input; name them as the caller sent them.
      if (e instanceof BadInputError) throw new BadInputError(e.fields.map((f) => ({ ...f, field: `admin.${f.field}` })));
      throw e;
    }
    await insertDefaultCatalog((sql, params) => this.db.query(sql, params));
    await insertDefaultWorkOrderCategories((sql, params) => this.db.query(sql, params));
    await request.setSettings(operatorSettings);
    return tenant;
  }
}
