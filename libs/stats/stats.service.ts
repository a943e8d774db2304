import { Injectable } from '@nestjs/common';
import { AccessService } from '@access/access.service';
import { Actor } from '@access/actor';
import { VisitService } from '@activities/visits/visit.service';
import { OrgUnitService } from '@org/org-units/org-unit.service';
import { Db } from '@platform/database/db';
import { BadInputError } from '@platform/errors/domain-errors';
import { ComplianceService } from '@staffing/compliance/compliance.service';
import { DECIMAL_METRICS, FLOW_METRICS, FLOW_SOURCES, REGISTERED_ON, STOCK_METRICS, STOCK_SOURCES } from './metrics';
import {
  CategoryCount,
  MonthFigures,
  NodeFigures,
  RankMetric,
  ReportingCompleteness,
  ReportScope,
  RiskCount,
  StaffingFigures,
  StatFigures,
  StationRank,
  StatisticsReport,
} from './stats.model';

type Bucket = (date: string) => string;

/** Buckets: the whole subtree; the child node below the root; the month; the station (its path). */
const WHOLE: Bucket = () => `'all'`;
const CHILD: Bucket = () => `case when nlevel(x.org_path) > nlevel($1::ltree) then subpath(x.org_path, 0, nlevel($1::ltree) + 1) else x.org_path end::text`;
const MONTH: Bucket = (date) => `to_char(${date}, 'YYYY-MM')`;
const STATION: Bucket = () => `x.org_path::text`;

function emptyFigures(withStocks: boolean): StatFigures {
  const f = Object.fromEntries([...FLOW_METRICS].map((m) => [m, DECIMAL_METRICS.has(m) ? '0.00' : 0])) as unknown as StatFigures;
  for (const m of STOCK_METRICS) (f as unknown as Record<string, number | null>)[m] = withStocks ? 0 : null;
  f.totalServices = 0;
  f.personTimes = 0;
  return f;
}

function finish(f: StatFigures): StatFigures {
  f.totalServices = f.caseRecords + f.groupSessions + f.communityActivities + f.homeVisits + f.volunteerServices;
  f.personTimes = f.groupPersonTimes + f.communityPersonTimes;
  return f;
}

/**
 * Statistics straight from the records, filtered in SQL to the caller's subtree: one query for
 * the flows and one for the stocks per breakdown, whatever the size of the subtree.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly orgUnits: OrgUnitService,
    private readonly compliance: ComplianceService,
    private readonly visits: VisitService,
  ) {}

  /**
   * A report on a subtree and period. Each part is computed when asked for (see the resolver), so
   * a caller wanting the headline figures does not pay for the monthly series or the staffing.
   */
  async report(actor: Actor, nodeId: string, from: string, to: string): Promise<StatisticsReport> {
    const root = await this.root(actor, nodeId, from, to);
    return { nodeId: root.id, from, to, scope: { actor, root, from, to, paths: actor.pathsFor('read', 'Statistics') } } as StatisticsReport;
  }

  async wholeFigures(q: ReportScope): Promise<StatFigures> {
    return (await this.figures(q.root.path, q.paths, q.from, q.to, WHOLE, true)).get('all') ?? finish(emptyFigures(true));
  }

  async children(q: ReportScope): Promise<NodeFigures[]> {
    const byChild = await this.figures(q.root.path, q.paths, q.from, q.to, CHILD, true);
    const childNodes = await this.db.query<{ id: string; code: string; name: string; path: string }>(
      `select id, code, name, path::text as path from org_unit where parent_id = $1 order by code`,
      [q.root.id],
    );
    const children: NodeFigures[] = [];
    if (byChild.has(q.root.path)) children.push({ nodeId: q.root.id, code: q.root.code, name: q.root.name, own: true, figures: byChild.get(q.root.path)! });
    for (const c of childNodes) children.push({ nodeId: c.id, code: c.code, name: c.name, own: false, figures: byChild.get(c.path) ?? finish(emptyFigures(true)) });
    return children;
  }

  async monthly(q: ReportScope): Promise<MonthFigures[]> {
    const byMonth = await this.figures(q.root.path, q.paths, q.from, q.to, MONTH, false);
    const months: string[] = [];
    for (let d = new Date(`${q.from.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= q.to.slice(0, 7); d.setUTCMonth(d.getUTCMonth() + 1))
      months.push(d.toISOString().slice(0, 7));
    return months.map((month) => ({ month, figures: byMonth.get(month) ?? finish(emptyFigures(false)) }));
  }

  /** People served on the last day by category and by risk: one query, shared by both fields of a request. */
  objects(q: ReportScope): Promise<{ byCategory: CategoryCount[]; byRisk: RiskCount[] }> {
    return this.db.request.once(`stats.objects:${q.root.id}:${q.to}`, async () => {
      const rows = await this.db.query<{ kind: string; key: string; n: number }>(
        `select 'category' as kind, c as key, count(*)::int as n from service_object x cross join unnest(x.categories) c
          where x.org_path <@ $1::ltree and x.org_path <@ $2::ltree[] and ${REGISTERED_ON} <= $3::date group by c
         union all
         select 'risk', x.risk_level, count(*)::int from service_object x
          where x.org_path <@ $1::ltree and x.org_path <@ $2::ltree[] and ${REGISTERED_ON} <= $3::date group by x.risk_level`,
        [q.root.path, q.paths, q.to],
      );
      return {
        byCategory: rows.filter((o) => o.kind === 'category').map((o) => ({ category: o.key as never, count: o.n })),
        byRisk: rows.filter((o) => o.kind === 'risk').map((o) => ({ riskLevel: o.key as never, count: o.n })),
      };
    });
  }

  async staffing(q: ReportScope): Promise<StaffingFigures> {
    const [staff] = await this.db.query<{ staff: number; certified: number }>(
      `select coalesce(sum(f.staff), 0)::int as staff, coalesce(sum(f.certified), 0)::int as certified
         from station s cross join lateral station_staffing_at(s.id, $3::date) f
        where s.org_path <@ $1::ltree and s.org_path <@ $2::ltree[]`,
      [q.root.path, q.paths, q.to],
    );
    const compliance = q.actor.canAny('read', 'StaffMember') ? await this.compliance.forSubtree(q.actor, q.root.id, q.to, { offset: 0, limit: 1 }) : null;
    return { stations: compliance?.stations ?? 0, compliant: compliance?.compliant ?? 0, staff: staff.staff, certified: staff.certified };
  }

  async visitRate(q: ReportScope): Promise<number | null> {
    return q.actor.canAny('read', 'HomeVisit') ? (await this.visits.rate(q.actor, q.root.path, q.to.slice(0, 7))).rate : null;
  }

  /** Stations of a subtree ranked by one figure over a period, highest first; stations with none rank last. */
  async ranking(actor: Actor, nodeId: string, from: string, to: string, metric: RankMetric, limit: number): Promise<StationRank[]> {
    const root = await this.root(actor, nodeId, from, to);
    const source = FLOW_SOURCES.find((s) => s.metric === metric)!;
    const rows = await this.db.query<{ station_id: string; name: string; code: string; value: string }>(
      `with v as (
         select ${STATION(source.date)} as bucket, (${source.value})::numeric as value ${source.from}
          where x.org_path <@ $1::ltree and x.org_path <@ $2::ltree[] and ${source.date} between $3::date and $4::date
                ${source.where ? `and ${source.where}` : ''}
          group by 1)
       select s.id as station_id, s.name, o.code, coalesce(v.value, 0)::text as value
         from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
         left join v on v.bucket = s.org_path::text
        where s.org_path <@ $1::ltree and s.org_path <@ $2::ltree[]
        order by coalesce(v.value, 0) desc, o.code limit $5`,
      [root.path, actor.pathsFor('read', 'Statistics'), from, to, limit],
    );
    return rows.map((r, i) => ({ rank: i + 1, stationId: r.station_id, name: r.name, code: r.code, value: r.value }));
  }

  /** Active stations of a subtree that recorded no service at all in a month. */
  async completeness(actor: Actor, nodeId: string, month: string): Promise<ReportingCompleteness> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw BadInputError.field('month', 'must be written YYYY-MM');
    const first = `${month}-01`;
    const root = await this.root(actor, nodeId, first, first);
    const recorded = FLOW_SOURCES.filter((s) => ['caseRecords', 'groupSessions', 'communityActivities', 'homeVisits', 'volunteerServices'].includes(s.metric))
      .map((s) => `exists (select 1 ${s.from} where x.org_path = s.org_path and ${s.date} between b.first and b.last ${s.where ? `and ${s.where}` : ''})`)
      .join(' or ');
    const rows = await this.db.query<{ station_id: string; name: string; code: string; reporting: boolean }>(
      `with b as (select $3::date as first, ($3::date + interval '1 month - 1 day')::date as last)
       select s.id as station_id, s.name, o.code, (${recorded}) as reporting
         from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id cross join b
        where s.org_path <@ $1::ltree and s.org_path <@ $2::ltree[] and s.status = 'ACTIVE' and (s.opened_on is null or s.opened_on <= b.last)
        order by o.code`,
      [root.path, actor.pathsFor('read', 'Statistics'), first],
    );
    const reporting = rows.filter((r) => r.reporting).length;
    return {
      month,
      stations: rows.length,
      reporting,
      rate: rows.length ? reporting / rows.length : null,
      silent: rows.filter((r) => !r.reporting).map((r) => ({ stationId: r.station_id, name: r.name, code: r.code })),
    };
  }

  private async root(actor: Actor, nodeId: string, from: string, to: string) {
    if (from > to) throw BadInputError.field('from', 'must not be after to');
    const root = await this.orgUnits.get(actor, nodeId);
    this.access.assertVisible(actor, 'Statistics', { id: root.id, path: root.path });
    return root;
  }

  /** Every flow (and, if asked, stock) figure per bucket: one query each. */
  private async figures(rootPath: string, scope: string[], from: string, to: string, bucket: Bucket, withStocks: boolean): Promise<Map<string, StatFigures>> {
    const flows = FLOW_SOURCES.map(
      (s) => `select '${s.metric}' as metric, ${bucket(s.date)} as bucket, (${s.value})::text as value ${s.from}
               where x.org_path <@ $1::ltree and x.org_path <@ $2::ltree[] and ${s.date} between $3::date and $4::date
                     ${s.where ? `and ${s.where}` : ''} group by 2`,
    );
    const result = new Map<string, StatFigures>();
    const put = (rows: { metric: string; bucket: string; value: string }[]) => {
      for (const r of rows) {
        if (!result.has(r.bucket)) result.set(r.bucket, emptyFigures(withStocks));
        (result.get(r.bucket) as unknown as Record<string, unknown>)[r.metric] = DECIMAL_METRICS.has(r.metric) ? r.value : Number(r.value);
      }
    };
    put(await this.db.query(flows.join('\nunion all\n'), [rootPath, scope, from, to]));
    if (withStocks) {
      const stocks = STOCK_SOURCES.map(
        (s) => `select '${s.metric}' as metric, ${bucket('$3::date')} as bucket, count(*)::text as value ${s.from}
                 where x.org_path <@ $1::ltree and x.org_path <@ $2::ltree[] and ${s.where.replace(/\$TO/g, '$3::date')} group by 2`,
      );
      put(await this.db.query(stocks.join('\nunion all\n'), [rootPath, scope, to]));
    }
    for (const f of result.values()) finish(f);
    return result;
  }
}
