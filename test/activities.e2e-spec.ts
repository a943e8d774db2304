import { DEFAULT_CATALOG } from '../libs/activities/catalog/default-catalog';
import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import {
  CREATE_USER,
  createSecondCity,
  errorCode,
  errorFields,
  expectBadInput,
  expectCode,
  expectRule,
  failsCleanlyWith,
  Row,
  TestApp,
} from './support/test-app';

// Activities: the city's service catalog, group work (小组) with members, sessions (节次) and
// attendance, community activities (社区活动), voiding, and the person-time totals built on them;
// who may see and do what, and the walls between stations, districts and tenants. Over HTTP
// against the demo city Jinan, whose seed holds the default catalog and no activities: everything
// else here is made by the tests. Tests 2 and 3 work in September 2025 and test 4 alone in
// October–November 2025, so the month totals can be computed exactly from what test 4 inserts.

const CATALOG = `{ serviceCatalog { id code name items { id fieldId code name active } } }`;
const ADD_FIELD = `mutation($input: CatalogFieldInput!) { addCatalogField(input: $input) { id code name items { id } } }`;
const ADD_ITEM = `mutation($input: CatalogItemInput!) { addCatalogItem(input: $input) { id fieldId code name active } }`;
const UPDATE_ITEM = `mutation($id: ID!, $input: CatalogItemUpdateInput!) { updateCatalogItem(id: $id, input: $input) { id fieldId code name active } }`;

const GROUP = `id stationId name goal targetPopulation catalogItemId plannedSessions startDate endDate stage facilitatorIds voidedAt voidReason personTimes`;
const MEMBER = `id serviceObjectId residentName joinedOn`;
const SESSION = `id groupId sessionDate durationMinutes topic record attendeeIds voidedAt voidReason`;
const CREATE_GROUP = `mutation($input: CreateGroupInput!) { createGroup(input: $input) { ${GROUP} } }`;
const UPDATE_GROUP = `mutation($id: ID!, $input: GroupDetailsInput!) { updateGroup(id: $id, input: $input) { ${GROUP} } }`;
const SET_STAGE = `mutation($id: ID!, $stage: GroupStage!) { setGroupStage(id: $id, stage: $stage) { ${GROUP} } }`;
const VOID_GROUP = `mutation($id: ID!, $input: VoidInput!) { voidGroup(id: $id, input: $input) { ${GROUP} } }`;
const ADD_MEMBER = `mutation($groupId: ID!, $input: GroupMemberInput!) { addGroupMember(groupId: $groupId, input: $input) { ${MEMBER} } }`;
const RECORD_SESSION = `mutation($groupId: ID!, $input: GroupSessionInput!) { recordGroupSession(groupId: $groupId, input: $input) { ${SESSION} } }`;
const CORRECT_SESSION = `mutation($sessionId: ID!, $input: GroupSessionInput!) { correctGroupSession(sessionId: $sessionId, input: $input) { ${SESSION} } }`;
const VOID_SESSION = `mutation($sessionId: ID!, $input: VoidInput!) { voidGroupSession(sessionId: $sessionId, input: $input) { ${SESSION} } }`;
const GROUP_Q = `query($id: ID!) { group(id: $id) { ${GROUP} members { ${MEMBER} } sessions { ${SESSION} } } }`;
const GROUPS = `query($filter: GroupFilter, $page: PageInput) { groups(filter: $filter, page: $page) { total items { ${GROUP} } } }`;

const ACTIVITY = `id stationId nodeId title activityDate place catalogItemId participantCount participants { name serviceObjectId }
  volunteers { name hours } photos summary voidedAt voidReason`;
const RECORD_ACTIVITY = `mutation($input: RecordCommunityActivityInput!) { recordCommunityActivity(input: $input) { ${ACTIVITY} } }`;
const CORRECT_ACTIVITY = `mutation($id: ID!, $input: CommunityActivityDetailsInput!) { correctCommunityActivity(id: $id, input: $input) { ${ACTIVITY} } }`;
const VOID_ACTIVITY = `mutation($id: ID!, $input: VoidInput!) { voidCommunityActivity(id: $id, input: $input) { ${ACTIVITY} } }`;
const ACTIVITY_Q = `query($id: ID!) { communityActivity(id: $id) { ${ACTIVITY} } }`;
const ACTIVITIES = `query($filter: ActivityFilter, $page: PageInput) { communityActivities(filter: $filter, page: $page) { total items { ${ACTIVITY} } } }`;
const TOTALS = `query($rootId: ID!, $from: Date!, $to: Date!) { activityTotals(rootId: $rootId, from: $from, to: $to) {
  from to groupSessions groupPersonTimes communityActivities communityPersonTimes homeVisits } }`;

const REGISTER = `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { id stationId } }`;
const CREATE_ORG_UNIT = `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id code station { id } } }`;

const ACTIVITY_TABLES = ['group_work', 'group_member', 'group_session', 'session_attendance', 'community_activity', 'catalog_field', 'catalog_item'] as const;
const USERS = ['city.admin', 'lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.supervisor'] as const;

let sequence = 300;
function identityNumber(birth = '1948-05-20', region = '370102', gender: 'MALE' | 'FEMALE' = 'FEMALE'): string {
  // The 17th digit records the sex (odd for a man): the sequence's parity follows the gender entered with it.
  if (sequence % 2 !== (gender === 'MALE' ? 1 : 0)) sequence++;
  return makeIdentityNumber(region, birth, String(sequence++));
}

describe('activities: catalog, groups, community activities, totals, scope, roles and tenants', () => {
  let t: TestApp;
  let jinanId: string;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  let jflStation: string;
  let qfsStation: string;
  let jflNode: string;
  let qfsNode: string;
  let lixiaNode: string;
  let shizhongNode: string;
  let cityNode: string;
  let sdlNode: string; // 山大路社区, under 解放路
  let qfsCommunityNode: string; // 千佛山社区, under 千佛山
  let jflPath: string;
  /** People of 解放路 (registered by its worker) and one of 千佛山. */
  let personA: string;
  let personB: string;
  let qfsPerson: string;
  /** Catalog item ids by code (Jinan). */
  let items: Record<string, string>;
  /** A live group of 解放路 with a member and a session, and a live activity: the fixtures of the access tests (made in test 2/3). */
  let fixture: { groupId: string; memberId: string; sessionId: string; activityId: string };

  let qdPromise: Promise<{ tenantId: string; adminToken: string; workerToken: string; stationId: string; nodeId: string }> | undefined;
  const qingdao = () =>
    (qdPromise ??= (async () => {
      const { tenantId, adminToken } = await createSecondCity(t);
      const [{ id: cityId }] = await t.ownerQuery(`select id from org_unit where tenant_id = $1 and level = 1`, [tenantId]);
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
      return { tenantId, adminToken, workerToken, stationId: street.station.id as string, nodeId: street.id as string };
    })());

  /** Rows in each activity table (every tenant), in one query. */
  const counts = async (): Promise<Record<string, number>> =>
    (await t.ownerQuery(`select ${ACTIVITY_TABLES.map((table) => `(select count(*)::int from ${table}) as ${table}`).join(', ')}`))[0];
  /** Runs a request that must fail and checks that it wrote nothing to these tables. */
  const failsCleanly = failsCleanlyWith(() => t, counts);
  const groupInput = (change: Row = {}) => ({
    stationId: jflStation,
    name: '银龄互助小组',
    goal: '增进社区老人之间的互助与支持',
    plannedSessions: 6,
    startDate: '2025-09-01',
    endDate: '2025-09-30',
    facilitatorIds: [userIds['jfl.worker']],
    ...change,
  });
  const createGroup = async (change: Row = {}, token = tokens['jfl.worker']) =>
    (await t.ok(CREATE_GROUP, { input: groupInput(change) }, token)).createGroup as Row;
  const addMember = async (groupId: string, input: Row, token = tokens['jfl.worker']) =>
    (await t.ok(ADD_MEMBER, { groupId, input: { joinedOn: '2025-09-01', ...input } }, token)).addGroupMember as Row;
  const sessionInput = (sessionDate: string, attendeeIds: string[], change: Row = {}) => ({
    sessionDate,
    durationMinutes: 90,
    topic: '相识与破冰',
    attendeeIds,
    ...change,
  });
  const recordSession = async (groupId: string, sessionDate: string, attendeeIds: string[], token = tokens['jfl.worker']) =>
    (await t.ok(RECORD_SESSION, { groupId, input: sessionInput(sessionDate, attendeeIds) }, token)).recordGroupSession as Row;
  const activityInput = (change: Row = {}) => ({
    stationId: jflStation,
    nodeId: jflNode,
    title: '重阳节敬老活动',
    activityDate: '2025-09-20',
    participantCount: 10,
    ...change,
  });
  const details = ({ stationId: _s, ...rest }: Row) => rest;
  const recordActivity = async (change: Row = {}, token = tokens['jfl.worker']) =>
    (await t.ok(RECORD_ACTIVITY, { input: activityInput(change) }, token)).recordCommunityActivity as Row;
  const groupOf = async (id: string, token = tokens['jfl.worker']) => (await t.ok(GROUP_Q, { id }, token)).group as Row;
  const sorted = (...ids: string[]) => [...ids].sort();
  const catalogOf = async (token: string) => (await t.ok(CATALOG, {}, token)).serviceCatalog as Row[];
  /** The catalog as codes, names and states, without ids. */
  const shape = (catalog: Row[]) =>
    catalog.map((f) => ({ code: f.code, name: f.name, items: f.items.map((i: Row) => ({ code: i.code, name: i.name, active: i.active })) }));
  const DEFAULT_SHAPE = DEFAULT_CATALOG.map((f) => ({ code: f.code, name: f.name, items: f.items.map(([code, name]) => ({ code, name, active: true })) }));

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    for (const u of USERS) {
      tokens[u] = await t.login(u);
      [{ id: userIds[u] }] = await t.ownerQuery(`select id from user_account where tenant_id = $1 and username = $2`, [jinanId, u]);
    }
    jflStation = await t.stationId('370102001');
    qfsStation = await t.stationId('370102002');
    jflNode = await t.nodeId('370102001');
    qfsNode = await t.nodeId('370102002');
    lixiaNode = await t.nodeId('370102');
    shizhongNode = await t.nodeId('370103');
    cityNode = await t.nodeId('370100');
    sdlNode = await t.nodeId('370102001001');
    qfsCommunityNode = await t.nodeId('370102002001');
    [{ path: jflPath }] = await t.ownerQuery(`select org_path::text as path from station where id = $1`, [jflStation]);
    const register = async (token: string, stationId: string, name: string) =>
      (await t.ok(REGISTER, { input: { stationId, name, gender: 'FEMALE', idNumber: identityNumber() } }, token)).registerServiceObject.id as string;
    personA = await register(tokens['jfl.worker'], jflStation, '赵桂兰');
    personB = await register(tokens['jfl.worker'], jflStation, '钱秀英');
    qfsPerson = await register(tokens['qfs.worker'], qfsStation, '孙玉梅');
    items = Object.fromEntries((await t.ownerQuery(`select code, id from catalog_item where tenant_id = $1`, [jinanId])).map((r) => [r.code, r.id]));
  });
  afterAll(() => t.close());

  it('catalog: every city starts with the default; the city admin adds, renames and retires; retired items tag nothing new; others are refused', async () => {
    // The demo city and a brand-new city both start with the default catalog, each its own rows.
    const jinanCatalog = await catalogOf(tokens['jfl.worker']);
    expect(shape(jinanCatalog)).toEqual(DEFAULT_SHAPE);
    for (const f of jinanCatalog) for (const i of f.items) expect(i.fieldId).toBe(f.id);
    const qd = await qingdao();
    const qdCatalog = await catalogOf(qd.adminToken);
    expect(shape(qdCatalog)).toEqual(DEFAULT_SHAPE);
    const jinanIds = new Set(jinanCatalog.flatMap((f) => [f.id, ...f.items.map((i: Row) => i.id)]));
    expect(qdCatalog.flatMap((f) => [f.id, ...f.items.map((i: Row) => i.id)]).some((id) => jinanIds.has(id))).toBe(false);
    const [{ n: qdRows }] = await t.ownerQuery(`select count(*)::int as n from catalog_item where tenant_id = $1`, [qd.tenantId]);
    expect(qdRows).toBe(DEFAULT_CATALOG.flatMap((f) => f.items).length);

    // Everyone in the city reads it.
    for (const u of USERS) expect(await catalogOf(tokens[u])).toEqual(jinanCatalog);

    // The city admin adds a field and two items (codes trimmed); they come last.
    const admin = tokens['city.admin'];
    const before = await counts();
    const field = (await t.ok(ADD_FIELD, { input: { code: ' MENTAL_HEALTH ', name: ' 心理健康 ' } }, admin)).addCatalogField;
    expect(field).toEqual({ id: expect.any(String), code: 'MENTAL_HEALTH', name: '心理健康', items: [] });
    const counsel = (await t.ok(ADD_ITEM, { input: { fieldId: field.id, code: 'MH_COUNSEL', name: '心理疏导' } }, admin)).addCatalogItem;
    expect(counsel).toEqual({ id: expect.any(String), fieldId: field.id, code: 'MH_COUNSEL', name: '心理疏导', active: true });
    const hotline = (await t.ok(ADD_ITEM, { input: { fieldId: field.id, code: 'MH_HOTLINE', name: '心理热线转介' } }, admin)).addCatalogItem;
    expect(await counts()).toEqual({ ...before, catalog_field: before.catalog_field + 1, catalog_item: before.catalog_item + 2 });
    expect(await t.ownerQuery(`select tenant_id from catalog_item where id = any($1::uuid[])`, [[counsel.id, hotline.id]])).toEqual([
      { tenant_id: jinanId },
      { tenant_id: jinanId },
    ]);
    const grown = await catalogOf(tokens['jfl.worker']);
    expect(shape(grown)).toEqual([
      ...DEFAULT_SHAPE,
      {
        code: 'MENTAL_HEALTH',
        name: '心理健康',
        items: [
          { code: 'MH_COUNSEL', name: '心理疏导', active: true },
          { code: 'MH_HOTLINE', name: '心理热线转介', active: true },
        ],
      },
    ]);
    // The other city's catalog is untouched, and may use the same codes.
    expect(shape(await catalogOf(qd.adminToken))).toEqual(DEFAULT_SHAPE);
    const qdField = (await t.ok(ADD_FIELD, { input: { code: 'MENTAL_HEALTH', name: '心理健康' } }, qd.adminToken)).addCatalogField;
    expect(qdField.code).toBe('MENTAL_HEALTH');

    // Duplicate codes within a city (items are unique across fields too), bad codes, unknown fields: nothing written.
    expectBadInput(await failsCleanly(ADD_FIELD, { input: { code: 'ELDERLY_CARE', name: '重复领域' } }, admin), 'code');
    expectBadInput(await failsCleanly(ADD_FIELD, { input: { code: 'MENTAL_HEALTH', name: '重复领域' } }, admin), 'code');
    expectBadInput(await failsCleanly(ADD_ITEM, { input: { fieldId: field.id, code: 'MH_COUNSEL', name: '重复项目' } }, admin), 'code');
    expectBadInput(await failsCleanly(ADD_ITEM, { input: { fieldId: field.id, code: 'EC_VISIT', name: '重复项目' } }, admin), 'code');
    expectBadInput(await failsCleanly(ADD_FIELD, { input: { code: 'mental-health', name: '小写' } }, admin), 'code');
    expectBadInput(await failsCleanly(ADD_ITEM, { input: { fieldId: field.id, code: 'MH_X', name: '   ' } }, admin), 'name');
    expectBadInput(await failsCleanly(ADD_ITEM, { input: { fieldId: qdField.id, code: 'MH_OTHER', name: '他市领域' } }, admin), 'fieldId');
    expectCode(await failsCleanly(UPDATE_ITEM, { id: qdCatalog[0].items[0].id, input: { name: '他市项目' } }, admin), 'NOT_FOUND');

    // A group and an activity tagged with the item while it is in use.
    const tagged = await recordActivity({ title: '情绪减压工作坊', catalogItemId: counsel.id });
    expect(tagged.catalogItemId).toBe(counsel.id);
    const taggedGroup = await createGroup({ name: '情绪支持小组', catalogItemId: counsel.id });
    expect(taggedGroup.catalogItemId).toBe(counsel.id);

    // Renamed: still active. Retired: inactive; a later rename without `active` keeps it retired.
    const renamed = (await t.ok(UPDATE_ITEM, { id: counsel.id, input: { name: ' 心理疏导与情绪支持 ' } }, admin)).updateCatalogItem;
    expect(renamed).toEqual({ ...counsel, name: '心理疏导与情绪支持' });
    const retired = (await t.ok(UPDATE_ITEM, { id: counsel.id, input: { name: '心理疏导（停用）', active: false } }, admin)).updateCatalogItem;
    expect(retired).toEqual({ ...counsel, name: '心理疏导（停用）', active: false });
    expect((await t.ok(UPDATE_ITEM, { id: counsel.id, input: { name: '心理疏导（已停用）' } }, admin)).updateCatalogItem.active).toBe(false);
    const afterRetire = await catalogOf(tokens['jfl.worker']);
    expect(afterRetire.find((f) => f.id === field.id)!.items).toEqual([{ ...counsel, name: '心理疏导（已停用）', active: false }, hotline]);

    // A retired item tags no new activity or group, nor a correction that switches to it…
    const worker = tokens['jfl.worker'];
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ catalogItemId: counsel.id }) }, worker), 'catalogItemId');
    expectBadInput(await failsCleanly(CREATE_GROUP, { input: groupInput({ catalogItemId: counsel.id }) }, worker), 'catalogItemId');
    const untagged = await recordActivity({ title: '社区议事会', catalogItemId: items.CG_BUILDING });
    expectBadInput(
      await failsCleanly(CORRECT_ACTIVITY, { id: untagged.id, input: details(activityInput({ title: '社区议事会', catalogItemId: counsel.id })) }, worker),
      'catalogItemId',
    );
    // …and another city's item is no item of this city.
    const qdItem = qdCatalog[0].items[0].id;
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ catalogItemId: qdItem }) }, worker), 'catalogItemId');
    expectBadInput(await failsCleanly(CREATE_GROUP, { input: groupInput({ catalogItemId: qdItem }) }, worker), 'catalogItemId');

    // Old records keep it, and can still be corrected without giving it up.
    expect((await t.ok(ACTIVITY_Q, { id: tagged.id }, worker)).communityActivity.catalogItemId).toBe(counsel.id);
    expect((await groupOf(taggedGroup.id)).catalogItemId).toBe(counsel.id);
    const corrected = (
      await t.ok(
        CORRECT_ACTIVITY,
        { id: tagged.id, input: details(activityInput({ title: '情绪减压工作坊', catalogItemId: counsel.id, participantCount: 12 })) },
        worker,
      )
    ).correctCommunityActivity;
    expect(corrected).toMatchObject({ catalogItemId: counsel.id, participantCount: 12 });
    const { id: _g, stationId: _st, stage: _sg, voidedAt: _v, voidReason: _vr, personTimes: _p, ...groupDetails } = taggedGroup;
    const updatedGroup = (await t.ok(UPDATE_GROUP, { id: taggedGroup.id, input: { ...groupDetails, plannedSessions: 8 } }, worker)).updateGroup;
    expect(updatedGroup).toMatchObject({ catalogItemId: counsel.id, plannedSessions: 8 });

    // Everyone but the city admin is refused catalog changes; nothing changes.
    const itemName = (await t.ownerQuery(`select name from catalog_item where id = $1`, [hotline.id]))[0].name;
    for (const u of USERS.filter((x) => x !== 'city.admin')) {
      expectCode(await failsCleanly(ADD_FIELD, { input: { code: 'NOPE', name: '无权' } }, tokens[u]), 'FORBIDDEN');
      expectCode(await failsCleanly(ADD_ITEM, { input: { fieldId: field.id, code: 'NOPE', name: '无权' } }, tokens[u]), 'FORBIDDEN');
      expectCode(await failsCleanly(UPDATE_ITEM, { id: hotline.id, input: { name: '无权', active: false } }, tokens[u]), 'FORBIDDEN');
    }
    expect(await t.ownerQuery(`select name, active from catalog_item where id = $1`, [hotline.id])).toEqual([{ name: itemName, active: true }]);
    // Signed out: no catalog at all.
    expectCode(await t.gql(CATALOG, {}), 'UNAUTHENTICATED');
  });

  it('groups: create, members, sessions with attendance, corrections, voiding, stages, and every rejected input writes nothing', async () => {
    const worker = tokens['jfl.worker'];

    // Create, with every field; facilitators are workers or the head of the station.
    const input = groupInput({
      name: ' 银龄互助小组 ',
      targetPopulation: '独居老人',
      catalogItemId: items.EC_GROUP,
      facilitatorIds: [userIds['jfl.worker'], userIds['jfl.head']],
    });
    const before = await counts();
    const group = (await t.ok(CREATE_GROUP, { input }, worker)).createGroup;
    expect(group).toEqual({
      id: expect.any(String),
      stationId: jflStation,
      name: '银龄互助小组',
      goal: input.goal,
      targetPopulation: '独居老人',
      catalogItemId: items.EC_GROUP,
      plannedSessions: 6,
      startDate: '2025-09-01',
      endDate: '2025-09-30',
      stage: 'PREPARATION',
      facilitatorIds: [userIds['jfl.worker'], userIds['jfl.head']],
      voidedAt: null,
      voidReason: null,
      personTimes: 0,
    });
    expect(await counts()).toEqual({ ...before, group_work: before.group_work + 1 });
    expect(await t.ownerQuery(`select tenant_id, org_path::text as path, created_by from group_work where id = $1`, [group.id])).toEqual([
      { tenant_id: jinanId, path: jflPath, created_by: userIds['jfl.worker'] },
    ]);

    // Facilitators must work at the station: not another station's worker, not the city admin, not a supervisor.
    for (const u of ['qfs.worker', 'city.admin', 'lixia.supervisor', 'lixia.officer'])
      expectBadInput(
        await failsCleanly(CREATE_GROUP, { input: groupInput({ facilitatorIds: [userIds['jfl.worker'], userIds[u]] }) }, worker),
        'facilitatorIds',
      );
    expectBadInput(await failsCleanly(CREATE_GROUP, { input: groupInput({ startDate: '2025-09-30', endDate: '2025-09-29' }) }, worker), 'endDate');
    expectBadInput(await failsCleanly(CREATE_GROUP, { input: groupInput({ plannedSessions: 0 }) }, worker), 'plannedSessions');
    expectBadInput(await failsCleanly(CREATE_GROUP, { input: groupInput({ name: '  ' }) }, worker), 'name');
    // A one-day group is fine.
    const oneDay = await createGroup({ name: '一日营', startDate: '2025-09-13', endDate: '2025-09-13' });
    expect(oneDay).toMatchObject({ startDate: '2025-09-13', endDate: '2025-09-13' });

    // Members: registered people and residents by name.
    const a = await addMember(group.id, { serviceObjectId: personA });
    expect(a).toEqual({ id: expect.any(String), serviceObjectId: personA, residentName: null, joinedOn: '2025-09-01' });
    const wang = await addMember(group.id, { residentName: ' 王大爷 ', joinedOn: '2025-09-03' });
    expect(wang).toEqual({ id: expect.any(String), serviceObjectId: null, residentName: '王大爷', joinedOn: '2025-09-03' });
    const b = await addMember(group.id, { serviceObjectId: personB });
    expect(await t.ownerQuery(`select tenant_id, org_path::text as path from group_member where id = $1`, [wang.id])).toEqual([
      { tenant_id: jinanId, path: jflPath },
    ]);
    // The same person twice; neither person nor name; a person of another station (invisible): nothing written.
    expectBadInput(
      await failsCleanly(ADD_MEMBER, { groupId: group.id, input: { serviceObjectId: personA, joinedOn: '2025-09-05' } }, worker),
      'serviceObjectId',
    );
    const neither = await failsCleanly(ADD_MEMBER, { groupId: group.id, input: { joinedOn: '2025-09-05' } }, worker);
    expect(errorCode(neither)).toBe('BAD_USER_INPUT');
    expect(errorFields(neither).length).toBeGreaterThan(0);
    expect(errorFields(neither).every((f) => f === 'serviceObjectId' || f === 'residentName')).toBe(true);
    expect(errorCode(await failsCleanly(ADD_MEMBER, { groupId: group.id, input: { residentName: '   ', joinedOn: '2025-09-05' } }, worker))).toBe(
      'BAD_USER_INPUT',
    );
    expectCode(await failsCleanly(ADD_MEMBER, { groupId: group.id, input: { serviceObjectId: qfsPerson, joinedOn: '2025-09-05' } }, worker), 'NOT_FOUND');
    // The same person may be in another group.
    const other = await createGroup({ name: '手工编织小组' });
    const otherA = await addMember(other.id, { serviceObjectId: personA });
    const otherLi = await addMember(other.id, { residentName: '李奶奶' });

    // Sessions with attendance.
    const s1 = (await t.ok(RECORD_SESSION, { groupId: group.id, input: sessionInput('2025-09-01', [a.id, wang.id, b.id], { record: '第一次见面' }) }, worker))
      .recordGroupSession;
    expect(s1).toEqual({
      id: expect.any(String),
      groupId: group.id,
      sessionDate: '2025-09-01',
      durationMinutes: 90,
      topic: '相识与破冰',
      record: '第一次见面',
      attendeeIds: sorted(a.id, wang.id, b.id),
      voidedAt: null,
      voidReason: null,
    });
    expect(await t.ownerQuery(`select tenant_id, org_path::text as path, created_by from group_session where id = $1`, [s1.id])).toEqual([
      { tenant_id: jinanId, path: jflPath, created_by: userIds['jfl.worker'] },
    ]);
    const s2 = await recordSession(group.id, '2025-09-30', [a.id, b.id]); // the last day counts
    const s3 = await recordSession(group.id, '2025-09-15', []); // nobody came
    expect(s3.attendeeIds).toEqual([]);
    expect((await groupOf(group.id)).personTimes).toBe(5);

    // Attendance of non-members (a member of another group), a date outside the group's dates, bad numbers: nothing written.
    expectBadInput(await failsCleanly(RECORD_SESSION, { groupId: group.id, input: sessionInput('2025-09-10', [a.id, otherLi.id]) }, worker), 'attendeeIds');
    expectBadInput(await failsCleanly(RECORD_SESSION, { groupId: group.id, input: sessionInput('2025-09-10', [otherA.id]) }, worker), 'attendeeIds');
    expectBadInput(await failsCleanly(RECORD_SESSION, { groupId: group.id, input: sessionInput('2025-08-31', [a.id]) }, worker), 'sessionDate');
    expectBadInput(await failsCleanly(RECORD_SESSION, { groupId: group.id, input: sessionInput('2025-10-01', [a.id]) }, worker), 'sessionDate');
    expectBadInput(
      await failsCleanly(RECORD_SESSION, { groupId: group.id, input: sessionInput('2025-09-10', [a.id], { durationMinutes: 0 }) }, worker),
      'durationMinutes',
    );
    expectBadInput(await failsCleanly(RECORD_SESSION, { groupId: group.id, input: sessionInput('2025-09-10', [a.id, a.id]) }, worker), 'attendeeIds');
    expect(errorCode(await failsCleanly(RECORD_SESSION, { groupId: group.id, input: sessionInput('2025-09-31', [a.id]) }, worker))).toBe('BAD_USER_INPUT');

    // Correct a session: its attendance is replaced, not added to.
    const c1 = (
      await t.ok(CORRECT_SESSION, { sessionId: s1.id, input: sessionInput('2025-09-02', [b.id], { topic: '相识与破冰（更正）', durationMinutes: 60 }) }, worker)
    ).correctGroupSession;
    expect(c1).toEqual({ ...s1, sessionDate: '2025-09-02', topic: '相识与破冰（更正）', durationMinutes: 60, record: null, attendeeIds: [b.id] });
    expect(await t.ownerQuery(`select member_id from session_attendance where session_id = $1`, [s1.id])).toEqual([{ member_id: b.id }]);
    expect((await groupOf(group.id)).personTimes).toBe(3);
    // A bad correction changes nothing.
    expectBadInput(await failsCleanly(CORRECT_SESSION, { sessionId: s1.id, input: sessionInput('2025-09-02', [otherLi.id]) }, worker), 'attendeeIds');
    expectBadInput(await failsCleanly(CORRECT_SESSION, { sessionId: s1.id, input: sessionInput('2025-10-02', [a.id]) }, worker), 'sessionDate');
    expect(await t.ownerQuery(`select member_id from session_attendance where session_id = $1`, [s1.id])).toEqual([{ member_id: b.id }]);

    // Void a session: it stays visible with when and why; its attendance stops counting.
    const voidedS2 = (await t.ok(VOID_SESSION, { sessionId: s2.id, input: { reason: ' 误录 ' } }, worker)).voidGroupSession;
    expect(voidedS2).toEqual({ ...s2, voidedAt: expect.any(String), voidReason: '误录' });
    expect(Math.abs(Date.parse(voidedS2.voidedAt) - Date.now())).toBeLessThan(60_000);
    expectBadInput(await failsCleanly(VOID_SESSION, { sessionId: s3.id, input: { reason: '  ' } }, worker), 'reason');
    let read = await groupOf(group.id);
    expect(read.personTimes).toBe(1);
    expect(read.sessions.map((s: Row) => [s.id, s.voidedAt === null])).toEqual([
      [c1.id, true],
      [s3.id, true],
      [s2.id, false],
    ]);
    expect(read.sessions.find((s: Row) => s.id === s2.id)).toEqual(voidedS2);
    // Members by joining date (then id).
    expect(read.members.map((m: Row) => m.id)).toEqual([...sorted(a.id, b.id), wang.id]);
    // A voided session is neither corrected nor voided again (its first reason stays), like other voided records.
    expectRule(await failsCleanly(CORRECT_SESSION, { sessionId: s2.id, input: sessionInput('2025-09-29', [a.id]) }, worker), 'activity.voided');
    expectRule(await failsCleanly(VOID_SESSION, { sessionId: s2.id, input: { reason: '再次作废' } }, worker), 'activity.voided');
    // personTimes is the attendance of the sessions not voided, as SQL counts it.
    const [{ n: sqlPersonTimes }] = await t.ownerQuery(
      `select count(*)::int as n from session_attendance a join group_session s on s.id = a.session_id where s.group_id = $1 and s.voided_at is null`,
      [group.id],
    );
    expect(sqlPersonTimes).toBe(1);

    // Stages move forward (skipping is allowed), never back nor to the same stage.
    expect((await t.ok(SET_STAGE, { id: group.id, stage: 'FORMATION' }, worker)).setGroupStage.stage).toBe('FORMATION');
    expect((await t.ok(SET_STAGE, { id: group.id, stage: 'MATURITY' }, worker)).setGroupStage.stage).toBe('MATURITY');
    expectRule(await failsCleanly(SET_STAGE, { id: group.id, stage: 'TRANSITION' }, worker), 'group.stage-forward-only');
    expectRule(await failsCleanly(SET_STAGE, { id: group.id, stage: 'MATURITY' }, worker), 'group.stage-forward-only');
    expectRule(await failsCleanly(SET_STAGE, { id: group.id, stage: 'PREPARATION' }, worker), 'group.stage-forward-only');
    expect(await t.ownerQuery(`select stage from group_work where id = $1`, [group.id])).toEqual([{ stage: 'MATURITY' }]);

    // Updating the details: the same checks, and live sessions must stay within the dates.
    const { id: _i, stationId: _s, stage: _st, voidedAt: _v, voidReason: _vr, personTimes: _p, ...groupDetails } = group;
    expectBadInput(await failsCleanly(UPDATE_GROUP, { id: group.id, input: { ...groupDetails, endDate: '2025-08-31' } }, worker), 'endDate');
    expectBadInput(await failsCleanly(UPDATE_GROUP, { id: group.id, input: { ...groupDetails, startDate: '2025-09-03' } }, worker), 'startDate');
    expectBadInput(
      await failsCleanly(UPDATE_GROUP, { id: group.id, input: { ...groupDetails, facilitatorIds: [userIds['qfs.worker']] } }, worker),
      'facilitatorIds',
    );
    // The voided session on 09-30 does not hold the end date.
    const updated = (await t.ok(UPDATE_GROUP, { id: group.id, input: { ...groupDetails, endDate: '2025-09-20', goal: '互助与陪伴' } }, worker)).updateGroup;
    expect(updated).toEqual({ ...group, endDate: '2025-09-20', goal: '互助与陪伴', stage: 'MATURITY', personTimes: 1 });

    // The station head corrects the worker's group too.
    expect((await t.ok(SET_STAGE, { id: group.id, stage: 'ENDING' }, tokens['jfl.head'])).setGroupStage.stage).toBe('ENDING');

    // Void the group: it stays readable with when and why, leaves the list, and takes no more changes.
    const listed = async (includeVoided?: boolean) =>
      (await t.ok(GROUPS, { filter: { rootId: jflNode, includeVoided }, page: { limit: 100 } }, worker)).groups.items.map((g: Row) => g.id) as string[];
    expect(await listed()).toContain(group.id);
    const voided = (await t.ok(VOID_GROUP, { id: group.id, input: { reason: '重复建组' } }, worker)).voidGroup;
    // A voided group counts for nothing, its person-times included (as in activityTotals).
    expect(voided).toEqual({ ...updated, stage: 'ENDING', personTimes: 0, voidedAt: expect.any(String), voidReason: '重复建组' });
    expect(await listed()).not.toContain(group.id);
    expect(await listed(false)).not.toContain(group.id);
    expect(await listed(true)).toContain(group.id);
    expect(await listed()).toEqual(expect.arrayContaining([other.id, oneDay.id]));
    read = await groupOf(group.id);
    expect(read).toMatchObject({ voidedAt: voided.voidedAt, voidReason: '重复建组' });
    expect(read.sessions).toHaveLength(3);
    const rejections: [string, string, Row][] = [
      ['recordGroupSession', RECORD_SESSION, { groupId: group.id, input: sessionInput('2025-09-10', [a.id]) }],
      ['addGroupMember', ADD_MEMBER, { groupId: group.id, input: { residentName: '新成员', joinedOn: '2025-09-10' } }],
      ['correctGroupSession', CORRECT_SESSION, { sessionId: s3.id, input: sessionInput('2025-09-16', [a.id]) }],
      ['voidGroupSession', VOID_SESSION, { sessionId: s3.id, input: { reason: '作废' } }],
      ['setGroupStage', SET_STAGE, { id: group.id, stage: 'ENDING' }],
      ['updateGroup', UPDATE_GROUP, { id: group.id, input: groupDetails }],
      ['voidGroup', VOID_GROUP, { id: group.id, input: { reason: '再次作废' } }],
    ];
    const frozen = await t.ownerQuery(`select * from group_work where id = $1`, [group.id]);
    for (const [label, query, variables] of rejections) {
      const res = await failsCleanly(query, variables, worker);
      if (res.errors?.[0]?.extensions?.rule !== 'activity.voided') throw new Error(`${label}: ${JSON.stringify(res.errors)}`);
      expectRule(res, 'activity.voided');
    }
    expect(await t.ownerQuery(`select * from group_work where id = $1`, [group.id])).toEqual(frozen);
    expect(await t.ownerQuery(`select voided_at is null as live from group_session where id = $1`, [s3.id])).toEqual([{ live: true }]);

    fixture = { groupId: other.id, memberId: otherA.id, sessionId: (await recordSession(other.id, '2025-09-12', [otherA.id, otherLi.id])).id, activityId: '' };
  });

  it('community activities: record with participants, volunteers, photos and summary; node, count and hour checks; correct and void', async () => {
    const worker = tokens['jfl.worker'];
    const input = activityInput({
      nodeId: sdlNode,
      title: ' 邻里节 ',
      activityDate: '2025-09-20',
      place: '山大路社区广场',
      catalogItemId: items.CG_VOLUNTEER,
      participantCount: 30,
      participants: [{ name: '赵桂兰', serviceObjectId: personA }, { name: ' 王大爷 ' }],
      volunteers: [
        { name: '志愿者甲', hours: 2.5 },
        { name: '志愿者乙', hours: 0 },
        { name: '志愿者丙', hours: 24 },
      ],
      photos: ['activities/2025/09/linli-1.jpg', 'activities/2025/09/linli-2.jpg'],
      summary: '居民三十余人参加，志愿者三人协助。',
    });
    const before = await counts();
    const activity = (await t.ok(RECORD_ACTIVITY, { input }, worker)).recordCommunityActivity;
    expect(activity).toEqual({
      id: expect.any(String),
      stationId: jflStation,
      nodeId: sdlNode,
      title: '邻里节',
      activityDate: '2025-09-20',
      place: '山大路社区广场',
      catalogItemId: items.CG_VOLUNTEER,
      participantCount: 30,
      participants: [
        { name: '赵桂兰', serviceObjectId: personA },
        { name: '王大爷', serviceObjectId: null },
      ],
      volunteers: [
        { name: '志愿者甲', hours: 2.5 },
        { name: '志愿者乙', hours: 0 },
        { name: '志愿者丙', hours: 24 },
      ],
      photos: ['activities/2025/09/linli-1.jpg', 'activities/2025/09/linli-2.jpg'],
      summary: '居民三十余人参加，志愿者三人协助。',
      voidedAt: null,
      voidReason: null,
    });
    expect(await counts()).toEqual({ ...before, community_activity: before.community_activity + 1 });
    expect(await t.ownerQuery(`select tenant_id, org_path::text as path, node_id, created_by from community_activity where id = $1`, [activity.id])).toEqual([
      { tenant_id: jinanId, path: jflPath, node_id: sdlNode, created_by: userIds['jfl.worker'] },
    ]);
    expect((await t.ok(ACTIVITY_Q, { id: activity.id }, worker)).communityActivity).toEqual(activity);
    // As many names as the count is fine; so is nobody named, and the station's own node.
    const exact = await recordActivity({ participantCount: 2, participants: [{ name: '甲' }, { name: '乙' }] });
    expect(exact.participants).toHaveLength(2);
    const bare = await recordActivity({ participantCount: 0, title: '筹备会' });
    expect(bare).toMatchObject({
      nodeId: jflNode,
      participantCount: 0,
      participants: [],
      volunteers: [],
      photos: [],
      place: null,
      summary: null,
      catalogItemId: null,
    });

    // Rejected, nothing written: another station's node or community, a node above the station, another city's node.
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ nodeId: qfsNode }) }, worker), 'nodeId');
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ nodeId: qfsCommunityNode }) }, worker), 'nodeId');
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ nodeId: lixiaNode }) }, worker), 'nodeId');
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ nodeId: (await qingdao()).nodeId }) }, worker), 'nodeId');
    // More names than the count; a negative count; negative or over-24 hours.
    expectBadInput(
      await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ participantCount: 1, participants: [{ name: '甲' }, { name: '乙' }] }) }, worker),
      'participants',
    );
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ participantCount: -1 }) }, worker), 'participantCount');
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ volunteers: [{ name: '甲', hours: -0.5 }] }) }, worker), 'volunteers.0.hours');
    expectBadInput(
      await failsCleanly(
        RECORD_ACTIVITY,
        {
          input: activityInput({
            volunteers: [
              { name: '甲', hours: 1 },
              { name: '乙', hours: 24.5 },
            ],
          }),
        },
        worker,
      ),
      'volunteers.1.hours',
    );
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ participants: [{ name: '  ' }] }) }, worker), 'participants.0.name');
    expectBadInput(await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ title: ' ' }) }, worker), 'title');
    // A named participant must be a person the worker can see.
    expectCode(
      await failsCleanly(RECORD_ACTIVITY, { input: activityInput({ participants: [{ name: '孙玉梅', serviceObjectId: qfsPerson }] }) }, worker),
      'NOT_FOUND',
    );

    // Correct: every detail replaced; the same checks apply and a bad correction changes nothing.
    const correction = details(
      activityInput({
        nodeId: jflNode,
        title: '邻里节（更正）',
        activityDate: '2025-09-21',
        participantCount: 35,
        participants: [{ name: '钱秀英', serviceObjectId: personB }],
        volunteers: [{ name: '志愿者甲', hours: 3 }],
        photos: [],
        summary: '改期一天。',
      }),
    );
    const corrected = (await t.ok(CORRECT_ACTIVITY, { id: activity.id, input: correction }, worker)).correctCommunityActivity;
    expect(corrected).toEqual({
      ...activity,
      nodeId: jflNode,
      title: '邻里节（更正）',
      activityDate: '2025-09-21',
      place: null,
      catalogItemId: null,
      participantCount: 35,
      participants: [{ name: '钱秀英', serviceObjectId: personB }],
      volunteers: [{ name: '志愿者甲', hours: 3 }],
      photos: [],
      summary: '改期一天。',
    });
    const stored = await t.ownerQuery(`select * from community_activity where id = $1`, [activity.id]);
    expectBadInput(await failsCleanly(CORRECT_ACTIVITY, { id: activity.id, input: { ...correction, nodeId: qfsCommunityNode } }, worker), 'nodeId');
    expectBadInput(await failsCleanly(CORRECT_ACTIVITY, { id: activity.id, input: { ...correction, participantCount: 0 } }, worker), 'participants');
    expectBadInput(await failsCleanly(CORRECT_ACTIVITY, { id: activity.id, input: { ...correction, participantCount: -3 } }, worker), 'participantCount');
    expect(await t.ownerQuery(`select * from community_activity where id = $1`, [activity.id])).toEqual(stored);

    // Lists and the date filter.
    const list = async (filter: Row) =>
      (await t.ok(ACTIVITIES, { filter: { rootId: jflNode, ...filter }, page: { limit: 50 } }, worker)).communityActivities.items.map(
        (a: Row) => a.id,
      ) as string[];
    expect(await list({ from: '2025-09-21', to: '2025-09-21' })).toEqual([activity.id]);
    expect(await list({ from: '2025-09-22' })).not.toContain(activity.id);
    expect(await list({ rootId: sdlNode })).toEqual([]);

    // Void: it stays readable, leaves the lists unless asked for, and takes no more changes.
    const voided = (await t.ok(VOID_ACTIVITY, { id: activity.id, input: { reason: '活动取消' } }, worker)).voidCommunityActivity;
    expect(voided).toEqual({ ...corrected, voidedAt: expect.any(String), voidReason: '活动取消' });
    expect((await t.ok(ACTIVITY_Q, { id: activity.id }, worker)).communityActivity).toEqual(voided);
    expect(await list({})).not.toContain(activity.id);
    expect(await list({ includeVoided: false })).not.toContain(activity.id);
    expect(await list({ includeVoided: true })).toContain(activity.id);
    expect(await list({})).toEqual(expect.arrayContaining([exact.id, bare.id]));
    const frozen = await t.ownerQuery(`select * from community_activity where id = $1`, [activity.id]);
    expectRule(await failsCleanly(CORRECT_ACTIVITY, { id: activity.id, input: correction }, worker), 'activity.voided');
    expectRule(await failsCleanly(VOID_ACTIVITY, { id: activity.id, input: { reason: '再次作废' } }, worker), 'activity.voided');
    expect(await t.ownerQuery(`select * from community_activity where id = $1`, [activity.id])).toEqual(frozen);

    // The station head may correct the worker's activity.
    expect(
      (await t.ok(CORRECT_ACTIVITY, { id: exact.id, input: details(activityInput({ participantCount: 3 })) }, tokens['jfl.head'])).correctCommunityActivity
        .participantCount,
    ).toBe(3);
    fixture.activityId = exact.id;
  });

  it('totals: exact person-times at the October/November boundary, voided records left out, per district, and NOT_FOUND outside', async () => {
    // A worker of 大观园 (市中区), so the city holds work outside 历下区 too.
    const dgyNode = await t.nodeId('370103001');
    const dgyStation = await t.stationId('370103001');
    await t.ok(
      CREATE_USER,
      { input: { username: 'dgy.worker', displayName: '大观园驻站社工', password: 'Daguanyuan@2026', orgUnitId: dgyNode, role: 'SOCIAL_WORKER' } },
      tokens['city.admin'],
    );
    const dgyWorker = await t.login('dgy.worker', 'Daguanyuan@2026');
    const qfsWorker = tokens['qfs.worker'];
    const jflWorker = tokens['jfl.worker'];

    // What we insert, as a ledger: where (district, street), when, how many, voided or not.
    type Entry = { kind: 'session' | 'activity'; district: string; street: string; date: string; persons: number; voided: boolean };
    const ledger: Entry[] = [];
    const groupAt = async (token: string, stationId: string, name: string, memberCount: number) => {
      const g = await createGroup({ stationId, name, startDate: '2025-10-01', endDate: '2025-11-30', facilitatorIds: [] }, token);
      const members: string[] = [];
      for (let i = 0; i < memberCount; i++) members.push((await addMember(g.id, { residentName: `${name}成员${i + 1}`, joinedOn: '2025-10-01' }, token)).id);
      return { id: g.id as string, members };
    };
    const session = async (token: string, where: [string, string], g: { id: string; members: string[] }, date: string, n: number, voided = false) => {
      const s = await recordSession(g.id, date, g.members.slice(0, n), token);
      if (voided) await t.ok(VOID_SESSION, { sessionId: s.id, input: { reason: '误录' } }, token);
      ledger.push({ kind: 'session', district: where[0], street: where[1], date, persons: n, voided });
      return s;
    };
    const activity = async (token: string, where: [string, string], stationId: string, nodeId: string, date: string, count: number, voided = false) => {
      const a = await recordActivity({ stationId, nodeId, activityDate: date, participantCount: count, title: `活动${date}` }, token);
      if (voided) await t.ok(VOID_ACTIVITY, { id: a.id, input: { reason: '重复录入' } }, token);
      ledger.push({ kind: 'activity', district: where[0], street: where[1], date, persons: count, voided });
    };
    const JFL: [string, string] = ['370102', '370102001'];
    const QFS: [string, string] = ['370102', '370102002'];
    const DGY: [string, string] = ['370103', '370103001'];

    const ga = await groupAt(jflWorker, jflStation, '月末小组', 3);
    await session(jflWorker, JFL, ga, '2025-10-01', 1);
    await session(jflWorker, JFL, ga, '2025-10-30', 1, true);
    await session(jflWorker, JFL, ga, '2025-10-31', 3);
    await session(jflWorker, JFL, ga, '2025-11-01', 2);
    await session(jflWorker, JFL, ga, '2025-11-01', 1, true);
    await session(jflWorker, JFL, ga, '2025-11-30', 3);
    // A group voided after its sessions: none of them count.
    const gb = await groupAt(jflWorker, jflStation, '作废小组', 2);
    await session(jflWorker, JFL, gb, '2025-10-31', 2);
    await session(jflWorker, JFL, gb, '2025-11-01', 1);
    await t.ok(VOID_GROUP, { id: gb.id, input: { reason: '重复建组' } }, jflWorker);
    for (const e of ledger.slice(-2)) e.voided = true;
    const gc = await groupAt(qfsWorker, qfsStation, '千佛山小组', 2);
    await session(qfsWorker, QFS, gc, '2025-10-31', 2);
    await session(qfsWorker, QFS, gc, '2025-11-01', 1);
    const gd = await groupAt(dgyWorker, dgyStation, '大观园小组', 2);
    await session(dgyWorker, DGY, gd, '2025-10-31', 1);
    await session(dgyWorker, DGY, gd, '2025-11-01', 2);

    await activity(jflWorker, JFL, jflStation, jflNode, '2025-09-30', 3);
    await activity(jflWorker, JFL, jflStation, jflNode, '2025-10-31', 40);
    await activity(jflWorker, JFL, jflStation, sdlNode, '2025-10-31', 100, true);
    await activity(jflWorker, JFL, jflStation, jflNode, '2025-11-01', 25);
    await activity(jflWorker, JFL, jflStation, sdlNode, '2025-11-30', 5);
    await activity(jflWorker, JFL, jflStation, jflNode, '2025-12-01', 4);
    await activity(qfsWorker, QFS, qfsStation, qfsCommunityNode, '2025-11-01', 12);
    await activity(qfsWorker, QFS, qfsStation, qfsNode, '2025-10-31', 0);
    await activity(dgyWorker, DGY, dgyStation, dgyNode, '2025-10-31', 7);
    await activity(dgyWorker, DGY, dgyStation, dgyNode, '2025-11-01', 9);

    const fromLedger = (from: string, to: string, within: (e: Entry) => boolean) => {
      const live = ledger.filter((e) => !e.voided && e.date >= from && e.date <= to && within(e));
      const sessions = live.filter((e) => e.kind === 'session');
      const activities = live.filter((e) => e.kind === 'activity');
      return {
        from,
        to,
        groupSessions: sessions.length,
        groupPersonTimes: sessions.reduce((n, e) => n + e.persons, 0),
        communityActivities: activities.length,
        communityPersonTimes: activities.reduce((n, e) => n + e.persons, 0),
        homeVisits: 0,
      };
    };
    const fromSql = async (rootId: string, from: string, to: string) => {
      const [row] = await t.ownerQuery(
        `with root as (select path from org_unit where id = $1)
         select
           (select count(*)::int from group_session s join group_work g on g.id = s.group_id, root
             where s.org_path <@ root.path and s.voided_at is null and g.voided_at is null and s.session_date between $2 and $3) as "groupSessions",
           (select count(*)::int from session_attendance a join group_session s on s.id = a.session_id join group_work g on g.id = s.group_id, root
             where s.org_path <@ root.path and s.voided_at is null and g.voided_at is null and s.session_date between $2 and $3) as "groupPersonTimes",
           (select count(*)::int from community_activity a, root
             where a.org_path <@ root.path and a.voided_at is null and a.activity_date between $2 and $3) as "communityActivities",
           (select coalesce(sum(participant_count), 0)::int from community_activity a, root
             where a.org_path <@ root.path and a.voided_at is null and a.activity_date between $2 and $3) as "communityPersonTimes",
           (select count(*)::int from home_visit v, root
             where v.org_path <@ root.path and v.voided_at is null and v.visit_date between $2 and $3) as "homeVisits"`,
        [rootId, from, to],
      );
      return { from, to, ...row };
    };
    const totals = async (token: string, rootId: string, from: string, to: string) => (await t.ok(TOTALS, { rootId, from, to }, token)).activityTotals as Row;

    const OCT: [string, string] = ['2025-10-01', '2025-10-31'];
    const NOV: [string, string] = ['2025-11-01', '2025-11-30'];
    const everywhere = () => true;
    const inLixia = (e: Entry) => e.district === '370102';
    const inShizhong = (e: Entry) => e.district === '370103';
    const inJfl = (e: Entry) => e.street === '370102001';

    // The numbers, worked out by hand from the ledger above, so the ledger itself is checked too.
    expect(fromLedger(...OCT, everywhere)).toEqual({
      from: OCT[0],
      to: OCT[1],
      groupSessions: 4,
      groupPersonTimes: 7,
      communityActivities: 3,
      communityPersonTimes: 47,
      homeVisits: 0,
    });
    expect(fromLedger(...NOV, everywhere)).toEqual({
      from: NOV[0],
      to: NOV[1],
      groupSessions: 4,
      groupPersonTimes: 8,
      communityActivities: 4,
      communityPersonTimes: 51,
      homeVisits: 0,
    });

    const cases: [string, string, (e: Entry) => boolean][] = [
      ['city.admin', cityNode, everywhere],
      ['city.admin', lixiaNode, inLixia],
      ['lixia.officer', lixiaNode, inLixia],
      ['lixia.officer', jflNode, inJfl],
      ['shizhong.officer', shizhongNode, inShizhong],
      ['jfl.worker', jflNode, inJfl],
      ['jfl.head', jflNode, inJfl],
    ];
    for (const [user, rootId, within] of cases) {
      for (const [from, to] of [
        OCT,
        NOV,
        ['2025-10-31', '2025-10-31'],
        ['2025-11-01', '2025-11-01'],
        ['2025-10-31', '2025-11-01'],
        ['2025-10-01', '2025-11-30'],
      ]) {
        const expected = fromLedger(from, to, within);
        expect({ user, rootId, ...(await totals(tokens[user] ?? jflWorker, rootId, from, to)) }).toEqual({ user, rootId, ...expected });
        expect(await fromSql(rootId, from, to)).toEqual(expected);
      }
    }
    // Both months add up to the two-month range; the 历下区 officer's October is 历下区 alone.
    const lixiaOct = await totals(tokens['lixia.officer'], lixiaNode, ...OCT);
    expect(lixiaOct).toEqual({
      from: OCT[0],
      to: OCT[1],
      groupSessions: 3,
      groupPersonTimes: 6,
      communityActivities: 2,
      communityPersonTimes: 40,
      homeVisits: 0,
    });
    const cityOct = await totals(tokens['city.admin'], cityNode, ...OCT);
    expect(cityOct.communityPersonTimes - lixiaOct.communityPersonTimes).toBe(7);

    // Outside the caller's subtree the root does not exist; a worker of another station the same.
    expectCode(await t.gql(TOTALS, { rootId: lixiaNode, from: OCT[0], to: OCT[1] }, tokens['shizhong.officer']), 'NOT_FOUND');
    expectCode(await t.gql(TOTALS, { rootId: cityNode, from: OCT[0], to: OCT[1] }, tokens['lixia.officer']), 'NOT_FOUND');
    expectCode(await t.gql(TOTALS, { rootId: jflNode, from: OCT[0], to: OCT[1] }, qfsWorker), 'NOT_FOUND');
    expectCode(await t.gql(TOTALS, { rootId: lixiaNode, from: OCT[0], to: OCT[1] }, tokens['lixia.supervisor']), 'FORBIDDEN');
    expect(errorCode(await t.gql(TOTALS, { rootId: lixiaNode, from: '2025-10-32', to: OCT[1] }, tokens['lixia.officer']))).toBe('BAD_USER_INPUT');
  });

  it('scope and roles: the district reads but does not write; another station sees nothing; the supervisor and city admin are refused', async () => {
    const { groupId, memberId, sessionId, activityId } = fixture;
    expect(groupId && memberId && sessionId && activityId).toBeTruthy();
    const officer = tokens['lixia.officer'];

    // 历下区 reads its groups and activities, in lists and one by one.
    const read = async (token: string) => ({
      group: await t.gql(GROUP_Q, { id: groupId }, token),
      activity: await t.gql(ACTIVITY_Q, { id: activityId }, token),
      groups: await t.gql(GROUPS, { filter: { rootId: lixiaNode }, page: { limit: 100 } }, token),
      activities: await t.gql(ACTIVITIES, { filter: { rootId: lixiaNode }, page: { limit: 50 } }, token),
    });
    const asOfficer = await read(officer);
    expect(asOfficer.group.data!.group).toMatchObject({ id: groupId, stationId: jflStation });
    expect(asOfficer.group.data!.group.sessions.map((s: Row) => s.id)).toContain(sessionId);
    expect(asOfficer.activity.data!.communityActivity).toMatchObject({ id: activityId, stationId: jflStation });
    const lixiaGroupIds = (
      await t.ownerQuery(`select g.id from group_work g join org_unit o on o.id = $1 where g.org_path <@ o.path and g.voided_at is null order by g.id`, [
        lixiaNode,
      ])
    ).map((r) => r.id);
    expect(asOfficer.groups.data!.groups.total).toBe(lixiaGroupIds.length);
    expect(asOfficer.groups.data!.groups.items.map((g: Row) => g.id).sort()).toEqual(lixiaGroupIds);
    expect(asOfficer.activities.data!.communityActivities.items.map((a: Row) => a.id)).toContain(activityId);
    // The officer's unfiltered lists hold 历下区 alone; the city admin's hold more.
    const officerAll = (await t.ok(GROUPS, { page: { limit: 100 } }, officer)).groups;
    expect(officerAll.items.map((g: Row) => g.id).sort()).toEqual(lixiaGroupIds);
    const [{ n: cityGroups }] = await t.ownerQuery(`select count(*)::int as n from group_work where tenant_id = $1 and voided_at is null`, [jinanId]);
    expect((await t.ok(GROUPS, { page: { limit: 1 } }, tokens['city.admin'])).groups.total).toBe(cityGroups);
    expect(cityGroups).toBeGreaterThan(lixiaGroupIds.length);
    // 市中区 sees none of them.
    expectCode(await t.gql(GROUP_Q, { id: groupId }, tokens['shizhong.officer']), 'NOT_FOUND');
    expectCode(await t.gql(ACTIVITY_Q, { id: activityId }, tokens['shizhong.officer']), 'NOT_FOUND');
    expectCode(await t.gql(GROUPS, { filter: { rootId: lixiaNode } }, tokens['shizhong.officer']), 'NOT_FOUND');
    const shizhongGroups = (await t.ok(GROUPS, { page: { limit: 100 } }, tokens['shizhong.officer'])).groups.items.map((g: Row) => g.id);
    expect(shizhongGroups.some((id: string) => lixiaGroupIds.includes(id))).toBe(false);

    const mutations: [string, string, Row][] = [
      ['createGroup', CREATE_GROUP, { input: groupInput() }],
      ['updateGroup', UPDATE_GROUP, { id: groupId, input: details(groupInput()) }],
      ['setGroupStage', SET_STAGE, { id: groupId, stage: 'ENDING' }],
      ['voidGroup', VOID_GROUP, { id: groupId, input: { reason: '越权' } }],
      ['addGroupMember', ADD_MEMBER, { groupId, input: { residentName: '越权', joinedOn: '2025-09-10' } }],
      ['recordGroupSession', RECORD_SESSION, { groupId, input: sessionInput('2025-09-10', [memberId]) }],
      ['correctGroupSession', CORRECT_SESSION, { sessionId, input: sessionInput('2025-09-10', []) }],
      ['voidGroupSession', VOID_SESSION, { sessionId, input: { reason: '越权' } }],
      ['recordCommunityActivity', RECORD_ACTIVITY, { input: activityInput() }],
      ['correctCommunityActivity', CORRECT_ACTIVITY, { id: activityId, input: details(activityInput({ participantCount: 99 })) }],
      ['voidCommunityActivity', VOID_ACTIVITY, { id: activityId, input: { reason: '越权' } }],
    ];
    const snapshot = async () => ({
      group: await t.ownerQuery(`select * from group_work where id = $1`, [groupId]),
      session: await t.ownerQuery(`select * from group_session where id = $1`, [sessionId]),
      activity: await t.ownerQuery(`select * from community_activity where id = $1`, [activityId]),
    });
    const before = await snapshot();
    const refused = async (who: string, token: string, code: string) => {
      for (const [label, query, variables] of mutations) {
        const res = await failsCleanly(query, variables, token);
        if (errorCode(res) !== code) throw new Error(`${who} ${label}: expected ${code}, got ${JSON.stringify(res.errors)}`);
      }
    };
    // The district officer, the city admin and the supervisor may not write activities at all.
    await refused('lixia.officer', officer, 'FORBIDDEN');
    await refused('city.admin', tokens['city.admin'], 'FORBIDDEN');
    await refused('lixia.supervisor', tokens['lixia.supervisor'], 'FORBIDDEN');
    // The supervisor's roles grant no reading of activities either.
    const asSupervisor = await read(tokens['lixia.supervisor']);
    for (const res of Object.values(asSupervisor)) expectCode(res, 'FORBIDDEN');

    // 千佛山's worker: 解放路's group, session and activity do not exist, to read or to change.
    const qfs = tokens['qfs.worker'];
    const asQfs = await read(qfs);
    // All four reads fail: the records, and 历下区 as a root of its lists.
    for (const res of Object.values(asQfs)) expectCode(res, 'NOT_FOUND');
    expectCode(await t.gql(GROUPS, { filter: { rootId: jflNode } }, qfs), 'NOT_FOUND');
    expectCode(await t.gql(ACTIVITIES, { filter: { rootId: jflNode } }, qfs), 'NOT_FOUND');
    // Its own lists hold 千佛山's records alone.
    const qfsGroups = (await t.ok(GROUPS, { filter: { includeVoided: true }, page: { limit: 100 } }, qfs)).groups.items;
    expect(qfsGroups.length).toBeGreaterThan(0);
    expect(qfsGroups.every((g: Row) => g.stationId === qfsStation)).toBe(true);
    const qfsActivities = (await t.ok(ACTIVITIES, { filter: { includeVoided: true }, page: { limit: 50 } }, qfs)).communityActivities.items;
    expect(qfsActivities.length).toBeGreaterThan(0);
    expect(qfsActivities.every((a: Row) => a.stationId === qfsStation)).toBe(true);
    await refused('qfs.worker', qfs, 'NOT_FOUND');
    // Not even by putting 解放路's member into a session of their own group.
    const own = await createGroup({ stationId: qfsStation, facilitatorIds: [userIds['qfs.worker']] }, qfs);
    expectBadInput(await failsCleanly(RECORD_SESSION, { groupId: own.id, input: sessionInput('2025-09-10', [memberId]) }, qfs), 'attendeeIds');

    expect(await snapshot()).toEqual(before);
  });

  it('concurrency: changes to one group or activity wait for each other; a stage never moves back, a record is voided once', async () => {
    const worker = tokens['jfl.worker'];
    const head = tokens['jfl.head'];
    for (let i = 0; i < 6; i++) {
      // PREPARATION → ENDING and → FORMATION at once: whichever runs second sees the first, so the group ends in ENDING.
      const g = await createGroup({ name: `并发小组${i}` });
      const [toEnding, toFormation] = await Promise.all([
        t.gql(SET_STAGE, { id: g.id, stage: 'ENDING' }, worker),
        t.gql(SET_STAGE, { id: g.id, stage: 'FORMATION' }, head),
      ]);
      expect(toEnding.errors).toBeUndefined();
      expect(await t.ownerQuery(`select stage from group_work where id = $1`, [g.id])).toEqual([{ stage: 'ENDING' }]);
      if (toFormation.errors) expectRule(toFormation, 'group.stage-forward-only');

      // Two voids of one group, and of one activity: one succeeds, the other finds it voided; the stored reason is the winner's.
      const voids = await Promise.all([
        t.gql(VOID_GROUP, { id: g.id, input: { reason: '甲作废' } }, worker),
        t.gql(VOID_GROUP, { id: g.id, input: { reason: '乙作废' } }, head),
      ]);
      const a = await recordActivity({ title: `并发活动${i}` });
      const activityVoids = await Promise.all([
        t.gql(VOID_ACTIVITY, { id: a.id, input: { reason: '甲作废' } }, worker),
        t.gql(VOID_ACTIVITY, { id: a.id, input: { reason: '乙作废' } }, head),
      ]);
      for (const [pair, table, key] of [
        [voids, 'group_work', 'voidGroup'],
        [activityVoids, 'community_activity', 'voidCommunityActivity'],
      ] as const) {
        const won = pair.filter((r) => !r.errors);
        expect(won).toHaveLength(1);
        expectRule(
          pair.find((r) => r.errors)!,
          'activity.voided',
        );
        const id = table === 'group_work' ? g.id : a.id;
        expect(await t.ownerQuery(`select void_reason from ${table} where id = $1`, [id])).toEqual([{ void_reason: won[0].data![key].voidReason }]);
      }
    }
  });

  it('tenants: another city sees nothing of Jinan over the API, and row-level security shows no Jinan rows under its settings', async () => {
    const qd = await qingdao();
    const { groupId, memberId, sessionId, activityId } = fixture;

    // Over the API: Jinan's records do not exist for Qingdao's admin or worker.
    for (const token of [qd.adminToken, qd.workerToken]) {
      expectCode(await t.gql(GROUP_Q, { id: groupId }, token), 'NOT_FOUND');
      expectCode(await t.gql(ACTIVITY_Q, { id: activityId }, token), 'NOT_FOUND');
      expectCode(await t.gql(GROUPS, { filter: { rootId: lixiaNode } }, token), 'NOT_FOUND');
      expectCode(await t.gql(TOTALS, { rootId: lixiaNode, from: '2025-01-01', to: '2025-12-31' }, token), 'NOT_FOUND');
      expect((await t.ok(GROUPS, {}, token)).groups).toEqual({ total: 0, items: [] });
      expect((await t.ok(ACTIVITIES, {}, token)).communityActivities).toEqual({ total: 0, items: [] });
    }
    const before = await counts();
    const worker = qd.workerToken;
    const notFound: [string, string, Row][] = [
      ['updateGroup', UPDATE_GROUP, { id: groupId, input: details(groupInput()) }],
      ['setGroupStage', SET_STAGE, { id: groupId, stage: 'ENDING' }],
      ['voidGroup', VOID_GROUP, { id: groupId, input: { reason: '跨城' } }],
      ['addGroupMember', ADD_MEMBER, { groupId, input: { residentName: '跨城', joinedOn: '2025-09-10' } }],
      ['recordGroupSession', RECORD_SESSION, { groupId, input: sessionInput('2025-09-10', [memberId]) }],
      ['correctGroupSession', CORRECT_SESSION, { sessionId, input: sessionInput('2025-09-10', []) }],
      ['voidGroupSession', VOID_SESSION, { sessionId, input: { reason: '跨城' } }],
      ['correctCommunityActivity', CORRECT_ACTIVITY, { id: activityId, input: details(activityInput()) }],
      ['voidCommunityActivity', VOID_ACTIVITY, { id: activityId, input: { reason: '跨城' } }],
      ['createGroup at a Jinan station', CREATE_GROUP, { input: groupInput({ facilitatorIds: [] }) }],
      ['recordCommunityActivity at a Jinan station', RECORD_ACTIVITY, { input: activityInput() }],
    ];
    for (const [label, query, variables] of notFound) {
      const res = await t.gql(query, variables, worker);
      if (errorCode(res) !== 'NOT_FOUND') throw new Error(`${label}: ${JSON.stringify(res.errors)}`);
    }
    // Jinan's people, nodes, items and workers are no input in Qingdao either.
    const qdGroup = await createGroup({ stationId: qd.stationId, facilitatorIds: [] }, worker);
    expectCode(await t.gql(ADD_MEMBER, { groupId: qdGroup.id, input: { serviceObjectId: personA, joinedOn: '2025-09-10' } }, worker), 'NOT_FOUND');
    expectBadInput(
      await t.gql(CREATE_GROUP, { input: groupInput({ stationId: qd.stationId, facilitatorIds: [userIds['jfl.worker']] }) }, worker),
      'facilitatorIds',
    );
    expectBadInput(
      await t.gql(CREATE_GROUP, { input: groupInput({ stationId: qd.stationId, facilitatorIds: [], catalogItemId: items.EC_GROUP }) }, worker),
      'catalogItemId',
    );
    expectBadInput(await t.gql(RECORD_ACTIVITY, { input: activityInput({ stationId: qd.stationId, nodeId: jflNode }) }, worker), 'nodeId');
    expectBadInput(await t.gql(RECORD_SESSION, { groupId: qdGroup.id, input: sessionInput('2025-09-10', [memberId]) }, worker), 'attendeeIds');
    // The catalog is per city: Qingdao's admin neither sees nor changes Jinan's.
    const qdCatalogIds = (await catalogOf(qd.adminToken)).flatMap((f) => [f.id, ...f.items.map((i: Row) => i.id)]);
    expect(qdCatalogIds).not.toContain(items.EC_GROUP);
    expectCode(await t.gql(UPDATE_ITEM, { id: items.EC_GROUP, input: { name: '跨城改名' } }, qd.adminToken), 'NOT_FOUND');
    const [{ field_id: jinanField }] = await t.ownerQuery(`select field_id from catalog_item where id = $1`, [items.EC_GROUP]);
    expectBadInput(await t.gql(ADD_ITEM, { input: { fieldId: jinanField, code: 'QD_X', name: '跨城' } }, qd.adminToken), 'fieldId');
    // Nothing of Jinan's changed: the one new row is Qingdao's own group.
    expect(await counts()).toEqual({ ...before, group_work: before.group_work + 1 });
    expect(await t.ownerQuery(`select tenant_id from group_work where id = $1`, [qdGroup.id])).toEqual([{ tenant_id: qd.tenantId }]);
    expect(await t.ownerQuery(`select name from catalog_item where id = $1`, [items.EC_GROUP])).toEqual([{ name: '老年人小组活动' }]);

    // Row-level security itself, as the application role: Qingdao's tenant with every Jinan path in scope sees no Jinan row.
    const jinanPaths = (await t.ownerQuery<{ path: string }>(`select path::text as path from org_unit where tenant_id = $1`, [jinanId])).map((r) => r.path);
    const [{ path: qdRoot }] = await t.ownerQuery(`select path::text as path from org_unit where tenant_id = $1 and level = 1`, [qd.tenantId]);
    for (const table of ACTIVITY_TABLES) {
      const [{ n: jinanRows }] = await t.ownerQuery(`select count(*)::int as n from ${table} where tenant_id = $1`, [jinanId]);
      expect({ table, some: jinanRows > 0 }).toEqual({ table, some: true });
      const asQd = await t.appQuery({ tenantId: qd.tenantId, scope: jinanPaths }, `select tenant_id from ${table}`);
      expect({ table, jinan: asQd.filter((r) => r.tenant_id === jinanId).length }).toEqual({ table, jinan: 0 });
      if (!table.startsWith('catalog_')) expect({ table, rows: asQd }).toEqual({ table, rows: [] });
      else expect(asQd.length).toBeGreaterThan(0); // Qingdao's own catalog
      expect({ table, rows: await t.appQuery(null, `select * from ${table}`) }).toEqual({ table, rows: [] });
      expect({ table, rows: await t.appQuery({ scope: jinanPaths }, `select * from ${table}`) }).toEqual({ table, rows: [] });
      // Positive controls: Jinan's settings show Jinan's rows, all of them; Qingdao's own scope shows Qingdao's alone.
      const asJinan = await t.appQuery({ tenantId: jinanId, scope: jinanPaths }, `select tenant_id from ${table}`);
      expect({ table, n: asJinan.length, others: asJinan.filter((r) => r.tenant_id !== jinanId).length }).toEqual({ table, n: jinanRows, others: 0 });
      const qdOwn = await t.appQuery({ tenantId: qd.tenantId, scope: [qdRoot] }, `select tenant_id from ${table}`);
      expect(qdOwn.every((r) => r.tenant_id === qd.tenantId)).toBe(true);
    }
  });
});
