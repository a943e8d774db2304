import { DataSource } from 'typeorm';
import { createSecondCity, errorCode, TestApp } from './support/test-app';

const TENANT_TABLES = ['org_unit', 'station', 'user_account', 'role_assignment'];

describe('tenant isolation (row-level security and CASL)', () => {
  let t: TestApp;
  let jinanId: string;
  let qingdao: { tenantId: string; adminToken: string };
  let jinanAdmin: string;

  beforeAll(async () => {
    t = await TestApp.start();
    qingdao = await createSecondCity(t);
    jinanAdmin = await t.login('city.admin');
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
  });
  afterAll(() => t.close());

  it('answers NOT_FOUND to another tenant’s token for a known node, station and user', async () => {
    const nodeId = await t.nodeId('370102');
    const stationId = await t.stationId('370102001');
    const [{ id: userId }] = await t.ownerQuery(`select id from user_account where username = 'jfl.worker'`);
    for (const [query, id] of [
      ['query($id: ID!) { orgUnit(id: $id) { name } }', nodeId],
      ['query($id: ID!) { station(id: $id) { name } }', stationId],
      ['query($id: ID!) { user(id: $id) { username } }', userId],
    ]) {
      const res = await t.gql(query, { id }, qingdao.adminToken);
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(res.data).toBeNull();
    }
  });

  it('lists and searches only the caller’s own tenant', async () => {
    const data = await t.ok(`{ orgUnits(page: { limit: 100 }) { total items { code } } stations { total } users { total } }`, {}, qingdao.adminToken);
    expect(data.orgUnits.total).toBe(1);
    expect(data.orgUnits.items[0].code).toBe('370200');
    expect(data.stations.total).toBe(0);
    expect(data.users.total).toBe(1);
    const search = await t.ok(`{ orgUnits(filter: { search: "历下" }) { total } }`, {}, qingdao.adminToken);
    expect(search.orgUnits.total).toBe(0);
  });

  it('refuses to build under another tenant’s node', async () => {
    const res = await t.gql(
      `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id } }`,
      { input: { parentId: await t.nodeId('370102'), code: '370102099', name: '入侵街道' } },
      qingdao.adminToken,
    );
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect(await t.ownerQuery(`select 1 from org_unit where code = '370102099'`)).toHaveLength(0);
  });

  it('a raw SQL probe as the application role under the other tenant’s setting sees none of the rows', async () => {
    for (const table of TENANT_TABLES) {
      const [{ total }] = await t.ownerQuery(`select count(*)::int as total from ${table} where tenant_id = $1`, [jinanId]);
      expect(total).toBeGreaterThan(0);
      const pathColumn = table === 'org_unit' ? 'path' : 'org_path';
      const [{ paths }] = await t.ownerQuery(`select array_agg(${pathColumn}::text) as paths from ${table} where tenant_id = $1`, [jinanId]);
      // Even a scope naming every Jinan path does not cross the tenant wall.
      const probe = await t.appQuery({ tenantId: qingdao.tenantId, scope: paths }, `select * from ${table} where tenant_id = $1`, [jinanId]);
      expect(probe).toHaveLength(0);
    }
  });

  it('a raw SQL probe with no tenant set sees nothing at all', async () => {
    for (const table of [...TENANT_TABLES, 'tenant', 'platform_operator']) {
      expect(await t.appQuery(null, `select * from ${table}`)).toHaveLength(0);
    }
  });

  it('the application role is neither superuser nor owner, and every tenant table forces row-level security', async () => {
    const [role] = await t.appQuery(null, `select rolsuper, rolbypassrls from pg_roles where rolname = current_user`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const tables = await t.ownerQuery(
      `select c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner) as owner
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'schema_migrations'`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(6);
    for (const table of tables) {
      expect(table).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
      expect(table.owner).not.toBe('swsp_app');
    }
    const withTenantColumn = await t.ownerQuery(
      `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'`,
    );
    for (const { table_name } of withTenantColumn) expect(tables.map((x) => x.relname)).toContain(table_name);
  });

  it('settings are transaction-local: a pooled connection keeps nothing of the previous request', async () => {
    await Promise.all(Array.from({ length: 10 }, () => t.ok(`{ me { username } }`, {}, jinanAdmin)));
    // Every connection of the API's own pool, borrowed at once, shows no tenant outside a request.
    const pool = t.app.get(DataSource);
    const leftovers = await Promise.all(
      Array.from({ length: 10 }, () =>
        pool.query(`select current_setting('app.tenant_id', true) as tenant, current_setting('app.scope', true) as scope, pg_sleep(0.05)`),
      ),
    );
    for (const [row] of leftovers) expect([row.tenant ?? '', row.scope ?? '']).toEqual(['', '']);
    // The same pool serves the other tenant right after, and sees only its own city.
    const data = await t.ok(`{ orgUnits { total } }`, {}, qingdao.adminToken);
    expect(data.orgUnits.total).toBe(1);
  });

  it('a platform operator sees tenants but nothing inside them', async () => {
    const operator = await t.login('operator', undefined, null);
    const tenants = await t.ok(`{ tenants { total items { code } } }`, {}, operator);
    expect(tenants.tenants.items.map((x: { code: string }) => x.code).sort()).toEqual(['jinan', 'qingdao']);
    const res = await t.gql(`{ orgUnits { total } }`, {}, operator);
    expect(errorCode(res)).toBe('FORBIDDEN');
    const res2 = await t.gql(`query($id: ID!) { orgUnit(id: $id) { name } }`, { id: await t.nodeId('370100') }, operator);
    expect(errorCode(res2)).toBe('FORBIDDEN');
  });

  it('a city admin sees their own tenant record and not another', async () => {
    const own = await t.ok(`query($id: ID!) { tenant(id: $id) { code } }`, { id: jinanId }, jinanAdmin);
    expect(own.tenant.code).toBe('jinan');
    expect(errorCode(await t.gql(`query($id: ID!) { tenant(id: $id) { code } }`, { id: qingdao.tenantId }, jinanAdmin))).toBe('NOT_FOUND');
  });
});
