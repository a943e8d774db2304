import { Injectable } from '@nestjs/common';
import { AccessService, Actor } from '@access';
import { Db } from '@platform/database/db';
import { BadInputError, NotFoundError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { CatalogField, CatalogFieldInput, CatalogItem, CatalogItemInput, CatalogItemUpdateInput } from './catalog.model';

registerUniqueField('uq_catalog_field_code', 'code', 'is already used by another field');
registerUniqueField('uq_catalog_item_code', 'code', 'is already used by another item');

interface ItemRow {
  id: string;
  field_id: string;
  code: string;
  name: string;
  active: boolean;
}

const toItem = (r: ItemRow): CatalogItem => ({ id: r.id, fieldId: r.field_id, code: r.code, name: r.name, active: r.active });

@Injectable()
export class CatalogService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  async catalog(): Promise<CatalogField[]> {
    const fields = await this.db.query<{ id: string; code: string; name: string }>(`select id, code, name from catalog_field order by sort, code`);
    const items = await this.db.query<ItemRow>(`select id, field_id, code, name, active from catalog_item order by sort, code`);
    return fields.map((f) => ({ ...f, items: items.filter((i) => i.field_id === f.id).map(toItem) }));
  }

  async addField(actor: Actor, input: CatalogFieldInput): Promise<CatalogField> {
    this.access.assert(actor, 'update', 'ServiceCatalog', { id: actor.tenantId ?? undefined });
    const [row] = await this.db.query<{ id: string; code: string; name: string }>(
      `insert into catalog_field (tenant_id, code, name, sort) values (app_tenant(), $1, $2, (select coalesce(max(sort), 0) + 1 from catalog_field))
       returning id, code, name`,
      [input.code, input.name],
    );
    return { ...row, items: [] };
  }

  async addItem(actor: Actor, input: CatalogItemInput): Promise<CatalogItem> {
    this.access.assert(actor, 'update', 'ServiceCatalog', { id: actor.tenantId ?? undefined });
    const [field] = await this.db.query(`select 1 from catalog_field where id = $1`, [input.fieldId]);
    if (!field) throw BadInputError.field('fieldId', 'no such catalog field');
    const [row] = await this.db.query<ItemRow>(
      `insert into catalog_item (tenant_id, field_id, code, name, sort)
       values (app_tenant(), $1, $2, $3, (select coalesce(max(sort), 0) + 1 from catalog_item where field_id = $1))
       returning id, field_id, code, name, active`,
      [input.fieldId, input.code, input.name],
    );
    return toItem(row);
  }

  async updateItem(actor: Actor, id: string, input: CatalogItemUpdateInput): Promise<CatalogItem> {
    this.access.assert(actor, 'update', 'ServiceCatalog', { id: actor.tenantId ?? undefined });
    const [row] = await this.db.query<ItemRow>(
      `update catalog_item set name = $2, active = coalesce($3, active) where id = $1 returning id, field_id, code, name, active`,
      [id, input.name, input.active ?? null],
    );
    if (!row) throw new NotFoundError('CatalogItem', id);
    return toItem(row);
  }

  /** Checks that an item can tag a new record: it exists in this city and is active. */
  async assertUsable(itemId: string | undefined | null, field = 'catalogItemId'): Promise<void> {
    if (!itemId) return;
    const [row] = await this.db.query<{ active: boolean }>(`select active from catalog_item where id = $1`, [itemId]);
    if (!row) throw BadInputError.field(field, 'no such catalog item in this city');
    if (!row.active) throw BadInputError.field(field, 'this catalog item is no longer in use');
  }
}
