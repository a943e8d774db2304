import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics rollup: every service record adds its figures to per-node, per-period totals in the
 * same statement that writes it, so a city-wide report reads a few thousand totals instead of
 * millions of records, and a report read while records are being written sees exactly the records
 * committed before it.
 *
 * - `stat_flow` holds additive figures (counts, person-times, hours, money) per node path, metric
 *   and period, at five grains: day, month, quarter, half-year and year. A date range is read as
 *   the fewest whole periods that tile it. Stock figures (people registered, cases active) are
 *   kept as their changes on the day they happen; a stock on a day is the sum of changes up to it.
 * - `stat_member` holds distinct-count figures (volunteers who served, organizations mobilized)
 *   as the members seen per node path and period, with `n` records behind each. `stat_member_count`
 *   counts members per node path and period, and `stat_member_paths` the paths per member and
 *   period: a subtree's distinct members in one period are the sum of the counts, less the members
 *   seen at more than one path of the subtree — rare, and found through a partial index.
 *
 * Each source table has statement-level triggers with transition tables. A change's effect is the
 * figures of the new rows less those of the old, with the other tables as they stand (one table
 * changes per statement). Totals are upserted in key order, so concurrent writers queue on a row
 * lock instead of losing an update or deadlocking.
 */

/** Additive figures: (tenant_id, org_path, day, metric, value) rows, `{table}` standing for each source table. */
const FLOWS: { tables: string[]; sql: string }[] = [
  { tables: ['case_note'], sql: `select x.tenant_id, x.org_path, x.note_date, 'caseRecords', 1::numeric from {case_note} x` },
  {
    tables: ['case_file'],
    sql: `select x.tenant_id, x.org_path, x.opened_on, 'casesOpened', 1::numeric from {case_file} x
          union all select x.tenant_id, x.org_path, x.closed_on, 'casesClosed', 1 from {case_file} x where x.closed_on is not null
          union all select x.tenant_id, x.org_path, x.opened_on, 'casesActive', 1 from {case_file} x
          union all select x.tenant_id, x.org_path, greatest(x.opened_on, x.closed_on), 'casesActive', -1 from {case_file} x where x.closed_on is not null`,
  },
  {
    tables: ['group_session', 'group_work'],
    sql: `select x.tenant_id, x.org_path, x.session_date, 'groupSessions', 1::numeric
            from {group_session} x join {group_work} g on g.tenant_id = x.tenant_id and g.id = x.group_id
           where x.voided_at is null and g.voided_at is null`,
  },
  {
    tables: ['group_session', 'group_work', 'session_attendance'],
    sql: `select x.tenant_id, x.org_path, x.session_date, 'groupPersonTimes', 1::numeric
            from {group_session} x join {group_work} g on g.tenant_id = x.tenant_id and g.id = x.group_id
            join {session_attendance} a on a.tenant_id = x.tenant_id and a.session_id = x.id
           where x.voided_at is null and g.voided_at is null`,
  },
  {
    tables: ['community_activity'],
    sql: `select x.tenant_id, x.org_path, x.activity_date, 'communityActivities', 1::numeric from {community_activity} x where x.voided_at is null
          union all select x.tenant_id, x.org_path, x.activity_date, 'communityPersonTimes', coalesce(x.participant_count, 0)
            from {community_activity} x where x.voided_at is null`,
  },
  { tables: ['home_visit'], sql: `select x.tenant_id, x.org_path, x.visit_date, 'homeVisits', 1::numeric from {home_visit} x where x.voided_at is null` },
  {
    tables: ['volunteer_service'],
    sql: `select x.tenant_id, x.org_path, x.service_date, 'volunteerServices', 1::numeric from {volunteer_service} x where x.voided_at is null
          union all select x.tenant_id, x.org_path, x.service_date, 'volunteerHours', x.hours from {volunteer_service} x where x.voided_at is null`,
  },
  {
    tables: ['social_organization'],
    sql: `select x.tenant_id, x.org_path, x.cultivated_since, 'organizationsNewlyCultivated', 1::numeric from {social_organization} x where x.cultivated_since is not null`,
  },
  { tables: ['linkage'], sql: `select x.tenant_id, x.org_path, x.linkage_date, 'linkages', 1::numeric from {linkage} x where x.voided_at is null` },
  {
    // A donation filed under a linkage details that linkage's contribution and is not added twice.
    tables: ['linkage', 'linkage_contribution'],
    sql: `select l.tenant_id, l.org_path, l.linkage_date, m.metric, m.value
            from {linkage} l join {linkage_contribution} k on k.tenant_id = l.tenant_id and k.linkage_id = l.id
           cross join lateral (values ('charityMoney', coalesce(k.money, 0)), ('charityGoodsValue', coalesce(k.goods_value, 0))) m(metric, value)
           where l.voided_at is null`,
  },
  {
    tables: ['charity_resource'],
    sql: `select x.tenant_id, x.org_path, x.received_on, m.metric, m.value
            from {charity_resource} x cross join lateral (values ('charityMoney', coalesce(x.amount, 0)), ('charityGoodsValue', coalesce(x.goods_value, 0))) m(metric, value)
           where x.linkage_id is null and x.voided_at is null`,
  },
  {
    // People served count from their registration day in the city's time zone, by current risk and categories.
    tables: ['service_object'],
    sql: `select x.tenant_id, x.org_path, (x.created_at at time zone coalesce((select t.time_zone from tenant t where t.id = x.tenant_id), 'Asia/Shanghai'))::date,
                 m.metric, 1::numeric
            from {service_object} x cross join lateral (
                   select 'serviceObjects' union all select 'highRiskObjects' where x.risk_level = 'HIGH'
                   union all select 'risk:' || x.risk_level union all select 'category:' || c from unnest(x.categories) c) m(metric)`,
  },
  {
    tables: ['volunteer'],
    sql: `select x.tenant_id, x.org_path, x.registered_on, 'volunteersRegistered', 1::numeric from {volunteer} x where x.status = 'ACTIVE'`,
  },
];

/** Distinct-count figures: (tenant_id, org_path, day, metric, member_id) rows. */
const MEMBERS: { tables: string[]; sql: string }[] = [
  {
    tables: ['volunteer_service'],
    sql: `select x.tenant_id, x.org_path, x.service_date, 'volunteersActive', x.volunteer_id from {volunteer_service} x where x.voided_at is null`,
  },
  {
    tables: ['organization_mobilization', 'community_activity'],
    sql: `select x.tenant_id, x.org_path, a.activity_date, 'organizationsMobilized', x.organization_id
            from {organization_mobilization} x join {community_activity} a on a.tenant_id = x.tenant_id and a.id = x.activity_id
           where a.voided_at is null`,
  },
];

const SOURCES = [...new Set([...FLOWS, ...MEMBERS].flatMap((s) => s.tables))];

/** The source rows with `table` read from a transition table, the others as they stand. */
function bind(sql: string, table: string, rows: string): string {
  return sql.replace(/\{(\w+)\}/g, (_, t: string) => (t === table ? rows : t));
}

/** Signed contributions of a change to `table`: + for the new rows, − for the old. */
function delta(defs: { tables: string[]; sql: string }[], table: string, sides: ('new_rows' | 'old_rows')[]): string | null {
  const parts = defs
    .filter((d) => d.tables.includes(table))
    .flatMap((d) => sides.map((side) => `select r.*, ${side === 'new_rows' ? 1 : -1} as sign from (${bind(d.sql, table, side)}) r`));
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

function syncFunction(table: string): string {
  const branch = (sides: ('new_rows' | 'old_rows')[]) =>
    [delta(FLOWS, table, sides), delta(MEMBERS, table, sides)]
      .map((signed, i) => (signed ? (i === 0 ? applyFlows(signed) : applyMembers(signed)) : ''))
      .join('\n');
  return `
    create function stat_sync_${table}() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'INSERT' then ${branch(['new_rows'])}
      elsif tg_op = 'UPDATE' then ${branch(['new_rows', 'old_rows'])}
      else ${branch(['old_rows'])}
      end if;
      return null;
    end $fn$`;
}

const STAT_TABLES = ['stat_flow', 'stat_member', 'stat_member_count', 'stat_member_paths'];

export class StatRollup1764600000000 implements MigrationInterface {
  name = 'StatRollup1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function stat_periods(day date) returns table (grain "char", period date)
      language sql immutable parallel safe as $$
        values ('D'::"char", day),
               ('M', date_trunc('month', day::timestamp)::date),
               ('Q', date_trunc('quarter', day::timestamp)::date),
               ('H', make_date(extract(year from day)::int, case when extract(month from day) <= 6 then 1 else 7 end, 1)),
               ('Y', date_trunc('year', day::timestamp)::date)
      $$`);
    await q.query(`
      create table stat_flow (
        tenant_id uuid not null references tenant (id) on delete cascade,
        metric text not null,
        grain "char" not null,
        period date not null,
        org_path ltree not null,
        value numeric not null,
        constraint pk_stat_flow primary key (tenant_id, metric, grain, period, org_path),
        constraint ck_stat_flow_grain check (grain in ('D', 'M', 'Q', 'H', 'Y'))
      )`);
    await q.query(`create index ix_stat_flow_period on stat_flow (tenant_id, grain, period) include (metric, org_path, value)`);
    await q.query(`
      create table stat_member (
        tenant_id uuid not null references tenant (id) on delete cascade,
        metric text not null,
        grain "char" not null,
        period date not null,
        org_path ltree not null,
        member_id uuid not null,
        n integer not null,
        constraint pk_stat_member primary key (tenant_id, metric, grain, period, org_path, member_id)
      )`);
    await q.query(`create index ix_stat_member_member on stat_member (tenant_id, metric, grain, period, member_id)`);
    await q.query(`create index ix_stat_member_spent on stat_member (tenant_id) where n <= 0`);
    await q.query(`
      create table stat_member_count (
        tenant_id uuid not null references tenant (id) on delete cascade,
        metric text not null,
        grain "char" not null,
        period date not null,
        org_path ltree not null,
        members integer not null,
        constraint pk_stat_member_count primary key (tenant_id, metric, grain, period, org_path)
      )`);
    await q.query(`
      create table stat_member_paths (
        tenant_id uuid not null references tenant (id) on delete cascade,
        metric text not null,
        grain "char" not null,
        period date not null,
        member_id uuid not null,
        paths integer not null,
        constraint pk_stat_member_paths primary key (tenant_id, metric, grain, period, member_id)
      )`);
    await q.query(`create index ix_stat_member_paths_shared on stat_member_paths (tenant_id, metric, grain, period) where paths > 1`);

    // A member first seen at a path adds to the counts; one no longer seen there takes away.
    await q.query(`
      create function stat_member_counted() returns trigger language plpgsql as $fn$
      begin
        if current_setting('app.stat_rebuild', true) = 'on' then
          return null; -- stat_rebuild counts the members itself, in bulk
        elsif tg_op = 'INSERT' then
          insert into stat_member_count as c (tenant_id, metric, grain, period, org_path, members)
          select tenant_id, metric, grain, period, org_path, count(*) from new_rows group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
          on conflict (tenant_id, metric, grain, period, org_path) do update set members = c.members + excluded.members;
          insert into stat_member_paths as p (tenant_id, metric, grain, period, member_id, paths)
          select tenant_id, metric, grain, period, member_id, count(*) from new_rows group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
          on conflict (tenant_id, metric, grain, period, member_id) do update set paths = p.paths + excluded.paths;
        else
          update stat_member_count c set members = c.members - o.n
            from (select tenant_id, metric, grain, period, org_path, count(*) as n from old_rows group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5) o
           where (c.tenant_id, c.metric, c.grain, c.period, c.org_path) = (o.tenant_id, o.metric, o.grain, o.period, o.org_path);
          update stat_member_paths p set paths = p.paths - o.n
            from (select tenant_id, metric, grain, period, member_id, count(*) as n from old_rows group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5) o
           where (p.tenant_id, p.metric, p.grain, p.period, p.member_id) = (o.tenant_id, o.metric, o.grain, o.period, o.member_id);
        end if;
        return null;
      end $fn$`);
    await q.query(`create trigger stat_member_added after insert on stat_member referencing new table as new_rows for each statement execute function stat_member_counted()`);
    await q.query(`create trigger stat_member_removed after delete on stat_member referencing old table as old_rows for each statement execute function stat_member_counted()`);

    // Rebuilding a city's totals from its records: the backfill below, and the remedy should totals
    // ever be doubted. Writers of every source table wait while it runs; the owner is subject to
    // row-level security, so it reads as the whole city (an empty path is every path's ancestor).
    const records = (defs: { sql: string }[]) =>
      defs.map((d) => `select r.*, 1 as sign from (${d.sql.replace(/\{(\w+)\}/g, '$1')}) r where r.tenant_id = p_tenant`).join('\nunion all\n');
    await q.query(`
      create function stat_rebuild(p_tenant uuid) returns void language plpgsql as $fn$
      declare
        was_tenant text := current_setting('app.tenant_id', true);
        was_scope text := current_setting('app.scope', true);
      begin
        lock table ${SOURCES.join(', ')} in share mode;
        perform set_config('app.tenant_id', p_tenant::text, true), set_config('app.scope', '{""}', true), set_config('app.stat_rebuild', 'on', true);
        delete from stat_flow where tenant_id = p_tenant;
        delete from stat_member where tenant_id = p_tenant;
        delete from stat_member_count where tenant_id = p_tenant;
        delete from stat_member_paths where tenant_id = p_tenant;
        ${applyFlows(records(FLOWS))}
        ${applyMembers(records(MEMBERS))}
        insert into stat_member_count (tenant_id, metric, grain, period, org_path, members)
        select tenant_id, metric, grain, period, org_path, count(*) from stat_member where tenant_id = p_tenant group by 1, 2, 3, 4, 5;
        insert into stat_member_paths (tenant_id, metric, grain, period, member_id, paths)
        select tenant_id, metric, grain, period, member_id, count(*) from stat_member where tenant_id = p_tenant group by 1, 2, 3, 4, 5;
        perform set_config('app.tenant_id', coalesce(was_tenant, ''), true), set_config('app.scope', coalesce(was_scope, ''), true),
                set_config('app.stat_rebuild', '', true);
      end $fn$`);
    await q.query(`revoke all on function stat_rebuild(uuid) from public`);
    await q.query(`
      do $$
      declare t uuid;
      begin
        perform set_config('app.platform', 'on', true);
        for t in select id from tenant loop perform stat_rebuild(t); end loop;
        perform set_config('app.platform', '', true);
      end $$`);

    for (const table of SOURCES) {
      await q.query(syncFunction(table));
      await q.query(`create trigger stat_${table}_inserted after insert on ${table} referencing new table as new_rows for each statement execute function stat_sync_${table}()`);
      await q.query(
        `create trigger stat_${table}_updated after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function stat_sync_${table}()`,
      );
      await q.query(`create trigger stat_${table}_deleted after delete on ${table} referencing old table as old_rows for each statement execute function stat_sync_${table}()`);
    }

    // Joins from a changed activity or session to the rows that hang off it.
    await q.query(`create index if not exists ix_organization_mobilization_activity on organization_mobilization (tenant_id, activity_id)`);

    for (const table of STAT_TABLES) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    for (const table of ['stat_flow', 'stat_member', 'stat_member_count']) {
      await q.query(`create policy ${table}_access on ${table} using (tenant_id = (select app_tenant()) and org_path <@ (select app_scope()))`);
    }
    // A member's path count says nothing about where; readers reach the paths through stat_member.
    await q.query(`create policy stat_member_paths_access on stat_member_paths using (tenant_id = (select app_tenant()))`);
    await q.query(`grant select, insert, update, delete on ${STAT_TABLES.join(', ')} to swsp_app`);
    await q.query(`grant execute on function stat_periods(date) to swsp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of SOURCES) {
      for (const event of ['inserted', 'updated', 'deleted']) await q.query(`drop trigger if exists stat_${table}_${event} on ${table}`);
      await q.query(`drop function if exists stat_sync_${table}()`);
    }
    await q.query(`drop index if exists ix_organization_mobilization_activity`);
    await q.query(`drop table if exists ${STAT_TABLES.join(', ')}`);
    await q.query(`drop function if exists stat_member_counted()`);
    await q.query(`drop function if exists stat_rebuild(uuid)`);
    await q.query(`drop function if exists stat_periods(date)`);
  }
}
