import { JwtService } from '@nestjs/jwt';
import { errorCode, TestApp } from './support/test-app';

const STATION = `query($id: ID!) { station(id: $id) { name } }`;
const ME = `{ me { username } }`;

/**
 * What each request still does on its own after the per-request path was made cheaper: the caller
 * is loaded afresh and its row-level security scope set with it, tokens are checked before any of
 * their values reach SQL, and the query limits hold for a document Apollo has cached.
 */
describe('the per-request path: caller, scope, limits', () => {
  let t: TestApp;
  let cityAdmin: string;

  beforeAll(async () => {
    t = await TestApp.start();
    cityAdmin = await t.login('city.admin');
  });
  afterAll(() => t.close());

  it('row-level security sees the subtrees of the caller’s roles as they are at each request', async () => {
    const street = await t.nodeId('370102001');
    const community = await t.nodeId('370102001001');
    const { createUser } = await t.ok(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { username: 'scope.probe', displayName: '范围探针', password: 'Scope@Probe2026', orgUnitId: street } },
      cityAdmin,
    );
    const grant = async (orgUnitId: string) =>
      (
        await t.ok(
          `mutation($input: GrantRoleInput!) { grantRole(input: $input) { id } }`,
          { input: { userId: createUser.id, role: 'SOCIAL_WORKER', orgUnitId } },
          cityAdmin,
        )
      ).grantRole.id as string;
    const revoke = (id: string) => t.ok(`mutation($id: ID!) { revokeRole(id: $id) { id } }`, { id }, cityAdmin);
    const streetStation = await t.stationId('370102001');
    const communityStation = await t.stationId('370102001001');

    await grant(community);
    const token = await t.login('scope.probe', 'Scope@Probe2026');
    // A worker may read stations, so the street's is refused by row-level security alone: it is outside the scope.
    expect((await t.ok(STATION, { id: communityStation }, token)).station.name).toBe('山大路社区社会工作室');
    expect(errorCode(await t.gql(STATION, { id: streetStation }, token))).toBe('NOT_FOUND');

    // The same token, on the next request, sees what a new role adds…
    const streetRole = await grant(street);
    expect((await t.ok(STATION, { id: streetStation }, token)).station.name).toBe('解放路街道社会工作服务站');
    // …and no longer what a revoked role gave.
    await revoke(streetRole);
    expect(errorCode(await t.gql(STATION, { id: streetStation }, token))).toBe('NOT_FOUND');
    expect((await t.ok(STATION, { id: communityStation }, token)).station.name).toBe('山大路社区社会工作室');
  });

  it('refuses a validly signed token whose claims are not what the server issues, before they reach SQL', async () => {
    const jwt = t.app.get(JwtService);
    const [{ id, tenant_id }] = await t.ownerQuery(`select id, tenant_id from user_account where username = 'city.admin'`);
    // The session of city.admin's sign-in (beforeAll), and one of another account's.
    const { sid } = jwt.decode<{ sid: string }>(cityAdmin);
    const { sid: otherSid } = jwt.decode<{ sid: string }>(await t.login('lixia.officer'));
    const sign = (claims: Record<string, unknown>) => jwt.sign({ kind: 'user', typ: 'access', sid, ...claims }, { expiresIn: 60 });
    // The genuine claims work; the same with the subject, tenant, version or session bent do not.
    expect((await t.ok(ME, {}, sign({ sub: id, tid: tenant_id, ver: 0 }))).me.username).toBe('city.admin');
    for (const claims of [
      { sub: `${id}'); select pg_sleep(1); --`, tid: tenant_id, ver: 0 },
      { sub: id, tid: `${tenant_id}'`, ver: 0 },
      { sub: id, tid: tenant_id, ver: '0); --' },
      { sub: id, tid: tenant_id, ver: 1 },
      { sub: id, tid: tenant_id, ver: 0, sid: `${sid}'); --` },
      { sub: id, tid: tenant_id, ver: 0, sid: otherSid },
      { sub: id, tid: tenant_id, ver: 0, sid: undefined },
    ]) {
      expect(errorCode(await t.gql(ME, {}, sign(claims)))).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps the complexity limit for a cached document sent again with other variables', async () => {
    const field = (alias: string) => `${alias}: orgUnits(page: { limit: $limit }) { items { id code name station { name address status } } }`;
    const paged = `query($limit: Int!) { ${Array.from({ length: 8 }, (_, i) => field(`a${i}`)).join(' ')} }`;
    expect((await t.gql(paged, { limit: 1 }, cityAdmin)).errors).toBeUndefined();
    const big = await t.gql(paged, { limit: 100 }, cityAdmin);
    expect(errorCode(big)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(big.errors![0].message).toMatch(/complexity \d+ exceeds the limit of 2000/);
    expect((await t.gql(paged, { limit: 1 }, cityAdmin)).errors).toBeUndefined();

    const fixed = (alias: string) => `${alias}: orgUnits(page: { limit: 100 }) { items { id code name station { name address status } } }`;
    const included = `query($all: Boolean!) { a: orgUnits(page: { limit: 1 }) { total } ${Array.from({ length: 8 }, (_, i) => `${fixed(`b${i}`)}`)
      .join(' ')
      .replace(/\{ items/g, '@include(if: $all) { items')} }`;
    expect((await t.gql(included, { all: false }, cityAdmin)).errors).toBeUndefined();
    expect(errorCode(await t.gql(included, { all: true }, cityAdmin))).toBe('GRAPHQL_VALIDATION_FAILED');

    // A document over the limit whatever its variables is refused every time it comes.
    const constant = `{ ${Array.from({ length: 8 }, (_, i) => fixed(`c${i}`)).join(' ')} }`;
    for (let i = 0; i < 2; i++) expect(errorCode(await t.gql(constant, {}, cityAdmin))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('marks every GraphQL answer as not to be stored', async () => {
    const res = await t.http.post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${cityAdmin}`).send({ query: ME });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
