import { makeIdentityNumber, maskName } from '../libs/platform/personal-data/identity-number';
import { CREATE_USER, createSecondCity, errorCode, expectBadInput, expectCode, failsCleanlyWith, Row, TestApp } from './support/test-app';

// Community: volunteers (志愿者) registered by real name, one registration per person per city,
// their teams and service hours, the CSV export of a volunteer's record, the goal of regular
// volunteers per social worker; community social organizations (社区社会组织), mobilized by
// activities and cultivated by stations; the five-society linkage ledger (五社联动) and charity
// resources with exact sums; who may see and do what, and the walls between stations, districts
// and tenants. Over HTTP against the demo city Jinan, whose seed holds none of this: everything
// here is made by the tests. Each test keeps to its own dates so period sums can be stated exactly:
// test 4 serves in June 2025, test 6 in July–August 2025, test 7 works in 2024, test 8 in
// April–June 2025, test 9 in 2023.

const VOLUNTEER = `id stationId nodeId developerId name gender idNumber phone skills availability registeredOn status`;
const REGISTER = `mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { ${VOLUNTEER} } }`;
const UPDATE = `mutation($id: ID!, $input: VolunteerDetailsInput!) { updateVolunteer(id: $id, input: $input) { ${VOLUNTEER} } }`;
const VOLUNTEER_Q = `query($id: ID!) { volunteer(id: $id) { ${VOLUNTEER} } }`;
const VOLUNTEERS = `query($filter: VolunteerFilter, $page: PageInput) { volunteers(filter: $filter, page: $page) { total items { ${VOLUNTEER} } } }`;
const SERVICE = `id volunteerId stationId serviceDate hours source sourceId description voidedAt`;
const RECORD_SERVICE = `mutation($input: VolunteerServiceInput!) { recordVolunteerService(input: $input) { ${SERVICE} } }`;
const VOID_SERVICE = `mutation($id: ID!, $input: VoidInput!) { voidVolunteerService(id: $id, input: $input) { ${SERVICE} } }`;
const HOURS_Q = `query($id: ID!, $from: Date, $to: Date) { volunteer(id: $id) { all: hours period: hours(from: $from, to: $to) services(from: $from, to: $to) { ${SERVICE} } } }`;
const TEAM = `id stationId name memberIds`;
const CREATE_TEAM = `mutation($input: VolunteerTeamInput!) { createVolunteerTeam(input: $input) { ${TEAM} } }`;
const TEAMS = `query($rootId: ID!) { volunteerTeams(rootId: $rootId) { ${TEAM} } }`;
const SET_GOAL = `mutation($n: Int!) { setVolunteerGoal(perWorker: $n) }`;
const SHORTFALL = `query($rootId: ID!) { volunteerGoalShortfall(rootId: $rootId) { workerId workerName activeVolunteers goal } }`;

const ORG = `id nodeId name type legalStatus creditCode leader contactPhone memberCount foundedOn cultivatingStationId cultivatedSince status`;
const CREATE_ORG = `mutation($input: OrganizationInput!) { createSocialOrganization(input: $input) { ${ORG} } }`;
const UPDATE_ORG = `mutation($id: ID!, $input: OrganizationInput!) { updateSocialOrganization(id: $id, input: $input) { ${ORG} } }`;
const ORG_Q = `query($id: ID!) { socialOrganization(id: $id) { ${ORG} } }`;
const ORGS = `query($filter: OrganizationFilter, $page: PageInput) { socialOrganizations(filter: $filter, page: $page) { total items { ${ORG} } } }`;
const MOBILIZE = `mutation($activityId: ID!, $ids: [ID!]!) { mobilizeOrganizations(activityId: $activityId, organizationIds: $ids) { id name } }`;
const ORG_COUNTS = `query($rootId: ID!, $from: Date!, $to: Date!) { organizationCounts(rootId: $rootId, from: $from, to: $to) { mobilized newlyCultivated } }`;

const LINKAGE = `id stationId nodeId title linkageDate description voidedAt contributions { party people hours money goodsDescription goodsValue note }`;
const RECORD_LINKAGE = `mutation($input: LinkageInput!) { recordLinkage(input: $input) { ${LINKAGE} } }`;
const VOID_LINKAGE = `mutation($id: ID!, $input: VoidInput!) { voidLinkage(id: $id, input: $input) { ${LINKAGE} } }`;
const LINKAGE_Q = `query($id: ID!) { linkage(id: $id) { ${LINKAGE} } }`;
const LEDGER = `query($filter: LedgerFilter, $page: PageInput) { linkageLedger(filter: $filter, page: $page) { total items { ${LINKAGE} } } }`;
const CHARITY = `id stationId donorName donorKind amount goodsDescription goodsValue receivedOn purpose linkageId activityId serviceObjectIds voidedAt`;
const RECORD_CHARITY = `mutation($input: CharityResourceInput!) { recordCharityResource(input: $input) { ${CHARITY} } }`;
const CHARITIES = `query($filter: LedgerFilter, $page: PageInput) { charityResources(filter: $filter, page: $page) { total items { ${CHARITY} } } }`;
const TOTALS = `query($rootId: ID!, $from: Date!, $to: Date!) { linkageTotals(rootId: $rootId, from: $from, to: $to) {
  from to linkages linkageMoney linkageGoodsValue charityMoney charityGoodsValue volunteerHours } }`;

const RECORD_ACTIVITY = `mutation($input: RecordCommunityActivityInput!) { recordCommunityActivity(input: $input) { id stationId activityDate voidedAt } }`;
const VOID_ACTIVITY = `mutation($id: ID!, $input: VoidInput!) { voidCommunityActivity(id: $id, input: $input) { id voidedAt } }`;
const GRANT_ROLE = `mutation($input: GrantRoleInput!) { grantRole(input: $input) { id } }`;
const CREATE_ORG_UNIT = `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id code station { id } } }`;

/** Every table of this area; all but community_policy carry a node path and sit behind row-level security by subtree. */
const COMMUNITY_TABLES = [
  'volunteer',
  'volunteer_team',
  'volunteer_service',
  'social_organization',
  'organization_mobilization',
  'linkage',
  'linkage_contribution',
  'charity_resource',
  'community_policy',
] as const;

const USERS = ['city.admin', 'lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.supervisor'] as const;
type User = (typeof USERS)[number];

let sequence = 100;
function identityNumber(birth = '1980-06-15', region = '370102', gender: 'MALE' | 'FEMALE' = 'FEMALE'): string {
  // The 17th digit records the sex (odd for a man): the sequence's parity follows the gender entered with it.
  if (sequence % 2 !== (gender === 'MALE' ? 1 : 0)) sequence++;
  if (sequence > 999) throw new Error('identity-number sequences used up');
  return makeIdentityNumber(region, birth, String(sequence++));
}

function masked(idNumber: string): string {
  return `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`;
}

const sorted = (ids: string[]) => [...ids].sort();

describe('community: volunteers, hours, goals, export, social organizations, the linkage ledger, scope and tenants', () => {
  let t: TestApp;
  let jinanId: string;
  const tokens = {} as Record<User, string>;
  const userIds = {} as Record<User, string>;
  let cityNode: string;
  let lixiaNode: string;
  let shizhongNode: string;
  let jflNode: string;
  let qfsNode: string;
  let sdlNode: string; // 山大路社区, under 解放路
  let ytyNode: string; // 羊头峪社区, under 解放路
  let qfsCommunityNode: string; // 千佛山社区, under 千佛山
  let dgyNode: string; // 大观园街道, 市中区
  let jflStation: string;
  let qfsStation: string;
  let dgyStation: string;
  let jflPath: string;
  let lixiaPath: string;
  let cityPath: string;
  let jflStationName: string;

  /** Rows in each table of this area (every tenant), in one query. */
  const counts = async (): Promise<Record<string, number>> =>
    (await t.ownerQuery(`select ${COMMUNITY_TABLES.map((table) => `(select count(*)::int from ${table}) as ${table}`).join(', ')}`))[0];
  /** Runs a request that must fail and checks that it wrote nothing to these tables. */
  const failsCleanly = failsCleanlyWith(() => t, counts);
  const volunteerInput = (change: Row = {}) => ({
    stationId: jflStation,
    nodeId: jflNode,
    name: '测试志愿者',
    gender: 'FEMALE',
    idNumber: identityNumber(),
    registeredOn: '2025-03-01',
    ...change,
  });
  const register = async (change: Row = {}, token = tokens['jfl.worker']) =>
    (await t.ok(REGISTER, { input: volunteerInput(change) }, token)).registerVolunteer as Row;
  const details = ({ stationId: _s, ...rest }: Row) => rest;
  const recordService = async (input: Row, token = tokens['jfl.worker']) => (await t.ok(RECORD_SERVICE, { input }, token)).recordVolunteerService as Row;
  const recordActivity = async (change: Row = {}, token = tokens['jfl.worker']) =>
    (
      await t.ok(
        RECORD_ACTIVITY,
        { input: { stationId: jflStation, nodeId: jflNode, title: '社区志愿服务日', activityDate: '2025-06-10', participantCount: 20, ...change } },
        token,
      )
    ).recordCommunityActivity as Row;
  const ids = (items: Row[]) => sorted(items.map((i) => i.id));
  const newUser = async (creator: string, username: string, nodeId: string, role: string) => {
    const password = 'Community@2026';
    const { createUser } = await t.ok(CREATE_USER, { input: { username, displayName: `${username} 测试`, password, orgUnitId: nodeId, role } }, creator);
    return { id: createUser.id as string, token: await t.login(username, password) };
  };

  /** The second city, made once: a district, a street with its station, and a social worker there. */
  let qingdaoWorld: Promise<{ tenantId: string; adminToken: string; workerToken: string; stationId: string; nodeId: string; rootPath: string }> | undefined;
  const qingdao = () =>
    (qingdaoWorld ??= (async () => {
      const { tenantId, adminToken } = await createSecondCity(t);
      const [{ id: cityId, path: rootPath }] = await t.ownerQuery(`select id, path::text as path from org_unit where tenant_id = $1 and level = 1`, [tenantId]);
      const district = (await t.ok(CREATE_ORG_UNIT, { input: { parentId: cityId, code: '370202', name: '市南区' } }, adminToken)).createOrgUnit;
      const street = (
        await t.ok(
          CREATE_ORG_UNIT,
          { input: { parentId: district.id, code: '370202001', name: '八大关街道', station: { name: '八大关街道社会工作服务站' } } },
          adminToken,
        )
      ).createOrgUnit;
      await t.ok(
        CREATE_USER,
        { input: { username: 'bdg.worker', displayName: '八大关驻站社工', password: 'Badaguan@2026', orgUnitId: street.id, role: 'SOCIAL_WORKER' } },
        adminToken,
      );
      const workerToken = await t.login('bdg.worker', 'Badaguan@2026', 'qingdao');
      return { tenantId, adminToken, workerToken, stationId: street.station.id as string, nodeId: street.id as string, rootPath: rootPath as string };
    })());

  /** A social worker of 大观园街道 (市中区), made once by the city admin. */
  let dgyWorker: Promise<{ id: string; token: string }> | undefined;
  const shizhongWorker = () => (dgyWorker ??= newUser(tokens['city.admin'], 'dgy.worker', dgyNode, 'SOCIAL_WORKER'));

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    for (const u of USERS) {
      tokens[u] = await t.login(u);
      [{ id: userIds[u] }] = await t.ownerQuery(`select id from user_account where tenant_id = $1 and username = $2`, [jinanId, u]);
    }
    cityNode = await t.nodeId('370100');
    lixiaNode = await t.nodeId('370102');
    shizhongNode = await t.nodeId('370103');
    jflNode = await t.nodeId('370102001');
    qfsNode = await t.nodeId('370102002');
    sdlNode = await t.nodeId('370102001001');
    ytyNode = await t.nodeId('370102001002');
    qfsCommunityNode = await t.nodeId('370102002001');
    dgyNode = await t.nodeId('370103001');
    jflStation = await t.stationId('370102001');
    qfsStation = await t.stationId('370102002');
    dgyStation = await t.stationId('370103001');
    [{ path: jflPath, name: jflStationName }] = await t.ownerQuery(`select org_path::text as path, name from station where id = $1`, [jflStation]);
    [{ path: lixiaPath }] = await t.ownerQuery(`select path::text as path from org_unit where id = $1`, [lixiaNode]);
    [{ path: cityPath }] = await t.ownerQuery(`select path::text as path from org_unit where id = $1`, [cityNode]);
  });

  afterAll(() => t.close());

  it('volunteers: register with every field (node and developer checked), update, list with search, status, developer and root filters and paging; teams of the station’s volunteers', async () => {
    const worker = tokens['jfl.worker'];
    const idNumber = identityNumber('1985-04-12', undefined, 'MALE');
    const input = {
      stationId: jflStation,
      nodeId: sdlNode,
      developerId: userIds['jfl.worker'],
      name: '王志民',
      gender: 'MALE',
      idNumber,
      phone: '13905310001',
      skills: ['助老陪伴', '义务理发'],
      availability: '周末上午',
      registeredOn: '2025-03-01',
      status: 'ACTIVE',
    };
    const before = await counts();
    const v = (await t.ok(REGISTER, { input }, worker)).registerVolunteer;
    expect(v).toEqual({ id: expect.any(String), ...input });
    expect(await counts()).toEqual({ ...before, volunteer: before.volunteer + 1 });
    expect(
      await t.ownerQuery(
        `select tenant_id, station_id, org_path::text as path, node_id, developer_id, id_number, to_char(registered_on, 'YYYY-MM-DD') as registered_on from volunteer where id = $1`,
        [v.id],
      ),
    ).toEqual([
      {
        tenant_id: jinanId,
        station_id: jflStation,
        path: jflPath,
        node_id: sdlNode,
        developer_id: userIds['jfl.worker'],
        id_number: idNumber,
        registered_on: '2025-03-01',
      },
    ]);
    expect((await t.ok(VOLUNTEER_Q, { id: v.id }, worker)).volunteer).toEqual(v);

    // Rejected, nothing written: a developer who is not a worker of the station, a node outside it.
    const other = () => ({ ...input, idNumber: identityNumber(undefined, undefined, 'MALE') });
    expectBadInput(await failsCleanly(REGISTER, { input: { ...other(), developerId: userIds['qfs.worker'] } }, worker), 'developerId');
    expectBadInput(await failsCleanly(REGISTER, { input: { ...other(), developerId: userIds['lixia.supervisor'] } }, worker), 'developerId');
    expectBadInput(await failsCleanly(REGISTER, { input: { ...other(), developerId: userIds['lixia.officer'] } }, worker), 'developerId');
    expectBadInput(await failsCleanly(REGISTER, { input: { ...other(), developerId: '00000000-0000-4000-8000-000000000000' } }, worker), 'developerId');
    expectBadInput(await failsCleanly(REGISTER, { input: { ...other(), nodeId: qfsNode } }, worker), 'nodeId');
    expectBadInput(await failsCleanly(REGISTER, { input: { ...other(), nodeId: qfsCommunityNode } }, worker), 'nodeId');
    expectBadInput(await failsCleanly(REGISTER, { input: { ...other(), nodeId: lixiaNode } }, worker), 'nodeId');
    const wrongCheck = `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`;
    expectBadInput(await failsCleanly(REGISTER, { input: { ...input, idNumber: wrongCheck } }, worker), 'idNumber');
    expectBadInput(await failsCleanly(REGISTER, { input: { ...other(), name: '   ' } }, worker), 'name');
    // Another station registers nothing at 解放路; a bureau registers nothing at all.
    expectCode(await failsCleanly(REGISTER, { input: other() }, tokens['qfs.worker']), 'NOT_FOUND');

    // More volunteers: one developed by the station head (who may develop volunteers too), inactive; one without developer; one of 千佛山.
    const b = await register({
      name: '李志强',
      gender: 'MALE',
      idNumber: identityNumber(undefined, undefined, 'MALE'),
      developerId: userIds['jfl.head'],
      status: 'INACTIVE',
    });
    const c = await register({ name: '张丽', nodeId: ytyNode });
    const d = await register({ name: '赵志刚', gender: 'MALE', idNumber: identityNumber(undefined, undefined, 'MALE'), developerId: userIds['jfl.worker'] });
    const q = await register({ stationId: qfsStation, nodeId: qfsCommunityNode, name: '钱志华', developerId: userIds['qfs.worker'] }, tokens['qfs.worker']);
    expect([b.status, b.developerId, c.developerId, c.nodeId, q.stationId]).toEqual(['INACTIVE', userIds['jfl.head'], null, ytyNode, qfsStation]);

    // Update: every detail, the node moves up to the station's own, availability is cleared.
    const change = {
      ...details(input),
      nodeId: jflNode,
      name: '王志民',
      phone: '13905310002',
      skills: ['助老陪伴'],
      availability: undefined,
      registeredOn: '2025-03-02',
    };
    const [{ updated_at: stamp }] = await t.ownerQuery(`select updated_at from volunteer where id = $1`, [v.id]);
    const updated = (await t.ok(UPDATE, { id: v.id, input: change }, worker)).updateVolunteer;
    expect(updated).toEqual({ ...v, nodeId: jflNode, phone: '13905310002', skills: ['助老陪伴'], availability: null, registeredOn: '2025-03-02' });
    const [row] = await t.ownerQuery(`select node_id, phone, availability, updated_at from volunteer where id = $1`, [v.id]);
    expect([row.node_id, row.phone, row.availability]).toEqual([jflNode, '13905310002', null]);
    expect(row.updated_at.getTime()).toBeGreaterThan(stamp.getTime());
    // The same checks on update; the row is left as it was.
    const stored = await t.ownerQuery(`select * from volunteer where id = $1`, [v.id]);
    expectBadInput(await failsCleanly(UPDATE, { id: v.id, input: { ...change, developerId: userIds['qfs.worker'] } }, worker), 'developerId');
    expectBadInput(await failsCleanly(UPDATE, { id: v.id, input: { ...change, nodeId: qfsCommunityNode } }, worker), 'nodeId');
    expectCode(await failsCleanly(UPDATE, { id: v.id, input: change }, tokens['qfs.worker']), 'NOT_FOUND');
    expect(await t.ownerQuery(`select * from volunteer where id = $1`, [v.id])).toEqual(stored);

    // Filters: search (LIKE wildcards taken literally), status, developer, root; and combined.
    const list = async (filter: Row, token = worker, page: Row = { limit: 100 }) =>
      (await t.ok(VOLUNTEERS, { filter, page }, token)).volunteers as { total: number; items: Row[] };
    const idsOf = async (filter: Row, token = worker) => {
      const { total, items } = await list(filter, token);
      expect(items).toHaveLength(total);
      return ids(items);
    };
    expect(await idsOf({})).toEqual(sorted([v.id, b.id, c.id, d.id]));
    expect(await idsOf({ search: '志' })).toEqual(sorted([v.id, b.id, d.id]));
    expect(await idsOf({ search: ' 志刚 ' })).toEqual([d.id]);
    expect(await idsOf({ search: '%' })).toEqual([]);
    expect(await idsOf({ status: 'INACTIVE' })).toEqual([b.id]);
    expect(await idsOf({ status: 'ACTIVE' })).toEqual(sorted([v.id, c.id, d.id]));
    expect(await idsOf({ developerId: userIds['jfl.worker'] })).toEqual(sorted([v.id, d.id]));
    expect(await idsOf({ developerId: userIds['jfl.head'] })).toEqual([b.id]);
    expect(await idsOf({ search: '志', status: 'ACTIVE', developerId: userIds['jfl.worker'] })).toEqual(sorted([v.id, d.id]));
    expect(await idsOf({ rootId: jflNode })).toEqual(sorted([v.id, b.id, c.id, d.id]));
    expect(await idsOf({ rootId: lixiaNode }, tokens['lixia.officer'])).toEqual(sorted([v.id, b.id, c.id, d.id, q.id]));
    expect(await idsOf({ rootId: qfsNode }, tokens['lixia.officer'])).toEqual([q.id]);
    // A bureau sees names masked, so it cannot search by them either: a match would confirm a hidden name.
    expect(await idsOf({ search: '志' }, tokens['lixia.officer'])).toEqual([]);
    expectCode(await t.gql(VOLUNTEERS, { filter: { rootId: lixiaNode } }, tokens['shizhong.officer']), 'NOT_FOUND');
    expectCode(await t.gql(VOLUNTEERS, { filter: { rootId: qfsNode } }, worker), 'NOT_FOUND');
    expect(await idsOf({}, tokens['qfs.worker'])).toEqual([q.id]);

    // Paging: pages of two make up the whole list, in order.
    const all = await list({});
    const pages = [
      await list({}, worker, { offset: 0, limit: 2 }),
      await list({}, worker, { offset: 2, limit: 2 }),
      await list({}, worker, { offset: 4, limit: 2 }),
    ];
    expect(pages.map((p) => p.total)).toEqual([4, 4, 4]);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 0]);
    expect(pages.flatMap((p) => p.items)).toEqual(all.items);
    expectCode(await t.gql(VOLUNTEERS, { page: { limit: 101 } }, worker), 'BAD_USER_INPUT');

    // Teams: members must be volunteers of the station.
    const teamInput = { stationId: jflStation, name: '解放路银龄志愿服务队', memberIds: [v.id, d.id] };
    const team = (await t.ok(CREATE_TEAM, { input: teamInput }, worker)).createVolunteerTeam;
    expect(team).toEqual({ id: expect.any(String), ...teamInput });
    expect(await t.ownerQuery(`select tenant_id, org_path::text as path from volunteer_team where id = $1`, [team.id])).toEqual([
      { tenant_id: jinanId, path: jflPath },
    ]);
    const empty = (await t.ok(CREATE_TEAM, { input: { stationId: jflStation, name: '应急志愿服务队' } }, tokens['jfl.head'])).createVolunteerTeam;
    expect(empty.memberIds).toEqual([]);
    expectBadInput(await failsCleanly(CREATE_TEAM, { input: { ...teamInput, memberIds: [v.id, q.id] } }, worker), 'memberIds');
    expectBadInput(
      await failsCleanly(CREATE_TEAM, { input: { ...teamInput, memberIds: [v.id, '00000000-0000-4000-8000-000000000000'] } }, worker),
      'memberIds',
    );
    expectBadInput(await failsCleanly(CREATE_TEAM, { input: { ...teamInput, memberIds: [v.id, v.id] } }, worker), 'memberIds');
    expectCode(await failsCleanly(CREATE_TEAM, { input: { ...teamInput, memberIds: [] } }, tokens['qfs.worker']), 'NOT_FOUND');
    expect(ids((await t.ok(TEAMS, { rootId: jflNode }, worker)).volunteerTeams)).toEqual(sorted([team.id, empty.id]));
    expect((await t.ok(TEAMS, { rootId: lixiaNode }, tokens['lixia.officer'])).volunteerTeams.find((x: Row) => x.id === team.id)).toEqual(team);
    expect((await t.ok(TEAMS, { rootId: qfsNode }, tokens['qfs.worker'])).volunteerTeams).toEqual([]);
    expectCode(await t.gql(TEAMS, { rootId: jflNode }, tokens['qfs.worker']), 'NOT_FOUND');
  });

  it('one registration per person per city: CONFLICT naming the first only where the caller can see it; concurrent registrations leave one; another city is separate', async () => {
    const worker = tokens['jfl.worker'];
    const number = identityNumber('1972-11-30');
    const first = await register({ name: '孙秀英', idNumber: number });

    // Again at the same station, by anyone there: CONFLICT pointing to the first registration.
    for (const token of [worker, tokens['jfl.head']]) {
      const res = await failsCleanly(REGISTER, { input: volunteerInput({ name: '孙秀英', idNumber: number }) }, token);
      expect(errorCode(res)).toBe('CONFLICT');
      expect(res.errors![0].extensions).toMatchObject({ field: 'idNumber', existingId: first.id });
    }
    // At another station, whose worker cannot see the first: CONFLICT, but without its id.
    const elsewhere = await failsCleanly(
      REGISTER,
      { input: volunteerInput({ stationId: qfsStation, nodeId: qfsNode, idNumber: number }) },
      tokens['qfs.worker'],
    );
    expect(errorCode(elsewhere)).toBe('CONFLICT');
    expect(elsewhere.errors![0].extensions!.field).toBe('idNumber');
    expect(elsewhere.errors![0].extensions).not.toHaveProperty('existingId');
    expect(JSON.stringify(elsewhere)).not.toContain(first.id);
    // Changing another volunteer's number to this one is a conflict too.
    const second = await register({ name: '周建国' });
    expectCode(await failsCleanly(UPDATE, { id: second.id, input: details(volunteerInput({ name: '周建国', idNumber: number })) }, worker), 'CONFLICT');

    // A number with a final X typed in lower case is stored in upper case, and found again either way.
    let withX = identityNumber('1968-02-29');
    while (!withX.endsWith('X')) withX = identityNumber('1968-02-29');
    const x = await register({ name: '吴桂芳', idNumber: withX.toLowerCase(), developerId: userIds['jfl.worker'] });
    expect(x.idNumber).toBe(withX);
    expectCode(await failsCleanly(REGISTER, { input: volunteerInput({ idNumber: withX }) }, worker), 'CONFLICT');

    // Two registrations of one number at once: exactly one succeeds, one row.
    const rivals: [Row, string][] = [
      [volunteerInput({ name: '郑并发' }), tokens['jfl.head']],
      [volunteerInput({ stationId: qfsStation, nodeId: qfsNode, name: '郑并发' }), tokens['qfs.worker']],
    ];
    for (const [a, b] of rivals) {
      const racing = identityNumber('1990-01-01');
      const results = await Promise.all([
        t.gql(REGISTER, { input: { ...volunteerInput({ name: '郑并发' }), idNumber: racing } }, worker),
        t.gql(REGISTER, { input: { ...a, idNumber: racing } }, b),
      ]);
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => r.errors).map((r) => errorCode(r))).toEqual(['CONFLICT']);
      expect(await t.ownerQuery(`select count(*)::int as n from volunteer where id_number = $1`, [racing])).toEqual([{ n: 1 }]);
    }

    // Another city is another register: the same number may be registered there, once.
    const qd = await qingdao();
    const there = await register({ stationId: qd.stationId, nodeId: qd.nodeId, name: '孙秀英', idNumber: number }, qd.workerToken);
    expect(there.idNumber).toBe(masked(number)); // bdg.worker does not develop this volunteer
    expect(await t.ownerQuery(`select tenant_id from volunteer where id_number = $1 order by tenant_id = $2`, [number, jinanId])).toEqual([
      { tenant_id: qd.tenantId },
      { tenant_id: jinanId },
    ]);
    const again = await failsCleanly(REGISTER, { input: volunteerInput({ stationId: qd.stationId, nodeId: qd.nodeId, idNumber: number }) }, qd.workerToken);
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.errors![0].extensions!.existingId).toBe(there.id);
    // Jinan's duplicate answer still points to Jinan's own registration.
    const home = await failsCleanly(REGISTER, { input: volunteerInput({ idNumber: number }) }, worker);
    expect(home.errors![0].extensions!.existingId).toBe(first.id);
  });

  it('identity numbers: in full for the station head and the developing worker, masked for other station staff, absent for bureaus', async () => {
    const number = identityNumber('1979-09-09');
    const v = await register({ name: '冯淑珍', idNumber: number, developerId: userIds['jfl.worker'] });
    const other = await newUser(tokens['jfl.head'], 'jfl.worker2', jflNode, 'SOCIAL_WORKER');
    const seen = async (token: string) => (await t.ok(VOLUNTEER_Q, { id: v.id }, token)).volunteer.idNumber as string | null;
    const listed = async (token: string) =>
      ((await t.ok(VOLUNTEERS, { filter: { rootId: jflNode }, page: { limit: 100 } }, token)).volunteers.items as Row[])
        .filter((i) => i.id === v.id)
        .map((i) => i.idNumber);

    expect(await seen(tokens['jfl.head'])).toBe(number);
    expect(await seen(tokens['jfl.worker'])).toBe(number);
    expect(await seen(other.token)).toBe(masked(number));
    expect(masked(number)).toMatch(/^3701\*{10}\d{3}[\dX]$/);
    expect(await seen(tokens['lixia.officer'])).toBeNull();
    expect(await seen(tokens['city.admin'])).toBeNull();
    expect(await listed(tokens['jfl.head'])).toEqual([number]);
    expect(await listed(tokens['jfl.worker'])).toEqual([number]);
    expect(await listed(other.token)).toEqual([masked(number)]);
    expect(await listed(tokens['lixia.officer'])).toEqual([null]);
    expect(await listed(tokens['city.admin'])).toEqual([null]);
    // The whole response of a bureau never carries the number.
    const res = await t.gql(VOLUNTEERS, { filter: { rootId: cityNode } }, tokens['city.admin']);
    expect(JSON.stringify(res)).not.toContain(number);
    expect(JSON.stringify(res)).not.toContain(number.slice(4, 14));
    // A supervisor has no business with volunteers; another station sees nothing.
    expectCode(await t.gql(VOLUNTEER_Q, { id: v.id }, tokens['lixia.supervisor']), 'FORBIDDEN');
    expectCode(await t.gql(VOLUNTEER_Q, { id: v.id }, tokens['qfs.worker']), 'NOT_FOUND');

    // Handing the volunteer to the new worker moves the full number with them.
    await t.ok(UPDATE, { id: v.id, input: details(volunteerInput({ name: '冯淑珍', idNumber: number, developerId: other.id })) }, tokens['jfl.worker']);
    expect(await seen(other.token)).toBe(number);
    expect(await seen(tokens['jfl.worker'])).toBe(masked(number));
    expect(await seen(tokens['jfl.head'])).toBe(number);
    // Without a developer, only the head sees it in full.
    await t.ok(UPDATE, { id: v.id, input: details(volunteerInput({ name: '冯淑珍', idNumber: number })) }, tokens['jfl.head']);
    expect([await seen(tokens['jfl.head']), await seen(tokens['jfl.worker']), await seen(other.token)]).toEqual([number, masked(number), masked(number)]);
  });

  it('hours: standalone or from an activity of the same date; voided or foreign sources refused; at most 24 a day, also under a race; exact sums without voided entries', async () => {
    const worker = tokens['jfl.worker'];
    const v = await register({ name: '陈时长', developerId: userIds['jfl.worker'] });
    const activity = await recordActivity({ activityDate: '2025-06-10' });
    const voided = await recordActivity({ activityDate: '2025-06-10', title: '取消的活动' });
    await t.ok(VOID_ACTIVITY, { id: voided.id, input: { reason: '录入重复' } }, worker);
    const foreign = await recordActivity({ stationId: qfsStation, nodeId: qfsNode, activityDate: '2025-06-10' }, tokens['qfs.worker']);
    const base = { volunteerId: v.id, serviceDate: '2025-06-10', hours: '2.5', source: 'COMMUNITY_ACTIVITY', sourceId: activity.id };

    const before = await counts();
    const fromActivity = await recordService({ ...base, description: '活动签到与秩序维护' });
    expect(fromActivity).toEqual({
      id: expect.any(String),
      volunteerId: v.id,
      stationId: jflStation,
      serviceDate: '2025-06-10',
      hours: '2.50',
      source: 'COMMUNITY_ACTIVITY',
      sourceId: activity.id,
      description: '活动签到与秩序维护',
      voidedAt: null,
    });
    expect(await counts()).toEqual({ ...before, volunteer_service: before.volunteer_service + 1 });
    expect(
      await t.ownerQuery(`select tenant_id, org_path::text as path, hours::text as hours, created_by from volunteer_service where id = $1`, [fromActivity.id]),
    ).toEqual([{ tenant_id: jinanId, path: jflPath, hours: '2.50', created_by: userIds['jfl.worker'] }]);

    // Source checks, nothing written.
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...base, serviceDate: '2025-06-11' } }, worker), 'serviceDate');
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...base, sourceId: voided.id } }, worker), 'sourceId');
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...base, sourceId: foreign.id } }, worker), 'sourceId');
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...base, sourceId: '00000000-0000-4000-8000-000000000000' } }, worker), 'sourceId');
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...base, sourceId: undefined } }, worker), 'sourceId');
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...base, source: 'STANDALONE' } }, worker), 'sourceId');
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...base, source: 'HOME_VISIT' } }, worker), 'sourceId');
    // Hours must be more than 0: zero is refused by the service, a negative or over-precise number by the Decimal scalar.
    const standalone = { volunteerId: v.id, serviceDate: '2025-06-12', source: 'STANDALONE' };
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...standalone, hours: '0' } }, worker), 'hours');
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...standalone, hours: '0.00' } }, worker), 'hours');
    expectCode(await failsCleanly(RECORD_SERVICE, { input: { ...standalone, hours: '-1' } }, worker), 'BAD_USER_INPUT');
    expectCode(await failsCleanly(RECORD_SERVICE, { input: { ...standalone, hours: -1 } }, worker), 'BAD_USER_INPUT');
    expectCode(await failsCleanly(RECORD_SERVICE, { input: { ...standalone, hours: '1.255' } }, worker), 'BAD_USER_INPUT');
    expectCode(await failsCleanly(RECORD_SERVICE, { input: { ...standalone, hours: 'abc' } }, worker), 'BAD_USER_INPUT');
    // Another station cannot record for this volunteer; a bureau records nothing.
    expectCode(await failsCleanly(RECORD_SERVICE, { input: { ...standalone, hours: '1' } }, tokens['qfs.worker']), 'NOT_FOUND');
    expectCode(await failsCleanly(RECORD_SERVICE, { input: { ...standalone, hours: '1' } }, tokens['lixia.officer']), 'FORBIDDEN');

    const alone = await recordService({ ...standalone, hours: '1.25', description: '独自上门陪伴' });
    expect([alone.source, alone.sourceId, alone.hours]).toEqual(['STANDALONE', null, '1.25']);
    const mistaken = await recordService({ ...standalone, serviceDate: '2025-06-11', hours: '0.75' });

    // At most 24 hours on one day, counting what is already there.
    const day = { volunteerId: v.id, serviceDate: '2025-06-15', source: 'STANDALONE' };
    await recordService({ ...day, hours: '20' });
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...day, hours: '4.01' } }, worker), 'hours');
    await recordService({ ...day, hours: '4' });
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...day, hours: '0.01' } }, worker), 'hours');
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...day, serviceDate: '2025-06-16', hours: '24.01' } }, worker), 'hours');
    expectBadInput(await failsCleanly(RECORD_SERVICE, { input: { ...day, serviceDate: '2025-06-16', hours: '999999999999.99' } }, worker), 'hours');
    // The same day's hours of another volunteer are not counted.
    const other = await register({ name: '陈另一位' });
    await recordService({ ...day, volunteerId: other.id, hours: '8' });

    // Two requests racing for one day: 14 + 14 would be 28, so one of them fails and only 14 are written.
    const race = { ...day, serviceDate: '2025-06-20', hours: '14' };
    const results = await Promise.all([t.gql(RECORD_SERVICE, { input: race }, worker), t.gql(RECORD_SERVICE, { input: race }, tokens['jfl.head'])]);
    expect(results.filter((r) => !r.errors).length).toBe(1);
    const loser = results.find((r) => r.errors)!;
    expectBadInput(loser, 'hours');
    expect(
      await t.ownerQuery(
        `select count(*)::int as n, sum(hours)::text as hours from volunteer_service where volunteer_id = $1 and service_date = '2025-06-20'`,
        [v.id],
      ),
    ).toEqual([{ n: 1, hours: '14.00' }]);

    // Voiding an entry takes it out of every sum; voiding twice is refused.
    const voidedEntry = (await t.ok(VOID_SERVICE, { id: mistaken.id, input: { reason: '日期录错' } }, worker)).voidVolunteerService;
    expect(voidedEntry.voidedAt).not.toBeNull();
    const twice = await t.gql(VOID_SERVICE, { id: mistaken.id, input: { reason: '再作废' } }, worker);
    expect(errorCode(twice)).toBe('RULE_VIOLATED');
    expectCode(await t.gql(VOID_SERVICE, { id: alone.id, input: { reason: '越权' } }, tokens['qfs.worker']), 'NOT_FOUND');

    // hours(from, to): exact decimal sums of the period, voided entries out.
    const hours = async (from?: string, to?: string, token = worker) => (await t.ok(HOURS_Q, { id: v.id, from, to }, token)).volunteer as Row;
    const june10to12 = await hours('2025-06-10', '2025-06-12');
    expect(june10to12.period).toBe('3.75');
    expect(june10to12.services.map((s: Row) => [s.serviceDate, s.hours, s.source])).toEqual([
      ['2025-06-10', '2.50', 'COMMUNITY_ACTIVITY'],
      ['2025-06-12', '1.25', 'STANDALONE'],
    ]);
    expect((await hours('2025-06-11', '2025-06-11')).period).toBe('0.00');
    expect((await hours('2025-06-15', '2025-06-15')).period).toBe('24.00');
    expect((await hours('2025-06-01', '2025-06-30')).period).toBe('41.75');
    const whole = await hours();
    expect(whole.all).toBe('41.75');
    expect(whole.period).toBe('41.75');
    const [{ sum }] = await t.ownerQuery(`select sum(hours)::text as sum from volunteer_service where volunteer_id = $1 and voided_at is null`, [v.id]);
    expect(whole.all).toBe(sum);
    // A bureau sees the hours too.
    expect((await hours('2025-06-10', '2025-06-12', tokens['lixia.officer'])).period).toBe('3.75');
    // Sibling volunteers in one list each get their own sum.
    const both = await t.ok(
      `query($filter: VolunteerFilter) { volunteers(filter: $filter) { items { id hours(from: "2025-06-15", to: "2025-06-15") } } }`,
      { filter: { search: '陈' } },
      worker,
    );
    expect(Object.fromEntries(both.volunteers.items.map((i: Row) => [i.id, i.hours]))).toEqual({ [v.id]: '24.00', [other.id]: '8.00' });
  });

  it('the goal of regular volunteers per worker: set by the city admin only; the shortfall lists the subtree’s social workers below it with exact counts', async () => {
    const head = tokens['jfl.head'];
    const shortfall = async (rootId: string, token = head) => (await t.ok(SHORTFALL, { rootId }, token)).volunteerGoalShortfall as Row[];
    /** What the shortfall must be, from SQL: social workers (active accounts) under the root, counting their active volunteers. */
    const expected = async (rootPath: string, goal: number) =>
      (
        await t.ownerQuery(
          `select w.user_id as "workerId", u.display_name as "workerName",
                  (select count(*)::int from volunteer v where v.developer_id = w.user_id and v.status = 'ACTIVE') as "activeVolunteers"
             from (select distinct user_id from role_assignment where tenant_id = $1 and role = 'SOCIAL_WORKER' and org_path <@ $2::ltree) w
             join user_account u on u.id = w.user_id and not u.disabled`,
          [jinanId, rootPath],
        )
      )
        .filter((r) => r.activeVolunteers < goal)
        .map((r) => ({ ...r, goal }))
        .sort((a, b) => a.workerId.localeCompare(b.workerId));
    const byWorker = (rows: Row[]) => [...rows].sort((a, b) => a.workerId.localeCompare(b.workerId));

    // Before any setting, the default goal is 5.
    const initial = await shortfall(jflNode);
    expect(initial.length).toBeGreaterThan(0);
    expect(initial.every((r) => r.goal === 5)).toBe(true);

    // Only the city admin sets it; bad values are refused.
    for (const u of ['lixia.officer', 'jfl.head', 'jfl.worker', 'lixia.supervisor'] as const) {
      expectCode(await failsCleanly(SET_GOAL, { n: 5 }, tokens[u]), 'FORBIDDEN');
    }
    expectBadInput(await failsCleanly(SET_GOAL, { n: -1 }, tokens['city.admin']), 'perWorker');
    expectBadInput(await failsCleanly(SET_GOAL, { n: 1001 }, tokens['city.admin']), 'perWorker');
    expect((await t.ok(`{ volunteerGoal }`, {}, tokens['city.admin'])).volunteerGoal).toBe(5);
    expect((await t.ok(SET_GOAL, { n: 2 }, tokens['city.admin'])).setVolunteerGoal).toBe(2);
    // The goal reads back for whoever reads the community policy (the console's administration).
    expect((await t.ok(`{ volunteerGoal }`, {}, tokens['city.admin'])).volunteerGoal).toBe(2);
    expect((await t.ok(`{ volunteerGoal }`, {}, tokens['lixia.officer'])).volunteerGoal).toBe(2);
    expect(await t.ownerQuery(`select regular_volunteers_per_worker as n from community_policy where tenant_id = $1`, [jinanId])).toEqual([{ n: 2 }]);
    expect((await shortfall(jflNode)).every((r) => r.goal === 2)).toBe(true);
    expect((await t.ok(SET_GOAL, { n: 5 }, tokens['city.admin'])).setVolunteerGoal).toBe(5);
    expect(await t.ownerQuery(`select count(*)::int as n, max(regular_volunteers_per_worker) as goal from community_policy`)).toEqual([{ n: 1, goal: 5 }]);

    // A new worker with three active volunteers and one inactive: three of five.
    const w3 = await newUser(head, 'jfl.worker3', jflNode, 'SOCIAL_WORKER');
    const mine: Row[] = [];
    for (const name of ['褚一', '褚二', '褚三']) mine.push(await register({ name, developerId: w3.id }, w3.token));
    await register({ name: '褚停', developerId: w3.id, status: 'INACTIVE' }, w3.token);
    let rows = await shortfall(jflNode);
    expect(rows.find((r) => r.workerId === w3.id)).toEqual({ workerId: w3.id, workerName: 'jfl.worker3 测试', activeVolunteers: 3, goal: 5 });
    expect(byWorker(rows)).toEqual(await expected(jflPath, 5));
    // Station heads are not measured, and workers of other stations are not in this subtree.
    expect(rows.map((r) => r.workerId)).not.toContain(userIds['jfl.head']);
    expect(rows.map((r) => r.workerId)).not.toContain(userIds['qfs.worker']);
    // Ordered by how many they have, fewest first.
    const counted = rows.map((r) => r.activeVolunteers);
    expect(counted).toEqual([...counted].sort((a, b) => a - b));

    // The district sees both stations' workers; 千佛山's worker has one active volunteer (test 1) and is listed with it.
    // Bureaus see the workers' names masked, like every name above the station.
    const namesMasked = (rows: Row[]) => rows.map((r) => ({ ...r, workerName: maskName(r.workerName) }));
    const district = await shortfall(lixiaNode, tokens['lixia.officer']);
    expect(byWorker(district)).toEqual(namesMasked(await expected(lixiaPath, 5)));
    expect(district.find((r) => r.workerId === userIds['qfs.worker'])).toMatchObject({ activeVolunteers: 1, goal: 5 });
    expect(byWorker(await shortfall(cityNode, tokens['city.admin']))).toEqual(namesMasked(await expected(cityPath, 5)));
    expectCode(await t.gql(SHORTFALL, { rootId: lixiaNode }, tokens['shizhong.officer']), 'NOT_FOUND');
    expectCode(await t.gql(SHORTFALL, { rootId: jflNode }, tokens['qfs.worker']), 'NOT_FOUND');

    // Two more active volunteers reach the goal: off the list. One turning inactive: back on with four.
    mine.push(await register({ name: '褚四', developerId: w3.id }, w3.token));
    mine.push(await register({ name: '褚五', developerId: w3.id }, w3.token));
    rows = await shortfall(jflNode);
    expect(rows.map((r) => r.workerId)).not.toContain(w3.id);
    expect(byWorker(rows)).toEqual(await expected(jflPath, 5));
    await t.ok(
      UPDATE,
      { id: mine[0].id, input: details(volunteerInput({ name: '褚一', developerId: w3.id, idNumber: mine[0].idNumber, status: 'INACTIVE' })) },
      w3.token,
    );
    expect((await shortfall(jflNode)).find((r) => r.workerId === w3.id)).toMatchObject({ activeVolunteers: 4, goal: 5 });

    // A goal of 0 lists nobody; back to 5.
    await t.ok(SET_GOAL, { n: 0 }, tokens['city.admin']);
    expect(await shortfall(cityNode, tokens['city.admin'])).toEqual([]);
    await t.ok(SET_GOAL, { n: 5 }, tokens['city.admin']);
    expect(byWorker(await shortfall(jflNode))).toEqual(await expected(jflPath, 5));
  });

  it('CSV export of a volunteer’s service record: bearer token, Chinese header, one row per live entry of the period, formulas neutralised; 401, 404, 400', async () => {
    const worker = tokens['jfl.worker'];
    const v = await register({ name: '蒋"小"燕', developerId: userIds['jfl.worker'] });
    const activity = await recordActivity({ activityDate: '2025-07-05', title: '七月助老活动' });
    await recordService({
      volunteerId: v.id,
      serviceDate: '2025-07-01',
      hours: '3',
      source: 'STANDALONE',
      description: '=HYPERLINK("http://evil.example","点我")',
    });
    await recordService({
      volunteerId: v.id,
      serviceDate: '2025-07-05',
      hours: '2.5',
      source: 'COMMUNITY_ACTIVITY',
      sourceId: activity.id,
      description: '-1+1 协助签到',
    });
    const gone = await recordService({ volunteerId: v.id, serviceDate: '2025-07-03', hours: '1', source: 'STANDALONE', description: '作废的记录' });
    await t.ok(VOID_SERVICE, { id: gone.id, input: { reason: '重复' } }, worker);
    await recordService({ volunteerId: v.id, serviceDate: '2025-08-01', hours: '4', source: 'STANDALONE', description: '八月服务' });

    const url = (id: string, query = '?from=2025-07-01&to=2025-07-31') => `/exports/volunteers/${id}/services.csv${query}`;
    const get = (path: string, token?: string) => {
      const req = t.http.get(path);
      return token ? req.set('authorization', `Bearer ${token}`) : req;
    };
    const lines = (text: string) => {
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.endsWith('\r\n')).toBe(true);
      return text.slice(1, -2).split('\r\n');
    };

    const res = await get(url(v.id), worker);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="volunteer-${v.id}.csv"`);
    expect(lines(res.text)).toEqual([
      '"姓名","日期","时长(小时)","服务来源","服务内容","站点"',
      `"蒋""小""燕","2025-07-01","3.00","STANDALONE","'=HYPERLINK(""http://evil.example"",""点我"")","${jflStationName}"`,
      `"蒋""小""燕","2025-07-05","2.50","COMMUNITY_ACTIVITY","'-1+1 协助签到","${jflStationName}"`,
    ]);
    // Without a period: every live entry; a bureau of the district may export too.
    const whole = await get(url(v.id, ''), tokens['lixia.officer']);
    expect(whole.status).toBe(200);
    expect(lines(whole.text).map((l) => l.split(',')[1])).toEqual(['"日期"', '"2025-07-01"', '"2025-07-05"', '"2025-08-01"']);
    expect((await get(url(v.id, '?from=2025-08-01'), worker).then((r) => lines(r.text))).length).toBe(2);

    // No token, a bad one: 401. Another station's worker: 404. A supervisor: 403. A bad date or id: 400.
    expect((await get(url(v.id))).status).toBe(401);
    expect((await get(url(v.id), 'not-a-token')).status).toBe(401);
    const foreign = await get(url(v.id), tokens['qfs.worker']);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
    expect(foreign.text).not.toContain('2025-07-01');
    expect((await get(url(v.id), tokens['shizhong.officer'])).status).toBe(404);
    expect((await get(url(v.id), tokens['lixia.supervisor'])).status).toBe(403);
    const qd = await qingdao();
    expect((await get(url(v.id), qd.adminToken)).status).toBe(404);
    const badDate = await get(url(v.id, '?from=2025-13-01'), worker);
    expect(badDate.status).toBe(400);
    expect(badDate.body.code).toBe('BAD_USER_INPUT');
    expect((await get(url(v.id, '?from=2025-07-01&to=July'), worker)).status).toBe(400);
    expect((await get(url('not-a-uuid'), worker)).status).toBe(400);
    expect((await get(url('00000000-0000-4000-8000-000000000000'), worker)).status).toBe(404);
  });

  it('social organizations: registered with a credit code or filed without; cultivation both-or-neither; checks; mobilized and newly cultivated counts exact at month boundaries', async () => {
    const worker = tokens['jfl.worker'];
    const input = {
      nodeId: sdlNode,
      name: '山大路社区银龄互助会',
      type: 'ELDERLY_SERVICE',
      legalStatus: 'REGISTERED',
      creditCode: '52370102MJD123456X',
      leader: '刘会长',
      contactPhone: '0531-88880001',
      memberCount: 36,
      foundedOn: '2023-05-01',
      cultivatingStationId: jflStation,
      cultivatedSince: '2024-03-01',
      status: 'ACTIVE',
    };
    const before = await counts();
    const o1 = (await t.ok(CREATE_ORG, { input }, worker)).createSocialOrganization;
    expect(o1).toEqual({ id: expect.any(String), ...input });
    expect(await counts()).toEqual({ ...before, social_organization: before.social_organization + 1 });
    expect(await t.ownerQuery(`select tenant_id, org_path::text as path from social_organization where id = $1`, [o1.id])).toEqual([
      { tenant_id: jinanId, path: (await t.ownerQuery(`select path::text as path from org_unit where id = $1`, [sdlNode]))[0].path },
    ]);
    expect((await t.ok(ORG_Q, { id: o1.id }, worker)).socialOrganization).toEqual(o1);

    const filed = { nodeId: jflNode, name: '解放路文体队', type: 'CULTURE_SPORTS', legalStatus: 'FILED' };
    const fresh = (name: string, change: Row = {}) => ({ ...filed, name, ...change });
    // Rejected, nothing written.
    expectBadInput(await failsCleanly(CREATE_ORG, { input: fresh('甲', { legalStatus: 'REGISTERED' }) }, worker), 'creditCode');
    expectBadInput(await failsCleanly(CREATE_ORG, { input: fresh('乙', { legalStatus: 'REGISTERED', creditCode: '52370102MJD12345' }) }, worker), 'creditCode');
    expectBadInput(
      await failsCleanly(CREATE_ORG, { input: fresh('乙', { legalStatus: 'REGISTERED', creditCode: '52370102MJD12345IX' }) }, worker),
      'creditCode',
    );
    expectBadInput(await failsCleanly(CREATE_ORG, { input: fresh('丙', { creditCode: '52370102MJD123457X' }) }, worker), 'creditCode');
    expectBadInput(await failsCleanly(CREATE_ORG, { input: fresh('丁', { cultivatingStationId: jflStation }) }, worker), 'cultivatedSince');
    expectBadInput(await failsCleanly(CREATE_ORG, { input: fresh('戊', { cultivatedSince: '2024-03-01' }) }, worker), 'cultivatedSince');
    expectBadInput(await failsCleanly(CREATE_ORG, { input: fresh('己', { memberCount: -1 }) }, worker), 'memberCount');
    expectBadInput(await failsCleanly(CREATE_ORG, { input: fresh(input.name) }, worker), 'name');
    expectBadInput(await failsCleanly(CREATE_ORG, { input: fresh(`  ${input.name}  `) }, worker), 'name');
    // The name is unique in the city, whichever station asks.
    expectBadInput(await failsCleanly(CREATE_ORG, { input: fresh(input.name, { nodeId: qfsNode }) }, tokens['qfs.worker']), 'name');
    expectCode(await failsCleanly(CREATE_ORG, { input: fresh('庚', { nodeId: qfsNode }) }, worker), 'NOT_FOUND');
    expectCode(await failsCleanly(CREATE_ORG, { input: fresh('辛') }, tokens['lixia.officer']), 'FORBIDDEN');

    // Update: registered → filed, the credit code goes; the same checks apply.
    const asFiled = { ...input, legalStatus: 'FILED', creditCode: undefined, memberCount: 40 };
    const o1b = (await t.ok(UPDATE_ORG, { id: o1.id, input: asFiled }, worker)).updateSocialOrganization;
    expect(o1b).toEqual({ ...o1, legalStatus: 'FILED', creditCode: null, memberCount: 40 });
    expectBadInput(await failsCleanly(UPDATE_ORG, { id: o1.id, input: { ...asFiled, creditCode: input.creditCode } }, worker), 'creditCode');
    expectBadInput(await failsCleanly(UPDATE_ORG, { id: o1.id, input: { ...asFiled, cultivatedSince: undefined } }, worker), 'cultivatedSince');

    // Organizations cultivated around the edges of March 2024 (a leap year), one not cultivated, one of 千佛山.
    const create = async (name: string, change: Row, token = worker) =>
      (await t.ok(CREATE_ORG, { input: fresh(name, change) }, token)).createSocialOrganization as Row;
    const o2 = await create('解放路邻里互助社', { cultivatingStationId: jflStation, cultivatedSince: '2024-03-31', type: 'MUTUAL_AID' });
    const o3 = await create('解放路儿童之家', { cultivatingStationId: jflStation, cultivatedSince: '2024-02-29', type: 'CHILDREN' });
    const o4 = await create('解放路公益服务队', { cultivatingStationId: jflStation, cultivatedSince: '2024-04-01', type: 'PUBLIC_WELFARE' });
    const o5 = await create('解放路广场舞队', {});
    const q1 = await create(
      '千佛山社区议事会',
      { nodeId: qfsCommunityNode, cultivatingStationId: qfsStation, cultivatedSince: '2024-03-15', type: 'COMMUNITY_AFFAIRS' },
      tokens['qfs.worker'],
    );

    const list = async (filter: Row, token = worker) => ids((await t.ok(ORGS, { filter, page: { limit: 100 } }, token)).socialOrganizations.items);
    expect(await list({ rootId: jflNode })).toEqual(sorted([o1.id, o2.id, o3.id, o4.id, o5.id]));
    expect(await list({ rootId: jflNode, cultivated: false })).toEqual([o5.id]);
    expect(await list({ rootId: jflNode, type: 'CHILDREN' })).toEqual([o3.id]);
    expect(await list({ rootId: lixiaNode, cultivated: true }, tokens['lixia.officer'])).toEqual(sorted([o1.id, o2.id, o3.id, o4.id, q1.id]));
    expect(await list({}, tokens['qfs.worker'])).toEqual([q1.id]);

    // Mobilization by activities on the edges of March 2024.
    const a1 = await recordActivity({ activityDate: '2024-03-01' });
    const a2 = await recordActivity({ activityDate: '2024-03-31' });
    const a3 = await recordActivity({ activityDate: '2024-04-01' });
    const a4 = await recordActivity({ activityDate: '2024-02-29' });
    const qa = await recordActivity({ stationId: qfsStation, nodeId: qfsNode, activityDate: '2024-03-20' }, tokens['qfs.worker']);
    const mobilized = (await t.ok(MOBILIZE, { activityId: a1.id, ids: [o1.id, o2.id] }, worker)).mobilizeOrganizations;
    expect(mobilized).toEqual([
      { id: o1.id, name: o1.name },
      { id: o2.id, name: o2.name },
    ]);
    await t.ok(MOBILIZE, { activityId: a2.id, ids: [o1.id, o5.id] }, worker);
    await t.ok(MOBILIZE, { activityId: a3.id, ids: [o3.id] }, worker);
    await t.ok(MOBILIZE, { activityId: a4.id, ids: [o4.id] }, worker);
    await t.ok(MOBILIZE, { activityId: qa.id, ids: [q1.id] }, tokens['qfs.worker']);
    expect(await t.ownerQuery(`select org_path::text as path from organization_mobilization where activity_id = $1`, [a1.id])).toEqual([
      { path: jflPath },
      { path: jflPath },
    ]);
    // Again: nothing new. Checks: no ids, another station's organization or activity, a bureau.
    const rowsBefore = (await counts()).organization_mobilization;
    await t.ok(MOBILIZE, { activityId: a1.id, ids: [o1.id] }, worker);
    expect((await counts()).organization_mobilization).toBe(rowsBefore);
    expectBadInput(await failsCleanly(MOBILIZE, { activityId: a1.id, ids: [] }, worker), 'organizationIds');
    expectCode(await failsCleanly(MOBILIZE, { activityId: a1.id, ids: [q1.id] }, worker), 'NOT_FOUND');
    expectCode(await failsCleanly(MOBILIZE, { activityId: qa.id, ids: [o1.id] }, worker), 'NOT_FOUND');
    expectCode(await failsCleanly(MOBILIZE, { activityId: a1.id, ids: [o5.id] }, tokens['lixia.officer']), 'FORBIDDEN');

    const countsOf = async (rootId: string, from: string, to: string, token = worker) =>
      (await t.ok(ORG_COUNTS, { rootId, from, to }, token)).organizationCounts;
    expect(await countsOf(jflNode, '2024-03-01', '2024-03-31')).toEqual({ mobilized: 3, newlyCultivated: 2 }); // o1 o2 o5; o1 (03-01) o2 (03-31)
    expect(await countsOf(jflNode, '2024-02-01', '2024-02-29')).toEqual({ mobilized: 1, newlyCultivated: 1 }); // o4; o3
    expect(await countsOf(jflNode, '2024-04-01', '2024-04-30')).toEqual({ mobilized: 1, newlyCultivated: 1 }); // o3; o4
    expect(await countsOf(jflNode, '2024-03-02', '2024-03-30')).toEqual({ mobilized: 0, newlyCultivated: 0 });
    expect(await countsOf(jflNode, '2024-01-01', '2024-12-31')).toEqual({ mobilized: 5, newlyCultivated: 4 });
    expect(await countsOf(lixiaNode, '2024-03-01', '2024-03-31', tokens['lixia.officer'])).toEqual({ mobilized: 4, newlyCultivated: 3 });
    expect(await countsOf(cityNode, '2024-03-01', '2024-03-31', tokens['city.admin'])).toEqual({ mobilized: 4, newlyCultivated: 3 });
    expect(await countsOf(shizhongNode, '2024-03-01', '2024-03-31', tokens['shizhong.officer'])).toEqual({ mobilized: 0, newlyCultivated: 0 });
    expectCode(await t.gql(ORG_COUNTS, { rootId: jflNode, from: '2024-03-01', to: '2024-03-31' }, tokens['qfs.worker']), 'NOT_FOUND');
    // Voiding the activity of 03-31 drops o5 (mobilized only there) but not o1 (also on 03-01).
    await t.ok(VOID_ACTIVITY, { id: a2.id, input: { reason: '活动未举行' } }, worker);
    expect(await countsOf(jflNode, '2024-03-01', '2024-03-31')).toEqual({ mobilized: 2, newlyCultivated: 2 });
    expect(await countsOf(jflNode, '2024-03-31', '2024-03-31')).toEqual({ mobilized: 0, newlyCultivated: 1 });
    expect(await countsOf(lixiaNode, '2024-03-01', '2024-03-31', tokens['lixia.officer'])).toEqual({ mobilized: 3, newlyCultivated: 3 });
  });

  it('the linkage ledger: contributions of several parties, exact money; party and amount checks; charity resources; totals exact, without voided records, within the caller’s district', async () => {
    const worker = tokens['jfl.worker'];
    const input = {
      stationId: jflStation,
      nodeId: sdlNode,
      title: '山大路社区冬季暖心行动',
      linkageDate: '2025-05-10',
      description: '五社联动为困难老人送温暖',
      contributions: [
        { party: 'COMMUNITY', people: 3, hours: '12.5', note: '居委会组织动员' },
        { party: 'SOCIAL_WORKERS', people: 2, hours: '16' },
        { party: 'SOCIAL_ORGANIZATIONS', people: 4 },
        { party: 'VOLUNTEERS', people: 15, hours: '45.25' },
        { party: 'CHARITY_RESOURCES', money: '1349000.10', goodsDescription: '米面油', goodsValue: '25000.50' },
      ],
    };
    const before = await counts();
    const l1 = (await t.ok(RECORD_LINKAGE, { input }, worker)).recordLinkage;
    const zero = { people: 0, hours: '0.00', money: '0.00', goodsDescription: null, goodsValue: '0.00', note: null };
    expect(l1).toEqual({
      id: expect.any(String),
      stationId: jflStation,
      nodeId: sdlNode,
      title: input.title,
      linkageDate: '2025-05-10',
      description: input.description,
      voidedAt: null,
      contributions: [
        { ...zero, party: 'CHARITY_RESOURCES', money: '1349000.10', goodsDescription: '米面油', goodsValue: '25000.50' },
        { ...zero, party: 'COMMUNITY', people: 3, hours: '12.50', note: '居委会组织动员' },
        { ...zero, party: 'SOCIAL_ORGANIZATIONS', people: 4 },
        { ...zero, party: 'SOCIAL_WORKERS', people: 2, hours: '16.00' },
        { ...zero, party: 'VOLUNTEERS', people: 15, hours: '45.25' },
      ],
    });
    expect(await counts()).toEqual({ ...before, linkage: before.linkage + 1, linkage_contribution: before.linkage_contribution + 5 });
    expect(await t.ownerQuery(`select tenant_id, org_path::text as path, created_by from linkage where id = $1`, [l1.id])).toEqual([
      { tenant_id: jinanId, path: jflPath, created_by: userIds['jfl.worker'] },
    ]);
    expect((await t.ok(LINKAGE_Q, { id: l1.id }, worker)).linkage).toEqual(l1);

    // Rejected, nothing written.
    const one = (change: Row = {}) => ({ ...input, contributions: [{ party: 'COMMUNITY', people: 1, ...change }] });
    expectBadInput(await failsCleanly(RECORD_LINKAGE, { input: { ...input, contributions: [] } }, worker), 'contributions');
    expectBadInput(
      await failsCleanly(
        RECORD_LINKAGE,
        {
          input: {
            ...input,
            contributions: [
              { party: 'VOLUNTEERS', people: 1 },
              { party: 'VOLUNTEERS', hours: '2' },
            ],
          },
        },
        worker,
      ),
      'contributions',
    );
    expectBadInput(await failsCleanly(RECORD_LINKAGE, { input: { ...one(), nodeId: qfsCommunityNode } }, worker), 'nodeId');
    expectBadInput(await failsCleanly(RECORD_LINKAGE, { input: one({ people: -1 }) }, worker), 'contributions.0.people');
    for (const money of ['-5', '-0.01', '1.001', '1,000', 'abc', '1e3', '', -5, 1.005]) {
      expectCode(await failsCleanly(RECORD_LINKAGE, { input: one({ money }) }, worker), 'BAD_USER_INPUT');
    }
    expectCode(await failsCleanly(RECORD_LINKAGE, { input: one({ goodsValue: '-100' }) }, worker), 'BAD_USER_INPUT');
    expectCode(await failsCleanly(RECORD_LINKAGE, { input: one({ hours: '-2' }) }, worker), 'BAD_USER_INPUT');
    expectCode(await failsCleanly(RECORD_LINKAGE, { input: one({ money: '1000000000000' }) }, worker), 'BAD_USER_INPUT');
    expectCode(await failsCleanly(RECORD_LINKAGE, { input: { ...one(), stationId: qfsStation, nodeId: qfsNode } }, worker), 'NOT_FOUND');
    expectCode(await failsCleanly(RECORD_LINKAGE, { input: one() }, tokens['lixia.officer']), 'FORBIDDEN');
    // A whole number given as a JSON number is exact too.
    const asNumber = (await t.ok(RECORD_LINKAGE, { input: { ...one({ money: 88 }), linkageDate: '2025-04-30', title: '四月联动' } }, worker)).recordLinkage;
    expect(asNumber.contributions[0].money).toBe('88.00');

    // More of the same month at 解放路 (one on the last day, one voided), one just after; one in 市中区.
    const record = async (linkageDate: string, contributions: Row[], token = worker, change: Row = {}) =>
      (await t.ok(RECORD_LINKAGE, { input: { ...input, linkageDate, contributions, ...change } }, token)).recordLinkage as Row;
    const l2 = await record('2025-05-31', [
      { party: 'CHARITY_RESOURCES', money: '999999999999.99', goodsValue: '0.20' },
      { party: 'COMMUNITY', money: '0.10' },
    ]);
    const l3 = await record('2025-05-20', [{ party: 'CHARITY_RESOURCES', money: '500', goodsValue: '60' }]);
    await t.ok(VOID_LINKAGE, { id: l3.id, input: { reason: '重复登记' } }, worker);
    await record('2025-06-01', [{ party: 'CHARITY_RESOURCES', money: '7', goodsValue: '8' }]);
    const sz = await shizhongWorker();
    const l6 = await record('2025-05-15', [{ party: 'CHARITY_RESOURCES', money: '777.77', goodsValue: '11.11' }], sz.token, {
      stationId: dgyStation,
      nodeId: dgyNode,
      title: '大观园联动',
    });
    expect(l6.stationId).toBe(dgyStation);

    // Charity resources: money, goods or both; linkage and activity of the station only.
    const charity = { stationId: jflStation, donorName: '济南某爱心企业', donorKind: 'COMPANY', receivedOn: '2025-05-01' };
    const c1 = (await t.ok(RECORD_CHARITY, { input: { ...charity, amount: '5000.05', purpose: '困难老人慰问', linkageId: l1.id } }, worker))
      .recordCharityResource;
    expect(c1).toEqual({
      id: expect.any(String),
      stationId: jflStation,
      donorName: '济南某爱心企业',
      donorKind: 'COMPANY',
      amount: '5000.05',
      goodsDescription: null,
      goodsValue: '0.00',
      receivedOn: '2025-05-01',
      purpose: '困难老人慰问',
      linkageId: l1.id,
      activityId: null,
      serviceObjectIds: [],
      voidedAt: null,
    });
    const c2 = (
      await t.ok(
        RECORD_CHARITY,
        { input: { ...charity, donorName: '张先生', donorKind: 'PERSON', goodsDescription: '冬衣二十件', goodsValue: '300.30', receivedOn: '2025-05-31' } },
        worker,
      )
    ).recordCharityResource;
    expect([c2.amount, c2.goodsValue]).toEqual(['0.00', '300.30']);
    const c3 = (await t.ok(RECORD_CHARITY, { input: { ...charity, amount: '0.01', goodsValue: '0.02', receivedOn: '2025-05-15' } }, worker))
      .recordCharityResource;
    await t.ok(RECORD_CHARITY, { input: { ...charity, amount: '99', receivedOn: '2025-06-01' } }, worker);
    await t.ok(RECORD_CHARITY, { input: { ...charity, stationId: dgyStation, amount: '222.22', goodsValue: '3.33', receivedOn: '2025-05-02' } }, sz.token);
    // There is no mutation voiding a charity resource; one voided in the database must count for nothing.
    const c4 = (await t.ok(RECORD_CHARITY, { input: { ...charity, amount: '123456.78', receivedOn: '2025-05-20' } }, worker)).recordCharityResource;
    await t.ownerQuery(`update charity_resource set voided_at = now(), void_reason = '测试作废' where id = $1`, [c4.id]);

    expectBadInput(await failsCleanly(RECORD_CHARITY, { input: charity }, worker), 'amount');
    expectBadInput(await failsCleanly(RECORD_CHARITY, { input: { ...charity, amount: '0', goodsValue: '0.00' } }, worker), 'amount');
    expectCode(await failsCleanly(RECORD_CHARITY, { input: { ...charity, amount: '-1' } }, worker), 'BAD_USER_INPUT');
    expectBadInput(await failsCleanly(RECORD_CHARITY, { input: { ...charity, amount: '1', linkageId: l6.id } }, worker), 'linkageId');
    expectBadInput(
      await failsCleanly(RECORD_CHARITY, { input: { ...charity, amount: '1', linkageId: '00000000-0000-4000-8000-000000000000' } }, worker),
      'linkageId',
    );
    const qfsActivity = await recordActivity({ stationId: qfsStation, nodeId: qfsNode, activityDate: '2025-05-01' }, tokens['qfs.worker']);
    expectBadInput(await failsCleanly(RECORD_CHARITY, { input: { ...charity, amount: '1', activityId: qfsActivity.id } }, worker), 'activityId');
    // A worker of both stations sees the other station's linkage, and still may not tie 解放路's donation to it.
    const { createUser: dual } = await t.ok(
      CREATE_USER,
      { input: { username: 'jfl.qfs.worker', displayName: '两站社工', password: 'Community@2026', orgUnitId: lixiaNode } },
      tokens['city.admin'],
    );
    for (const orgUnitId of [jflNode, qfsNode]) await t.ok(GRANT_ROLE, { input: { userId: dual.id, orgUnitId, role: 'SOCIAL_WORKER' } }, tokens['city.admin']);
    const dualToken = await t.login('jfl.qfs.worker', 'Community@2026');
    const qfsLinkage = await record('2025-03-03', [{ party: 'COMMUNITY', people: 2 }], tokens['qfs.worker'], { stationId: qfsStation, nodeId: qfsNode });
    expect((await t.ok(LINKAGE_Q, { id: qfsLinkage.id }, dualToken)).linkage.id).toBe(qfsLinkage.id);
    expectBadInput(await failsCleanly(RECORD_CHARITY, { input: { ...charity, amount: '1', linkageId: qfsLinkage.id } }, dualToken), 'linkageId');
    expectCode(await failsCleanly(RECORD_CHARITY, { input: { ...charity, amount: '1' } }, tokens['lixia.officer']), 'FORBIDDEN');

    // The ledger and the charity list: live records of the period, newest first.
    const ledger = async (filter: Row, token = worker) =>
      (await t.ok(LEDGER, { filter, page: { limit: 100 } }, token)).linkageLedger as { total: number; items: Row[] };
    const may = await ledger({ rootId: jflNode, from: '2025-05-01', to: '2025-05-31' });
    expect(may.total).toBe(2);
    expect(may.items.map((l) => l.id)).toEqual([l2.id, l1.id]);
    expect(may.items[1]).toEqual(l1);
    expect((await ledger({ rootId: lixiaNode, from: '2025-05-01', to: '2025-05-31' }, tokens['lixia.officer'])).items.map((l) => l.id)).toEqual([l2.id, l1.id]);
    expect(ids((await ledger({ from: '2025-05-01', to: '2025-05-31' }, tokens['city.admin'])).items)).toEqual(sorted([l1.id, l2.id, l6.id]));
    expect((await ledger({}, tokens['qfs.worker'])).items.map((l) => l.id)).toEqual([qfsLinkage.id]);
    const charities = (await t.ok(CHARITIES, { filter: { rootId: jflNode, from: '2025-05-01', to: '2025-05-31' } }, worker)).charityResources;
    expect(charities.total).toBe(3);
    expect(charities.items.map((c: Row) => c.id)).toEqual([c2.id, c3.id, c1.id]);
    expect(charities.items[2]).toEqual(c1);

    // Totals: exact numerics, the same as SQL's own sums, voided records out.
    const totals = async (rootId: string, token: string, from = '2025-05-01', to = '2025-05-31') =>
      (await t.ok(TOTALS, { rootId, from, to }, token)).linkageTotals as Row;
    const sqlTotals = async (path: string, from = '2025-05-01', to = '2025-05-31') =>
      (
        await t.ownerQuery(
          `select
             (select count(*)::int from linkage l where l.tenant_id = $1 and l.org_path <@ $2::ltree and l.voided_at is null and l.linkage_date between $3 and $4) as linkages,
             (select coalesce(sum(k.money), 0.00)::text from linkage_contribution k join linkage l on l.id = k.linkage_id
               where l.tenant_id = $1 and l.org_path <@ $2::ltree and l.voided_at is null and l.linkage_date between $3 and $4) as "linkageMoney",
             (select coalesce(sum(k.goods_value), 0.00)::text from linkage_contribution k join linkage l on l.id = k.linkage_id
               where l.tenant_id = $1 and l.org_path <@ $2::ltree and l.voided_at is null and l.linkage_date between $3 and $4) as "linkageGoodsValue",
             (select coalesce(sum(amount), 0.00)::text from charity_resource where tenant_id = $1 and org_path <@ $2::ltree and voided_at is null and received_on between $3 and $4) as "charityMoney",
             (select coalesce(sum(goods_value), 0.00)::text from charity_resource where tenant_id = $1 and org_path <@ $2::ltree and voided_at is null and received_on between $3 and $4) as "charityGoodsValue",
             (select coalesce(sum(hours), 0.00)::text from volunteer_service where tenant_id = $1 and org_path <@ $2::ltree and voided_at is null and service_date between $3 and $4) as "volunteerHours"`,
          [jinanId, path, from, to],
        )
      )[0];
    // Volunteer hours of May at 解放路: one live entry, one voided.
    const v = await register({ name: '韩五月' });
    await recordService({ volunteerId: v.id, serviceDate: '2025-05-10', hours: '3.5', source: 'STANDALONE' });
    const voidedHours = await recordService({ volunteerId: v.id, serviceDate: '2025-05-11', hours: '6', source: 'STANDALONE' });
    await t.ok(VOID_SERVICE, { id: voidedHours.id, input: { reason: '录错' } }, worker);

    const jfl = await totals(jflNode, worker);
    expect(jfl).toEqual({
      from: '2025-05-01',
      to: '2025-05-31',
      linkages: 2,
      linkageMoney: '1000001349000.19', // 1349000.10 + 999999999999.99 + 0.10
      linkageGoodsValue: '25000.70',
      charityMoney: '5000.06',
      charityGoodsValue: '300.32',
      volunteerHours: '3.50',
    });
    expect(jfl).toEqual({ from: '2025-05-01', to: '2025-05-31', ...(await sqlTotals(jflPath)) });
    // The district officer's totals for 历下区 leave out 市中区; the city's include it; SQL agrees with each.
    const lixia = await totals(lixiaNode, tokens['lixia.officer']);
    expect(lixia).toEqual({ from: '2025-05-01', to: '2025-05-31', ...(await sqlTotals(lixiaPath)) });
    expect(lixia.linkageMoney).toBe('1000001349000.19');
    expect(lixia.charityMoney).toBe('5000.06');
    const city = await totals(cityNode, tokens['city.admin']);
    expect(city).toEqual({ from: '2025-05-01', to: '2025-05-31', ...(await sqlTotals(cityPath)) });
    expect([city.linkages, city.linkageMoney, city.linkageGoodsValue, city.charityMoney, city.charityGoodsValue]).toEqual([
      3,
      '1000001349777.96',
      '25011.81',
      '5222.28',
      '303.65',
    ]);
    const shizhong = await totals(shizhongNode, tokens['shizhong.officer']);
    expect([shizhong.linkages, shizhong.linkageMoney, shizhong.charityMoney]).toEqual([1, '777.77', '222.22']);
    expectCode(await t.gql(TOTALS, { rootId: lixiaNode, from: '2025-05-01', to: '2025-05-31' }, tokens['shizhong.officer']), 'NOT_FOUND');
    expectCode(await t.gql(TOTALS, { rootId: jflNode, from: '2025-05-01', to: '2025-05-31' }, tokens['shizhong.officer']), 'NOT_FOUND');
    // Day boundaries: only the 31st; only June 1st.
    expect(await totals(jflNode, worker, '2025-05-31', '2025-05-31')).toMatchObject({
      linkages: 1,
      linkageMoney: '1000000000000.09',
      charityGoodsValue: '300.30',
    });
    expect(await totals(jflNode, worker, '2025-06-01', '2025-06-01')).toMatchObject({
      linkages: 1,
      linkageMoney: '7.00',
      linkageGoodsValue: '8.00',
      charityMoney: '99.00',
    });
    // Voiding the biggest record takes it out at once.
    await t.ok(VOID_LINKAGE, { id: l2.id, input: { reason: '金额登记错误' } }, worker);
    expect(await totals(jflNode, worker)).toMatchObject({ linkages: 1, linkageMoney: '1349000.10', linkageGoodsValue: '25000.50' });
    expect(await totals(lixiaNode, tokens['lixia.officer'])).toEqual({ from: '2025-05-01', to: '2025-05-31', ...(await sqlTotals(lixiaPath)) });
    const again = await t.gql(VOID_LINKAGE, { id: l2.id, input: { reason: '再作废' } }, worker);
    expect(errorCode(again)).toBe('RULE_VIOLATED');
    expect((await ledger({ rootId: jflNode, from: '2025-05-01', to: '2025-05-31' })).items.map((l) => l.id)).toEqual([l1.id]);
  });

  it('scope and tenants: a bureau reads and changes nothing; another station, another district and another city find nothing, in the API and in raw SQL', async () => {
    const worker = tokens['jfl.worker'];
    // Fixtures of 2023 at 解放路: a volunteer with an entry and a team, an organization mobilized by an activity, a linkage and a donation.
    const v = await register({ name: '杨隔离', developerId: userIds['jfl.worker'] });
    const entry = await recordService({ volunteerId: v.id, serviceDate: '2023-09-09', hours: '2', source: 'STANDALONE' });
    const team = (await t.ok(CREATE_TEAM, { input: { stationId: jflStation, name: '隔离测试队', memberIds: [v.id] } }, worker)).createVolunteerTeam;
    const org = (await t.ok(CREATE_ORG, { input: { nodeId: jflNode, name: '隔离测试协会', type: 'OTHER', legalStatus: 'FILED' } }, worker))
      .createSocialOrganization;
    const activity = await recordActivity({ activityDate: '2023-09-09' });
    await t.ok(MOBILIZE, { activityId: activity.id, ids: [org.id] }, worker);
    const linkage = (
      await t.ok(
        RECORD_LINKAGE,
        {
          input: {
            stationId: jflStation,
            nodeId: jflNode,
            title: '隔离测试联动',
            linkageDate: '2023-09-09',
            contributions: [{ party: 'VOLUNTEERS', people: 3 }],
          },
        },
        worker,
      )
    ).recordLinkage;
    const charity = (
      await t.ok(
        RECORD_CHARITY,
        { input: { stationId: jflStation, donorName: '隔离测试', donorKind: 'OTHER', amount: '10', receivedOn: '2023-09-09', linkageId: linkage.id } },
        worker,
      )
    ).recordCharityResource;
    const volunteerInputOf = details(
      volunteerInput({ name: '杨隔离', idNumber: (await t.ownerQuery(`select id_number from volunteer where id = $1`, [v.id]))[0].id_number }),
    );
    const orgInput = { nodeId: jflNode, name: '隔离测试协会', type: 'OTHER', legalStatus: 'FILED' };
    const linkageInput = {
      stationId: jflStation,
      nodeId: jflNode,
      title: '越权',
      linkageDate: '2023-09-10',
      contributions: [{ party: 'COMMUNITY', people: 1 }],
    };

    // The district officer reads everything of 历下区…
    const officer = tokens['lixia.officer'];
    // (a volunteer's personal data as for people served: the name masked, no number, no phone)
    expect((await t.ok(`query($id: ID!) { volunteer(id: $id) { id name idNumber phone } }`, { id: v.id }, officer)).volunteer).toEqual({
      id: v.id,
      name: '杨**',
      idNumber: null,
      phone: null,
    });
    expect((await t.ok(LINKAGE_Q, { id: linkage.id }, officer)).linkage.id).toBe(linkage.id);
    expect((await t.ok(ORG_Q, { id: org.id }, officer)).socialOrganization.id).toBe(org.id);
    expect((await t.ok(TEAMS, { rootId: jflNode }, officer)).volunteerTeams.map((x: Row) => x.id)).toContain(team.id);
    expect(
      (await t.ok(CHARITIES, { filter: { rootId: jflNode, from: '2023-01-01', to: '2023-12-31' } }, officer)).charityResources.items.map((c: Row) => c.id),
    ).toEqual([charity.id]);
    // …and changes nothing: FORBIDDEN, nothing written.
    const attempts: [string, Row][] = [
      [REGISTER, { input: volunteerInput() }],
      [UPDATE, { id: v.id, input: volunteerInputOf }],
      [RECORD_SERVICE, { input: { volunteerId: v.id, serviceDate: '2023-09-10', hours: '1', source: 'STANDALONE' } }],
      [VOID_SERVICE, { id: entry.id, input: { reason: '越权' } }],
      [CREATE_TEAM, { input: { stationId: jflStation, name: '越权队' } }],
      [SET_GOAL, { n: 3 }],
      [CREATE_ORG, { input: { ...orgInput, name: '越权协会' } }],
      [UPDATE_ORG, { id: org.id, input: orgInput }],
      [MOBILIZE, { activityId: activity.id, ids: [org.id] }],
      [RECORD_LINKAGE, { input: linkageInput }],
      [VOID_LINKAGE, { id: linkage.id, input: { reason: '越权' } }],
      [RECORD_CHARITY, { input: { stationId: jflStation, donorName: '越权', donorKind: 'OTHER', amount: '1', receivedOn: '2023-09-10' } }],
    ];
    for (const [query, variables] of attempts) expectCode(await failsCleanly(query, variables, officer), 'FORBIDDEN');
    for (const u of ['city.admin', 'lixia.supervisor'] as const) {
      for (const [query, variables] of attempts.filter(([q]) => q !== SET_GOAL)) expectCode(await failsCleanly(query, variables, tokens[u]), 'FORBIDDEN');
    }

    // Another station of the same district: NOT_FOUND for reads and changes alike.
    const qfs = tokens['qfs.worker'];
    expectCode(await t.gql(VOLUNTEER_Q, { id: v.id }, qfs), 'NOT_FOUND');
    expectCode(await t.gql(LINKAGE_Q, { id: linkage.id }, qfs), 'NOT_FOUND');
    expectCode(await t.gql(ORG_Q, { id: org.id }, qfs), 'NOT_FOUND');
    for (const [query, variables] of attempts.filter(([q]) => q !== SET_GOAL)) {
      expectCode(await failsCleanly(query, variables, qfs), 'NOT_FOUND');
    }
    // …nor in its lists.
    const everything = async (token: string) =>
      [
        ...(await t.ok(VOLUNTEERS, { page: { limit: 100 } }, token)).volunteers.items,
        ...(await t.ok(ORGS, { page: { limit: 100 } }, token)).socialOrganizations.items,
        ...(await t.ok(LEDGER, { page: { limit: 100 } }, token)).linkageLedger.items,
        ...(await t.ok(CHARITIES, { page: { limit: 100 } }, token)).charityResources.items,
      ].map((x: Row) => x.id);
    const qfsSees = await everything(qfs);
    for (const id of [v.id, org.id, linkage.id, charity.id]) expect(qfsSees).not.toContain(id);
    const shizhongSees = await everything(tokens['shizhong.officer']);
    for (const id of [v.id, org.id, linkage.id, charity.id]) expect(shizhongSees).not.toContain(id);
    expectCode(await t.gql(VOLUNTEER_Q, { id: v.id }, tokens['shizhong.officer']), 'NOT_FOUND');
    expectCode(await t.gql(LINKAGE_Q, { id: linkage.id }, tokens['shizhong.officer']), 'NOT_FOUND');

    // Another city: NOT_FOUND by id, nothing in its lists, its totals over Jinan's dates are zero.
    const qd = await qingdao();
    for (const token of [qd.adminToken, qd.workerToken]) {
      expectCode(await t.gql(VOLUNTEER_Q, { id: v.id }, token), 'NOT_FOUND');
      expectCode(await t.gql(LINKAGE_Q, { id: linkage.id }, token), 'NOT_FOUND');
      expectCode(await t.gql(ORG_Q, { id: org.id }, token), 'NOT_FOUND');
      expectCode(await t.gql(TOTALS, { rootId: jflNode, from: '2023-01-01', to: '2025-12-31' }, token), 'NOT_FOUND');
      const seen = await everything(token);
      for (const id of [v.id, org.id, linkage.id, charity.id]) expect(seen).not.toContain(id);
    }
    expectCode(await failsCleanly(UPDATE, { id: v.id, input: volunteerInputOf }, qd.workerToken), 'NOT_FOUND');
    expectCode(await failsCleanly(VOID_LINKAGE, { id: linkage.id, input: { reason: '越权' } }, qd.workerToken), 'NOT_FOUND');
    // Qingdao's own goal is its own: setting it leaves Jinan's as it was.
    await t.ok(SET_GOAL, { n: 7 }, qd.adminToken);
    expect(
      await t.ownerQuery(`select t.code, p.regular_volunteers_per_worker as n from community_policy p join tenant t on t.id = p.tenant_id order by t.code`),
    ).toEqual([
      { code: 'jinan', n: 5 },
      { code: 'qingdao', n: 7 },
    ]);

    // Raw SQL as the application role. Under the other tenant's settings, even with every Jinan path in scope: no Jinan row.
    const jinanPaths = (await t.ownerQuery<{ path: string }>(`select path::text as path from org_unit where tenant_id = $1`, [jinanId])).map((r) => r.path);
    for (const table of COMMUNITY_TABLES) {
      const foreign = await t.appQuery<{ tenant_id: string }>({ tenantId: qd.tenantId, scope: jinanPaths }, `select * from ${table}`);
      expect(foreign.filter((r) => r.tenant_id === jinanId)).toEqual([]);
      if (table !== 'community_policy') expect(foreign).toEqual([]);
      // No settings at all: nothing.
      expect(await t.appQuery(null, `select * from ${table}`)).toEqual([]);
      // Positive control: Jinan's settings see Jinan's rows, every one of them and no other tenant's.
      const own = await t.appQuery<{ tenant_id: string }>({ tenantId: jinanId, scope: [cityPath] }, `select tenant_id from ${table}`);
      const [{ n }] = await t.ownerQuery(`select count(*)::int as n from ${table} where tenant_id = $1`, [jinanId]);
      expect(n).toBeGreaterThan(0);
      expect(own).toHaveLength(n);
      expect(own.every((r) => r.tenant_id === jinanId)).toBe(true);
    }
    // A scope of one station: only that station's rows.
    const qfsLinkage = (
      await t.ok(RECORD_LINKAGE, { input: { ...linkageInput, stationId: qfsStation, nodeId: qfsNode, title: '千佛山联动' } }, tokens['qfs.worker'])
    ).recordLinkage;
    const stationRows = await t.appQuery<{ id: string }>({ tenantId: jinanId, scope: [jflPath] }, `select id from linkage`);
    const [{ n: jflLinkages }] = await t.ownerQuery(`select count(*)::int as n from linkage where tenant_id = $1 and org_path <@ $2::ltree`, [
      jinanId,
      jflPath,
    ]);
    expect(stationRows).toHaveLength(jflLinkages);
    expect(stationRows.map((r) => r.id)).toContain(linkage.id);
    expect(stationRows.map((r) => r.id)).not.toContain(qfsLinkage.id);
    // The duplicate lookup answers within the caller's tenant only.
    const number = (await t.ownerQuery(`select id_number from volunteer where id = $1`, [v.id]))[0].id_number;
    expect(await t.appQuery({ tenantId: qd.tenantId, scope: [qd.rootPath] }, `select * from volunteer_by_id_number($1)`, [number])).toEqual([]);
    expect(await t.appQuery({ tenantId: jinanId, scope: [] }, `select id from volunteer_by_id_number($1)`, [number])).toEqual([{ id: v.id }]);
  });
});
