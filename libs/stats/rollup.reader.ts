import { Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '@platform/config/app-config';
import { Db } from '@platform/database/db';
import { tile, yearStart } from './periods';

/** How totals are grouped: the whole subtree, each child of the root, each node path (station), or each time slice. */
export type Bucket = 'whole' | 'child' | 'path' | 'slice';

/** A named date range read as one column of the answer (the whole period, or a month). */
export interface Slice {
  key: string;
  from: string;
  to: string;
}

/** A total as exact decimal text with two places ('12.50', counts as '3.00'). */
export interface Total {
  kind: Bucket;
  bucket: string;
  metric: string;
  value: string;
}

export interface RollupRead {
  tenantId: string;
  /** The subtree's root path; only totals under it, and under the caller's scope, are read. */
  root: string;
  scope: string[];
  buckets: Bucket[];
  slices: Slice[];
  /** Additive flows, summed over each slice. */
  flows: readonly string[];
  /** Distinct-member flows, counted over each slice. */
  distinct: readonly string[];
  /** Stocks standing on a day (read with a single slice). */
  stocks?: { on: string; metrics: readonly string[] };
}

/** The bucket of a total `row` read for a time slice `slice` (whose `key` names it). */
function bucketSql(bucket: Bucket, slice: string, row: string): string {
  switch (bucket) {
    case 'whole':
      return `'all'`;
    case 'slice':
      return `${slice}.key`;
    case 'path':
      return `${row}.org_path::text`;
    case 'child':
      return `(case when nlevel(${row}.org_path) > nlevel($2::ltree) then subpath(${row}.org_path, 0, nlevel($2::ltree) + 1) else ${row}.org_path end)::text`;
  }
}

/** Groups each total once per bucket kind asked for. */
const BUCKETS = (buckets: Bucket[], slice: string, row: string) =>
  `cross join lateral (values ${buckets.map((b) => `('${b}', ${bucketSql(b, slice, row)})`).join(', ')}) b(kind, bucket)`;

/** Each slice's periods as parallel arrays for unnest(), and whether the slice is one whole period. */
function periodsOf(slices: Slice[]): { keys: string[]; grains: string[]; starts: string[]; single: string[] } {
  const out = { keys: [] as string[], grains: [] as string[], starts: [] as string[], single: [] as string[] };
  for (const s of slices) {
    const periods = tile(s.from, s.to);
    if (periods.length === 1) out.single.push(s.key);
    for (const p of periods) {
      out.keys.push(s.key);
      out.grains.push(p.grain);
      out.starts.push(p.start);
    }
  }
  return out;
}

/** Under the root, and under the caller's scope unless the root already lies within it ($3 true). */
const IN_SUBTREE = (alias: string) => `${alias}.tenant_id = $1 and ${alias}.org_path <@ $2::ltree and ($3 or ${alias}.org_path <@ $4::ltree[])`;

/**
 * Reads the statistics rollup kept by the StatRollup migration's triggers, in one statement
 * whatever is asked: a few thousand totals, whatever the number of records behind them. The
 * subtree and the caller's scope are filtered in SQL, and row-level security applies as to the
 * records.
 *
 * Distinct members over a slice that is one whole period are the member counts per path, less the
 * repeats of members seen at several paths of a bucket; over a slice of several periods they are
 * counted directly.
 */
/**
 * Reports already read, by what was asked and the city's statistics version then: every change to
 * a figure moves the version in its own transaction (see the StatVersion migration), so an entry
 * is served only while no figure behind it has changed since. Only reads whose subtree lies inside
 * the caller's scope are kept: their answer is then the same for every caller who may ask. A
 * reader reads the version before the totals, so what it keeps is never older than the version it
 * keeps it under. Bounded: the oldest entry goes first.
 */
const kept = new Map<string, Total[]>();

@Injectable()
export class RollupReader {
  private readonly maxKept: number;

  constructor(
    private readonly db: Db,
    @Optional() config?: AppConfig,
  ) {
    this.maxKept = config?.STATS_KEPT_REPORTS ?? 0;
  }

  async read(r: RollupRead): Promise<Total[]> {
    const rootInScope = r.scope.some((path) => r.root === path || r.root.startsWith(`${path}.`) || path === '');
    // Outside a request (the bench's plain SQL) there is no version to key by: read every time.
    const request = (this.db as { request?: Db['request'] }).request === undefined ? undefined : this.db.request;
    if (!rootInScope || !request || !this.maxKept) return this.compute(r, rootInScope);
    const version = await request.once(`stats.version:${r.tenantId}`, async () => {
      const [row] = await this.db.query<{ v: string }>(`select coalesce(sum(version), 0)::text as v from stat_version where tenant_id = $1`, [r.tenantId]);
      return row.v;
    });
    const key = JSON.stringify([r.tenantId, version, r.root, r.buckets, r.slices, r.flows, r.distinct, r.stocks ?? null]);
    const hit = kept.get(key);
    if (hit) return hit;
    const totals = await this.compute(r, rootInScope);
    if (kept.size >= this.maxKept) kept.delete(kept.keys().next().value!);
    kept.set(key, totals);
    return totals;
  }

  private async compute(r: RollupRead, rootInScope: boolean): Promise<Total[]> {
    const params: unknown[] = [r.tenantId, r.root, rootInScope, r.scope];
    const param = (value: unknown, type: string) => `$${params.push(value)}::${type}`;
    const periods = periodsOf(r.slices);
    const ctes = [
      `p as not materialized (select p.*, p.key = any(${param(periods.single, 'text[]')}) as single
               from unnest(${param(periods.keys, 'text[]')}, ${param(periods.grains, '"char"[]')}, ${param(periods.starts, 'date[]')}) p(key, grain, period))`,
    ];
    const parts: string[] = [];
    if (r.flows.length)
      parts.push(`select b.kind, b.bucket, f.metric, sum(f.value) as value
                    from p join stat_flow f on f.grain = p.grain and f.period = p.period ${BUCKETS(r.buckets, 'p', 'f')}
                   where ${IN_SUBTREE('f')} and f.metric = any(${param(r.flows, 'text[]')}) group by 1, 2, 3`);
    if (r.stocks) {
      // Every change up to the day: years before its own from the yearly totals, then the tiles of its year.
      const year = { key: r.slices[0]?.key ?? 'all', from: yearStart(r.stocks.on), to: r.stocks.on };
      const { grains, starts } = periodsOf([year]);
      ctes.push(`s as (select * from unnest(${param(grains, '"char"[]')}, ${param(starts, 'date[]')}) s(grain, period))`);
      parts.push(`select b.kind, b.bucket, f.metric, sum(f.value) as value
                    from (select f.tenant_id, f.org_path, f.metric, f.value from stat_flow f where f.grain = 'Y' and f.period < ${param(year.from, 'date')}
                          union all
                          select f.tenant_id, f.org_path, f.metric, f.value from s join stat_flow f on f.grain = s.grain and f.period = s.period) f
                    cross join (select ${param(year.key, 'text')} as key) k ${BUCKETS(r.buckets, 'k', 'f')}
                   where ${IN_SUBTREE('f')} and f.metric = any(${param(r.stocks.metrics, 'text[]')}) group by 1, 2, 3`);
    }
    if (r.distinct.length) {
      const metrics = param(r.distinct, 'text[]');
      if (periods.single.length)
        parts.push(
          `select b.kind, b.bucket, c.metric, sum(c.members) as value
             from p join stat_member_count c on c.grain = p.grain and c.period = p.period ${BUCKETS(r.buckets, 'p', 'c')}
            where ${IN_SUBTREE('c')} and c.metric = any(${metrics}) and p.single group by 1, 2, 3`,
          `select b.kind, b.bucket, m.metric, count(distinct m.member_id) - count(*) as value
             from p join stat_member_paths s on s.tenant_id = $1 and s.metric = any(${metrics}) and s.grain = p.grain and s.period = p.period and s.paths > 1
             join stat_member m on m.tenant_id = s.tenant_id and m.metric = s.metric and m.grain = s.grain and m.period = s.period and m.member_id = s.member_id
             ${BUCKETS(r.buckets, 'p', 'm')}
            where ${IN_SUBTREE('m')} and p.single group by 1, 2, 3`,
        );
      if (periods.single.length < r.slices.length)
        parts.push(`select b.kind, b.bucket, m.metric, count(distinct m.member_id) as value
                      from p join stat_member m on m.metric = any(${metrics}) and m.grain = p.grain and m.period = p.period ${BUCKETS(r.buckets, 'p', 'm')}
                     where ${IN_SUBTREE('m')} and not p.single group by 1, 2, 3`);
    }
    if (!parts.length) return [];
    return this.db.query<Total>(
      `with ${ctes.join(', ')}
       select kind, bucket, metric, round(sum(value), 2)::text as value from (${parts.join('\nunion all\n')}) t group by 1, 2, 3`,
      params,
    );
  }
}
