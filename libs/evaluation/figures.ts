import { Injectable } from '@nestjs/common';
import { ComplianceService } from '@staffing';
import { ADDITIVE_METRICS, DISTINCT_METRICS, METRICS, months, RollupReader, SERVICE_METRICS, STOCK_METRICS, SUM_METRICS } from '@stats';
import { EvalMetric } from './evaluation.model';

/** Figures of the platform that are not one catalogue metric: shares in percent (0–100). */
const DERIVED: EvalMetric[] = [
  { name: 'reportingCompleteness', label: '报送完整率(有服务记录的月份占比,%)', unit: '%' },
  { name: 'staffingCompliance', label: '人员配备达标率(达标天数占比,%)', unit: '%' },
];

/**
 * What a computed rule can score: every figure of the statistics catalogue (flows and distinct
 * counts over the period, stocks on its last day, sums), read from the statistics rollup as
 * `statistics` reads them, and the derived shares above.
 */
export const EVAL_METRICS: readonly EvalMetric[] = [...METRICS.map((m) => ({ name: m.name, label: m.label, unit: m.unit })), ...DERIVED];
const KNOWN = new Set(EVAL_METRICS.map((m) => m.name));
export const isEvalMetric = (name: string) => KNOWN.has(name);
export const metricLabel = (name: string | null) => (name ? (EVAL_METRICS.find((m) => m.name === name)?.label ?? name) : null);

export interface Station {
  id: string;
  path: string;
}

/** Figures per station id, then per metric, as numbers. */
export type Figures = Map<string, Map<string, number>>;

@Injectable()
export class FigureReader {
  constructor(
    private readonly rollup: RollupReader,
    private readonly compliance: ComplianceService,
  ) {}

  /**
   * The figures of each station (its own node's records, as the ranking of stations counts them)
   * over [from, to], for the metrics named: one rollup read for the flows and stocks, one per
   * month for reporting completeness, one statement for staffing compliance.
   */
  async read(tenantId: string, root: string, stations: Station[], metrics: readonly string[], from: string, to: string): Promise<Figures> {
    const wanted = new Set(metrics);
    const parts = new Set<string>();
    for (const m of wanted) {
      const sum = SUM_METRICS.find((s) => s.name === m);
      if (sum) sum.of.forEach((p) => parts.add(p));
      else parts.add(m);
    }
    const flows = ADDITIVE_METRICS.filter((m) => parts.has(m));
    const distinct = DISTINCT_METRICS.filter((m) => parts.has(m));
    const stocks = STOCK_METRICS.filter((m) => parts.has(m));
    const byPath = new Map<string, Map<string, number>>();
    const at = (path: string) => byPath.get(path) ?? byPath.set(path, new Map()).get(path)!;
    if (flows.length || distinct.length || stocks.length) {
      const totals = await this.rollup.read({
        tenantId,
        root,
        scope: [root],
        buckets: ['path'],
        slices: [{ key: 'all', from, to }],
        flows,
        distinct,
        stocks: stocks.length ? { on: to, metrics: stocks } : undefined,
      });
      for (const t of totals) at(t.bucket).set(t.metric, Number(t.value));
    }
    const out: Figures = new Map();
    for (const s of stations) {
      const own = byPath.get(s.path) ?? new Map<string, number>();
      const f = new Map<string, number>();
      for (const m of wanted) {
        const sum = SUM_METRICS.find((x) => x.name === m);
        if (sum)
          f.set(
            m,
            sum.of.reduce((n, p) => n + (own.get(p) ?? 0), 0),
          );
        else if (KNOWN.has(m) && !DERIVED.some((d) => d.name === m)) f.set(m, own.get(m) ?? 0);
      }
      out.set(s.id, f);
    }
    if (wanted.has('reportingCompleteness')) {
      const list = months(from, to);
      const reported = new Map<string, number>();
      for (const month of list) {
        const totals = await this.rollup.read({
          tenantId,
          root,
          scope: [root],
          buckets: ['path'],
          slices: [{ key: month.month, from: month.from, to: month.to }],
          flows: SERVICE_METRICS.filter((m) => ADDITIVE_METRICS.includes(m)),
          distinct: [],
        });
        for (const path of new Set(totals.filter((t) => Number(t.value) > 0).map((t) => t.bucket))) reported.set(path, (reported.get(path) ?? 0) + 1);
      }
      for (const s of stations) out.get(s.id)!.set('reportingCompleteness', Math.round(((reported.get(s.path) ?? 0) * 10000) / list.length) / 100);
    }
    if (wanted.has('staffingCompliance')) {
      const days = await this.compliance.daysCompliant(
        stations.map((s) => s.id),
        from,
        to,
      );
      for (const s of stations) {
        const d = days.get(s.id);
        out.get(s.id)!.set('staffingCompliance', d && d.days ? Math.round((d.compliant * 10000) / d.days) / 100 : 0);
      }
    }
    return out;
  }
}
