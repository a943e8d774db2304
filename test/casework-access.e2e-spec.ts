import { makeIdentityNumber, maskName } from '../libs/platform/personal-data/identity-number';
import { CREATE_USER, createSecondCity, errorCode, errorFields, expectBadInput, expectCode, Row, spyOnRequestStatements, TestApp } from './support/test-app';

// Case work (个案): who may see and do what with people served (服务对象), their identity numbers,
// what case files say, and the audit trail of it; one person, one file per city; the walls between
// stations, districts and tenants; and the N+1 guard of the case list. Over HTTP against the demo
// city Jinan, whose seed holds no case work: everything here is made by the tests.

const PERSON = `id stationId communityId name gender birthDate idNumber phone address categories riskLevel
  emergencyContact { name phone relation } notes createdAt`;
const REGISTER = `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { ${PERSON} } }`;
const UPDATE_PERSON = `mutation($id: ID!, $input: ServiceObjectDetailsInput!) { updateServiceObject(id: $id, input: $input) { ${PERSON} } }`;
const PERSON_Q = `query($id: ID!) { serviceObject(id: $id) { ${PERSON} } }`;
const PEOPLE = `query($filter: ServiceObjectFilter, $page: PageInput) { serviceObjects(filter: $filter, page: $page) { total items { ${PERSON} } } }`;

const CASE_META = `id caseNumber stage openedOn stationId serviceObjectId workerId worker { id displayName }`;
const NARRATIVE = `presentingProblem assessment { needs { description } } planSummary evaluation { summary } closureSummary
  goals { id } notes { narrative } comments { body } history { reason }`;
const CASE_Q = `query($id: ID!) { caseFile(id: $id) { ${CASE_META} ${NARRATIVE} } }`;
const CASE_META_Q = `query($id: ID!) { caseFile(id: $id) { ${CASE_META} } }`;
const CASES = `query($filter: CaseFilter, $page: PageInput) { caseFiles(filter: $filter, page: $page) { total items { ${CASE_META} ${NARRATIVE} } } }`;
const CASE_IDS = `query($filter: CaseFilter, $page: PageInput) { caseFiles(filter: $filter, page: $page) { total items { id stationId } } }`;
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { ${CASE_META} } }`;
const ADVANCE = `mutation($caseId: ID!, $toStage: CaseStage!) { advanceCase(caseId: $caseId, toStage: $toStage) { id stage } }`;
const ASSESS = `mutation($caseId: ID!, $input: AssessmentInput!) { recordAssessment(caseId: $caseId, input: $input) { id stage } }`;
const PLAN = `mutation($caseId: ID!, $summary: String!) { recordPlan(caseId: $caseId, summary: $summary) { id } }`;
const GOAL = `mutation($caseId: ID!, $input: GoalInput!) { addCaseGoal(caseId: $caseId, input: $input) { id status } }`;
const GOAL_PROGRESS = `mutation($goalId: ID!, $input: GoalProgressInput!) { setCaseGoalProgress(goalId: $goalId, input: $input) { id status } }`;
const NOTE = `mutation($caseId: ID!, $input: CaseNoteInput!) { addCaseNote(caseId: $caseId, input: $input) { id } }`;
const EVALUATE = `mutation($caseId: ID!, $input: EvaluationInput!) { recordEvaluation(caseId: $caseId, input: $input) { id } }`;
const REQUEST_CLOSURE = `mutation($caseId: ID!, $input: ClosureRequestInput!) { requestCaseClosure(caseId: $caseId, input: $input) { id status } }`;
const DECIDE_CLOSURE = `mutation($caseId: ID!, $input: ClosureDecisionInput!) { decideCaseClosure(caseId: $caseId, input: $input) { id status } }`;
const REOPEN = `mutation($caseId: ID!, $input: ReopenCaseInput!) { reopenCase(caseId: $caseId, input: $input) { id stage } }`;
const TRANSFER = `mutation($caseId: ID!, $toWorkerId: ID!) { transferCase(caseId: $caseId, toWorkerId: $toWorkerId) { id workerId } }`;
const TRANSFER_ALL = `mutation($stationId: ID!, $from: ID!, $to: ID!) { transferWorkerCases(stationId: $stationId, fromWorkerId: $from, toWorkerId: $to) { id } }`;
const COMMENT = `mutation($caseId: ID!, $input: NewCommentInput!) { addSupervisionComment(caseId: $caseId, input: $input) { id } }`;
const AUDIT = `query($filter: AuditFilter, $page: PageInput) { auditLog(filter: $filter, page: $page) { total items { id actorId action entity entityId } } }`;
const CREATE_ORG_UNIT = `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id code station { id } } }`;

/** Every table of case work that carries a node path, and so sits behind row-level security by subtree. */
const CASE_TABLES = [
  'service_object',
  'case_file',
  'case_goal',
  'case_note',
  'case_stage_event',
  'case_closure_request',
  'supervision_comment',
  'audit_log',
] as const;

const USERS = ['city.admin', 'lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.supervisor'] as const;
type User = (typeof USERS)[number];

/** What the fixture case says, each text unique so its absence from a response can be checked. */
const TEXT = {
  problem: '独居老人近期跌倒两次，子女在外地，夜间无人照看',
  need: '需要居家安全评估和日常照料支持',
  plan: '链接居家养老服务，每周探访一次',
  goal: '三个月内建立稳定的照料安排',
  note: '家访：老人情绪稳定，卫生间已安装扶手',
  comment: '督导意见：请补充跌倒风险的评估依据',
  evaluation: '照料安排已建立，跌倒风险明显下降',
  reopen: '家属反映夜间仍需跟进，重新介入',
  closure: '服务目标达成，经站长审批结案',
};

/** Sequences 100 and up for people registered through the API; the N+1 test inserts 000–049 of another birth date. */
let sequence = 100;
function identityNumber(birth = '1950-03-14', region = '370102', gender: 'MALE' | 'FEMALE' = 'FEMALE'): string {
  // The 17th digit records the sex (odd for a man): the sequence's parity follows the gender entered with it.
  if (sequence % 2 !== (gender === 'MALE' ? 1 : 0)) sequence++;
  if (sequence > 999) throw new Error('identity-number sequences used up');
  return makeIdentityNumber(region, birth, String(sequence++));
}

function masked(idNumber: string): string {
  return `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`;
}

describe('case work: people served, identity numbers, narratives, roles, subtrees, tenants and the audit trail', () => {
  let t: TestApp;
  let jinanId: string;
  let today: string;
  const tokens = {} as Record<User, string>;
  const userIds = {} as Record<User, string>;
  let jflStation: string;
  let qfsStation: string;
  let btqStation: string;
  let jflPath: string;
  let jflNode: string;
  let qfsNode: string;
  let btqNode: string;
  let lixiaNode: string;
  /** A case of 解放路 taken through every stage, closed, reopened with a reason and closed again: every narrative field filled. */
  let full: { personId: string; caseId: string; caseNumber: string; goalId: string };
  /** A case of 解放路 just opened by jfl.worker, for attempted changes. */
  let open: { personId: string; caseId: string };

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of CASE_TABLES) out[table] = (await t.ownerQuery<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
    out.case_counter = (await t.ownerQuery<{ n: number }>(`select coalesce(sum(last_number), 0)::int as n from case_counter`))[0].n;
    return out;
  };
  /** Audit records of one kind about one record, optionally by one actor, straight from SQL. */
  const audits = async (action: string, entityId: string, actorId?: string) =>
    (
      await t.ownerQuery<{ n: number }>(
        `select count(*)::int as n from audit_log where action = $1 and entity_id = $2 and ($3::uuid is null or actor_id = $3::uuid)`,
        [action, entityId, actorId ?? null],
      )
    )[0].n;
  const personInput = (stationId: string, change: Row = {}) => ({
    stationId,
    name: '测试对象',
    gender: 'FEMALE',
    idNumber: identityNumber(),
    ...change,
  });
  const register = async (token: string, stationId: string, change: Row = {}) =>
    (await t.ok(REGISTER, { input: personInput(stationId, change) }, token)).registerServiceObject as Row;
  const openCase = async (token: string, serviceObjectId: string, change: Row = {}) =>
    (await t.ok(OPEN, { input: { serviceObjectId, intakeSource: 'WALK_IN', presentingProblem: '需要帮助', ...change } }, token)).openCase as Row;
  /** Every item of a paged list, page by page (limit 100). */
  const everything = async (query: string, key: string, variables: Row, token: string) => {
    const items: Row[] = [];
    let total = 0;
    for (let offset = 0; offset === 0 || offset < total; offset += 100) {
      const data = await t.ok(query, { ...variables, page: { offset, limit: 100 } }, token);
      total = data[key].total;
      items.push(...data[key].items);
    }
    expect(items).toHaveLength(total);
    return items;
  };
  const caseRow = async (id: string) =>
    (await t.ownerQuery(`select stage, worker_id, assessment, plan_summary, updated_at from case_file where id = $1`, [id]))[0] as Row;
  const newUser = async (creator: string, username: string, nodeId: string, role: string) => {
    const password = 'Casework@2026';
    const { createUser } = await t.ok(CREATE_USER, { input: { username, displayName: `${username} 测试`, password, orgUnitId: nodeId, role } }, creator);
    return { id: createUser.id as string, token: await t.login(username, password) };
  };

  /** The second city, made once: a district, a street with its station, and a social worker there. */
  let qingdaoWorld: Promise<{ tenantId: string; adminToken: string; workerToken: string; stationId: string; rootPath: string }> | undefined;
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
      return { tenantId, adminToken, workerToken, stationId: street.station.id as string, rootPath: rootPath as string };
    })());

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    [{ today }] = await t.ownerQuery(`select to_char(now() at time zone time_zone, 'YYYY-MM-DD') as today from tenant where code = 'jinan'`);
    for (const u of USERS) {
      tokens[u] = await t.login(u);
      [{ id: userIds[u] }] = await t.ownerQuery(`select id from user_account where tenant_id = $1 and username = $2`, [jinanId, u]);
    }
    jflStation = await t.stationId('370102001');
    qfsStation = await t.stationId('370102002');
    btqStation = await t.stationId('370102003');
    [{ path: jflPath }] = await t.ownerQuery(`select org_path::text as path from station where id = $1`, [jflStation]);
    jflNode = await t.nodeId('370102001');
    qfsNode = await t.nodeId('370102002');
    btqNode = await t.nodeId('370102003');
    lixiaNode = await t.nodeId('370102');

    // The full case: every stage, a goal, a note, a supervisor's comment, closure, a reopening with its reason, closure again.
    const worker = tokens['jfl.worker'];
    const head = tokens['jfl.head'];
    const person = await register(worker, jflStation, { name: '李桂兰', idNumber: identityNumber('1941-02-03'), categories: ['FAMILY_IN_DIFFICULTY'] });
    const c = await openCase(worker, person.id, { presentingProblem: TEXT.problem });
    await t.ok(ADVANCE, { caseId: c.id, toStage: 'ASSESSMENT' }, worker);
    await t.ok(ASSESS, { caseId: c.id, input: { needs: [{ domain: 'DAILY_LIVING', description: TEXT.need }], riskLevel: 'MEDIUM' } }, worker);
    await t.ok(ADVANCE, { caseId: c.id, toStage: 'PLAN' }, worker);
    await t.ok(PLAN, { caseId: c.id, summary: TEXT.plan }, worker);
    const goal = (await t.ok(GOAL, { caseId: c.id, input: { description: TEXT.goal } }, worker)).addCaseGoal;
    await t.ok(ADVANCE, { caseId: c.id, toStage: 'INTERVENTION' }, worker);
    await t.ok(NOTE, { caseId: c.id, input: { noteDate: today, kind: 'HOME_VISIT', durationMinutes: 60, narrative: TEXT.note } }, worker);
    await t.ok(COMMENT, { caseId: c.id, input: { body: TEXT.comment } }, tokens['lixia.supervisor']);
    await t.ok(ADVANCE, { caseId: c.id, toStage: 'EVALUATION' }, worker);
    await t.ok(EVALUATE, { caseId: c.id, input: { summary: TEXT.evaluation } }, worker);
    await t.ok(GOAL_PROGRESS, { goalId: goal.id, input: { status: 'ACHIEVED' } }, worker);
    await t.ok(REQUEST_CLOSURE, { caseId: c.id, input: { reason: 'GOALS_ACHIEVED', summary: '第一次结案' } }, worker);
    await t.ok(DECIDE_CLOSURE, { caseId: c.id, input: { approve: true } }, head);
    await t.ok(REOPEN, { caseId: c.id, input: { toStage: 'INTERVENTION', reason: TEXT.reopen } }, worker);
    await t.ok(ADVANCE, { caseId: c.id, toStage: 'EVALUATION' }, worker);
    await t.ok(REQUEST_CLOSURE, { caseId: c.id, input: { reason: 'GOALS_ACHIEVED', summary: TEXT.closure } }, worker);
    await t.ok(DECIDE_CLOSURE, { caseId: c.id, input: { approve: true } }, head);
    full = { personId: person.id, caseId: c.id, caseNumber: c.caseNumber, goalId: goal.id };

    const openPerson = await register(worker, jflStation, { name: '赵淑珍', idNumber: identityNumber('1944-09-12'), categories: ['FAMILY_IN_DIFFICULTY'] });
    open = { personId: openPerson.id, caseId: (await openCase(worker, openPerson.id)).id };
  });
  afterAll(() => t.close());

  it('a worker registers a person with every field; birth date and community are checked; search, filters, paging and update', async () => {
    const worker = tokens['jfl.worker'];
    const [c1, c2, c3] = [await t.nodeId('370102001001'), await t.nodeId('370102001002'), await t.nodeId('370102001003')];
    const qfsCommunity = await t.nodeId('370102002001');
    const idNumber = identityNumber('1948-05-20');
    const input = {
      stationId: jflStation,
      communityId: c2,
      name: '  张秀英  ',
      gender: 'FEMALE',
      idNumber,
      phone: ' 13800000001 ',
      address: '济南市历下区羊头峪西区3号楼',
      categories: ['ELDERLY_LIVING_ALONE', 'VERY_OLD'],
      riskLevel: 'HIGH',
      emergencyContact: { name: '张建国', phone: '13900000002', relation: '子女' },
      notes: '听力较差，上门前请先电话联系子女',
    };
    const before = await counts();
    const created = (await t.ok(REGISTER, { input }, worker)).registerServiceObject;
    expect(created).toEqual({
      id: expect.any(String),
      stationId: jflStation,
      communityId: c2,
      name: '张秀英',
      gender: 'FEMALE',
      birthDate: '1948-05-20', // from the identity number
      idNumber: masked(idNumber), // not responsible for a case yet: masked
      phone: '13800000001',
      address: '济南市历下区羊头峪西区3号楼',
      categories: ['ELDERLY_LIVING_ALONE', 'VERY_OLD'],
      riskLevel: 'HIGH',
      emergencyContact: { name: '张建国', phone: '13900000002', relation: '子女' },
      notes: '听力较差，上门前请先电话联系子女',
      createdAt: expect.any(String),
    });
    expect((await t.ok(PERSON_Q, { id: created.id }, worker)).serviceObject).toEqual(created);
    const [row] = await t.ownerQuery(
      `select tenant_id, station_id, org_path::text as org_path, to_char(birth_date, 'YYYY-MM-DD') as birth_date, id_number, registered_by,
              guardian_name, guardian_phone, guardian_relation
         from service_object where id = $1`,
      [created.id],
    );
    expect(row).toEqual({
      tenant_id: jinanId,
      station_id: jflStation,
      org_path: jflPath,
      birth_date: '1948-05-20',
      id_number: idNumber,
      registered_by: userIds['jfl.worker'],
      guardian_name: '张建国',
      guardian_phone: '13900000002',
      guardian_relation: '子女',
    });
    // The registration is audited; so is reading the file's notes back (narrative), but not echoing them in the answer.
    expect(await counts()).toEqual({ ...before, service_object: before.service_object + 1, audit_log: before.audit_log + 2 });
    expect(await audits('CREATE', created.id, userIds['jfl.worker'])).toBe(1);
    expect(await audits('READ_NARRATIVE', created.id, userIds['jfl.worker'])).toBe(1);

    // A birth date that disagrees with the number, a community of another station, or the district node: refused, nothing written.
    const refused = await counts();
    expectBadInput(
      await t.gql(REGISTER, { input: personInput(jflStation, { idNumber: identityNumber('1952-01-31'), birthDate: '1952-02-01' }) }, worker),
      'birthDate',
    );
    expectBadInput(await t.gql(REGISTER, { input: personInput(jflStation, { communityId: qfsCommunity }) }, worker), 'communityId');
    expectBadInput(await t.gql(REGISTER, { input: personInput(jflStation, { communityId: lixiaNode }) }, worker), 'communityId');
    expect(await counts()).toEqual(refused);

    // Three more, one with the birth date given (and right), to search among.
    const a = await register(worker, jflStation, {
      name: '欧阳明月',
      idNumber: identityNumber('1956-10-08'),
      birthDate: '1956-10-08',
      categories: ['EMPTY_NEST_ELDERLY'],
      riskLevel: 'LOW',
      communityId: c1,
    });
    expect(a.birthDate).toBe('1956-10-08');
    const bNumber = identityNumber('2015-06-01', undefined, 'MALE');
    const b = await register(worker, jflStation, {
      name: '欧阳明辉',
      gender: 'MALE',
      idNumber: bNumber,
      categories: ['LEFT_BEHIND_CHILD'],
      riskLevel: 'MEDIUM',
      communityId: c2,
    });
    const cNumber = identityNumber('2013-12-24', undefined, 'MALE');
    const c = await register(worker, jflStation, {
      name: '司马明',
      gender: 'MALE',
      idNumber: cNumber,
      categories: ['LEFT_BEHIND_CHILD', 'CHILD_IN_DIFFICULTY'],
      riskLevel: 'HIGH',
    });

    const search = async (filter: Row, page?: Row) => (await t.ok(PEOPLE, { filter, page }, worker)).serviceObjects;
    const idsOf = async (filter: Row) => {
      const found = await search(filter);
      expect(found.items).toHaveLength(found.total);
      return found.items.map((p: Row) => p.id).sort();
    };
    const sorted = (...ids: string[]) => [...ids].sort();
    expect(await idsOf({ search: '欧阳' })).toEqual(sorted(a.id, b.id));
    expect(await idsOf({ search: '明' })).toEqual(sorted(a.id, b.id, c.id));
    expect(await idsOf({ search: '秀英' })).toEqual([created.id]);
    expect(await idsOf({ idNumberTail: cNumber.slice(-4) })).toEqual([c.id]);
    expect(await idsOf({ idNumberTail: bNumber.slice(-4) })).toEqual([b.id]);
    expect(await idsOf({ category: 'LEFT_BEHIND_CHILD' })).toEqual(sorted(b.id, c.id));
    expect(await idsOf({ category: 'VERY_OLD' })).toEqual([created.id]);
    expect(await idsOf({ riskLevel: 'HIGH' })).toEqual(sorted(created.id, c.id));
    expect(await idsOf({ communityId: c2 })).toEqual(sorted(created.id, b.id));
    expect(await idsOf({ communityId: c1 })).toEqual([a.id]);
    expect(await idsOf({ search: '明', category: 'LEFT_BEHIND_CHILD', riskLevel: 'HIGH' })).toEqual([c.id]);
    expect(await idsOf({ search: '明', communityId: c3 })).toEqual([]);
    expectBadInput(await t.gql(PEOPLE, { filter: { idNumberTail: '12A4' } }, worker), 'idNumberTail');
    // Too short breaks both of its constraints, each reported (with the same message) under the one field.
    const short = await t.gql(PEOPLE, { filter: { idNumberTail: '12' } }, worker);
    expect(errorCode(short)).toBe('BAD_USER_INPUT');
    expect([...new Set(errorFields(short))]).toEqual(['idNumberTail']);
    // Items in a list are what the worker sees of each file: the identity number masked.
    const listed = (await search({ search: '司马' })).items[0];
    expect(listed).toEqual({ ...c, idNumber: masked(cNumber) });

    // Paging: two pages of the three named 明, no overlap, the same total.
    const first = await search({ search: '明' }, { offset: 0, limit: 2 });
    const second = await search({ search: '明' }, { offset: 2, limit: 2 });
    expect(first.total).toBe(3);
    expect(second.total).toBe(3);
    expect(first.items).toHaveLength(2);
    expect(second.items).toHaveLength(1);
    expect([...first.items, ...second.items].map((p: Row) => p.id).sort()).toEqual(sorted(a.id, b.id, c.id));

    // Update: new name, community, categories, risk and contact; the audit record names what changed.
    const details = {
      name: '欧阳明晖',
      gender: 'MALE',
      idNumber: bNumber,
      phone: '0531-88001234',
      address: '济南市历下区历山东路12号',
      communityId: c3,
      categories: ['LEFT_BEHIND_CHILD', 'CHILD_IN_DIFFICULTY'],
      riskLevel: 'HIGH',
      emergencyContact: { name: '欧阳强', phone: '13700000003', relation: '父亲' },
      notes: '父母在外务工，由祖母照看',
    };
    const updated = (await t.ok(UPDATE_PERSON, { id: b.id, input: details }, worker)).updateServiceObject;
    expect(updated).toEqual({
      ...details,
      id: b.id,
      stationId: jflStation,
      birthDate: '2015-06-01',
      idNumber: masked(bNumber),
      createdAt: b.createdAt,
    });
    expect((await t.ok(PERSON_Q, { id: b.id }, worker)).serviceObject).toEqual(updated);
    const [audit] = await t.ownerQuery(`select actor_id, detail, org_path::text as org_path from audit_log where action = 'UPDATE' and entity_id = $1`, [b.id]);
    expect(audit).toEqual({ actor_id: userIds['jfl.worker'], detail: { changed: ['communityId', 'name', 'categories', 'riskLevel'] }, org_path: jflPath });
    expect(await idsOf({ riskLevel: 'HIGH' })).toEqual(sorted(created.id, b.id, c.id));
    expect(await idsOf({ communityId: c3 })).toEqual([b.id]);

    // A bad update changes nothing: wrong birth date, a community elsewhere, another person's identity number.
    const [{ updated_at: stamp }] = await t.ownerQuery(`select updated_at from service_object where id = $1`, [b.id]);
    const unchanged = await counts();
    expectBadInput(await t.gql(UPDATE_PERSON, { id: b.id, input: { ...details, birthDate: '2015-06-02' } }, worker), 'birthDate');
    expectBadInput(await t.gql(UPDATE_PERSON, { id: b.id, input: { ...details, communityId: qfsCommunity } }, worker), 'communityId');
    const taken = await t.gql(UPDATE_PERSON, { id: b.id, input: { ...details, idNumber: cNumber } }, worker);
    expectCode(taken, 'CONFLICT');
    expect(taken.errors?.[0]?.extensions?.field).toBe('idNumber');
    // Nothing changed, but the hit on a registered number is audited (and counted), although the update rolled back.
    expect(await counts()).toEqual({ ...unchanged, audit_log: unchanged.audit_log + 1 });
    expect(await t.ownerQuery(`select action, entity, entity_id from audit_log where action = 'DUPLICATE_REGISTRATION' and entity_id = $1`, [c.id])).toEqual([
      { action: 'DUPLICATE_REGISTRATION', entity: 'SERVICE_OBJECT', entity_id: c.id },
    ]);
    expect((await t.ownerQuery(`select updated_at, id_number from service_object where id = $1`, [b.id]))[0]).toEqual({
      updated_at: stamp,
      id_number: bNumber,
    });
  });

  it('one person, one file per city: a duplicate answers CONFLICT, pointing to the first file only where the caller can see it; concurrent registrations leave one; another city is separate', async () => {
    const worker = tokens['jfl.worker'];
    // Same station: the caller can open the first file, so the conflict names it.
    const number = identityNumber('1939-04-17');
    const first = await register(worker, jflStation, { name: '刘玉珍', idNumber: number });
    const before = await counts();
    for (const token of [worker, tokens['jfl.head']]) {
      const again = await t.gql(REGISTER, { input: personInput(jflStation, { name: '刘玉珍', idNumber: number }) }, token);
      expectCode(again, 'CONFLICT');
      expect(again.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'idNumber', existingId: first.id });
    }
    // The same number typed with a lower-case x is the same number.
    let xNumber = identityNumber('1962-08-30');
    while (!xNumber.endsWith('X')) xNumber = identityNumber('1962-08-30');
    const xPerson = await register(worker, jflStation, { name: '孙建华', idNumber: xNumber });
    const lower = await t.gql(REGISTER, { input: personInput(jflStation, { idNumber: xNumber.toLowerCase() }) }, worker);
    expect(lower.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'idNumber', existingId: xPerson.id });
    // One file and its CREATE record; and each of the three duplicate hits left its audit record although refused.
    expect(await counts()).toEqual({ ...before, service_object: before.service_object + 1, audit_log: before.audit_log + 1 + 3 });

    // Registered at 千佛山, which 解放路 cannot see: CONFLICT, but no id and no trace of the first file.
    const elsewhere = identityNumber('1945-11-02');
    const qfsPerson = await register(tokens['qfs.worker'], qfsStation, { name: '周桂芳', idNumber: elsewhere });
    const hidden = await counts();
    for (const token of [worker, tokens['jfl.head']]) {
      const res = await t.gql(REGISTER, { input: personInput(jflStation, { name: '周桂芳', idNumber: elsewhere }) }, token);
      expectCode(res, 'CONFLICT');
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'idNumber' });
      expect(JSON.stringify(res)).not.toContain(qfsPerson.id);
      expectCode(await t.gql(PERSON_Q, { id: qfsPerson.id }, token), 'NOT_FOUND');
    }
    // And the other way round: 千佛山 does not learn the id of a 解放路 file.
    const back = await t.gql(REGISTER, { input: personInput(qfsStation, { idNumber: number }) }, tokens['qfs.worker']);
    expect(back.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'idNumber' });
    // No file changed; the three hits are audited.
    expect(await counts()).toEqual({ ...hidden, audit_log: hidden.audit_log + 3 });

    // Two registrations of one number at once: exactly one wins, the other is a CONFLICT, one row and one CREATE record.
    for (let round = 0; round < 3; round++) {
      const racing = identityNumber('1958-07-07');
      const input = personInput(jflStation, { name: '并发登记', idNumber: racing });
      const results = await Promise.all([t.gql(REGISTER, { input }, worker), t.gql(REGISTER, { input }, tokens['jfl.head'])]);
      const won = results.filter((r) => !r.errors && r.data?.registerServiceObject);
      const lost = results.filter((r) => r.errors);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expectCode(lost[0], 'CONFLICT');
      expect(lost[0].errors?.[0]?.extensions?.field).toBe('idNumber');
      const rows = await t.ownerQuery(`select id from service_object where id_number = $1`, [racing]);
      expect(rows).toEqual([{ id: won[0].data!.registerServiceObject.id }]);
      expect(await audits('CREATE', rows[0].id)).toBe(1);
      // The loser's transaction rolled back whole: no audit record points to a file that does not exist.
      const orphans = await t.ownerQuery(
        `select a.id from audit_log a where a.entity = 'SERVICE_OBJECT' and not exists (select 1 from service_object s where s.id = a.entity_id)`,
      );
      expect(orphans).toEqual([]);
    }

    // The same person in another city is that city's business: allowed there, and Jinan's file stays one.
    const qd = await qingdao();
    const there = (await t.ok(REGISTER, { input: personInput(qd.stationId, { name: '刘玉珍', idNumber: number }) }, qd.workerToken)).registerServiceObject;
    expect(there).toMatchObject({ stationId: qd.stationId, name: '刘玉珍', birthDate: '1939-04-17', idNumber: masked(number) });
    expect(there.id).not.toBe(first.id);
    const both = await t.ownerQuery(`select tenant_id from service_object where id_number = $1 order by tenant_id = $2 desc`, [number, jinanId]);
    expect(both).toEqual([{ tenant_id: jinanId }, { tenant_id: qd.tenantId }]);
    // …and a second registration there conflicts within that city only.
    const againThere = await t.gql(REGISTER, { input: personInput(qd.stationId, { idNumber: number }) }, qd.workerToken);
    expect(againThere.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', field: 'idNumber', existingId: there.id });
  });

  it('identity numbers: masked for station staff, in full for the head and the responsible worker (each read audited), absent for bureaus with the name masked and no contact details', async () => {
    const worker = tokens['jfl.worker'];
    const number = identityNumber('1952-12-09', undefined, 'MALE');
    const person = await register(worker, jflStation, {
      name: '王小明',
      gender: 'MALE',
      idNumber: number,
      phone: '13600000009',
      address: '济南市历下区山大路88号',
      emergencyContact: { name: '王芳', phone: '13600000010', relation: '女儿' },
      notes: '低保户，患有糖尿病',
      categories: ['SUBSISTENCE_ALLOWANCE'],
    });
    const read = async (user: User) => (await t.ok(PERSON_Q, { id: person.id }, tokens[user])).serviceObject as Row;
    const fullReads = () => audits('READ_ID_NUMBER', person.id);
    const asStation = { ...person };
    const asBureau = {
      ...person,
      name: '王**',
      birthDate: null,
      idNumber: null,
      phone: null,
      address: null,
      emergencyContact: null,
      notes: null,
    };

    // Before any case: the worker sees it masked, no record.
    expect(await read('jfl.worker')).toEqual({ ...asStation, idNumber: masked(number) });
    expect(masked(number)).toMatch(/^3701\*{10}[0-9X]{4}$/);
    expect(await fullReads()).toBe(0);
    // The station head sees it in full, and that read is audited — once per request, however often it is read in it.
    expect(await read('jfl.head')).toEqual({ ...asStation, idNumber: number });
    expect(await fullReads()).toBe(1);
    const twice = await t.ok(
      `query($id: ID!) { a: serviceObject(id: $id) { idNumber } b: serviceObject(id: $id) { idNumber } }`,
      { id: person.id },
      tokens['jfl.head'],
    );
    expect(twice).toEqual({ a: { idNumber: number }, b: { idNumber: number } });
    expect(await fullReads()).toBe(2);
    // The supervisor: details yes, the number masked; bureaus: no number, no contact details, the name masked. None of it audited.
    expect(await read('lixia.supervisor')).toEqual({ ...asStation, idNumber: masked(number) });
    expect(await read('lixia.officer')).toEqual(asBureau);
    expect(await read('city.admin')).toEqual(asBureau);
    const listedForBureau = (await t.ok(PEOPLE, { filter: { category: 'SUBSISTENCE_ALLOWANCE' } }, tokens['lixia.officer'])).serviceObjects;
    expect(listedForBureau).toEqual({ total: 1, items: [asBureau] });
    // Nor can a bureau confirm a guessed name or number tail by searching for it.
    for (const filter of [{ search: '王小明' }, { idNumberTail: number.slice(-4) }]) {
      expect((await t.ok(PEOPLE, { filter }, tokens['lixia.officer'])).serviceObjects.total).toBe(0);
      expect((await t.ok(PEOPLE, { filter }, tokens['jfl.head'])).serviceObjects.total).toBe(1);
    }
    expect(await fullReads()).toBe(4);

    // The worker opens a case and so becomes responsible: now in full, and audited.
    const c = await openCase(worker, person.id);
    expect(c.workerId).toBe(userIds['jfl.worker']);
    expect(await read('jfl.worker')).toEqual({ ...asStation, idNumber: number });
    expect(await audits('READ_ID_NUMBER', person.id, userIds['jfl.worker'])).toBe(1);
    // The same through the case and through the list, one record per request each.
    const viaCase = await t.ok(`query($id: ID!) { caseFile(id: $id) { serviceObject { name idNumber phone } } }`, { id: c.id }, worker);
    expect(viaCase.caseFile.serviceObject).toEqual({ name: '王小明', idNumber: number, phone: '13600000009' });
    const viaList = (await t.ok(PEOPLE, { filter: { search: '王小明' } }, worker)).serviceObjects;
    expect(viaList.items.map((p: Row) => p.idNumber)).toEqual([number]);
    expect(await audits('READ_ID_NUMBER', person.id, userIds['jfl.worker'])).toBe(3);
    // The others are unchanged by the case.
    const afterCase = await fullReads();
    expect(await read('lixia.supervisor')).toEqual({ ...asStation, idNumber: masked(number) });
    expect(await read('lixia.officer')).toEqual(asBureau);
    expect(await read('city.admin')).toEqual(asBureau);
    const bureauViaCase = await t.ok(
      `query($id: ID!) { caseFile(id: $id) { serviceObject { name idNumber phone notes } } }`,
      { id: c.id },
      tokens['lixia.officer'],
    );
    expect(bureauViaCase.caseFile.serviceObject).toEqual({ name: '王**', idNumber: null, phone: null, notes: null });
    expect(await fullReads()).toBe(afterCase);

    // The station head reads the trail: one READ_ID_NUMBER per full read, who read it, nothing for masked reads.
    const trail = (await t.ok(AUDIT, { filter: { entityId: person.id, action: 'READ_ID_NUMBER' } }, tokens['jfl.head'])).auditLog;
    expect(trail.total).toBe(7);
    expect(trail.items.map((r: Row) => r.actorId).sort()).toEqual(
      [
        userIds['jfl.head'],
        userIds['jfl.head'],
        userIds['jfl.head'],
        userIds['jfl.head'],
        userIds['jfl.worker'],
        userIds['jfl.worker'],
        userIds['jfl.worker'],
      ].sort(),
    );
    expect(trail.items.every((r: Row) => r.entity === 'SERVICE_OBJECT' && r.entityId === person.id)).toBe(true);
    const sqlTrail = await t.ownerQuery(`select actor_id from audit_log where action = 'READ_ID_NUMBER' and entity_id = $1`, [person.id]);
    expect(sqlTrail.map((r) => r.actor_id).sort()).toEqual(trail.items.map((r: Row) => r.actorId).sort());
    for (const user of ['lixia.supervisor', 'lixia.officer', 'city.admin'] as const) {
      expect(await audits('READ_ID_NUMBER', person.id, userIds[user])).toBe(0);
    }
  });

  it('narratives: bureaus see a case’s metadata and never what it says; the station and its supervisor read it, once audited per case per request', async () => {
    const meta = {
      id: full.caseId,
      caseNumber: full.caseNumber,
      stage: 'CLOSED',
      openedOn: today,
      stationId: jflStation,
      serviceObjectId: full.personId,
      workerId: userIds['jfl.worker'],
      worker: { id: userIds['jfl.worker'], displayName: '解放路街道驻站社工' },
    };
    // null → INTAKE → ASSESSMENT → PLAN → INTERVENTION → EVALUATION → CLOSED → (reopened) INTERVENTION → EVALUATION → CLOSED
    const reasons = [null, null, null, null, null, null, TEXT.reopen, null, null];
    const withText = {
      ...meta,
      presentingProblem: TEXT.problem,
      assessment: { needs: [{ description: TEXT.need }] },
      planSummary: TEXT.plan,
      evaluation: { summary: TEXT.evaluation },
      closureSummary: TEXT.closure,
      goals: [{ id: full.goalId }],
      notes: [{ narrative: TEXT.note }],
      comments: [{ body: TEXT.comment }],
      history: reasons.map((reason) => ({ reason })),
    };
    const withoutText = {
      ...meta,
      // Above the station even the worker's name is masked.
      worker: { id: userIds['jfl.worker'], displayName: maskName('解放路街道驻站社工') },
      presentingProblem: null,
      assessment: null,
      planSummary: null,
      evaluation: null,
      closureSummary: null,
      goals: null,
      notes: null,
      comments: null,
      history: reasons.map(() => ({ reason: null })),
    };
    const narrativeReads = (user: User) => audits('READ_NARRATIVE', full.caseId, userIds[user]);

    for (const user of ['lixia.officer', 'city.admin'] as const) {
      const one = await t.gql(CASE_Q, { id: full.caseId }, tokens[user]);
      expect(one.errors).toBeUndefined();
      expect(one.data!.caseFile).toEqual(withoutText);
      const list = await t.gql(CASES, { filter: { serviceObjectId: full.personId } }, tokens[user]);
      expect(list.errors).toBeUndefined();
      expect(list.data!.caseFiles).toEqual({ total: 1, items: [withoutText] });
      // Not one of the texts anywhere in what they got.
      for (const text of Object.values(TEXT)) {
        expect(JSON.stringify(one)).not.toContain(text);
        expect(JSON.stringify(list)).not.toContain(text);
      }
      expect(await narrativeReads(user)).toBe(0);
    }

    for (const user of ['jfl.head', 'jfl.worker', 'lixia.supervisor'] as const) {
      const before = await narrativeReads(user);
      expect((await t.ok(CASE_Q, { id: full.caseId }, tokens[user])).caseFile).toEqual(withText);
      expect(await narrativeReads(user)).toBe(before + 1);
      expect((await t.ok(CASES, { filter: { serviceObjectId: full.personId } }, tokens[user])).caseFiles).toEqual({ total: 1, items: [withText] });
      expect(await narrativeReads(user)).toBe(before + 2);
      // The same case read twice in one request (aliases, and the list beside the case): one record for that request.
      const aliased = await t.ok(
        `query($id: ID!, $person: ID!) {
           a: caseFile(id: $id) { presentingProblem notes { narrative } }
           b: caseFile(id: $id) { planSummary comments { body } evaluation { summary } }
           caseFiles(filter: { serviceObjectId: $person }) { items { closureSummary assessment { needs { description } } } }
         }`,
        { id: full.caseId, person: full.personId },
        tokens[user],
      );
      expect(aliased.a).toEqual({ presentingProblem: TEXT.problem, notes: [{ narrative: TEXT.note }] });
      expect(aliased.b).toEqual({ planSummary: TEXT.plan, comments: [{ body: TEXT.comment }], evaluation: { summary: TEXT.evaluation } });
      expect(aliased.caseFiles.items).toEqual([{ closureSummary: TEXT.closure, assessment: { needs: [{ description: TEXT.need }] } }]);
      expect(await narrativeReads(user)).toBe(before + 3);
      // Metadata alone is not a narrative read.
      expect((await t.ok(CASE_META_Q, { id: full.caseId }, tokens[user])).caseFile).toEqual(meta);
      expect(await narrativeReads(user)).toBe(before + 3);
    }

    // The records are the station's: its head reads them, with the right entity and reader.
    const trail = await everything(AUDIT, 'auditLog', { filter: { entityId: full.caseId, action: 'READ_NARRATIVE' } }, tokens['jfl.head']);
    const sql = await t.ownerQuery(
      `select id, actor_id, entity, org_path::text as org_path from audit_log where action = 'READ_NARRATIVE' and entity_id = $1`,
      [full.caseId],
    );
    expect(trail.map((r) => r.id).sort()).toEqual(sql.map((r) => r.id).sort());
    expect(sql.every((r) => r.entity === 'CASE_FILE' && r.org_path === jflPath)).toBe(true);
    expect(new Set(sql.map((r) => r.actor_id))).toEqual(new Set([userIds['jfl.head'], userIds['jfl.worker'], userIds['lixia.supervisor']]));
  });

  it('a supervisor reads the cases of its stations only and changes nothing', async () => {
    const supervisor = tokens['lixia.supervisor'];
    // Its stations' cases, with what they say.
    const read = (await t.ok(CASE_Q, { id: open.caseId }, supervisor)).caseFile;
    expect(read).toMatchObject({ id: open.caseId, stage: 'INTAKE', presentingProblem: '需要帮助', workerId: userIds['jfl.worker'] });
    const listed = await everything(CASE_IDS, 'caseFiles', {}, supervisor);
    expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining([open.caseId, full.caseId]));
    expect(listed.filter((c) => c.stationId !== jflStation && c.stationId !== qfsStation)).toEqual([]);

    // 趵突泉 (370102003), in the same district but not assigned to it: a worker there opens a case the supervisor cannot find.
    const btq = await newUser(tokens['city.admin'], 'btq.worker', btqNode, 'SOCIAL_WORKER');
    const btqPerson = await register(btq.token, btqStation, { name: '钱淑华' });
    const btqCase = await openCase(btq.token, btqPerson.id, { presentingProblem: '趵突泉的个案' });
    expectCode(await t.gql(CASE_Q, { id: btqCase.id }, supervisor), 'NOT_FOUND');
    expectCode(await t.gql(CASE_META_Q, { id: btqCase.id }, supervisor), 'NOT_FOUND');
    expectCode(await t.gql(PERSON_Q, { id: btqPerson.id }, supervisor), 'NOT_FOUND');
    expectCode(await t.gql(CASE_IDS, { filter: { rootId: btqNode } }, supervisor), 'NOT_FOUND');
    expect((await everything(CASE_IDS, 'caseFiles', {}, supervisor)).map((c) => c.id)).not.toContain(btqCase.id);
    expect((await everything(PEOPLE, 'serviceObjects', {}, supervisor)).map((p) => p.id)).not.toContain(btqPerson.id);
    expectCode(await t.gql(COMMENT, { caseId: btqCase.id, input: { body: '越界督导' } }, supervisor), 'NOT_FOUND');
    // …while its own district officer does see the metadata.
    expect((await t.ok(CASE_META_Q, { id: btqCase.id }, tokens['lixia.officer'])).caseFile.stationId).toBe(btqStation);

    // Every change to case files and people is beyond its role: FORBIDDEN, nothing written.
    const before = await counts();
    const caseBefore = await caseRow(open.caseId);
    const [personBefore] = await t.ownerQuery(`select name, updated_at from service_object where id = $1`, [open.personId]);
    const attempts: [string, string, Row][] = [
      ['recordAssessment', ASSESS, { caseId: open.caseId, input: { needs: [{ domain: 'HEALTH', description: '督导代写' }], riskLevel: 'LOW' } }],
      ['addCaseNote', NOTE, { caseId: open.caseId, input: { noteDate: today, kind: 'PHONE', durationMinutes: 10, narrative: '督导代写' } }],
      ['advanceCase', ADVANCE, { caseId: open.caseId, toStage: 'ASSESSMENT' }],
      ['recordPlan', PLAN, { caseId: open.caseId, summary: '督导代写' }],
      ['reopenCase', REOPEN, { caseId: full.caseId, input: { toStage: 'EVALUATION', reason: '督导代写' } }],
      ['requestCaseClosure', REQUEST_CLOSURE, { caseId: open.caseId, input: { reason: 'OTHER', summary: '督导代写' } }],
      ['decideCaseClosure', DECIDE_CLOSURE, { caseId: open.caseId, input: { approve: true } }],
      ['openCase', OPEN, { input: { serviceObjectId: open.personId, intakeSource: 'REFERRAL', presentingProblem: '督导代开' } }],
      [
        'openCase for a worker',
        OPEN,
        { input: { serviceObjectId: open.personId, workerId: userIds['jfl.worker'], intakeSource: 'REFERRAL', presentingProblem: '督导代开' } },
      ],
      ['registerServiceObject', REGISTER, { input: personInput(jflStation, { name: '督导登记' }) }],
      ['updateServiceObject', UPDATE_PERSON, { id: open.personId, input: { name: '督导改名', gender: 'FEMALE', idNumber: identityNumber() } }],
      ['transferCase', TRANSFER, { caseId: open.caseId, toWorkerId: userIds['jfl.head'] }],
      ['transferWorkerCases', TRANSFER_ALL, { stationId: jflStation, from: userIds['jfl.worker'], to: userIds['jfl.head'] }],
    ];
    for (const [label, query, variables] of attempts) {
      const res = await t.gql(query, variables, supervisor);
      try {
        expectCode(res, 'FORBIDDEN');
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}\n${JSON.stringify(res)}`);
      }
    }
    expect(await counts()).toEqual(before);
    expect(await caseRow(open.caseId)).toEqual(caseBefore);
    expect((await caseRow(full.caseId)).stage).toBe('CLOSED');
    expect((await t.ownerQuery(`select name, updated_at from service_object where id = $1`, [open.personId]))[0]).toEqual(personBefore);
  });

  it('walls between districts and tenants: 市中区 and another city find nothing of 历下区, in the API and in raw SQL; a station head’s audit trail is its own', async () => {
    const officer = tokens['shizhong.officer'];
    // The sibling district: NOT_FOUND for the case and the person, and never in its lists.
    expectCode(await t.gql(CASE_META_Q, { id: full.caseId }, officer), 'NOT_FOUND');
    expectCode(await t.gql(CASE_Q, { id: open.caseId }, officer), 'NOT_FOUND');
    expectCode(await t.gql(PERSON_Q, { id: full.personId }, officer), 'NOT_FOUND');
    expectCode(await t.gql(CASE_IDS, { filter: { rootId: lixiaNode } }, officer), 'NOT_FOUND');
    expectCode(await t.gql(PEOPLE, { filter: { rootId: lixiaNode } }, officer), 'NOT_FOUND');
    const lixiaCases = (await t.ownerQuery(`select c.id from case_file c join org_unit o on o.id = $1 where c.org_path <@ o.path`, [lixiaNode])).map(
      (r) => r.id,
    );
    const lixiaPeople = (await t.ownerQuery(`select s.id from service_object s join org_unit o on o.id = $1 where s.org_path <@ o.path`, [lixiaNode])).map(
      (r) => r.id,
    );
    expect(lixiaCases).toEqual(expect.arrayContaining([full.caseId, open.caseId]));
    const shizhongCases = (await everything(CASE_IDS, 'caseFiles', {}, officer)).map((c) => c.id);
    const shizhongPeople = (await everything(PEOPLE, 'serviceObjects', {}, officer)).map((p) => p.id);
    expect(shizhongCases.filter((id) => lixiaCases.includes(id))).toEqual([]);
    expect(shizhongPeople.filter((id) => lixiaPeople.includes(id))).toEqual([]);
    // Positive control: 历下区's own officer sees all of them.
    expect((await everything(CASE_IDS, 'caseFiles', { filter: { rootId: lixiaNode } }, tokens['lixia.officer'])).map((c) => c.id).sort()).toEqual(
      [...lixiaCases].sort(),
    );

    // Another city: its admin and its worker find nothing of Jinan, and change nothing.
    const qd = await qingdao();
    const before = await counts();
    const fromQingdao: [string, string, Row, string[]][] = [
      ['caseFile', CASE_Q, { id: full.caseId }, [qd.adminToken, qd.workerToken]],
      ['serviceObject', PERSON_Q, { id: full.personId }, [qd.adminToken, qd.workerToken]],
      ['caseFiles under 历下区', CASE_IDS, { filter: { rootId: lixiaNode } }, [qd.adminToken, qd.workerToken]],
      ['serviceObjects under 历下区', PEOPLE, { filter: { rootId: lixiaNode } }, [qd.adminToken, qd.workerToken]],
      ['recordAssessment', ASSESS, { caseId: open.caseId, input: { needs: [], riskLevel: 'LOW' } }, [qd.workerToken]],
      ['addCaseNote', NOTE, { caseId: open.caseId, input: { noteDate: today, kind: 'PHONE', durationMinutes: 5, narrative: '跨城' } }, [qd.workerToken]],
      ['openCase', OPEN, { input: { serviceObjectId: open.personId, intakeSource: 'OTHER', presentingProblem: '跨城' } }, [qd.workerToken]],
      [
        'updateServiceObject',
        UPDATE_PERSON,
        { id: open.personId, input: { name: '跨城', gender: 'MALE', idNumber: identityNumber(undefined, undefined, 'MALE') } },
        [qd.workerToken],
      ],
      ['registerServiceObject at a Jinan station', REGISTER, { input: personInput(jflStation) }, [qd.workerToken]],
    ];
    for (const [label, query, variables, who] of fromQingdao) {
      for (const token of who) {
        const res = await t.gql(query, variables, token);
        try {
          expectCode(res, 'NOT_FOUND');
        } catch (e) {
          throw new Error(`${label} (${token === qd.adminToken ? 'admin' : 'worker'}): ${(e as Error).message}\n${JSON.stringify(res)}`);
        }
      }
    }
    expect(await counts()).toEqual(before);
    // Its own lists hold only its own (the person registered there in the one-file test, if any).
    const qdCases = await everything(CASE_IDS, 'caseFiles', {}, qd.adminToken);
    expect(qdCases.filter((c) => lixiaCases.includes(c.id))).toEqual([]);
    const qdPeople = await everything(PEOPLE, 'serviceObjects', {}, qd.adminToken);
    expect(qdPeople.filter((p) => lixiaPeople.includes(p.id))).toEqual([]);
    const [{ n: qdOwn }] = await t.ownerQuery(`select count(*)::int as n from service_object where tenant_id = $1`, [qd.tenantId]);
    expect(qdPeople).toHaveLength(qdOwn);

    // Raw SQL as the application role: under the other tenant's settings, even with every Jinan path in scope, no row.
    const jinanPaths = (await t.ownerQuery(`select path::text as path from org_unit where tenant_id = $1`, [jinanId])).map((r) => r.path as string);
    expect(jinanPaths.length).toBeGreaterThan(150);
    const [{ path: jinanRoot }] = await t.ownerQuery(`select path::text as path from org_unit where tenant_id = $1 and level = 1`, [jinanId]);
    for (const table of CASE_TABLES) {
      expect(await t.appQuery({ tenantId: qd.tenantId, scope: jinanPaths }, `select * from ${table}`)).toEqual([]);
      expect(await t.appQuery(null, `select * from ${table}`)).toEqual([]);
      // Positive control: Jinan's own settings see its rows.
      const seen = await t.appQuery<{ tenant_id: string }>({ tenantId: jinanId, scope: [jinanRoot] }, `select tenant_id from ${table}`);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((r) => r.tenant_id === jinanId)).toBe(true);
    }
    // The one-file lookup across stations stays inside the tenant of the settings.
    const [{ id_number: jinanNumber }] = await t.ownerQuery(`select id_number from service_object where id = $1`, [full.personId]);
    expect(await t.appQuery({ tenantId: qd.tenantId, scope: [qd.rootPath] }, `select * from service_object_by_id_number($1)`, [jinanNumber])).toEqual([]);
    expect(await t.appQuery({ tenantId: jinanId, scope: [] }, `select id from service_object_by_id_number($1)`, [jinanNumber])).toEqual([
      { id: full.personId },
    ]);

    // A station head's audit trail is its station's: 千佛山's activity is recorded, but not in 解放路's trail.
    const qfsPerson = await register(tokens['qfs.worker'], qfsStation, { name: '吴秀兰' });
    const qfsCase = await openCase(tokens['qfs.worker'], qfsPerson.id, { presentingProblem: '千佛山的个案' });
    await t.ok(CASE_Q, { id: qfsCase.id }, tokens['qfs.worker']);
    const qfsRecords = await t.ownerQuery(`select action, org_path::text as org_path from audit_log where entity_id = any($1::uuid[])`, [
      [qfsPerson.id, qfsCase.id],
    ]);
    expect(qfsRecords.map((r) => r.action).sort()).toEqual(['CREATE', 'CREATE', 'READ_NARRATIVE']);
    const headTrail = await everything(AUDIT, 'auditLog', {}, tokens['jfl.head']);
    const headIds = headTrail.map((r) => r.entityId);
    expect(headIds).not.toContain(qfsPerson.id);
    expect(headIds).not.toContain(qfsCase.id);
    expect(headIds).toContain(full.caseId);
    const [{ n: jflRecords }] = await t.ownerQuery(`select count(*)::int as n from audit_log where org_path <@ $1::ltree`, [jflPath]);
    expect(headTrail).toHaveLength(jflRecords);
    expectCode(await t.gql(AUDIT, { filter: { rootId: qfsNode } }, tokens['jfl.head']), 'NOT_FOUND');
    expect((await t.ok(AUDIT, { filter: { entityId: qfsCase.id } }, tokens['jfl.head'])).auditLog).toEqual({ total: 0, items: [] });
    // Nobody but station heads reads the trail.
    for (const user of ['jfl.worker', 'lixia.supervisor', 'lixia.officer', 'city.admin'] as const) {
      expectCode(await t.gql(AUDIT, {}, tokens[user]), 'FORBIDDEN');
    }
  });

  it('a worker who is not responsible reads the station’s cases but changes only their own; only the head assigns a case to someone else', async () => {
    const head = tokens['jfl.head'];
    const other = await newUser(head, 'jfl.worker2', jflNode, 'SOCIAL_WORKER');

    // Reads the station's case, what it says included — but not the supervision of someone else's case, and the number masked.
    const [{ id_number: number }] = await t.ownerQuery(`select id_number from service_object where id = $1`, [full.personId]);
    const seen = (
      await t.ok(
        `query($id: ID!) { caseFile(id: $id) { presentingProblem notes { narrative } comments { body } serviceObject { idNumber } } }`,
        { id: full.caseId },
        other.token,
      )
    ).caseFile;
    expect(seen).toEqual({ presentingProblem: TEXT.problem, notes: [{ narrative: TEXT.note }], comments: [], serviceObject: { idNumber: masked(number) } });
    expect(await audits('READ_NARRATIVE', full.caseId, other.id)).toBe(1);
    expect((await everything(CASE_IDS, 'caseFiles', {}, other.token)).map((c) => c.id)).toEqual(expect.arrayContaining([full.caseId, open.caseId]));

    // Changing jfl.worker's case: FORBIDDEN, nothing written.
    const before = await counts();
    const caseBefore = await caseRow(open.caseId);
    const attempts: [string, string, Row][] = [
      ['advanceCase', ADVANCE, { caseId: open.caseId, toStage: 'ASSESSMENT' }],
      ['addCaseNote', NOTE, { caseId: open.caseId, input: { noteDate: today, kind: 'PHONE', durationMinutes: 10, narrative: '代写' } }],
      ['reopenCase', REOPEN, { caseId: full.caseId, input: { toStage: 'EVALUATION', reason: '代写' } }],
      ['transferCase', TRANSFER, { caseId: open.caseId, toWorkerId: other.id }],
      [
        'openCase for jfl.worker',
        OPEN,
        { input: { serviceObjectId: open.personId, workerId: userIds['jfl.worker'], intakeSource: 'WALK_IN', presentingProblem: '代开' } },
      ],
    ];
    for (const [label, query, variables] of attempts) {
      const res = await t.gql(query, variables, other.token);
      try {
        expectCode(res, 'FORBIDDEN');
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}\n${JSON.stringify(res)}`);
      }
    }
    // jfl.worker cannot hand a new case to the new colleague either.
    expectCode(
      await t.gql(
        OPEN,
        { input: { serviceObjectId: open.personId, workerId: other.id, intakeSource: 'WALK_IN', presentingProblem: '代开' } },
        tokens['jfl.worker'],
      ),
      'FORBIDDEN',
    );
    expect(await counts()).toEqual(before);
    expect(await caseRow(open.caseId)).toEqual(caseBefore);

    // Opening a second case on a colleague's client is no way to become "responsible": one person, one open case.
    const second = await t.gql(OPEN, { input: { serviceObjectId: open.personId, intakeSource: 'OUTREACH', presentingProblem: '走访发现' } }, other.token);
    expectCode(second, 'RULE_VIOLATED');
    expect(second.errors![0].extensions!.rule).toBe('case.one-open-case');
    expect((await t.ok(PERSON_Q, { id: open.personId }, other.token)).serviceObject.idNumber).toMatch(/^[0-9]{4}\*{10}[0-9]{3}[0-9X]$/);
    expect(await counts()).toEqual(before);

    // Its own case, on a person it registered, it works on.
    const own = await register(other.token, jflStation, { name: '钱桂兰' });
    const mine = await openCase(other.token, own.id, { intakeSource: 'OUTREACH', presentingProblem: '走访发现' });
    expect(mine).toMatchObject({ workerId: other.id, worker: { id: other.id, displayName: 'jfl.worker2 测试' }, stage: 'INTAKE' });
    expect((await t.ok(ADVANCE, { caseId: mine.id, toStage: 'ASSESSMENT' }, other.token)).advanceCase.stage).toBe('ASSESSMENT');
    // …and being responsible now, it sees the person's number in full; jfl.worker can't change that case.
    expect((await t.ok(PERSON_Q, { id: own.id }, other.token)).serviceObject.idNumber).toMatch(/^[0-9]{17}[0-9X]$/);
    expectCode(await t.gql(ADVANCE, { caseId: mine.id, toStage: 'PLAN' }, tokens['jfl.worker']), 'FORBIDDEN');

    // The head opens a case assigned to jfl.worker, who then works on it; someone of another station cannot be assigned.
    const person = await register(tokens['jfl.worker'], jflStation, { name: '郑秀梅' });
    const assigned = await openCase(head, person.id, { workerId: userIds['jfl.worker'], intakeSource: 'REFERRAL' });
    expect(assigned).toMatchObject({ workerId: userIds['jfl.worker'], stage: 'INTAKE', stationId: jflStation });
    const [{ created_by }] = await t.ownerQuery(`select created_by from case_file where id = $1`, [assigned.id]);
    expect(created_by).toBe(userIds['jfl.head']);
    expect((await t.ok(ADVANCE, { caseId: assigned.id, toStage: 'ASSESSMENT' }, tokens['jfl.worker'])).advanceCase.stage).toBe('ASSESSMENT');
    expectBadInput(
      await t.gql(OPEN, { input: { serviceObjectId: person.id, workerId: userIds['qfs.worker'], intakeSource: 'REFERRAL', presentingProblem: '转介' } }, head),
      'workerId',
    );
  });

  it('lists 50 cases with person, worker and comment counts in as many SQL statements as 5', async () => {
    const head = tokens['jfl.head'];
    // 50 people and their cases at 解放路, straight in SQL, shared between two workers; comments on a few.
    const numbers = Array.from({ length: 50 }, (_, i) => makeIdentityNumber('370102', '1933-03-03', String(i).padStart(3, '0')));
    await t.ownerQuery(
      `insert into service_object (tenant_id, station_id, org_path, name, gender, id_number, categories, registered_by)
       select $1, $2, $3::ltree, '批量对象' || x.n, case when x.n % 2 = 0 then 'MALE' else 'FEMALE' end, x.id_number,
              case when x.n % 3 = 0 then array['VERY_OLD', 'ELDERLY_LIVING_ALONE'] else array['EMPTY_NEST_ELDERLY'] end, $4
         from unnest($5::text[]) with ordinality as x(id_number, n)`,
      [jinanId, jflStation, jflPath, userIds['jfl.worker'], numbers],
    );
    await t.ownerQuery(
      `insert into case_file (tenant_id, service_object_id, station_id, org_path, worker_id, case_number, intake_source, presenting_problem, opened_on, created_by)
       select s.tenant_id, s.id, s.station_id, s.org_path, case when s.n % 2 = 0 then $2::uuid else $3::uuid end,
              'B2020-' || lpad(s.n::text, 6, '0'), 'OUTREACH', '批量个案', date '2020-01-01' + s.n::int, $2::uuid
         from (select s.*, row_number() over (order by s.id_number) as n from service_object s where s.id_number = any($1::text[])) s`,
      [numbers, userIds['jfl.worker'], userIds['jfl.head']],
    );
    await t.ownerQuery(
      `insert into supervision_comment (tenant_id, case_id, org_path, author_id, body, resolved_at)
       select c.tenant_id, c.id, c.org_path, $1, '批量督导意见', case when g = 2 then now() end
         from case_file c cross join generate_series(1, 2) g
        where c.case_number in ('B2020-000050', 'B2020-000049', 'B2020-000047', 'B2020-000030')`,
      [userIds['lixia.supervisor']],
    );
    await t.ownerQuery(
      `insert into supervision_comment (tenant_id, case_id, org_path, author_id, body, parent_id)
       select m.tenant_id, m.case_id, m.org_path, $1, '回复', m.id from supervision_comment m
         join case_file c on c.id = m.case_id where c.case_number = 'B2020-000049' and m.resolved_at is null`,
      [userIds['jfl.worker']],
    );

    const query = `query($limit: Int!) { caseFiles(page: { limit: $limit }) {
      total items { caseNumber stage serviceObject { name categories } worker { displayName } commentCount openCommentCount } } }`;
    await t.ok(query, { limit: 5 }, head); // warm up: pool connections, caches
    /** The SQL the app sends to PostgreSQL while answering one request. */
    const statements = async (limit: number) => {
      const spy = spyOnRequestStatements();
      try {
        const data = await t.ok(query, { limit }, head);
        const sql = spy.calls.map(([q]) => (typeof q === 'string' ? q : String((q as { text?: string }).text)));
        return { sql, count: sql.length, page: data.caseFiles as { total: number; items: Row[] } };
      } finally {
        spy.mockRestore();
      }
    };
    const five = await statements(5);
    const fifty = await statements(50);
    expect(five.page.items).toHaveLength(5);
    expect(fifty.page.items).toHaveLength(50);
    expect(fifty.page.total).toBeGreaterThanOrEqual(50);
    expect(fifty.count).toBe(five.count);
    expect(fifty.count).toBeLessThanOrEqual(15);
    // People, names and comments of the whole page come in one statement each.
    expect(fifty.sql.filter((q) => /\bfrom service_object\b/.test(q) && /any\(/.test(q))).toHaveLength(1);
    expect(fifty.sql.filter((q) => /\bfrom supervision_comment\b/.test(q))).toHaveLength(1);
    expect(fifty.sql.filter((q) => /\bfrom user_account\b/.test(q) && /any\(/.test(q))).toHaveLength(1);

    // And the answers are right, item by item, against SQL.
    const expected = await t.ownerQuery(
      `select c.case_number, c.stage, s.name, s.categories, u.display_name,
              (select count(*)::int from supervision_comment m where m.case_id = c.id) as comments,
              (select count(*)::int from supervision_comment m where m.case_id = c.id and m.parent_id is null and m.resolved_at is null) as open
         from case_file c join service_object s on s.id = c.service_object_id join user_account u on u.id = c.worker_id
        where c.org_path <@ $1::ltree order by c.opened_on desc, c.case_number desc limit 50`,
      [jflPath],
    );
    expect(fifty.page.items).toEqual(
      expected.map((r) => ({
        caseNumber: r.case_number,
        stage: r.stage,
        serviceObject: { name: r.name, categories: r.categories },
        worker: { displayName: r.display_name },
        commentCount: r.comments,
        openCommentCount: r.open,
      })),
    );
    const byNumber = new Map(fifty.page.items.map((i) => [i.caseNumber, i]));
    expect(byNumber.get('B2020-000049')).toMatchObject({ commentCount: 3, openCommentCount: 1 });
    expect(byNumber.get('B2020-000030')).toMatchObject({ commentCount: 2, openCommentCount: 1, worker: { displayName: '解放路街道驻站社工' } });
    expect(byNumber.get('B2020-000031')).toMatchObject({ commentCount: 0, openCommentCount: 0, worker: { displayName: '解放路街道社工站站长' } });
    expect(fifty.page.items.filter((i) => i.serviceObject === null)).toEqual([]);
  });
});
