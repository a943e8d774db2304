import { Injectable } from '@nestjs/common';
import { AccessService, Actor } from '@access';
import { LEVEL_NUMBER, LEVEL_OF, OrgLevel, TenantService } from '@org';
import { Db } from '@platform/database/db';
import { BadInputError } from '@platform/errors/domain-errors';
import { StaffingPolicy, StaffingPolicyInput } from './staffing-policy.model';

export interface PolicyRow {
  id: string | null;
  effective_from: string | null;
  min_staff: number;
  certified_share_num: number;
  certified_share_den: number;
  min_full_time: number | null;
  min_certified: number | null;
  applies_to_levels: number[];
  filing_deadline_days: number;
}

const COLUMNS = `id, to_char(effective_from, 'YYYY-MM-DD') as effective_from, min_staff, certified_share_num, certified_share_den,
  min_full_time, min_certified, applies_to_levels, filing_deadline_days`;

export function toPolicy(r: PolicyRow): StaffingPolicy {
  return {
    id: r.id,
    effectiveFrom: r.effective_from,
    minStaff: r.min_staff,
    minCertifiedShare: { numerator: r.certified_share_num, denominator: r.certified_share_den },
    minFullTime: r.min_full_time,
    minCertifiedCount: r.min_certified,
    appliesToLevels: r.applies_to_levels.map((l) => LEVEL_OF[l]),
    filingDeadlineDays: r.filing_deadline_days,
    isDefault: r.id === null,
  };
}

@Injectable()
export class StaffingPolicyService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly tenants: TenantService,
  ) {}

  /** The policy in force on `day` (today by default): the latest set by then, or the built-in default. */
  async at(day?: string): Promise<StaffingPolicy> {
    const [row] = await this.db.query<PolicyRow>(`select ${COLUMNS} from staffing_policy_at($1::date)`, [day ?? (await this.tenants.today())]);
    return toPolicy(row);
  }

  async history(): Promise<StaffingPolicy[]> {
    const rows = await this.db.query<PolicyRow>(`select ${COLUMNS} from staffing_policy order by effective_from`);
    return rows.map(toPolicy);
  }

  async set(actor: Actor, input: StaffingPolicyInput): Promise<StaffingPolicy> {
    this.access.assert(actor, 'update', 'StaffingPolicy', { id: actor.tenantId ?? undefined });
    const share = input.minCertifiedShare;
    if (share.numerator > share.denominator) throw BadInputError.field('minCertifiedShare', 'must not exceed 1 (numerator ≤ denominator)');
    const levels = (input.appliesToLevels ?? [OrgLevel.STREET]).map((l) => LEVEL_NUMBER[l]).sort();
    const [row] = await this.db.query<PolicyRow>(
      `insert into staffing_policy (tenant_id, effective_from, min_staff, certified_share_num, certified_share_den, min_full_time,
                                    min_certified, applies_to_levels, filing_deadline_days, created_by)
       values (app_tenant(), $1, $2, $3, $4, $5, $6, $7::smallint[], $8, $9)
       on conflict (tenant_id, effective_from) do update set
         min_staff = excluded.min_staff, certified_share_num = excluded.certified_share_num, certified_share_den = excluded.certified_share_den,
         min_full_time = excluded.min_full_time, min_certified = excluded.min_certified, applies_to_levels = excluded.applies_to_levels,
         filing_deadline_days = excluded.filing_deadline_days, created_by = excluded.created_by, created_at = now()
       returning ${COLUMNS}`,
      [
        input.effectiveFrom,
        input.minStaff,
        share.numerator,
        share.denominator,
        input.minFullTime ?? null,
        input.minCertifiedCount ?? null,
        levels,
        input.filingDeadlineDays ?? 7,
        actor.id,
      ],
    );
    return toPolicy(row);
  }
}
