import { Injectable } from '@nestjs/common';
import { AccessService, Actor, outrightPaths, scopeOf } from '@access';
import { VisitService } from '@activities';
import { RiskLevel, ServiceCategory } from '@casework';
import { OrgUnitService } from '@org';
import { Db } from '@platform/database/db';
import { BadInputError } from '@platform/errors/domain-errors';
import { localDateProblem, localMonthProblem } from '@platform/graphql/local-date.scalar';
import { ComplianceService } from '@staffing';
import {
  ADDITIVE_METRICS,
  categoryMetric,
  DECIMAL_METRICS,
  DISTINCT_METRICS,
  FLOW_METRICS,
  FlowMetric,
  riskMetric,
  SERVICE_METRICS,
  STOCK_METRICS,
  SUM_METRICS,
} from './metrics';
import { isAfter, lastDayOfYears, monthRange, months } from './periods';
import { Bucket, RollupRead, RollupReader, Slice } from './rollup.reader';
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

/** The longest period a report covers: its monthly series then has at most 121 months. */
export const MAX_REPORT_YEARS = 10;

/** A report's period: `from` not after `to`, both dates of the API, spanning at most MAX_REPORT_YEARS years. */
export function checkReportRange(from: string, to: string): void {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    const problem = localDateProblem(value);
    if (problem) throw BadInputError.field(field, problem);
  }
  if (isAfter(from, to)) throw BadInputError.field('from', 'must not be after to');
  if (isAfter(to, lastDayOfYears(from, MAX_REPORT_YEARS)))
    throw BadInputError.field(
      'to',
      `a report covers at most ${MAX_REPORT_YEARS} years: from ${from}, to may be ${lastDayOfYears(from, MAX_REPORT_YEARS)} at the latest`,
    );
}

function emptyFigures(withStocks: boolean): StatFigures {
  const f = Object.fromEntries(FLOW_METRICS.map((m) => [m, DECIMAL_METRICS.has(m) ? '0.00' : 0])) as StatFigures;
  for (const m of STOCK_METRICS) f[m] = withStocks ? 0 : null;
  for (const { name } of SUM_METRICS) f[name] = 0;
  return f;
}

/** The sums of the catalogue (total services, person-times) from the figures they add up. */
function finish(f: StatFigures): StatFigures {
  for (const { name, of } of SUM_METRICS) f[name] = of.reduce((sum, m) => sum + Number(f[m] ?? 0), 0);
  return f;
}

const CATEGORY_METRICS = Object.values(ServiceCategory).map(categoryMetric);
const RISK_METRICS = Object.values(RiskLevel).map(riskMetric);

@Injectable()
export class StatsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly orgUnits: OrgUnitService,
    private readonly compliance: ComplianceService,
    private readonly visits: VisitService,
    private readonly rollup: RollupReader,
  ) {}

  /**
   * A report on a subtree and period. Each part is computed when asked for (see the resolver), so
   * a caller wanting the headline figures does not pay for the monthly series or the staffing.
   */
  async report(actor: Actor, nodeId: string, from: string, to: string): Promise<StatisticsReport> {
    const scope = await this.scope(actor, nodeId, from, to);
    return { nodeId: scope.root.id, from, to, scope } as StatisticsReport;
  }

  async wholeFigures(q: ReportScope): Promise<StatFigures> {
    return (await this.headline(q)).get('whole:all') ?? finish(emptyFigures(true));
  }

  async children(q: ReportScope): Promise<NodeFigures[]> {
    const headline = await this.headline(q);
    const byChild = new Map([...headline].filter(([key]) => key.startsWith('child:')).map(([key, f]) => [key.slice('child:'.length), f]));
    const childNodes = await this.db.query<{ id: string; code: string; name: string; path: string }>(
      `select id, code, name, path::text as path from org_unit where parent_id = $1 order by code`,
      [q.root.id],
    );
    const children: NodeFigures[] = [];
    if (byChild.has(q.root.path)) children.push({ nodeId: q.root.id, code: q.root.code, name: q.root.name, own: true, figures: byChild.get(q.root.path)! });
    for (const c of childNodes)
      children.push({ nodeId: c.id, code: c.code, name: c.name, own: false, figures: byChild.get(c.path) ?? finish(emptyFigures(true)) });
    return children;
  }

  async monthly(q: ReportScope): Promise<MonthFigures[]> {
    const slices = months(q.from, q.to).map((m) => ({ key: m.month, from: m.from, to: m.to }));
    const byMonth = await this.figures(q, { buckets: ['slice'], slices, flows: ADDITIVE_METRICS, distinct: DISTINCT_METRICS }, false);
    return slices.map(({ key }) => ({ month: key, figures: byMonth.get(`slice:${key}`) ?? finish(emptyFigures(false)) }));
  }

  /** People served on the last day by category and by risk: one read, shared by both fields of a request. */
  objects(q: ReportScope): Promise<{ byCategory: CategoryCount[]; byRisk: RiskCount[] }> {
    return this.db.request.once(`stats.objects:${q.root.id}:${q.to}`, async () => {
      const totals = await this.rollup.read({
        ...this.subtree(q),
        buckets: ['whole'],
        slices: [],
        flows: [],
        distinct: [],
        stocks: { on: q.to, metrics: [...CATEGORY_METRICS, ...RISK_METRICS] },
      });
      const count = (metric: string) => Number(totals.find((t) => t.metric === metric)?.value ?? 0);
      return {
        byCategory: Object.values(ServiceCategory)
          .map((category) => ({ category, count: count(categoryMetric(category)) }))
          .filter((c) => c.count > 0),
        byRisk: Object.values(RiskLevel)
          .map((riskLevel) => ({ riskLevel, count: count(riskMetric(riskLevel)) }))
          .filter((c) => c.count > 0),
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
    const scope = await this.scope(actor, nodeId, from, to);
    const byPath = await this.totals(scope, 'path', [{ key: 'all', from, to }], [metric]);
    const value = (path: string) => byPath.get(`path:${path}`)?.[metric] ?? '0.00';
    return (await this.stations(scope, false))
      .map((s) => ({ ...s, value: value(s.path) }))
      .sort((a, b) => Number(b.value) - Number(a.value) || a.code.localeCompare(b.code))
      .slice(0, limit)
      .map((s, i) => ({ rank: i + 1, stationId: s.id, name: s.name, code: s.code, value: DECIMAL_METRICS.has(metric) ? s.value : String(Number(s.value)) }));
  }

  /** Active stations of a subtree that recorded no service at all in a month. */
  async completeness(actor: Actor, nodeId: string, month: string): Promise<ReportingCompleteness> {
    const problem = localMonthProblem(month);
    if (problem) throw BadInputError.field('month', problem);
    const { from, to } = monthRange(month);
    const scope = await this.scope(actor, nodeId, from, to);
    const byPath = await this.totals(scope, 'path', [{ key: month, from, to }], SERVICE_METRICS);
    const rows = (await this.stations(scope, true)).map((s) => ({
      ...s,
      reporting: SERVICE_METRICS.some((m) => Number(byPath.get(`path:${s.path}`)?.[m] ?? 0) > 0),
    }));
    const reporting = rows.filter((r) => r.reporting).length;
    return {
      month,
      stations: rows.length,
      reporting,
      rate: rows.length ? reporting / rows.length : null,
      silent: rows.filter((r) => !r.reporting).map((r) => ({ stationId: r.id, name: r.name, code: r.code })),
    };
  }

  /** Stations of the report's subtree in code order; `activeOnly` keeps those active and opened by the scope's last day. */
  private stations(q: ReportScope, activeOnly: boolean): Promise<{ id: string; name: string; code: string; path: string }[]> {
    return this.db.query(
      `select s.id, s.name, o.code, s.org_path::text as path
         from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
        where s.org_path <@ $1::ltree and s.org_path <@ $2::ltree[]
          and (not $3 or (s.status = 'ACTIVE' and (s.opened_on is null or s.opened_on <= $4::date)))
        order by o.code`,
      [q.root.path, q.paths, activeOnly, q.to],
    );
  }

  /** The subtree and period a statistic is asked for, once the caller may see the node. */
  private async scope(actor: Actor, nodeId: string, from: string, to: string): Promise<ReportScope> {
    checkReportRange(from, to);
    const root = await this.orgUnits.get(actor, nodeId);
    this.access.assertVisible(actor, 'Statistics', { id: root.id, path: root.path });
    return { actor, root, from, to, paths: outrightPaths(scopeOf(actor, 'read', 'Statistics')) };
  }

  private subtree(q: ReportScope) {
    return { tenantId: q.actor.tenantId!, root: q.root.path, scope: q.paths };
  }

  /** The headline figures of the subtree and of each child, in one read shared by both fields of a request. */
  private headline(q: ReportScope): Promise<Map<string, StatFigures>> {
    return this.db.request.once(`stats.headline:${q.root.id}:${q.from}:${q.to}`, () =>
      this.figures(
        q,
        {
          buckets: ['whole', 'child'],
          slices: [{ key: 'all', from: q.from, to: q.to }],
          flows: ADDITIVE_METRICS,
          distinct: DISTINCT_METRICS,
          stocks: { on: q.to, metrics: STOCK_METRICS },
        },
        true,
      ),
    );
  }

  /** Raw totals of some flow metrics per `kind:bucket`, as strings. */
  private async totals(q: ReportScope, bucket: Bucket, slices: Slice[], metrics: readonly FlowMetric[]): Promise<Map<string, Record<string, string>>> {
    const rows = await this.rollup.read({
      ...this.subtree(q),
      buckets: [bucket],
      slices,
      flows: metrics.filter((m) => ADDITIVE_METRICS.includes(m)),
      distinct: metrics.filter((m) => DISTINCT_METRICS.includes(m)),
    });
    return group(rows);
  }

  /** Figures per `kind:bucket`; stocks are null unless read. */
  private async figures(q: ReportScope, read: Omit<RollupRead, 'tenantId' | 'root' | 'scope'>, withStocks: boolean): Promise<Map<string, StatFigures>> {
    const result = new Map<string, StatFigures>();
    for (const [key, values] of group(await this.rollup.read({ ...this.subtree(q), ...read }))) {
      const f = emptyFigures(withStocks);
      for (const [metric, value] of Object.entries(values)) f[metric] = DECIMAL_METRICS.has(metric) ? value : Number(value);
      result.set(key, finish(f));
    }
    return result;
  }
}

function group(rows: { kind: string; bucket: string; metric: string; value: string }[]): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>();
  for (const r of rows) {
    const key = `${r.kind}:${r.bucket}`;
    if (!result.has(key)) result.set(key, {});
    result.get(key)![r.metric] = r.value;
  }
  return result;
}
