import { createSecondCity, DEMO_PASSWORD, errorCode, expectBadInput, TestApp } from './support/test-app';

const CREATE_USER = `mutation($input: CreateUserInput!) {
  createUser(input: $input) { id username displayName phone disabled orgUnitId assignments { role orgUnitName } } }`;
const GRANT = `mutation($input: GrantRoleInput!) { grantRole(input: $input) { id userId role orgUnitId orgUnitName } }`;
const REVOKE = `mutation($id: ID!) { revokeRole(id: $id) { id role } }`;
const DISABLE = `mutation($id: ID!) { disableUser(id: $id) { id disabled } }`;
const ENABLE = `mutation($id: ID!) { enableUser(id: $id) { id disabled } }`;
const RESET = `mutation($id: ID!, $password: String!) { resetUserPassword(id: $id, password: $password) { id username } }`;
const USER = `query($id: ID!) { user(id: $id) { id username displayName orgUnitId disabled assignments { id role orgUnitName } } }`;
const USERS = `query($filter: UserFilter, $page: PageInput) { users(filter: $filter, page: $page) { total items { id username } } }`;
const ME = `{ me { username tenantId assignments { role orgUnitName } } }`;
const STATION = `query($id: ID!) { station(id: $id) { name } }`;

describe('user accounts and role assignments', () => {
  let t: TestApp;
  let jinanId: string;
  let cityAdmin: string;

  const userId = async (username: string, tenant = 'jinan') => {
    const [row] = await t.ownerQuery<{ id: string }>(
      `select u.id from user_account u join tenant t on t.id = u.tenant_id where t.code = $1 and u.username = $2`,
      [tenant, username],
    );
    if (!row) throw new Error(`no user ${username} in ${tenant}`);
    return row.id;
  };
  const count = async (table: 'user_account' | 'role_assignment') => (await t.ownerQuery<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    cityAdmin = await t.login('city.admin');
  });
  afterAll(() => t.close());

  it('a city admin creates a social worker at a street; the worker signs in and is found by id and in lists', async () => {
    const street = await t.nodeId('370102003');
    const { createUser: created } = await t.ok(
      CREATE_USER,
      {
        input: {
          username: ' BTQ.Worker ',
          displayName: ' 趵突泉街道驻站社工 ',
          password: 'Baotu@Spring2026',
          phone: '0531-86001234',
          orgUnitId: street,
          role: 'SOCIAL_WORKER',
        },
      },
      cityAdmin,
    );
    expect(created).toMatchObject({
      username: 'btq.worker',
      displayName: '趵突泉街道驻站社工',
      phone: '0531-86001234',
      disabled: false,
      orgUnitId: street,
      assignments: [{ role: 'SOCIAL_WORKER', orgUnitName: '趵突泉街道' }],
    });
    const [stored] = await t.ownerQuery(`select tenant_id, password_hash from user_account where id = $1`, [created.id]);
    expect(stored.tenant_id).toBe(jinanId);
    expect(stored.password_hash).not.toContain('Baotu@Spring2026');

    const token = await t.login('btq.worker', 'Baotu@Spring2026');
    const { me } = await t.ok(ME, {}, token);
    expect(me).toEqual({ username: 'btq.worker', tenantId: jinanId, assignments: [{ role: 'SOCIAL_WORKER', orgUnitName: '趵突泉街道' }] });
    // The new role works: the worker reads the station it was granted on.
    expect((await t.ok(STATION, { id: await t.stationId('370102003') }, token)).station.name).toBe('趵突泉街道社会工作服务站');

    const found = await t.ok(USERS, { filter: { rootId: street, search: 'BTQ' } }, cityAdmin);
    expect(found.users).toEqual({ total: 1, items: [{ id: created.id, username: 'btq.worker' }] });
    const byName = await t.ok(USERS, { filter: { search: '趵突泉' } }, cityAdmin);
    expect(byName.users.items.map((u: { username: string }) => u.username)).toEqual(['btq.worker']);
    const elsewhere = await t.ok(USERS, { filter: { rootId: await t.nodeId('370102001'), search: 'btq' } }, cityAdmin);
    expect(elsewhere.users.total).toBe(0);

    // Paging through the district: every page reports the full total; together they are the district's accounts, by username.
    const district = await t.nodeId('370102');
    const expected = (
      await t.ownerQuery<{ username: string }>(
        `select u.username from user_account u join org_unit o on o.id = $1 where u.org_path <@ o.path order by u.username`,
        [district],
      )
    ).map((r) => r.username);
    expect(expected).toContain('btq.worker');
    expect(expected.length).toBeGreaterThan(4);
    const seen: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 2) {
      const page = await t.ok(USERS, { filter: { rootId: district }, page: { limit: 2, offset } }, cityAdmin);
      expect(page.users.total).toBe(expected.length);
      expect(page.users.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.items.map((u: { username: string }) => u.username));
    }
    expect(seen).toEqual(expected);
    const past = await t.ok(USERS, { filter: { rootId: district }, page: { limit: 2, offset: expected.length } }, cityAdmin);
    expect(past.users).toEqual({ total: expected.length, items: [] });

    const { user } = await t.ok(USER, { id: created.id }, cityAdmin);
    expect(user).toMatchObject({ id: created.id, username: 'btq.worker', orgUnitId: street, disabled: false });
    expect(user.assignments).toEqual([{ id: expect.any(String), role: 'SOCIAL_WORKER', orgUnitName: '趵突泉街道' }]);
  });

  it('createUser refuses bad input, naming the field, and writes nothing', async () => {
    const station = await t.nodeId('370102001');
    const good = { username: 'new.worker', displayName: '新社工', password: 'Good@Password2026', orgUnitId: station, role: 'SOCIAL_WORKER' };
    const cases: [Record<string, unknown>, string][] = [
      [{ username: 'jfl.worker' }, 'username'],
      [{ username: 'JFL.Worker' }, 'username'],
      [{ username: 'bad name!' }, 'username'],
      [{ username: '张三' }, 'username'],
      [{ username: 'ab' }, 'username'],
      [{ username: '.leading.dot' }, 'username'],
      [{ password: 'password' }, 'password'],
      [{ password: 'Abcdefghij' }, 'password'],
      [{ password: 'Ab1!' }, 'password'],
      [{ username: 'zhang.san', password: 'Zhang.San#2026' }, 'password'],
      [{ displayName: '   ' }, 'displayName'],
      [{ displayName: '' }, 'displayName'],
    ];
    const users = await count('user_account');
    const grants = await count('role_assignment');
    for (const [change, field] of cases) {
      const res = await t.gql(CREATE_USER, { input: { ...good, ...change } }, cityAdmin);
      expectBadInput(res, field);
    }
    expect(await count('user_account')).toBe(users);
    expect(await count('role_assignment')).toBe(grants);
    expect(await t.ownerQuery(`select 1 from user_account where username in ('new.worker', 'zhang.san')`)).toHaveLength(0);

    // The same input with the problems removed is accepted.
    const ok = await t.gql(CREATE_USER, { input: good }, cityAdmin);
    expect(ok.errors).toBeUndefined();
    expect(await count('user_account')).toBe(users + 1);
    expect(await count('role_assignment')).toBe(grants + 1);
  });

  it('grantRole checks the level, the home subtree and duplicates; revokeRole takes effect on the next request', async () => {
    const station = await t.nodeId('370102001');
    const { createUser: target } = await t.ok(
      CREATE_USER,
      { input: { username: 'grant.target', displayName: '授权对象', password: 'Target@Role2026', orgUnitId: station } },
      cityAdmin,
    );
    expect(target.assignments).toEqual([]);
    const grant = (role: string, orgUnitId: string) => t.gql(GRANT, { input: { userId: target.id, role, orgUnitId } }, cityAdmin);
    const grants = await count('role_assignment');

    // A city admin's role is granted on the city node only; a district officer's on a district only.
    expectBadInput(await grant('CITY_ADMIN', station), 'orgUnitId');
    expectBadInput(await grant('DISTRICT_OFFICER', station), 'orgUnitId');
    // Outside the user's home subtree: a sibling street, the parent district, the city.
    expectBadInput(await grant('SOCIAL_WORKER', await t.nodeId('370102002')), 'orgUnitId');
    expectBadInput(await grant('DISTRICT_OFFICER', await t.nodeId('370102')), 'orgUnitId');
    expectBadInput(await grant('CITY_ADMIN', await t.nodeId('370100')), 'orgUnitId');
    // Platform operators are not tenant users.
    expectBadInput(await grant('PLATFORM_ADMIN', station), 'role');
    expect(await count('role_assignment')).toBe(grants);

    // Before any role, the account signs in but may read nothing of the tree.
    const stationId = await t.stationId('370102001');
    const before = await t.login('grant.target', 'Target@Role2026');
    expect(errorCode(await t.gql(STATION, { id: stationId }, before))).toBe('FORBIDDEN');

    const granted = await grant('SOCIAL_WORKER', station);
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantRole).toMatchObject({ userId: target.id, role: 'SOCIAL_WORKER', orgUnitId: station, orgUnitName: '解放路街道' });
    const assignmentId = granted.data!.grantRole.id;
    expect(await count('role_assignment')).toBe(grants + 1);
    // The same token now carries the role: roles are loaded per request, not baked into the token.
    expect((await t.ok(STATION, { id: stationId }, before)).station.name).toBe('解放路街道社会工作服务站');
    // A role below the home node (a community of the street) is fine.
    expect((await grant('SOCIAL_WORKER', await t.nodeId('370102001001'))).errors).toBeUndefined();
    expect(await count('role_assignment')).toBe(grants + 2);

    expectBadInput(await grant('SOCIAL_WORKER', station), 'role');
    expect(await count('role_assignment')).toBe(grants + 2);

    // Down to one role, then none.
    const community = (await t.ok(USER, { id: target.id }, cityAdmin)).user.assignments.find((a: { id: string }) => a.id !== assignmentId);
    expect((await t.ok(REVOKE, { id: community.id }, cityAdmin)).revokeRole).toEqual({ id: community.id, role: 'SOCIAL_WORKER' });
    const token = await t.login('grant.target', 'Target@Role2026');
    expect((await t.ok(STATION, { id: stationId }, token)).station.name).toBe('解放路街道社会工作服务站');

    const revoked = await t.ok(REVOKE, { id: assignmentId }, cityAdmin);
    expect(revoked.revokeRole).toEqual({ id: assignmentId, role: 'SOCIAL_WORKER' });
    expect(await count('role_assignment')).toBe(grants);
    // With no role left, reading the station is refused by the resolver-level check: no role allows it anywhere.
    const after = await t.gql(STATION, { id: stationId }, token);
    expect(errorCode(after)).toBe('FORBIDDEN');
    expect(after.data).toBeNull();
    expect((await t.ok(ME, {}, token)).me.assignments).toEqual([]);
    // Revoking it again: it is gone.
    expect(errorCode(await t.gql(REVOKE, { id: assignmentId }, cityAdmin))).toBe('NOT_FOUND');
  });

  it('a station head manages the social workers of the station and nothing more', async () => {
    const head = await t.login('jfl.head');
    const station = await t.nodeId('370102001');
    const worker = await userId('jfl.worker');

    const { createUser: created } = await t.ok(
      CREATE_USER,
      { input: { username: 'jfl.worker2', displayName: '解放路街道社工二', password: 'Second@Worker2026', orgUnitId: station, role: 'SOCIAL_WORKER' } },
      head,
    );
    expect(created.assignments).toEqual([{ role: 'SOCIAL_WORKER', orgUnitName: '解放路街道' }]);

    const workerToken = await t.login('jfl.worker');
    expect((await t.ok(DISABLE, { id: worker }, head)).disableUser).toEqual({ id: worker, disabled: true });
    expect(errorCode(await t.gql(ME, {}, workerToken))).toBe('UNAUTHENTICATED');
    expect((await t.ok(ENABLE, { id: worker }, head)).enableUser).toEqual({ id: worker, disabled: false });
    expect((await t.ok(RESET, { id: worker, password: 'Reset@Worker2026' }, head)).resetUserPassword.username).toBe('jfl.worker');
    expect((await t.ok(ME, {}, await t.login('jfl.worker', 'Reset@Worker2026'))).me.username).toBe('jfl.worker');
    // A weak reset is refused; then the demo password is restored for the other tests.
    expectBadInput(await t.gql(RESET, { id: worker, password: 'jfl.worker1A' }, head), 'password');
    await t.ok(RESET, { id: worker, password: DEMO_PASSWORD }, head);

    // Only the social worker role is the head's to give.
    const users = await count('user_account');
    const grants = await count('role_assignment');
    for (const role of ['STATION_HEAD', 'SUPERVISOR']) {
      expect(errorCode(await t.gql(GRANT, { input: { userId: created.id, role, orgUnitId: station } }, head))).toBe('FORBIDDEN');
      const res = await t.gql(
        CREATE_USER,
        { input: { username: `jfl.${role.toLowerCase()}`, displayName: '越权', password: 'Escalate@2026x', orgUnitId: station, role } },
        head,
      );
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    expect(await count('user_account')).toBe(users);
    expect(await count('role_assignment')).toBe(grants);

    // Another station head at the same station, created by the city admin, is beyond the head's reach.
    const { createUser: otherHead } = await t.ok(
      CREATE_USER,
      { input: { username: 'jfl.head2', displayName: '解放路街道副站长', password: 'Deputy@Head2026', orgUnitId: station, role: 'STATION_HEAD' } },
      cityAdmin,
    );
    expect((await t.ok(USER, { id: otherHead.id }, head)).user.username).toBe('jfl.head2');
    expect(errorCode(await t.gql(DISABLE, { id: otherHead.id }, head))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(RESET, { id: otherHead.id, password: 'Takeover@2026x' }, head))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(GRANT, { input: { userId: otherHead.id, role: 'SOCIAL_WORKER', orgUnitId: station } }, head))).toBe('FORBIDDEN');
    const headRole = (await t.ok(USER, { id: otherHead.id }, cityAdmin)).user.assignments[0];
    expect(errorCode(await t.gql(REVOKE, { id: headRole.id }, head))).toBe('FORBIDDEN');
    // Nor may the head strip a worker's role the city admin gave that other head.
    const workerRole = await t.ok(GRANT, { input: { userId: otherHead.id, role: 'SOCIAL_WORKER', orgUnitId: station } }, cityAdmin);
    expect(errorCode(await t.gql(REVOKE, { id: workerRole.grantRole.id }, head))).toBe('FORBIDDEN');
    expect(await t.ownerQuery(`select 1 from role_assignment where id = $1`, [workerRole.grantRole.id])).toHaveLength(1);
    const [row] = await t.ownerQuery(`select disabled from user_account where id = $1`, [otherHead.id]);
    expect(row.disabled).toBe(false);
    expect(await t.login('jfl.head2', 'Deputy@Head2026')).toBeTruthy();

    // Another station's worker and node do not exist for the head.
    const qfsWorker = await userId('qfs.worker');
    expect(errorCode(await t.gql(USER, { id: qfsWorker }, head))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(DISABLE, { id: qfsWorker }, head))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(RESET, { id: qfsWorker, password: 'Takeover@2026x' }, head))).toBe('NOT_FOUND');
    const atOther = await t.gql(
      CREATE_USER,
      {
        input: {
          username: 'qfs.worker2',
          displayName: '千佛山社工二',
          password: 'Other@Station2026',
          orgUnitId: await t.nodeId('370102002'),
          role: 'SOCIAL_WORKER',
        },
      },
      head,
    );
    expect(errorCode(atOther)).toBe('NOT_FOUND');
    expect(await t.ownerQuery(`select 1 from user_account where username = 'qfs.worker2'`)).toHaveLength(0);
    const [{ disabled }] = await t.ownerQuery(`select disabled from user_account where id = $1`, [qfsWorker]);
    expect(disabled).toBe(false);
  });

  it('a disabled account loses its sessions and sign-in until enabled; nobody disables themselves', async () => {
    const id = await userId('qfs.worker');
    const token = await t.login('qfs.worker');
    expect((await t.ok(ME, {}, token)).me.username).toBe('qfs.worker');

    expect((await t.ok(DISABLE, { id }, cityAdmin)).disableUser).toEqual({ id, disabled: true });
    expect(errorCode(await t.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    const login = await t.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, {
      input: { tenant: 'jinan', username: 'qfs.worker', password: DEMO_PASSWORD },
    });
    expect(errorCode(login)).toBe('UNAUTHENTICATED');
    // Disabled accounts are listed unless asked otherwise.
    expect((await t.ok(USERS, { filter: { search: 'qfs.worker' } }, cityAdmin)).users.total).toBe(1);
    expect((await t.ok(USERS, { filter: { search: 'qfs.worker', includeDisabled: false } }, cityAdmin)).users.total).toBe(0);

    expect((await t.ok(ENABLE, { id }, cityAdmin)).enableUser).toEqual({ id, disabled: false });
    // The old token stays ended; a new sign-in works.
    expect(errorCode(await t.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    expect((await t.ok(ME, {}, await t.login('qfs.worker'))).me.username).toBe('qfs.worker');

    const self = await userId('city.admin');
    expectBadInput(await t.gql(DISABLE, { id: self }, cityAdmin), 'id');
    expectBadInput(await t.gql(ENABLE, { id: self }, cityAdmin), 'id');
    expect((await t.ownerQuery(`select disabled from user_account where id = $1`, [self]))[0].disabled).toBe(false);
    expect((await t.ok(ME, {}, cityAdmin)).me.username).toBe('city.admin');
  });

  it('a district officer reads the accounts of the district only and creates none; a social worker lists none', async () => {
    const officer = await t.login('lixia.officer');
    const listed = await t.ok(USERS, { page: { limit: 100 } }, officer);
    const names: string[] = listed.users.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['lixia.officer', 'lixia.supervisor', 'jfl.head', 'jfl.worker', 'qfs.worker']));
    expect(names).not.toContain('shizhong.officer');
    expect(names).not.toContain('city.admin');
    expect(listed.users.total).toBe(names.length);
    const inDistrict = await t.ok(USERS, { filter: { rootId: await t.nodeId('370102') }, page: { limit: 100 } }, officer);
    expect(inDistrict.users.total).toBe(listed.users.total);
    expect(errorCode(await t.gql(USERS, { filter: { search: 'shizhong' } }, officer))).toBeUndefined();
    expect((await t.ok(USERS, { filter: { search: 'shizhong' } }, officer)).users.total).toBe(0);

    expect((await t.ok(USER, { id: await userId('jfl.worker') }, officer)).user.username).toBe('jfl.worker');
    expect(errorCode(await t.gql(USER, { id: await userId('shizhong.officer') }, officer))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(USER, { id: await userId('city.admin') }, officer))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(USERS, { filter: { rootId: await t.nodeId('370103') } }, officer))).toBe('NOT_FOUND');

    const users = await count('user_account');
    const res = await t.gql(
      CREATE_USER,
      { input: { username: 'lixia.new', displayName: '区里新建', password: 'District@2026x', orgUnitId: await t.nodeId('370102001') } },
      officer,
    );
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(DISABLE, { id: await userId('jfl.worker') }, officer))).toBe('FORBIDDEN');
    expect(await count('user_account')).toBe(users);

    const worker = await t.login('jfl.worker');
    expect(errorCode(await t.gql(USERS, {}, worker))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(USER, { id: await userId('jfl.head') }, worker))).toBe('FORBIDDEN');
  });

  it('another city’s admin finds no Jinan account and cannot grant one a role', async () => {
    const qingdao = await createSecondCity(t);
    const worker = await userId('jfl.worker');
    const res = await t.gql(USER, { id: worker }, qingdao.adminToken);
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect(res.data).toBeNull();

    const grants = await count('role_assignment');
    for (const orgUnitId of [await t.nodeId('370200', 'qingdao'), await t.nodeId('370102001')]) {
      const grant = await t.gql(GRANT, { input: { userId: worker, role: 'SOCIAL_WORKER', orgUnitId } }, qingdao.adminToken);
      expect(errorCode(grant)).toBe('NOT_FOUND');
    }
    expect(errorCode(await t.gql(DISABLE, { id: worker }, qingdao.adminToken))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(RESET, { id: worker, password: 'Takeover@2026x' }, qingdao.adminToken))).toBe('NOT_FOUND');
    const workerRole = (await t.ok(USER, { id: worker }, cityAdmin)).user.assignments[0];
    expect(errorCode(await t.gql(REVOKE, { id: workerRole.id }, qingdao.adminToken))).toBe('NOT_FOUND');
    expect(await count('role_assignment')).toBe(grants);
    expect((await t.ok(USERS, {}, qingdao.adminToken)).users.items.map((u: { username: string }) => u.username)).toEqual(['admin']);
  });
});
