import { createHash } from 'node:crypto';
import { DIMENSIONS, METRICS, MetricSource } from './catalogue';

/**
 * The rollup's SQL, generated from the metric catalogue: one trigger function per source table
 * (statement-level, with transition tables: a change's effect is the figures of the new rows less
 * those of the old, the other tables as they stand), and `stat_rebuild`, which recomputes a city's
 * totals from its records. See the StatRollup migration for the tables, and syncRollup below for
 * how a changed catalogue reaches a database.
 */

/** One generated row source: SQL yielding (tenant_id, org_path, day, metric, value | member_id). */
interface RowSource {
  /** The metric names it yields (a dimension's are `prefix:…`). */
  key: string;
  tables: readonly string[];
  sql: string;
  kind: 'flow' | 'member';
}

function named(name: string, source: MetricSource, kind: 'flow' | 'member'): RowSource {
  const last = kind === 'flow' ? 'value' : 'member_id';
  return {
    key: name,
    tables: source.tables,
    kind,
    sql: `select r.tenant_id, r.org_path, r.day, '${name}'::text, r.${last} from (${source.sql}) r(tenant_id, org_path, day, ${last})`,
  };
}

/** Every row source of the catalogue: flows and stocks (additive), distinct flows (members), and the dimensions. */
export function rowSources(): RowSource[] {
  const sources: RowSource[] = [];
  for (const m of METRICS) {
    for (const source of [...(m.source ? [m.source] : []), ...(m.sources ?? [])])
      sources.push(named(m.name, source, m.shape === 'distinct' ? 'member' : 'flow'));
  }
  for (const d of DIMENSIONS) {
    sources.push({
      key: `${d.prefix}:*`,
      tables: d.source.tables,
      kind: 'flow',
      sql: `select r.tenant_id, r.org_path, r.day, '${d.prefix}:' || r.key, r.value from (${d.source.sql}) r(tenant_id, org_path, day, key, value)`,
    });
  }
  return sources;
}

/** The tables whose changes move some figure. */
export function sourceTables(): string[] {
  return [...new Set(rowSources().flatMap((s) => s.tables))].sort();
}

/** The source rows with `table` read from a transition table, the others as they stand. */
function bind(sql: string, table: string, rows: string): string {
  return sql.replace(/\{(\w+)\}/g, (_, t: string) => (t === table ? rows : t));
}

/** Signed contributions of a change to `table`: + for the new rows, − for the old. */
function delta(sources: RowSource[], table: string, sides: ('new_rows' | 'old_rows')[]): string | null {
  const parts = sources
    .filter((s) => s.tables.includes(table))
    .flatMap((s) => sides.map((side) => `select r.*, ${side === 'new_rows' ? 1 : -1} as sign from (${bind(s.sql, table, side)}) r`));
  return parts.length ? parts.join('\nunion all\n') : null;
}

function applyFlows(signed: string): string {
  return `
    insert into stat_flow as s (tenant_id, metric, grain, period, org_path, value)
    select d.tenant_id, d.metric, p.grain, p.period, d.org_path, sum(d.value)
      from (select r.tenant_id, r.org_path, r.day, r.metric, sum(r.value * r.sign) as value
              from (${signed}) r(tenant_id, org_path, day, metric, value, sign)
             group by 1, 2, 3, 4 having sum(r.value * r.sign) <> 0) d
     cross join lateral stat_periods(d.day) p
     group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict (tenant_id, metric, grain, period, org_path) do update set value = s.value + excluded.value;`;
}

function applyMembers(signed: string): string {
  return `
    insert into stat_member as s (tenant_id, metric, grain, period, org_path, member_id, n)
    select d.tenant_id, d.metric, p.grain, p.period, d.org_path, d.member_id, sum(d.n)
      from (select r.tenant_id, r.org_path, r.day, r.metric, r.member_id, sum(r.sign) as n
              from (${signed}) r(tenant_id, org_path, day, metric, member_id, sign)
             group by 1, 2, 3, 4, 5 having sum(r.sign) <> 0) d
     cross join lateral stat_periods(d.day) p
     group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
    on conflict (tenant_id, metric, grain, period, org_path, member_id) do update set n = s.n + excluded.n;
    delete from stat_member where n <= 0;`;
}

/**
 * Moves the statistics version of every city the changed rows belong to, in the changing
 * transaction: a kept report is not served once it commits. One of 64 shards per city, the
 * connection's, so concurrent writers each move their own row.
 */
function bumpVersion(sides: ('new_rows' | 'old_rows')[]): string {
  return `
    insert into stat_version as v (tenant_id, shard, version)
    select t.tenant_id, (pg_backend_pid() % 64)::smallint, 1
      from (${sides.map((side) => `select tenant_id from ${side}`).join(' union ')}) t
     group by 1 order by 1
    on conflict (tenant_id, shard) do update set version = v.version + 1;`;
}

/** The trigger function of one source table. */
export function syncFunctionSql(table: string): string {
  const sources = rowSources();
  const branch = (sides: ('new_rows' | 'old_rows')[]) => {
    const flows = delta(
      sources.filter((s) => s.kind === 'flow'),
      table,
      sides,
    );
    const members = delta(
      sources.filter((s) => s.kind === 'member'),
      table,
      sides,
    );
    return `${flows ? applyFlows(flows) : ''}\n${members ? applyMembers(members) : ''}\n${bumpVersion(sides)}`;
  };
  return `
    create or replace function stat_sync_${table}() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'INSERT' then ${branch(['new_rows'])}
      elsif tg_op = 'UPDATE' then ${branch(['new_rows', 'old_rows'])}
      else ${branch(['old_rows'])}
      end if;
      return null;
    end $fn$`;
}

/**
 * stat_rebuild(p_tenant, p_metrics): recomputes a city's totals from its records — of the metrics
 * named (their row sources' keys), or of every metric when null. Writers of every source table
 * wait while it runs; the owner is subject to row-level security, so it reads as the whole city
 * (an empty path is every path's ancestor).
 */
export function rebuildFunctionSql(): string {
  const sources = rowSources();
  const records = (kind: 'flow' | 'member') =>
    sources
      .filter((s) => s.kind === kind)
      .map(
        (s) =>
          `select r.*, 1 as sign from (${s.sql.replace(/\{(\w+)\}/g, '$1')}) r where r.tenant_id = p_tenant and (p_metrics is null or '${s.key}' = any(p_metrics))`,
      )
      .join('\nunion all\n');
  const matches = (column: string) =>
    `(p_metrics is null or ${column} = any(p_metrics) or (${column} like '%:%' and split_part(${column}, ':', 1) || ':*' = any(p_metrics)))`;
  return `
    create or replace function stat_rebuild(p_tenant uuid, p_metrics text[] default null) returns void language plpgsql as $fn$
    declare
      was_tenant text := current_setting('app.tenant_id', true);
      was_scope text := current_setting('app.scope', true);
    begin
      lock table ${sourceTables().join(', ')} in share mode;
      perform set_config('app.tenant_id', p_tenant::text, true), set_config('app.scope', '{""}', true), set_config('app.stat_rebuild', 'on', true);
      delete from stat_flow where tenant_id = p_tenant and ${matches('metric')};
      delete from stat_member where tenant_id = p_tenant and ${matches('metric')};
      delete from stat_member_count where tenant_id = p_tenant and ${matches('metric')};
      delete from stat_member_paths where tenant_id = p_tenant and ${matches('metric')};
      ${applyFlows(records('flow'))}
      ${applyMembers(records('member'))}
      insert into stat_member_count (tenant_id, metric, grain, period, org_path, members)
      select tenant_id, metric, grain, period, org_path, count(*) from stat_member where tenant_id = p_tenant and ${matches('metric')} group by 1, 2, 3, 4, 5;
      insert into stat_member_paths (tenant_id, metric, grain, period, member_id, paths)
      select tenant_id, metric, grain, period, member_id, count(*) from stat_member where tenant_id = p_tenant and ${matches('metric')} group by 1, 2, 3, 4, 5;
      insert into stat_version as v (tenant_id, shard, version) values (p_tenant, (pg_backend_pid() % 64)::smallint, 1)
      on conflict (tenant_id, shard) do update set version = v.version + 1;
      perform set_config('app.tenant_id', coalesce(was_tenant, ''), true), set_config('app.scope', coalesce(was_scope, ''), true),
              set_config('app.stat_rebuild', '', true);
    end $fn$`;
}

/** Each row source's definition hash: a changed hash means its totals must be computed again. */
export function catalogueHashes(): Map<string, string> {
  const bySource = new Map<string, string[]>();
  for (const s of rowSources()) bySource.set(s.key, [...(bySource.get(s.key) ?? []), JSON.stringify([s.kind, s.tables, s.sql])]);
  return new Map([...bySource].map(([key, parts]) => [key, createHash('sha256').update(parts.join('\n')).digest('hex')]));
}

/** The hash of all the generated functions together: stored to know whether they must be replaced. */
export function functionsHash(): string {
  const h = createHash('sha256');
  for (const t of sourceTables()) h.update(syncFunctionSql(t));
  h.update(rebuildFunctionSql());
  return h.digest('hex');
}

export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<{ [k: string]: unknown }[]>;
}

/**
 * The repeatable, hash-checked step that brings a database's rollup to the catalogue in the code,
 * run by every `migration:run` after the migrations (as the schema owner, in one transaction):
 * when the generated functions differ from those installed, they are replaced and every source
 * table gets its triggers; the totals of each metric whose definition changed (or is new) are
 * computed again from the records, for every city, and those of a metric no longer declared are
 * dropped. Nothing happens when the hashes match. Returns the metrics recomputed.
 */
export async function syncRollup(q: SqlRunner, log: (line: string) => void = () => undefined): Promise<string[]> {
  const [{ present }] = (await q.query(`select to_regclass('stat_catalogue') is not null as present`)) as { present: boolean }[];
  if (!present) return []; // before the migration that creates it
  const [{ versioned }] = (await q.query(`select to_regclass('stat_version') is not null as versioned`)) as { versioned: boolean }[];
  if (!versioned) return []; // the functions move stat_version: install them once it exists
  const stored = new Map(
    ((await q.query(`select key, definition_hash from stat_catalogue`)) as { key: string; definition_hash: string }[]).map((r) => [r.key, r.definition_hash]),
  );
  const wanted = catalogueHashes();
  const functions = functionsHash();
  const changed = [...wanted].filter(([key, hash]) => stored.get(key) !== hash).map(([key]) => key);
  const removed = [...stored.keys()].filter((key) => key !== '#functions' && !wanted.has(key));
  if (stored.get('#functions') === functions && !changed.length && !removed.length) return [];

  for (const table of sourceTables()) {
    await q.query(syncFunctionSql(table));
    await q.query(
      `create or replace trigger stat_${table}_inserted after insert on ${table} referencing new table as new_rows for each statement execute function stat_sync_${table}()`,
    );
    await q.query(
      `create or replace trigger stat_${table}_updated after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function stat_sync_${table}()`,
    );
    await q.query(
      `create or replace trigger stat_${table}_deleted after delete on ${table} referencing old table as old_rows for each statement execute function stat_sync_${table}()`,
    );
  }
  // A table no longer any figure's source keeps no trigger.
  const installed = (await q.query(`select replace(proname, 'stat_sync_', '') as t from pg_proc where proname like 'stat\\_sync\\_%'`)) as { t: string }[];
  for (const { t } of installed) {
    if (sourceTables().includes(t)) continue;
    for (const event of ['inserted', 'updated', 'deleted']) await q.query(`drop trigger if exists stat_${t}_${event} on ${t}`);
    await q.query(`drop function if exists stat_sync_${t}()`);
  }
  await q.query(`drop function if exists stat_rebuild(uuid)`);
  await q.query(rebuildFunctionSql());
  await q.query(`revoke all on function stat_rebuild(uuid, text[]) from public`);

  const recompute = [...changed, ...removed];
  if (recompute.length) {
    log(`Statistics: computing ${changed.length ? changed.join(', ') : ''}${removed.length ? ` (dropping ${removed.join(', ')})` : ''} from the records`);
    await q.query(`select set_config('app.platform', 'on', true)`);
    const tenants = (await q.query(`select id from tenant order by id`)) as { id: string }[];
    for (const { id } of tenants) await q.query(`select stat_rebuild($1, $2::text[])`, [id, recompute]);
    await q.query(`select set_config('app.platform', '', true)`);
  }
  await q.query(`delete from stat_catalogue`);
  await q.query(`insert into stat_catalogue (key, definition_hash) select * from unnest($1::text[], $2::text[])`, [
    ['#functions', ...wanted.keys()],
    [functions, ...wanted.values()],
  ]);
  return changed;
}
