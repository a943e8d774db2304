import { CREATE_TENANT, createSecondCity, DEMO_PASSWORD, errorCode, errorFields, TestApp } from './support/test-app';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresIn } }`;
const REFRESH = `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken expiresIn } }`;
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken expiresIn } }`;
const ME = `{ me { id username displayName isPlatformOperator tenantId assignments { role orgUnitName } } }`;

// Every failed login in this file counts against one client address (30 per 15 minutes); this file stays well below.
describe('sign-in, tokens and tenant provisioning', () => {
  let t: TestApp;
  let jinanId: string;
  let operator: string;

  const login = (username: string, password: string, tenant: string | null = 'jinan') => t.gql(LOGIN, { input: { tenant, username, password } });

  const tenantCount = async () => (await t.ownerQuery<{ n: number }>(`select count(*)::int as n from tenant`))[0].n;

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    operator = await t.login('operator', DEMO_PASSWORD, null);
  });
  afterAll(() => t.close());

  it('login returns tokens, and `me` shows the account, its tenant and its roles', async () => {
    const res = await login('jfl.head', DEMO_PASSWORD);
    expect(res.errors).toBeUndefined();
    const tokens = res.data!.login;
    expect(typeof tokens.accessToken).toBe('string');
    expect(typeof tokens.refreshToken).toBe('string');
    expect(tokens.accessToken).not.toBe(tokens.refreshToken);
    expect(tokens.expiresIn).toBe(15 * 60);

    const { me } = await t.ok(ME, {}, tokens.accessToken);
    expect(me).toMatchObject({ username: 'jfl.head', displayName: '解放路街道社工站站长', isPlatformOperator: false, tenantId: jinanId });
    expect(me.assignments).toEqual([{ role: 'STATION_HEAD', orgUnitName: '解放路街道' }]);

    // The username and tenant code are matched case-insensitively.
    const upper = await login('JFL.Head', DEMO_PASSWORD, 'JINAN');
    expect(upper.errors).toBeUndefined();

    // The supervisor holds two assignments; the operator holds none and has no tenant.
    const supervisor = await t.ok(ME, {}, await t.login('lixia.supervisor'));
    expect(supervisor.me.assignments).toHaveLength(2);
    expect(supervisor.me.assignments).toEqual(
      expect.arrayContaining([
        { role: 'SUPERVISOR', orgUnitName: '解放路街道' },
        { role: 'SUPERVISOR', orgUnitName: '千佛山街道' },
      ]),
    );
    const op = await t.ok(ME, {}, operator);
    expect(op.me).toMatchObject({ username: 'operator', isPlatformOperator: true, tenantId: null, assignments: [] });

    // Without a token, `me` is refused.
    expect(errorCode(await t.gql(ME))).toBe('UNAUTHENTICATED');
  });

  it('wrong password, unknown user and unknown tenant all answer UNAUTHENTICATED with one message; bad input is BAD_USER_INPUT', async () => {
    const wrongPassword = await login('qfs.worker', 'Wrong@Password1');
    const unknownUser = await login('nobody.here', DEMO_PASSWORD);
    const unknownTenant = await login('qfs.worker', DEMO_PASSWORD, 'atlantis');
    for (const res of [wrongPassword, unknownUser, unknownTenant]) {
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(res.data).toBeNull();
    }
    const message = wrongPassword.errors![0].message;
    expect(message).toBeTruthy();
    expect(unknownUser.errors![0].message).toBe(message);
    expect(unknownTenant.errors![0].message).toBe(message);
    // Nothing in the answer tells which part was wrong.
    expect(JSON.stringify(unknownUser.errors![0].extensions)).toBe(JSON.stringify(wrongPassword.errors![0].extensions));

    // A missing username fails GraphQL's own input coercion; an empty one fails validation, naming the field.
    const missing = await t.gql(LOGIN, { input: { tenant: 'jinan', password: DEMO_PASSWORD } });
    expect(errorCode(missing)).toBe('BAD_USER_INPUT');
    const empty = await login('', DEMO_PASSWORD);
    expect(errorCode(empty)).toBe('BAD_USER_INPUT');
    expect(errorFields(empty)).toContain('username');
    // An empty tenant code is a mistake, not a request to sign in as a platform operator.
    const emptyTenant = await login('operator', DEMO_PASSWORD, '');
    expect(errorCode(emptyTenant)).toBe('BAD_USER_INPUT');
    expect(errorFields(emptyTenant)).toEqual(['tenant']);

    // The account that was tried with a wrong password still signs in with the right one.
    expect((await login('qfs.worker', DEMO_PASSWORD)).errors).toBeUndefined();
  });

  it('locks an account after five failed logins, even for the right password, but not other accounts', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await login('lixia.supervisor', `Wrong@Guess${i}x`);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    }
    const locked = await login('lixia.supervisor', DEMO_PASSWORD);
    expect(errorCode(locked)).toBe('TOO_MANY_REQUESTS');
    expect(locked.data).toBeNull();
    const retryAfter = locked.errors![0].extensions!.retryAfterSeconds as number;
    expect(typeof retryAfter).toBe('number');
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The account key ignores case: a differently spelled username is the same account.
    expect(errorCode(await login('LIXIA.Supervisor', DEMO_PASSWORD))).toBe('TOO_MANY_REQUESTS');

    // Another account from the same address is unaffected.
    const other = await login('lixia.officer', DEMO_PASSWORD);
    expect(other.errors).toBeUndefined();
    expect(other.data!.login.accessToken).toBeTruthy();
  });

  it('refreshToken trades a refresh token for working tokens and refuses anything else', async () => {
    const first = (await login('jfl.head', DEMO_PASSWORD)).data!.login;
    const refreshed = await t.gql(REFRESH, { r: first.refreshToken });
    expect(refreshed.errors).toBeUndefined();
    const tokens = refreshed.data!.refreshToken;
    expect(tokens.expiresIn).toBe(15 * 60);
    expect((await t.ok(ME, {}, tokens.accessToken)).me.username).toBe('jfl.head');
    // The new refresh token is itself good for another round.
    const again = await t.gql(REFRESH, { r: tokens.refreshToken });
    expect(again.errors).toBeUndefined();
    expect((await t.ok(ME, {}, again.data!.refreshToken.accessToken)).me.username).toBe('jfl.head');

    // An access token is not a refresh token, and a refresh token is not an access token.
    const withAccess = await t.gql(REFRESH, { r: first.accessToken });
    expect(errorCode(withAccess)).toBe('UNAUTHENTICATED');
    expect(withAccess.data).toBeNull();
    expect(errorCode(await t.gql(ME, {}, first.refreshToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(REFRESH, { r: 'not-a-token' }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(REFRESH, { r: `${first.refreshToken.slice(0, -4)}AAAA` }))).toBe('UNAUTHENTICATED');
  });

  it('changePassword checks the current and the new password, then ends the old tokens', async () => {
    const before = (await login('jfl.worker', DEMO_PASSWORD)).data!.login;
    const [{ hash: hashBefore }] = await t.ownerQuery(`select password_hash as hash from user_account where username = 'jfl.worker'`);

    const wrongCurrent = await t.gql(CHANGE_PASSWORD, { input: { currentPassword: 'Not@MyPassword1', newPassword: 'Fresh@Start2026' } }, before.accessToken);
    expect(errorCode(wrongCurrent)).toBe('BAD_USER_INPUT');
    expect(errorFields(wrongCurrent)).toEqual(['currentPassword']);

    for (const weak of ['short1A!', 'alllowercaseletters', 'Jfl.Worker@2026x']) {
      const res = await t.gql(CHANGE_PASSWORD, { input: { currentPassword: DEMO_PASSWORD, newPassword: weak } }, before.accessToken);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(errorFields(res)).toEqual(['newPassword']);
    }
    // Refused changes leave the password and the old token as they were.
    const [{ hash: hashAfterRefusals }] = await t.ownerQuery(`select password_hash as hash from user_account where username = 'jfl.worker'`);
    expect(hashAfterRefusals).toBe(hashBefore);
    expect((await t.ok(ME, {}, before.accessToken)).me.username).toBe('jfl.worker');

    const changed = await t.gql(CHANGE_PASSWORD, { input: { currentPassword: DEMO_PASSWORD, newPassword: 'Fresh@Start2026' } }, before.accessToken);
    expect(changed.errors).toBeUndefined();
    const after = changed.data!.changePassword;

    expect(errorCode(await t.gql(ME, {}, before.accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(REFRESH, { r: before.refreshToken }))).toBe('UNAUTHENTICATED');
    expect((await t.ok(ME, {}, after.accessToken)).me.username).toBe('jfl.worker');
    expect((await t.gql(REFRESH, { r: after.refreshToken })).errors).toBeUndefined();

    expect((await login('jfl.worker', 'Fresh@Start2026')).errors).toBeUndefined();
    expect(errorCode(await login('jfl.worker', DEMO_PASSWORD))).toBe('UNAUTHENTICATED');
  });

  it('the platform operator creates a city; duplicates, weak passwords and non-operators are refused', async () => {
    const before = await tenantCount();
    const created = await t.gql(
      CREATE_TENANT,
      {
        input: {
          code: 'Yantai',
          name: '烟台市',
          cityCode: '370600',
          admin: { username: 'YT.Admin', displayName: '烟台市管理员', password: 'Yantai@City2026' },
        },
      },
      operator,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createTenant).toMatchObject({ code: 'yantai', name: '烟台市', status: 'ACTIVE' });
    expect(await tenantCount()).toBe(before + 1);

    const adminToken = await t.login('yt.admin', 'Yantai@City2026', 'yantai');
    const { me } = await t.ok(ME, {}, adminToken);
    expect(me).toMatchObject({ username: 'yt.admin', displayName: '烟台市管理员', tenantId: created.data!.createTenant.id });
    expect(me.assignments).toEqual([{ role: 'CITY_ADMIN', orgUnitName: '烟台市' }]);
    const nodes = await t.ok(`{ orgUnits { total items { code name level parentId } } }`, {}, adminToken);
    expect(nodes.orgUnits).toEqual({ total: 1, items: [{ code: '370600', name: '烟台市', level: 'CITY', parentId: null }] });

    // The same code again: refused, and no second row.
    const dup = await t.gql(
      CREATE_TENANT,
      { input: { code: 'yantai', name: '烟台市2', cityCode: '370600', admin: { username: 'other', displayName: '管理员', password: 'Yantai@City2026' } } },
      operator,
    );
    expect(errorCode(dup)).toBe('BAD_USER_INPUT');
    expect(errorFields(dup)).toEqual(['code']);
    expect(await t.ownerQuery(`select 1 from tenant where code = 'yantai'`)).toHaveLength(1);
    expect(await tenantCount()).toBe(before + 1);

    // A weak first-admin password fails after the tenant row was inserted: the whole mutation rolls back.
    const weak = await t.gql(
      CREATE_TENANT,
      { input: { code: 'weifang', name: '潍坊市', cityCode: '370700', admin: { username: 'wf.admin', displayName: '潍坊市管理员', password: 'password' } } },
      operator,
    );
    expect(errorCode(weak)).toBe('BAD_USER_INPUT');
    // Named by its path in the input, as validation names nested fields.
    expect(errorFields(weak)).toEqual(['admin.password']);
    expect(await tenantCount()).toBe(before + 1);
    expect(await t.ownerQuery(`select 1 from tenant where code = 'weifang'`)).toHaveLength(0);
    expect(await t.ownerQuery(`select 1 from org_unit where code = '370700'`)).toHaveLength(0);
    expect(await t.ownerQuery(`select 1 from user_account where username = 'wf.admin'`)).toHaveLength(0);

    // A city admin is no platform operator.
    const byCityAdmin = await t.gql(
      CREATE_TENANT,
      {
        input: { code: 'linyi', name: '临沂市', cityCode: '371300', admin: { username: 'ly.admin', displayName: '临沂市管理员', password: 'Linyi@City2026' } },
      },
      await t.login('city.admin'),
    );
    expect(errorCode(byCityAdmin)).toBe('FORBIDDEN');
    expect(await t.ownerQuery(`select 1 from tenant where code = 'linyi'`)).toHaveLength(0);
    expect(await tenantCount()).toBe(before + 1);
  });

  it('suspending a tenant ends its sessions and sign-ins until it is reactivated; only operators may', async () => {
    const zibo = await createSecondCity(t, 'zibo', '370300', '淄博市');
    const refresh = (await login('admin', 'Second@City2026', 'zibo')).data!.login.refreshToken;
    expect((await t.ok(ME, {}, zibo.adminToken)).me.username).toBe('admin');

    // Tenant users cannot suspend or reactivate, not even their own tenant.
    const jinanAdmin = await t.login('city.admin');
    for (const mutation of ['suspendTenant', 'reactivateTenant']) {
      for (const [token, id] of [
        [jinanAdmin, zibo.tenantId],
        [jinanAdmin, jinanId],
        [zibo.adminToken, zibo.tenantId],
      ]) {
        const res = await t.gql(`mutation($id: ID!) { ${mutation}(id: $id) { status } }`, { id }, token);
        expect(errorCode(res)).toBe('FORBIDDEN');
      }
    }
    const status = async () => (await t.ownerQuery(`select status from tenant where id = $1`, [zibo.tenantId]))[0].status;
    expect(await status()).toBe('ACTIVE');

    const suspended = await t.ok(`mutation($id: ID!) { suspendTenant(id: $id) { code status } }`, { id: zibo.tenantId }, operator);
    expect(suspended.suspendTenant).toEqual({ code: 'zibo', status: 'SUSPENDED' });
    expect(await status()).toBe('SUSPENDED');

    expect(errorCode(await t.gql(ME, {}, zibo.adminToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(`{ orgUnits { total } }`, {}, zibo.adminToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(REFRESH, { r: refresh }))).toBe('UNAUTHENTICATED');
    const refused = await login('admin', 'Second@City2026', 'zibo');
    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    // Whoever knows the password learns why (the console says the city is suspended); whoever
    // guesses gets the answer for wrong credentials, so a suspension is not revealed to them.
    expect(refused.errors![0].extensions!.reason).toBe('TENANT_SUSPENDED');
    const guessed = await login('admin', 'Wrong@Password1', 'zibo');
    expect(guessed.errors![0].extensions!.reason).toBe('BAD_CREDENTIALS');
    expect(guessed.errors![0].message).toBe((await login('nobody', 'Wrong@Password1', 'zibo')).errors![0].message);

    // Other tenants carry on.
    expect((await t.ok(ME, {}, jinanAdmin)).me.username).toBe('city.admin');

    const reactivated = await t.ok(`mutation($id: ID!) { reactivateTenant(id: $id) { status } }`, { id: zibo.tenantId }, operator);
    expect(reactivated.reactivateTenant.status).toBe('ACTIVE');
    const fresh = await t.login('admin', 'Second@City2026', 'zibo');
    expect((await t.ok(ME, {}, fresh)).me.username).toBe('admin');
  });
});
