import { makeIdentityNumber, maskName } from '../libs/platform/personal-data/identity-number';
import { errorCode, expectRule, Row, TestApp } from './support/test-app';

/** The side doors by which narrative, names and identity numbers escaped their rules, each reproduced over HTTP. */
describe('personal data: the side doors are shut', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  let station: string;
  let jfl: string;
  let today: string;
  let seq = 0;

  const ok = (query: string, variables: Row, token: string) => t.ok(query, variables, token);
  const register = async (token: string, name: string) =>
    (
      await ok(
        `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { id } }`,
        { input: { stationId: station, name, gender: 'MALE', idNumber: makeIdentityNumber('370102', '1940-01-01', String(101 + 2 * seq++).padStart(3, '0')) } },
        token,
      )
    ).registerServiceObject.id as string;
  const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id workerId } }`;
  const openCase = (token: string, serviceObjectId: string, workerId?: string) =>
    t.gql(OPEN, { input: { serviceObjectId, intakeSource: 'WALK_IN', presentingProblem: '求助', ...(workerId ? { workerId } : {}) } }, token);
  const openCases = async (personId: string) =>
    (await t.ownerQuery(`select count(*)::int as n from case_file where service_object_id = $1 and stage <> 'CLOSED'`, [personId]))[0].n as number;

  beforeAll(async () => {
    t = await TestApp.start();
    Object.assign(tokens, await t.loginAll(['jfl.head', 'jfl.worker', 'lixia.officer', 'city.admin', 'lixia.supervisor']));
    for (const r of await t.ownerQuery(`select username, id from user_account`)) userIds[r.username] = r.id;
    station = await t.stationId('370102001');
    jfl = await t.nodeId('370102001');
    today = (await t.ownerQuery(`select (now() at time zone 'Asia/Shanghai')::date::text as d`))[0].d;
    const password = 'Colleague@2026';
    const made = await ok(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { username: 'jfl.colleague', displayName: '同事社工', password, orgUnitId: jfl, role: 'SOCIAL_WORKER' } },
      tokens['jfl.head'],
    );
    userIds['jfl.colleague'] = made.createUser.id;
    tokens['jfl.colleague'] = await t.login('jfl.colleague', password);
  });
  afterAll(() => t?.close());

  it('narrative outside the case file: visit findings (active and voided) and session records are null above the station, and each read at the station is audited', async () => {
    const worker = tokens['jfl.worker'];
    const person = await register(worker, '探访对象');
    const VISIT = `mutation($i: HomeVisitInput!) { recordHomeVisit(input: $i) { id findings } }`;
    const kept = await ok(VISIT, { i: { serviceObjectId: person, visitDate: today, kind: 'HOME', findings: '家中无人照料' } }, worker);
    const gone = await ok(VISIT, { i: { serviceObjectId: person, visitDate: today, kind: 'PHONE', findings: '电话未接通' } }, worker);
    // The writer's own answer carries what it wrote.
    expect(kept.recordHomeVisit.findings).toBe('家中无人照料');
    await ok(`mutation($id: ID!) { voidHomeVisit(id: $id, input: { reason: "录重复了" }) { id } }`, { id: gone.recordHomeVisit.id }, worker);
    const group = (
      await ok(
        `mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }`,
        { i: { stationId: station, name: '睦邻小组', goal: '互助', plannedSessions: 2, startDate: '2025-01-01', endDate: today } },
        worker,
      )
    ).createGroup.id;
    await ok(
      `mutation($g: ID!, $i: GroupSessionInput!) { recordGroupSession(groupId: $g, input: $i) { id } }`,
      { g: group, i: { sessionDate: today, durationMinutes: 60, topic: '相识', record: '组员王某情绪低落', attendeeIds: [] } },
      worker,
    );

    const VISITS = `query($f: VisitFilter) { homeVisits(filter: $f, page: { limit: 100 }) { items { id findings voidReason } } }`;
    const GROUP = `query($id: ID!) { group(id: $id) { name sessions { topic record } } }`;
    const filter = { serviceObjectId: person, includeVoided: true };
    for (const bureau of ['lixia.officer', 'city.admin']) {
      const visits = (await ok(VISITS, { f: filter }, tokens[bureau])).homeVisits.items as Row[];
      expect(visits).toHaveLength(2);
      expect(visits.every((v) => v.findings === null && v.voidReason === null)).toBe(true);
      const g = (await ok(GROUP, { id: group }, tokens[bureau])).group;
      expect(g).toEqual({ name: '睦邻小组', sessions: [{ topic: '相识', record: null }] });
    }
    const narrativeReads = async (user: string) =>
      (await t.ownerQuery(`select entity, entity_id from audit_log where actor_id = $1 and action = 'READ_NARRATIVE' order by entity`, [
        userIds[user],
      ])) as Row[];
    expect(await narrativeReads('lixia.officer')).toEqual([]);
    expect(await narrativeReads('city.admin')).toEqual([]);

    // At the station the text is there, and reading it leaves a record per visit and session.
    const head = tokens['jfl.head'];
    const seen = (await ok(VISITS, { f: filter }, head)).homeVisits.items as Row[];
    expect(seen.map((v) => v.findings).sort()).toEqual(['家中无人照料', '电话未接通'].sort());
    expect(seen.find((v) => v.id === gone.recordHomeVisit.id)!.voidReason).toBe('录重复了');
    expect((await ok(GROUP, { id: group }, head)).group.sessions[0].record).toBe('组员王某情绪低落');
    const reads = await narrativeReads('jfl.head');
    expect(
      reads
        .filter((r) => r.entity === 'HOME_VISIT')
        .map((r) => r.entity_id)
        .sort(),
    ).toEqual([kept.recordHomeVisit.id, gone.recordHomeVisit.id].sort());
    expect(reads.filter((r) => r.entity === 'GROUP_SESSION')).toHaveLength(1);
    // A supervisor has no business with visits.
    expect(errorCode(await t.gql(VISITS, { f: filter }, tokens['lixia.supervisor']))).toBe('FORBIDDEN');
  });

  it('names by another path: a bureau reads a participant as it reads the person, masked (张**), and never their photos or the summary', async () => {
    const worker = tokens['jfl.worker'];
    const person = await register(worker, '张建国');
    const activity = (
      await ok(
        `mutation($i: RecordCommunityActivityInput!) { recordCommunityActivity(input: $i) { id } }`,
        {
          i: {
            stationId: station,
            nodeId: jfl,
            title: '重阳节敬老',
            activityDate: today,
            participantCount: 2,
            photos: ['a.jpg'],
            summary: '张建国老人行动不便',
            participants: [{ name: '张建国', serviceObjectId: person }, { name: '李秀兰' }],
            volunteers: [{ name: '赵志愿', hours: 2 }],
          },
        },
        worker,
      )
    ).recordCommunityActivity.id;
    const Q = `query($id: ID!, $p: ID!) { communityActivity(id: $id) { title photos summary participants { name serviceObjectId } volunteers { name hours } } serviceObject(id: $p) { name } }`;
    for (const bureau of ['lixia.officer', 'city.admin']) {
      const data = await ok(Q, { id: activity, p: person }, tokens[bureau]);
      expect(data.serviceObject.name).toBe('张**');
      expect(data.communityActivity).toEqual({
        title: '重阳节敬老',
        photos: [],
        summary: null,
        participants: [
          { name: data.serviceObject.name, serviceObjectId: person },
          { name: maskName('李秀兰'), serviceObjectId: null },
        ],
        volunteers: [{ name: maskName('赵志愿'), hours: 2 }],
      });
    }
    const atStation = await ok(Q, { id: activity, p: person }, tokens['jfl.head']);
    expect(atStation.communityActivity.participants.map((p: Row) => p.name)).toEqual(['张建国', '李秀兰']);
    expect(atStation.communityActivity.summary).toBe('张建国老人行动不便');
  });

  it('the full identity number through a side door: one open case per person, and a colleague’s client only through the station head', async () => {
    const worker = tokens['jfl.worker'];
    const colleague = tokens['jfl.colleague'];
    const head = tokens['jfl.head'];
    const PERSON = `query($id: ID!) { serviceObject(id: $id) { idNumber } }`;
    const person = await register(worker, '王桂芝');
    expect((await ok(OPEN, { input: { serviceObjectId: person, intakeSource: 'WALK_IN', presentingProblem: '求助' } }, worker)).openCase.workerId).toBe(
      userIds['jfl.worker'],
    );
    const masked = (await ok(PERSON, { id: person }, colleague)).serviceObject.idNumber as string;
    expect(masked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);

    // The colleague cannot open a second case to become responsible; nor can the head: one person, one open case.
    for (const token of [colleague, head]) {
      expectRule(await openCase(token, person), 'case.one-open-case');
      expectRule(await openCase(token, person, userIds['jfl.colleague']), 'case.one-open-case');
    }
    expect(await openCases(person)).toBe(1);
    expect((await ok(PERSON, { id: person }, colleague)).serviceObject.idNumber).toBe(masked);

    // A person whose file the worker holds (registered by them, or their last case) is not the colleague's to open.
    const held = await register(worker, '刘淑珍');
    expectRule(await openCase(colleague, held), 'case.file-held');
    expect(await openCases(held)).toBe(0);
    // The head assigns it to the colleague: now the colleague is responsible and sees the number.
    const assigned = await openCase(head, held, userIds['jfl.colleague']);
    expect(assigned.errors).toBeUndefined();
    expect((await ok(PERSON, { id: held }, colleague)).serviceObject.idNumber).toMatch(/^\d{17}[\dX]$/);

    // Two opens racing on one person: exactly one case.
    const racing = await register(head, '陈秀英');
    const results = await Promise.all([openCase(head, racing, userIds['jfl.worker']), openCase(head, racing, userIds['jfl.colleague'])]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    const refused = results.find((r) => r.errors)!;
    expectRule(refused, 'case.one-open-case');
    expect(await openCases(racing)).toBe(1);
  });

  it('a worker corrects or voids only the records they wrote; the station head any record of the station', async () => {
    const worker = tokens['jfl.worker'];
    const colleague = tokens['jfl.colleague'];
    const head = tokens['jfl.head'];
    const person = await register(worker, '孙玉兰');
    const visit = (
      await ok(
        `mutation($i: HomeVisitInput!) { recordHomeVisit(input: $i) { id } }`,
        { i: { serviceObjectId: person, visitDate: today, kind: 'HOME' } },
        worker,
      )
    ).recordHomeVisit.id;
    const group = (
      await ok(
        `mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }`,
        { i: { stationId: station, name: '读书会', goal: '阅读', plannedSessions: 3, startDate: '2025-01-01', endDate: today } },
        worker,
      )
    ).createGroup.id;
    const session = (
      await ok(
        `mutation($g: ID!, $i: GroupSessionInput!) { recordGroupSession(groupId: $g, input: $i) { id } }`,
        { g: group, i: { sessionDate: today, durationMinutes: 60, topic: '第一节', attendeeIds: [] } },
        worker,
      )
    ).recordGroupSession.id;
    const activityInput = { nodeId: jfl, title: '义诊', activityDate: today, participantCount: 3 };
    const activity = (
      await ok(
        `mutation($i: RecordCommunityActivityInput!) { recordCommunityActivity(input: $i) { id } }`,
        { i: { ...activityInput, stationId: station } },
        worker,
      )
    ).recordCommunityActivity.id;
    const linkage = (
      await ok(
        `mutation($i: LinkageInput!) { recordLinkage(input: $i) { id } }`,
        { i: { stationId: station, nodeId: jfl, title: '爱心联动', linkageDate: today, contributions: [{ party: 'COMMUNITY', people: 1 }] } },
        worker,
      )
    ).recordLinkage.id;

    const attempts: [string, string, Row][] = [
      ['voidHomeVisit', `mutation($id: ID!) { voidHomeVisit(id: $id, input: { reason: "x" }) { id } }`, { id: visit }],
      ['voidGroup', `mutation($id: ID!) { voidGroup(id: $id, input: { reason: "x" }) { id } }`, { id: group }],
      ['setGroupStage', `mutation($id: ID!) { setGroupStage(id: $id, stage: FORMATION) { id } }`, { id: group }],
      [
        'recordGroupSession',
        `mutation($g: ID!) { recordGroupSession(groupId: $g, input: { sessionDate: "${today}", durationMinutes: 30, topic: "代写", attendeeIds: [] }) { id } }`,
        { g: group },
      ],
      ['voidGroupSession', `mutation($id: ID!) { voidGroupSession(sessionId: $id, input: { reason: "x" }) { id } }`, { id: session }],
      [
        'correctCommunityActivity',
        `mutation($id: ID!, $i: CommunityActivityDetailsInput!) { correctCommunityActivity(id: $id, input: $i) { id } }`,
        { id: activity, i: { ...activityInput, title: '改' } },
      ],
      ['voidCommunityActivity', `mutation($id: ID!) { voidCommunityActivity(id: $id, input: { reason: "x" }) { id } }`, { id: activity }],
      ['voidLinkage', `mutation($id: ID!) { voidLinkage(id: $id, input: { reason: "x" }) { id } }`, { id: linkage }],
    ];
    const state = () =>
      t.ownerQuery(
        `select (select voided_at from home_visit where id = $1) as v, (select voided_at::text || stage from group_work where id = $2) as g,
                (select count(*)::int from group_session where group_id = $2) as sessions, (select voided_at from group_session where id = $3) as s,
                (select title || coalesce(voided_at::text, '') from community_activity where id = $4) as a, (select voided_at from linkage where id = $5) as l`,
        [visit, group, session, activity, linkage],
      );
    const before = await state();
    for (const [label, query, variables] of attempts) {
      const res = await t.gql(query, variables, colleague);
      expect([label, errorCode(res)]).toEqual([label, 'FORBIDDEN']);
    }
    expect(await state()).toEqual(before);
    // The head may: every one of them goes through (the voids last, as a voided record is not changed again).
    const order = (label: string) => (label === 'voidGroup' ? 2 : label.startsWith('void') ? 1 : 0);
    for (const [label, query, variables] of [...attempts].sort((a, b) => order(a[0]) - order(b[0]))) {
      const res = await t.gql(query, variables, head);
      expect([label, res.errors]).toEqual([label, undefined]);
    }
  });

  it('a volunteer’s service record as CSV shows a bureau what the API shows: the name masked, no descriptions', async () => {
    const worker = tokens['jfl.worker'];
    const volunteer = (
      await ok(
        `mutation($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id } }`,
        {
          i: {
            stationId: station,
            nodeId: jfl,
            name: '周志愿',
            gender: 'FEMALE',
            idNumber: makeIdentityNumber('370102', '1991-01-01', '128'),
            registeredOn: '2025-01-01',
          },
        },
        worker,
      )
    ).registerVolunteer.id;
    await ok(
      `mutation($i: VolunteerServiceInput!) { recordVolunteerService(input: $i) { id } }`,
      { i: { volunteerId: volunteer, serviceDate: today, hours: '3', source: 'STANDALONE', description: '陪同周大爷就医' } },
      worker,
    );
    const csv = async (user: string) =>
      (await t.http.get(`/exports/volunteers/${volunteer}/services.csv`).set('authorization', `Bearer ${tokens[user]}`).expect(200)).text as string;
    const bureau = await csv('lixia.officer');
    expect(bureau).toContain(`"${maskName('周志愿')}"`);
    expect(bureau).not.toContain('周志愿');
    expect(bureau).not.toContain('陪同');
    const own = await csv('jfl.head');
    expect(own).toContain('"周志愿"');
    expect(own).toContain('陪同周大爷就医');
  });
});
