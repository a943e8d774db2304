import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService, Actor } from '@access';
import { Db } from '@platform/database/db';
import { BadInputError, NotFoundError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { CITY_TIME_ZONE } from '@org';
import {
  IntakeKey,
  NewIntakeKey,
  WorkOrderCategory,
  WorkOrderCategoryInput,
  WorkOrderPolicy,
  WorkOrderPolicyInput,
  WorkOrderUrgency,
} from './work-order.model';

export const DEFAULT_CATEGORIES = ['社会救助', '养老服务', '儿童关爱', '残疾人服务', '社区治理', '其他'];
export const DEFAULT_POLICY = { urgentContactHours: 2, urgentResolveDays: 1, normalContactHours: 24, normalResolveDays: 7 };

registerUniqueField('uq_work_order_category_name', 'name', 'A category of this name exists in the city', 'CONFLICT');

/** Inserts the default classification for the tenant in the current settings, through any query function. */
export async function insertDefaultWorkOrderCategories(query: (sql: string, params: unknown[]) => Promise<unknown>): Promise<void> {
  await query(
    `insert into work_order_category (tenant_id, name, sort_order) select app_tenant(), c.name, c.n from unnest($1::text[]) with ordinality as c(name, n)
     on conflict (tenant_id, name) do nothing`,
    [DEFAULT_CATEGORIES],
  );
}

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

interface CategoryRow {
  id: string;
  parent_id: string | null;
  name: string;
  sort_order: number;
  active: boolean;
}

const toCategory = (r: CategoryRow): WorkOrderCategory => ({ id: r.id, parentId: r.parent_id, name: r.name, sortOrder: r.sort_order, active: r.active });

/** The city's classification tree, its deadlines per urgency, and the hotline system's API keys. */
@Injectable()
export class WorkOrderPolicyService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  async policy(): Promise<WorkOrderPolicy> {
    const [r] = await this.db.query<{ uc: number | null; ur: number | null; nc: number | null; nr: number | null; tz: string }>(
      `select p.urgent_contact_hours as uc, p.urgent_resolve_days as ur, p.normal_contact_hours as nc, p.normal_resolve_days as nr,
              ${CITY_TIME_ZONE} as tz
         from (select 1) one left join work_order_policy p on true`,
    );
    return {
      urgentContactHours: r.uc ?? DEFAULT_POLICY.urgentContactHours,
      urgentResolveDays: r.ur ?? DEFAULT_POLICY.urgentResolveDays,
      normalContactHours: r.nc ?? DEFAULT_POLICY.normalContactHours,
      normalResolveDays: r.nr ?? DEFAULT_POLICY.normalResolveDays,
      timeZone: r.tz,
    };
  }

  /** The deadlines of an order received at `receivedAt`: contact within hours; resolve by the end of the city's day `days` after receipt. */
  async deadlines(receivedAt: Date, urgency: WorkOrderUrgency): Promise<{ contactDue: Date; resolveDue: Date }> {
    const p = await this.policy();
    const [hours, days] = urgency === WorkOrderUrgency.URGENT ? [p.urgentContactHours, p.urgentResolveDays] : [p.normalContactHours, p.normalResolveDays];
    const [r] = await this.db.query<{ contact_due: Date; resolve_due: Date }>(
      `select $1::timestamptz + make_interval(hours => $2::int) as contact_due,
              ((($1::timestamptz at time zone $4::text)::date + $3::int + 1)::timestamp at time zone $4::text) as resolve_due`,
      [receivedAt, hours, days, p.timeZone],
    );
    return { contactDue: r.contact_due, resolveDue: r.resolve_due };
  }

  async setPolicy(actor: Actor, input: WorkOrderPolicyInput): Promise<WorkOrderPolicy> {
    this.access.assert(actor, 'update', 'WorkOrderPolicy', { id: actor.tenantId ?? undefined });
    await this.db.query(
      `insert into work_order_policy (tenant_id, urgent_contact_hours, urgent_resolve_days, normal_contact_hours, normal_resolve_days)
       values (app_tenant(), $1, $2, $3, $4)
       on conflict (tenant_id) do update set urgent_contact_hours = excluded.urgent_contact_hours, urgent_resolve_days = excluded.urgent_resolve_days,
          normal_contact_hours = excluded.normal_contact_hours, normal_resolve_days = excluded.normal_resolve_days, updated_at = now()`,
      [input.urgentContactHours, input.urgentResolveDays, input.normalContactHours, input.normalResolveDays],
    );
    return this.policy();
  }

  async categories(): Promise<WorkOrderCategory[]> {
    const rows = await this.db.query<CategoryRow>(
      `select id, parent_id, name, sort_order, active from work_order_category order by parent_id nulls first, sort_order, name`,
    );
    return rows.map(toCategory);
  }

  async category(id: string): Promise<WorkOrderCategory | undefined> {
    const [r] = await this.db.query<CategoryRow>(`select id, parent_id, name, sort_order, active from work_order_category where id = $1`, [id]);
    return r && toCategory(r);
  }

  async categoryByName(name: string): Promise<WorkOrderCategory | undefined> {
    const [r] = await this.db.query<CategoryRow>(`select id, parent_id, name, sort_order, active from work_order_category where name = $1`, [name]);
    return r && toCategory(r);
  }

  async addCategory(actor: Actor, input: WorkOrderCategoryInput): Promise<WorkOrderCategory> {
    this.access.assert(actor, 'update', 'WorkOrderPolicy', { id: actor.tenantId ?? undefined });
    if (input.parentId && !(await this.category(input.parentId))) throw BadInputError.field('parentId', 'no such category');
    const [r] = await this.db.query<CategoryRow>(
      `insert into work_order_category (tenant_id, parent_id, name, sort_order)
       values (app_tenant(), $1, $2, (select coalesce(max(sort_order), 0) + 1 from work_order_category)) returning id, parent_id, name, sort_order, active`,
      [input.parentId ?? null, input.name],
    );
    return toCategory(r);
  }

  async createKey(actor: Actor, name: string): Promise<NewIntakeKey> {
    this.access.assert(actor, 'update', 'WorkOrderPolicy', { id: actor.tenantId ?? undefined });
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw BadInputError.field('name', 'must be 1–100 characters');
    const key = `wo_${randomBytes(24).toString('base64url')}`;
    const [r] = await this.db.query<{ id: string }>(
      `insert into work_order_intake_key (tenant_id, name, key_hash, key_prefix, created_by) values (app_tenant(), $1, $2, $3, $4) returning id`,
      [trimmed, hashKey(key), key.slice(0, 10), actor.id],
    );
    return { id: r.id, name: trimmed, key };
  }

  async keys(actor: Actor): Promise<IntakeKey[]> {
    this.access.assert(actor, 'update', 'WorkOrderPolicy', { id: actor.tenantId ?? undefined });
    const rows = await this.db.query<{ id: string; name: string; key_prefix: string; created_at: Date; revoked_at: Date | null }>(
      `select id, name, key_prefix, created_at, revoked_at from work_order_intake_key order by created_at desc`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.key_prefix, createdAt: r.created_at, revokedAt: r.revoked_at }));
  }

  async revokeKey(actor: Actor, id: string): Promise<IntakeKey> {
    this.access.assert(actor, 'update', 'WorkOrderPolicy', { id: actor.tenantId ?? undefined });
    const [r] = await this.db.query<{ id: string; name: string; key_prefix: string; created_at: Date; revoked_at: Date | null }>(
      `update work_order_intake_key set revoked_at = coalesce(revoked_at, now()) where id = $1 returning id, name, key_prefix, created_at, revoked_at`,
      [id],
    );
    if (!r) throw new NotFoundError('IntakeKey', id);
    return { id: r.id, name: r.name, prefix: r.key_prefix, createdAt: r.created_at, revokedAt: r.revoked_at };
  }
}
