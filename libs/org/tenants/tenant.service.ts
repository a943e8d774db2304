import { Injectable } from '@nestjs/common';
import { AccessService, Actor } from '@access';
import { Db } from '@platform/database/db';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import { Tenant, TenantStatus } from './tenant.model';

registerUniqueField('uq_tenant_code', 'code', 'is already used by another tenant');

interface TenantRow {
  id: string;
  code: string;
  name: string;
  time_zone: string;
  status: TenantStatus;
  created_at: Date;
}

const COLUMNS = 'id, code, name, time_zone, status, created_at';

/**
 * The current city's time zone as a SQL expression, for statements of other modules that turn a
 * moment into the city's calendar day (a city without one is in China Standard Time).
 */
export const CITY_TIME_ZONE = `coalesce((select time_zone from tenant where id = app_tenant()), 'Asia/Shanghai')`;

function toModel(r: TenantRow): Tenant {
  return { id: r.id, code: r.code, name: r.name, timeZone: r.time_zone, status: r.status, createdAt: r.created_at };
}

@Injectable()
export class TenantService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  async get(actor: Actor, id: string): Promise<Tenant> {
    const [r] = await this.db.query<TenantRow>(`select ${COLUMNS} from tenant where id = $1`, [id]);
    if (!r) throw new NotFoundError('Tenant', id);
    this.access.assertVisible(actor, 'Tenant', { id });
    return toModel(r);
  }

  /** Today's date in the current tenant's time zone (YYYY-MM-DD). */
  async today(): Promise<string> {
    const [{ today }] = await this.db.query<{ today: string }>(`select to_char(now() at time zone ${CITY_TIME_ZONE}, 'YYYY-MM-DD') as today`);
    return today;
  }

  list(page?: PageInput): Promise<Page<Tenant>> {
    return pagedQuery<TenantRow, Tenant>({ select: COLUMNS, from: 'from tenant', params: [], orderBy: 'code' }, page, toModel);
  }

  /** Inserts the tenant row; provisioning adds its city node and first admin in the same transaction. */
  async insert(code: string, name: string, timeZone: string): Promise<Tenant> {
    const [{ taken }] = await this.db.query<{ taken: boolean }>(`select exists(select 1 from tenant where code = $1) as taken`, [code]);
    if (taken) throw BadInputError.field('code', 'is already used by another tenant');
    const [r] = await this.db.query<TenantRow>(`insert into tenant (code, name, time_zone) values ($1, $2, $3) returning ${COLUMNS}`, [code, name, timeZone]);
    return toModel(r);
  }

  async setStatus(actor: Actor, id: string, status: TenantStatus): Promise<Tenant> {
    await this.get(actor, id);
    this.access.assert(actor, 'update', 'Tenant', { id });
    const [r] = await this.db.query<TenantRow>(`update tenant set status = $2, updated_at = now() where id = $1 returning ${COLUMNS}`, [id, status]);
    return toModel(r);
  }
}
