import { TestApp } from './support/test-app';

/**
 * The schema is ready to be distributed by city (Citus, distribution column tenant_id): a city's
 * rows of every table then live on one worker, and every key and reference between them can be
 * checked there. README § Scale says what else such an install needs.
 */
describe('ready to distribute by tenant_id', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ seed: false });
  });
  afterAll(() => t?.close());

  /** Tables without tenant_id, each with why: the reference table of cities, and what belongs to the platform itself. */
  const NOT_DISTRIBUTED: Record<string, string> = {
    tenant: 'the cities: a reference table, copied to every worker',
    platform_operator: 'the SaaS operators, who belong to no city',
    operator_session: 'the operators’ sign-ins',
    auth_throttle: 'sign-in attempts, counted before any city is known',
    rate_limit_hit: 'request counts per session, kept by the API replicas',
    stat_catalogue: 'the metric definitions installed, one per database',
    schema_migrations: 'the migrations applied',
  };

  it('every table carries a non-null tenant_id, or is named here with the reason', async () => {
    const tables = await t.ownerQuery<{ relname: string; has_tenant: boolean; not_null: boolean }>(
      `select c.relname, a.attname is not null as has_tenant, coalesce(a.attnotnull, false) as not_null
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         left join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where n.nspname = 'public' and c.relkind = 'r' order by 1`,
    );
    expect(tables.length).toBeGreaterThan(30);
    expect(
      tables
        .filter((r) => !r.has_tenant)
        .map((r) => r.relname)
        .sort(),
    ).toEqual(Object.keys(NOT_DISTRIBUTED).sort());
    expect(tables.filter((r) => r.has_tenant && !r.not_null).map((r) => r.relname)).toEqual([]);
  });

  it('every primary key, unique constraint and unique index of a tenant table includes tenant_id', async () => {
    const missing = await t.ownerQuery(
      `with tt as (select c.oid, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
                    where n.nspname = 'public' and c.relkind = 'r')
       select tt.relname, i.indexrelid::regclass::text as key
         from tt join pg_index i on i.indrelid = tt.oid
        where i.indisunique
          and not exists (select 1 from unnest(i.indkey) k join pg_attribute a on a.attrelid = tt.oid and a.attnum = k where a.attname = 'tenant_id')
        order by 1, 2`,
    );
    expect(missing).toEqual([]);
    const [{ keys }] = await t.ownerQuery(
      `select count(*)::int as keys from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and i.indisunique`,
    );
    expect(keys).toBeGreaterThan(40);
  });

  it('every foreign key between tenant tables includes tenant_id on both sides, in the same position', async () => {
    const fks = await t.ownerQuery<{ relname: string; conname: string; target: string; local: string[]; remote: string[] }>(
      `with tt as (select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
                    where n.nspname = 'public' and c.relkind = 'r')
       select con.conrelid::regclass::text as relname, con.conname, con.confrelid::regclass::text as target,
              array(select a.attname::text from unnest(con.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i) as local,
              array(select a.attname::text from unnest(con.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i) as remote
         from pg_constraint con
        where con.contype = 'f' and con.conrelid in (select oid from tt) and con.confrelid in (select oid from tt)`,
    );
    expect(fks.length).toBeGreaterThan(20);
    const bad = fks.filter((f) => {
      const at = f.local.indexOf('tenant_id');
      return at === -1 || f.remote[at] !== 'tenant_id';
    });
    expect(bad.map((f) => `${f.relname}.${f.conname} → ${f.target}`)).toEqual([]);
  });
});
