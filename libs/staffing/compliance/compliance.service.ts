import { Injectable } from '@nestjs/common';
import { AccessService, Actor, outrightPaths, scopeOf } from '@access';
import { OrgUnitService, StationService, TenantService } from '@org';
import { Db } from '@platform/database/db';
import { PageInput, pageOf } from '@platform/graphql/pagination';
import { PolicyRow, toPolicy } from '../policy/staffing-policy.service';
import { StaffingComplianceReport, StaffingFailure, StaffingRule, StationCompliance } from './compliance.model';

interface EvaluationRow extends PolicyRow {
  station_id: string;
  station_name: string;
  org_unit_id: string;
  org_unit_code: string;
  level: number;
  staff: number;
  full_time: number;
  certified: number;
  staff_ok: boolean;
  share_ok: boolean;
  full_time_ok: boolean;
  certified_ok: boolean;
  complies: boolean;
  failing_since: string | null;
}

/**
 * Stations with their staffing judged on day $1 by the SQL function `staffing_evaluation`
 * (the one place the rules are decided), joined to the policy then in force.
 */
const EVALUATED = `
  select s.id as station_id, s.name as station_name, o.id as org_unit_id, o.code as org_unit_code, o.level,
         e.staff, e.full_time, e.certified, e.staff_ok, e.share_ok, e.full_time_ok, e.certified_ok, e.complies,
         p.id, to_char(p.effective_from, 'YYYY-MM-DD') as effective_from, p.min_staff, p.certified_share_num, p.certified_share_den,
         p.min_full_time, p.min_certified, p.applies_to_levels, p.filing_deadline_days
    from station s
    join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
   cross join staffing_policy_at($1::date) p
   cross join lateral staffing_evaluation(s.id, $1::date) e`;

/** The first day of the current run of failure: the first change day after the last compliant one. */
const FAILING_SINCE = `
  (select to_char(min(d), 'YYYY-MM-DD') from staffing_change_days(x.station_id, $1::date) d
    where d > coalesce((select max(k) from staffing_change_days(x.station_id, $1::date) k
                         where (select c.complies from staffing_evaluation(x.station_id, k) c)), '-infinity'::date))`;

function failuresOf(r: EvaluationRow): StaffingFailure[] {
  const failures: StaffingFailure[] = [];
  if (!r.staff_ok)
    failures.push({ rule: StaffingRule.MIN_STAFF, actual: r.staff, required: r.min_staff, message: `${r.staff} staff, needs at least ${r.min_staff}` });
  if (!r.share_ok) {
    const needed = Math.ceil((r.staff * r.certified_share_num) / r.certified_share_den);
    failures.push({
      rule: StaffingRule.MIN_CERTIFIED_SHARE,
      actual: r.certified,
      required: needed,
      message: `${r.staff} staff, ${r.certified} certified, needs ${needed} (${r.certified_share_num}/${r.certified_share_den})`,
    });
  }
  if (!r.full_time_ok)
    failures.push({
      rule: StaffingRule.MIN_FULL_TIME,
      actual: r.full_time,
      required: r.min_full_time!,
      message: `${r.full_time} full-time, needs ${r.min_full_time}`,
    });
  if (!r.certified_ok)
    failures.push({
      rule: StaffingRule.MIN_CERTIFIED_COUNT,
      actual: r.certified,
      required: r.min_certified!,
      message: `${r.certified} certified, needs ${r.min_certified}`,
    });
  return failures;
}

function toModel(r: EvaluationRow, on: string): StationCompliance {
  const applicable = r.applies_to_levels.includes(r.level);
  return {
    stationId: r.station_id,
    stationName: r.station_name,
    orgUnitId: r.org_unit_id,
    orgUnitCode: r.org_unit_code,
    on,
    applicable,
    complies: !applicable || r.complies,
    staffCount: r.staff,
    certifiedCount: r.certified,
    fullTimeCount: r.full_time,
    failures: applicable ? failuresOf(r) : [],
    failingSince: applicable && !r.complies ? r.failing_since : null,
    policy: toPolicy(r),
  };
}

@Injectable()
export class ComplianceService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly stations: StationService,
    private readonly orgUnits: OrgUnitService,
    private readonly tenants: TenantService,
  ) {}

  async forStation(actor: Actor, stationId: string, on?: string): Promise<StationCompliance> {
    const station = await this.stations.get(actor, stationId);
    this.access.assertVisible(actor, 'StaffMember', { path: station.path });
    const day = on ?? (await this.tenants.today());
    const [row] = await this.db.query<EvaluationRow>(`select x.*, ${FAILING_SINCE} as failing_since from (${EVALUATED} where s.id = $2) x`, [day, station.id]);
    return toModel(row, day);
  }

  /**
   * The stations of a subtree the policy covers, judged on a day: counts, and one page of those
   * failing with the day each began failing. Two queries, however many stations.
   */
  async forSubtree(actor: Actor, rootId: string, on?: string, page?: PageInput): Promise<StaffingComplianceReport> {
    const root = await this.orgUnits.get(actor, rootId);
    const day = on ?? (await this.tenants.today());
    const { offset, limit } = pageOf(page);
    const scoped = `${EVALUATED}
      where s.org_path <@ $2::ltree and s.org_path <@ $3::ltree[] and o.level = any(p.applies_to_levels)`;
    const params = [day, root.path, outrightPaths(scopeOf(actor, 'read', 'StaffMember'))];
    const [counts] = await this.db.query<{ stations: number; compliant: number }>(
      `select count(*)::int as stations, (count(*) filter (where x.complies))::int as compliant from (${scoped}) x`,
      params,
    );
    const rows = await this.db.query<EvaluationRow>(
      `select x.*, ${FAILING_SINCE} as failing_since
         from (${scoped} and not e.complies order by o.code limit $4 offset $5) x order by x.org_unit_code`,
      [...params, limit, offset],
    );
    return {
      on: day,
      stations: counts.stations,
      compliant: counts.compliant,
      failing: counts.stations - counts.compliant,
      rate: counts.stations ? counts.compliant / counts.stations : null,
      failingStations: rows.map((r) => toModel(r, day)),
    };
  }

  /**
   * For each station, over the days [from, to]: how many days it complied with the staffing policy
   * then in force (a station the policy does not cover complies). Staffing changes only on its
   * change days, so each run between two of them is judged once, on its first day. One statement.
   */
  async daysCompliant(stationIds: readonly string[], from: string, to: string): Promise<Map<string, { days: number; compliant: number }>> {
    const rows = await this.db.query<{ station_id: string; days: number; compliant: number }>(
      `with runs as (
         select st.id as station_id, d.start,
                coalesce(lead(d.start) over (partition by st.id order by d.start), $3::date + 1) as stop
           from unnest($1::uuid[]) st(id)
          cross join lateral (select $2::date as start
                               union select c from staffing_change_days(st.id, $3::date) c where c > $2::date) d)
       select r.station_id, sum(r.stop - r.start)::int as days,
              coalesce(sum(r.stop - r.start) filter (where not (o.level = any(p.applies_to_levels)) or e.complies), 0)::int as compliant
         from runs r
         join station s on s.id = r.station_id
         join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
        cross join lateral staffing_policy_at(r.start) p
        cross join lateral staffing_evaluation(r.station_id, r.start) e
        group by r.station_id`,
      [stationIds, from, to],
    );
    return new Map(rows.map((r) => [r.station_id, { days: r.days, compliant: r.compliant }]));
  }
}
