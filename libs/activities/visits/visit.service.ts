import { Injectable } from '@nestjs/common';
import { AccessService, Actor, filterByScope, outrightPaths, scopeOf } from '@access';
import { RiskLevel, ServiceCategory, ServiceObjectService } from '@casework';
import { CITY_TIME_ZONE, OrgUnitService, TenantService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { localMonthProblem } from '@platform/graphql/local-date.scalar';
import { Page, PageInput } from '@platform/graphql/pagination';
import { DueVisit, DueVisitFilter, HomeVisit, HomeVisitInput, VisitFilter, VisitKind, VisitPeriod, VisitRate, VisitRule, VisitRulesInput } from './visit.model';

interface VisitRow {
  id: string;
  service_object_id: string;
  station_id: string;
  visit_date: string;
  kind: VisitKind;
  findings: string | null;
  follow_up_needed: boolean;
  worker_id: string;
  voided_at: Date | null;
  void_reason: string | null;
  org_path: string;
}

const COLUMNS = `v.id, v.service_object_id, v.station_id, to_char(v.visit_date, 'YYYY-MM-DD') as visit_date, v.kind, v.findings,
  v.follow_up_needed, v.worker_id, v.voided_at, v.void_reason, v.org_path::text as org_path`;

const toVisit = (r: VisitRow): HomeVisit => ({
  id: r.id,
  serviceObjectId: r.service_object_id,
  stationId: r.station_id,
  visitDate: r.visit_date,
  kind: r.kind,
  findings: r.findings,
  followUpNeeded: r.follow_up_needed,
  workerId: r.worker_id,
  voidedAt: r.voided_at,
  voidReason: r.void_reason,
  path: r.org_path,
});

/** Which rules apply to a person: the risk level if the rule names one, and any shared category if it names some. */
const APPLIES = `(r.risk_level is null or r.risk_level = p.risk_level) and (r.categories is null or p.categories && r.categories)`;

/**
 * The next due day of each person in `people` under each rule, as of day $D:
 * - weekly rules: a first visit within `first_visit_within_days` (default 7) of being flagged or
 *   registered, then every 7 ÷ min_visits days after the last visit;
 * - monthly rules asking n visits: the k-th visit of the month is due by day ⌈k × days-in-month ÷ n⌉,
 *   but never sooner than a week after the person was registered.
 * Voided visits count for nothing.
 */
function dueSql(people: string, day: string): string {
  // Each person's visits are read by a lateral aggregate (one index lookup per person). Grouping the
  // visits and joining the result back to the people by id made the planner, which estimates a single
  // row for the scope-filtered people, run a nested loop over every pair: 40 s for 3,000 people.
  return `
    with people as (${people}),
    seen as (
      select p.*, v.last_visit, v.last_since_flagged, v.month_visits
        from people p
        cross join lateral (
          select max(h.visit_date) as last_visit,
                 max(h.visit_date) filter (where h.visit_date >= p.flagged_on) as last_since_flagged,
                 count(*) filter (where h.visit_date >= date_trunc('month', ${day})::date) as month_visits
            from home_visit h
           where h.tenant_id = p.tenant_id and h.service_object_id = p.id and h.voided_at is null and h.visit_date <= ${day}
        ) v
    ),
    due as (
      select p.id, p.station_id, p.org_path, p.last_visit, r.name as rule,
             case when r.period = 'WEEK' then
                    case when p.last_since_flagged is null then p.flagged_on + coalesce(r.first_visit_within_days, 7)
                         else p.last_since_flagged + greatest(1, 7 / r.min_visits) end
                  when p.month_visits >= r.min_visits then null
                  else greatest(p.registered_on + 7,
                         date_trunc('month', ${day})::date - 1
                         + ceil((p.month_visits + 1) * extract(day from (date_trunc('month', ${day}) + interval '1 month - 1 day'))::numeric / r.min_visits)::int)
             end as due_on
        from seen p join visit_rules() r on ${APPLIES}
    )
    select distinct on (id) id, station_id, org_path::text as org_path, to_char(last_visit, 'YYYY-MM-DD') as last_visit, rule, due_on
      from due where due_on is not null order by id, due_on, rule`;
}

/**
 * The calendar day of a registration moment in the tenant's time zone. A bare `created_at::date` takes
 * the session's time zone (the server's, often UTC), so a person registered in Jinan's small hours
 * counted as registered the day before: a week-after-registration due day one day early, and a
 * person registered on the 1st counted in the previous month's rate.
 */
const REGISTERED_ON = `(p.created_at at time zone ${CITY_TIME_ZONE})::date`;

/** People served with what the rules need: risk, categories, the day they were flagged HIGH (or registered). */
const PEOPLE = `select p.tenant_id, p.id, p.station_id, p.org_path, p.risk_level, p.categories, ${REGISTERED_ON} as registered_on,
  coalesce(case when p.risk_level = 'HIGH' then p.risk_since end, ${REGISTERED_ON}) as flagged_on from service_object p`;

@Injectable()
export class VisitService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly objects: ServiceObjectService,
    private readonly orgUnits: OrgUnitService,
    private readonly tenants: TenantService,
  ) {}

  async record(actor: Actor, input: HomeVisitInput): Promise<HomeVisit> {
    const person = await this.objects.loadVisible(actor, input.serviceObjectId);
    this.access.assert(actor, 'create', 'HomeVisit', { path: person.org_path });
    if (input.visitDate > (await this.tenants.today())) throw BadInputError.field('visitDate', 'must not be in the future');
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into home_visit (tenant_id, service_object_id, station_id, org_path, visit_date, kind, findings, follow_up_needed, worker_id)
       values (app_tenant(), $1, $2, $3::ltree, $4, $5, $6, $7, $8) returning id`,
      [person.id, person.station_id, person.org_path, input.visitDate, input.kind, input.findings ?? null, input.followUpNeeded, actor.id],
    );
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<HomeVisit> {
    const [row] = await this.db.query<VisitRow>(`select ${COLUMNS} from home_visit v where v.id = $1`, [id]);
    if (!row) throw new NotFoundError('HomeVisit', id);
    this.access.assertVisible(actor, 'HomeVisit', { id, path: row.org_path });
    return toVisit(row);
  }

  async voidVisit(actor: Actor, id: string, reason: string): Promise<HomeVisit> {
    const visit = await this.get(actor, id);
    // The worker who made the visit voids it, or the station head.
    this.access.assert(actor, 'correct', 'HomeVisit', { id, path: visit.path, authorIds: [visit.workerId] });
    // Only a visit still counting is voided: of two racing voids, the second finds none.
    const voided = await this.db.query(`update home_visit set voided_at = now(), void_reason = $2 where id = $1 and voided_at is null returning id`, [
      id,
      reason,
    ]);
    if (!voided.length) throw new RuleViolatedError('activity.voided', 'The visit is already voided');
    return this.get(actor, id);
  }

  async list(actor: Actor, filter: VisitFilter = {}, page?: PageInput): Promise<Page<HomeVisit>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'HomeVisit'), { path: 'v.org_path' });
    if (filter.rootId) f.where((p) => `v.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    if (filter.serviceObjectId) f.where((p) => `v.service_object_id = ${p}`, filter.serviceObjectId);
    if (filter.from) f.where((p) => `v.visit_date >= ${p}::date`, filter.from);
    if (filter.to) f.where((p) => `v.visit_date <= ${p}::date`, filter.to);
    if (!filter.includeVoided) f.whereRaw('v.voided_at is null');
    if (filter.mine) f.where((p) => `v.worker_id = ${p}`, actor.id);
    return pagedQuery<VisitRow, HomeVisit>(
      { select: COLUMNS, from: `from home_visit v where ${f.sql}`, params: f.params, orderBy: 'v.visit_date desc, v.id' },
      page,
      toVisit,
    );
  }

  /**
   * People whose next visit is due by a day (overdue, or due within `withinDays`), in a subtree or
   * among the worker's own people; one count and one page query, whatever the number of people.
   */
  async due(actor: Actor, filter: DueVisitFilter, page?: PageInput, mineOnly = false): Promise<Page<DueVisit>> {
    const day = filter.on ?? (await this.tenants.today());
    const params: unknown[] = [day, outrightPaths(scopeOf(actor, 'read', 'HomeVisit')), filter.withinDays ?? 0];
    const where = ['p.org_path <@ $2::ltree[]'];
    if (filter.rootId) {
      params.push((await this.orgUnits.get(actor, filter.rootId)).path);
      where.push(`p.org_path <@ $${params.length}::ltree`);
    }
    if (mineOnly) {
      // A worker's people: those with an open case of theirs, or registered by them with no open case.
      params.push(actor.id);
      const me = `$${params.length}`;
      where.push(`(exists (select 1 from case_file c where c.tenant_id = p.tenant_id and c.service_object_id = p.id and c.stage <> 'CLOSED' and c.worker_id = ${me})
        or (p.registered_by = ${me} and not exists (select 1 from case_file c where c.tenant_id = p.tenant_id and c.service_object_id = p.id and c.stage <> 'CLOSED')))`);
    }
    const people = `${PEOPLE} where ${where.join(' and ')}`;
    const horizon = filter.overdueOnly ? `d.due_on < $1::date` : `d.due_on <= $1::date + $3::int`;
    return pagedQuery<{ id: string; station_id: string; org_path: string; last_visit: string | null; rule: string; due_on: string; days: number }, DueVisit>(
      {
        select: `d.id, d.station_id, d.org_path, d.last_visit, d.rule, to_char(d.due_on, 'YYYY-MM-DD') as due_on, ($1::date - d.due_on) as days`,
        // $3 is named in both branches so that PostgreSQL can type it in the count query too.
        from: `from (${dueSql(people, '$1::date')}) d where ${horizon} and $3::int >= 0`,
        params,
        orderBy: 'd.due_on, d.org_path, d.id',
      },
      page,
      (r) => ({
        serviceObjectId: r.id,
        stationId: r.station_id,
        dueOn: r.due_on,
        overdue: r.days > 0,
        daysOverdue: Math.max(0, r.days),
        lastVisitOn: r.last_visit,
        rule: r.rule,
        path: r.org_path,
      }),
    );
  }

  /**
   * The visit rate of a month in a subtree: people registered by the month's end whom some rule
   * covers, and how many had as many (non-voided) visits that month as their strictest rule asks
   * (a weekly rule asks four times its weekly number).
   */
  async rate(actor: Actor, rootPath: string, month: string): Promise<VisitRate> {
    const problem = localMonthProblem(month);
    if (problem) throw BadInputError.field('month', problem);
    // Each person's visits are counted by a lateral lookup, as in dueSql: joining the people's required
    // visits back to a separate aggregate of their visits by id ran as a nested loop over every pair.
    const [row] = await this.db.query<{ due: number; visited: number }>(
      `with bounds as (select $1::date as first, ($1::date + interval '1 month - 1 day')::date as last),
       required as (
         select p.tenant_id, p.id, max(case when r.period = 'WEEK' then r.min_visits * 4 else r.min_visits end) as visits
           from service_object p cross join bounds b join visit_rules() r on ${APPLIES}
          where p.org_path <@ $2::ltree and p.org_path <@ $3::ltree[] and ${REGISTERED_ON} <= b.last
          group by p.tenant_id, p.id
       )
       select count(*)::int as due, (count(*) filter (where d.visits >= q.visits))::int as visited
         from required q cross join bounds b
         cross join lateral (
           select count(*) as visits from home_visit h
            where h.tenant_id = q.tenant_id and h.service_object_id = q.id and h.voided_at is null and h.visit_date between b.first and b.last
         ) d`,
      [`${month}-01`, rootPath, outrightPaths(scopeOf(actor, 'read', 'HomeVisit'))],
    );
    return { month, due: row.due, visited: row.visited, rate: row.due ? row.visited / row.due : null };
  }

  async rules(): Promise<VisitRule[]> {
    const rows = await this.db.query<{
      id: string | null;
      name: string;
      risk_level: RiskLevel | null;
      categories: ServiceCategory[] | null;
      period: VisitPeriod;
      min_visits: number;
      first_visit_within_days: number | null;
    }>(`select * from visit_rules() order by name`);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      riskLevel: r.risk_level,
      categories: r.categories,
      period: r.period,
      minVisits: r.min_visits,
      firstVisitWithinDays: r.first_visit_within_days,
    }));
  }

  async setRules(actor: Actor, input: VisitRulesInput): Promise<VisitRule[]> {
    this.access.assert(actor, 'update', 'ServiceCatalog', { id: actor.tenantId ?? undefined });
    input.rules.forEach((r, i) => {
      if (!r.riskLevel && !r.categories?.length) throw BadInputError.field(`rules.${i}.riskLevel`, 'a rule names a risk level, categories, or both');
    });
    await this.db.query(`delete from visit_rule`);
    for (const r of input.rules) {
      await this.db.query(
        `insert into visit_rule (tenant_id, name, risk_level, categories, period, min_visits, first_visit_within_days)
         values (app_tenant(), $1, $2, $3, $4, $5, $6)`,
        [r.name, r.riskLevel ?? null, r.categories?.length ? r.categories : null, r.period, r.minVisits, r.firstVisitWithinDays ?? null],
      );
    }
    return this.rules();
  }
}
