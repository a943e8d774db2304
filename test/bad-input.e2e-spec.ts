import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { CREATE_USER, DEMO_PASSWORD, errorCode, errorFields, GqlResult, Row, TestApp } from './support/test-app';

// Bad input of every kind: dates far out of range (which used to hang the whole API), control
// characters, a gender the identity number contradicts, refusals that answered the wrong code, one
// error shape everywhere, and duplicate registrations kept from becoming a look-up service.

const REGISTER_PERSON = `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { id gender } }`;
const UPDATE_PERSON = `mutation($id: ID!, $input: ServiceObjectDetailsInput!) { updateServiceObject(id: $id, input: $input) { id gender } }`;
const REGISTER_VOLUNTEER = `mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { id gender } }`;
const UPDATE_VOLUNTEER = `mutation($id: ID!, $input: VolunteerDetailsInput!) { updateVolunteer(id: $id, input: $input) { id } }`;
const ADD_STAFF = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { id gender endDate } }`;
const UPDATE_STAFF = `mutation($id: ID!, $input: StaffDetailsInput!) { updateStaffMember(id: $id, input: $input) { id } }`;
const END_STAFF = `mutation($id: ID!, $input: EndStaffMemberInput!) { endStaffMember(id: $id, input: $input) { id endDate endReason } }`;
const FILINGS = `query($filter: StaffFilingFilter) { staffFilings(filter: $filter, page: { limit: 100 }) { items { id staffId kind changeDate dueOn filedOn status } } }`;
const FILE = `mutation($id: ID!, $filedOn: Date) { fileStaffChange(id: $id, filedOn: $filedOn) { id status filedOn } }`;
const OPEN_CASE = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`;
const RECORD_PLAN = `mutation($id: ID!, $summary: String!) { recordPlan(caseId: $id, summary: $summary) { id } }`;
const RECORD_ACTIVITY = `mutation($input: RecordCommunityActivityInput!) { recordCommunityActivity(input: $input) { id } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
const GRANT = `mutation($input: GrantRoleInput!) { grantRole(input: $input) { id } }`;
const AUDIT = `query($filter: AuditFilter) { auditLog(filter: $filter, page: { limit: 100 }) { total items { action entity entityId actorId } } }`;

/** The tables bad input must leave alone. */
const TABLES = [
  'service_object',
  'case_file',
  'case_note',
  'volunteer',
  'volunteer_service',
  'community_activity',
  'staff_member',
  'staff_filing',
  'user_account',
];

/** A valid identity number whose 17th digit records the given sex (odd for a man). */
let sequence = 100;
function idNumber(gender: 'MALE' | 'FEMALE', birth = '1961-05-04'): string {
  if (sequence % 2 !== (gender === 'MALE' ? 1 : 0)) sequence++;
  if (sequence > 999) throw new Error('identity-number sequences used up');
  return makeIdentityNumber('370102', birth, String(sequence++));
}

describe('bad input', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let jflStation: string;
  let qfsStation: string;
  let jflNode: string;
  let lixia: string;

  const counts = async (): Promise<Row> => (await t.ownerQuery(`select ${TABLES.map((x) => `(select count(*)::int from ${x}) as ${x}`).join(', ')}`))[0];
  const expectBadInput = (res: GqlResult, fields: string[]) => {
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(errorFields(res)).toEqual(fields);
    expect(res.data ?? null).toBeNull();
  };
  const personInput = (change: Row = {}) => ({
    stationId: jflStation,
    name: '测试对象',
    gender: 'FEMALE',
    idNumber: idNumber('FEMALE', '1940-02-02'),
    ...change,
  });
  const volunteerInput = (change: Row = {}) => ({
    stationId: jflStation,
    nodeId: jflNode,
    name: '测试志愿者',
    gender: 'MALE',
    idNumber: idNumber('MALE', '1985-08-08'),
    registeredOn: '2025-03-01',
    ...change,
  });
  const staffInput = (change: Row = {}) => ({
    stationId: jflStation,
    name: '测试社工',
    gender: 'FEMALE',
    idNumber: idNumber('FEMALE', '2001-09-09'),
    employmentType: 'FULL_TIME',
    position: 'SOCIAL_WORKER',
    startDate: '2024-03-01',
    ...change,
  });

  beforeAll(async () => {
    // A small daily limit of duplicate hits, so the limit is reached quickly (the default is 20).
    t = await TestApp.start({ env: { DUPLICATE_REGISTRATION_DAILY_LIMIT: '3' } });
    Object.assign(tokens, await t.loginAll(['city.admin', 'lixia.officer', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.supervisor']));
    jflStation = await t.stationId('370102001');
    qfsStation = await t.stationId('370102002');
    jflNode = await t.nodeId('370102001');
    lixia = await t.nodeId('370102');
  });
  afterAll(() => t.close());

  describe('dates far out of range', () => {
    let volunteerId: string;
    beforeAll(async () => {
      volunteerId = (await t.ok(REGISTER_VOLUNTEER, { input: volunteerInput({ name: '日期志愿者' }) }, tokens['jfl.worker'])).registerVolunteer.id;
    });

    /** Every query taking a range of dates, each as a document with variables and one with the dates written inline. */
    const rangeQueries = (): [string, (from: string, to: string) => [string, Row]][] => [
      [
        'statistics',
        () => [
          `query($n: ID!, $from: Date!, $to: Date!) { statistics(nodeId: $n, from: $from, to: $to) { figures { totalServices } monthly { month } } }`,
          { n: lixia },
        ],
      ],
      [
        'stationRanking',
        () => [`query($n: ID!, $from: Date!, $to: Date!) { stationRanking(nodeId: $n, from: $from, to: $to, metric: homeVisits) { rank } }`, { n: lixia }],
      ],
      ['activityTotals', () => [`query($n: ID!, $from: Date!, $to: Date!) { activityTotals(rootId: $n, from: $from, to: $to) { homeVisits } }`, { n: lixia }]],
      [
        'organizationCounts',
        () => [`query($n: ID!, $from: Date!, $to: Date!) { organizationCounts(rootId: $n, from: $from, to: $to) { mobilized } }`, { n: lixia }],
      ],
      ['linkageTotals', () => [`query($n: ID!, $from: Date!, $to: Date!) { linkageTotals(rootId: $n, from: $from, to: $to) { linkages } }`, { n: lixia }]],
      [
        'volunteer hours and services',
        () => [
          `query($n: ID!, $from: Date, $to: Date) { volunteer(id: $n) { hours(from: $from, to: $to) services(from: $from, to: $to) { id } } }`,
          { n: volunteerId },
        ],
      ],
    ];
    /** The same document with `$from` and `$to` written in as literals. */
    const inline = (query: string, from: string, to: string) =>
      query
        .replace(/, \$from: Date!?, \$to: Date!?/, '')
        .replace(/\$from/g, JSON.stringify(from))
        .replace(/\$to/g, JSON.stringify(to));
    const tokenFor = (name: string) => (name === 'volunteer hours and services' ? tokens['jfl.worker'] : tokens['lixia.officer']);

    /** Runs a request beside a /health check: both must answer, and quickly. */
    async function quickly<T>(work: () => Promise<T>): Promise<T> {
      const started = Date.now();
      const [result, health] = await Promise.all([work(), t.http.get('/health')]);
      expect(health.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);
      return result;
    }

    const OUT_OF_RANGE: [string, string][] = [
      ['9999-12-01', '9999-12-31'],
      ['2101-01-01', '2101-01-31'],
      ['1899-12-01', '1899-12-31'],
      ['0099-01-01', '0099-12-31'],
      ['0001-01-01', '0001-01-31'],
      ['2020-01-01', '9999-12-31'],
    ];

    it('answers a quick BAD_USER_INPUT naming the years allowed, from every query that takes dates, inline or as variables, and /health keeps answering', async () => {
      for (const [from, to] of OUT_OF_RANGE) {
        for (const [name, build] of rangeQueries()) {
          const [query, variables] = build(from, to);
          for (const [how, res] of [
            ['variables', await quickly(() => t.gql(query, { ...variables, from, to }, tokenFor(name)))],
            ['inline', await quickly(() => t.gql(inline(query, from, to), variables, tokenFor(name)))],
          ] as const) {
            try {
              expect(errorCode(res)).toBe('BAD_USER_INPUT');
              expect(res.errors![0].message).toContain('the year must be from 1900 to 2100');
            } catch (e) {
              throw new Error(`${name} ${from}…${to} (${how}): ${(e as Error).message}\n${JSON.stringify(res)}`);
            }
          }
        }
      }
      // Single dates too, wherever one is taken.
      for (const day of ['9999-12-31', '0099-06-01', '2101-01-01']) {
        for (const [query, variables, token] of [
          [`query($on: Date) { staffingPolicy(on: $on) { minStaff } }`, {}, tokens['lixia.officer']],
          [`query($s: ID!, $on: Date) { stationStaffingCompliance(stationId: $s, on: $on) { complies } }`, { s: jflStation }, tokens['lixia.officer']],
          [`query($n: ID!, $on: Date) { staffingCompliance(rootId: $n, on: $on) { stations } }`, { n: lixia }, tokens['lixia.officer']],
          [`query($on: Date) { staffFilings(filter: { asOf: $on }) { total } }`, {}, tokens['jfl.head']],
        ] as [string, Row, string][]) {
          const res = await quickly(() => t.gql(query, { ...variables, on: day }, token));
          expect([query, errorCode(res)]).toEqual([query, 'BAD_USER_INPUT']);
        }
      }
      // A record dated out of range is refused, and nothing is written.
      const before = await counts();
      const activity = await quickly(() =>
        t.gql(
          RECORD_ACTIVITY,
          { input: { stationId: jflStation, nodeId: jflNode, title: '远未来的活动', activityDate: '9999-12-31', participantCount: 3 } },
          tokens['jfl.worker'],
        ),
      );
      expect(errorCode(activity)).toBe('BAD_USER_INPUT');
      expect(await counts()).toEqual(before);
    });

    it('refuses months out of range in reportingCompleteness and visitRate', async () => {
      for (const month of ['9999-12', '10000-01', '2101-01', '1899-12', '0099-12', '0000-01', '2025-13', '2025-1']) {
        for (const [query, variables] of [
          [`query($n: ID!, $m: String!) { reportingCompleteness(nodeId: $n, month: $m) { stations } }`, { n: lixia }],
          [`query($n: ID!, $m: String!) { visitRate(rootId: $n, month: $m) { due } }`, { n: lixia }],
        ] as [string, Row][]) {
          const res = await quickly(() => t.gql(query, { ...variables, m: month }, tokens['lixia.officer']));
          expect([month, query, errorCode(res), errorFields(res)]).toEqual([month, query, 'BAD_USER_INPUT', ['month']]);
        }
      }
      expect(
        (await t.ok(`query($n: ID!) { reportingCompleteness(nodeId: $n, month: "2100-12") { month } }`, { n: lixia }, tokens['lixia.officer']))
          .reportingCompleteness.month,
      ).toBe('2100-12');
    });

    it('caps a report at ten years, saying so; other ranges within the years allowed answer quickly', async () => {
      const [from, to] = ['1900-01-01', '2100-12-31'];
      for (const [name, build] of rangeQueries()) {
        const [query, variables] = build(from, to);
        const res = await quickly(() => t.gql(query, { ...variables, from, to }, tokenFor(name)));
        if (name === 'statistics' || name === 'stationRanking') {
          expect([name, errorCode(res), errorFields(res)]).toEqual([name, 'BAD_USER_INPUT', ['to']]);
          expect(res.errors![0].message).toContain('at most 10 years');
        } else {
          expect([name, res.errors]).toEqual([name, undefined]);
        }
      }
      // Ten whole years are a report: 120 months.
      const ten = await quickly(() =>
        t.ok(`query($n: ID!) { statistics(nodeId: $n, from: "2016-01-01", to: "2025-12-31") { monthly { month } } }`, { n: lixia }, tokens['lixia.officer']),
      );
      expect(ten.statistics.monthly).toHaveLength(120);
      const overTen = await t.gql(
        `query($n: ID!) { statistics(nodeId: $n, from: "2016-01-01", to: "2026-01-01") { monthly { month } } }`,
        { n: lixia },
        tokens['lixia.officer'],
      );
      expect(errorCode(overTen)).toBe('BAD_USER_INPUT');
      // A period the wrong way round, compared as dates.
      const reversed = await t.gql(
        `query($n: ID!) { statistics(nodeId: $n, from: "2025-02-01", to: "2025-01-31") { monthly { month } } }`,
        { n: lixia },
        tokens['lixia.officer'],
      );
      expect([errorCode(reversed), errorFields(reversed)]).toEqual(['BAD_USER_INPUT', ['from']]);
    });

    it('refuses the same ranges on the export URLs with a quick 400 and the usual { code, message } body', async () => {
      const officer = tokens['lixia.officer'];
      for (const [from, to] of [...OUT_OF_RANGE, ['1900-01-01', '2100-12-31'] as [string, string]]) {
        const xlsx = await quickly(() => t.http.get('/exports/statistics.xlsx').query({ nodeId: lixia, from, to }).set('authorization', `Bearer ${officer}`));
        expect([from, to, xlsx.status, xlsx.body.code]).toEqual([from, to, 400, 'BAD_USER_INPUT']);
        expect(typeof xlsx.body.message).toBe('string');
        const csv = await quickly(() =>
          t.http.get(`/exports/volunteers/${volunteerId}/services.csv`).query({ from, to }).set('authorization', `Bearer ${tokens['jfl.worker']}`),
        );
        if (from.startsWith('1900')) expect(csv.status).toBe(200);
        else expect([from, to, csv.status, csv.body.code]).toEqual([from, to, 400, 'BAD_USER_INPUT']);
      }
      expect((await t.http.get('/health')).status).toBe(200);
    });
  });

  it('answers a Date or Decimal the scalar refuses with BAD_USER_INPUT, written inline as well as in a variable', async () => {
    const head = tokens['jfl.head'];
    for (const day of ['2024-02-30', 'yesterday', '9999-12-31']) {
      const asVariable = await t.gql(`query($on: Date) { staffingPolicy(on: $on) { minStaff } }`, { on: day }, head);
      const asLiteral = await t.gql(`{ staffingPolicy(on: ${JSON.stringify(day)}) { minStaff } }`, {}, head);
      expect([day, errorCode(asVariable), errorCode(asLiteral)]).toEqual([day, 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    }
    const notAString = await t.gql(`{ staffingPolicy(on: 20240101) { minStaff } }`, {}, head);
    expect(errorCode(notAString)).toBe('BAD_USER_INPUT');
    const money = `mutation($i: CharityResourceInput!) { recordCharityResource(input: $i) { id } }`;
    const input = { stationId: jflStation, donorName: '爱心人士', donorKind: 'PERSON', receivedOn: '2025-01-01' };
    const asVariable = await t.gql(money, { i: { ...input, amount: '1.005' } }, tokens['jfl.worker']);
    const asLiteral = await t.gql(
      `mutation { recordCharityResource(input: { stationId: "${jflStation}", donorName: "爱心人士", donorKind: PERSON, receivedOn: "2025-01-01", amount: "1.005" }) { id } }`,
      {},
      tokens['jfl.worker'],
    );
    expect([errorCode(asVariable), errorCode(asLiteral)]).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });

  describe('control characters', () => {
    it('refuses NUL and every control character but tab and line feed in any text input, naming the field; nothing is written', async () => {
      const worker = tokens['jfl.worker'];
      const before = await counts();
      const cases: [string, string, Row, string[]][] = [
        ['NUL in a name', REGISTER_PERSON, { input: personInput({ name: '王\u0000明' }) }, ['name']],
        ['escape in notes', REGISTER_PERSON, { input: personInput({ notes: '备注\u001b[31m' }) }, ['notes']],
        [
          'carriage return in a nested field',
          REGISTER_PERSON,
          { input: personInput({ emergencyContact: { name: '王\r', phone: '13800000000' } }) },
          ['emergencyContact.name'],
        ],
        ['DEL in an address', REGISTER_PERSON, { input: personInput({ address: '历下区\u007f' }) }, ['address']],
        ['C1 control in a name', REGISTER_PERSON, { input: personInput({ name: '王\u0085明' }) }, ['name']],
        ['bell in a list element', REGISTER_VOLUNTEER, { input: volunteerInput({ skills: ['理发', '维修\u0007'] }) }, ['skills.1']],
        ['NUL in a staff name', ADD_STAFF, { input: staffInput({ name: '\u0000' }) }, ['name']],
        ['NUL in a password', LOGIN, { input: { tenant: 'jinan', username: 'jfl.worker', password: `${DEMO_PASSWORD}\u0000` } }, ['password']],
        ['NUL in a search filter', `query($f: ServiceObjectFilter) { serviceObjects(filter: $f) { total } }`, { f: { search: '王\u0000' } }, ['search']],
        ['two fields at once', REGISTER_PERSON, { input: personInput({ name: '王\u0000', notes: '\u0001' }) }, ['name', 'notes']],
      ];
      for (const [label, query, variables, fields] of cases) {
        const res = await t.gql(query, variables, label.includes('password') ? undefined : query === ADD_STAFF ? tokens['jfl.head'] : worker);
        try {
          expectBadInput(res, fields);
          expect(res.errors![0].message).toContain('control characters');
        } catch (e) {
          throw new Error(`${label}: ${(e as Error).message}\n${JSON.stringify(res)}`);
        }
      }
      // Written inline in the document (a \u0000 escape in a string literal), the same answer.
      const literal = await t.gql(
        `mutation { registerServiceObject(input: { stationId: "${jflStation}", name: "王\\u0000明", gender: FEMALE, idNumber: "${idNumber('FEMALE')}" }) { id } }`,
        {},
        worker,
      );
      expectBadInput(literal, ['name']);
      expect(await counts()).toEqual(before);

      // A plain String argument, not an input object: recordPlan(summary).
      const person = (await t.ok(REGISTER_PERSON, { input: personInput({ name: '计划对象' }) }, worker)).registerServiceObject;
      const { openCase } = await t.ok(
        OPEN_CASE,
        { i: { serviceObjectId: person.id, intakeSource: 'OUTREACH', presentingProblem: '需要帮助', openedOn: '2026-01-05' } },
        worker,
      );
      const [caseBefore] = await t.ownerQuery(`select * from case_file where id = $1`, [openCase.id]);
      expectBadInput(await t.gql(RECORD_PLAN, { id: openCase.id, summary: '计划\u0000' }, worker), ['summary']);
      expectBadInput(await t.gql(`mutation { recordPlan(caseId: "${openCase.id}", summary: "计划\\u0008") { id } }`, {}, worker), ['summary']);
      expect(await t.ownerQuery(`select * from case_file where id = $1`, [openCase.id])).toEqual([caseBefore]);

      // Tab and line feed are text.
      const fine = await t.gql(REGISTER_PERSON, { input: personInput({ name: '制表对象', notes: '第一行\n第二行\t缩进' }) }, worker);
      expect(fine.errors).toBeUndefined();
    });

    it('refuses them in the export URLs’ query strings with a 400 { code, message } body', async () => {
      const officer = tokens['lixia.officer'];
      for (const query of [
        `nodeId=${lixia}&from=2025-01-01%00&to=2025-01-31`,
        `nodeId=${lixia}%00&from=2025-01-01&to=2025-01-31`,
        `nodeId=${lixia}&from=2025-01-01&to=2025-01-31&x=%1b`,
      ]) {
        const res = await t.http.get(`/exports/statistics.xlsx?${query}`).set('authorization', `Bearer ${officer}`);
        expect([query, res.status, res.body.code]).toEqual([query, 400, 'BAD_USER_INPUT']);
        expect(res.body).not.toHaveProperty('statusCode');
      }
      const v = (await t.ok(REGISTER_VOLUNTEER, { input: volunteerInput({ name: '导出志愿者' }) }, tokens['jfl.worker'])).registerVolunteer.id;
      const csv = await t.http.get(`/exports/volunteers/${v}/services.csv?from=2025-01-01%07`).set('authorization', `Bearer ${tokens['jfl.worker']}`);
      expect([csv.status, csv.body.code]).toEqual([400, 'BAD_USER_INPUT']);
    });
  });

  it('refuses a gender the identity number contradicts (17th digit odd for a man), on registration and update, for people served, volunteers and staff', async () => {
    const worker = tokens['jfl.worker'];
    const head = tokens['jfl.head'];
    const before = await counts();
    const male = idNumber('MALE');
    const female = idNumber('FEMALE');
    const refused: [string, string, Row, string][] = [
      ['person, a man entered as a woman', REGISTER_PERSON, { input: personInput({ idNumber: male, gender: 'FEMALE' }) }, worker],
      ['person, a woman entered as a man', REGISTER_PERSON, { input: personInput({ idNumber: female, gender: 'MALE' }) }, worker],
      ['volunteer', REGISTER_VOLUNTEER, { input: volunteerInput({ idNumber: female, gender: 'MALE' }) }, worker],
      ['staff', ADD_STAFF, { input: staffInput({ idNumber: male, gender: 'FEMALE' }) }, head],
    ];
    for (const [label, query, variables, token] of refused) {
      const res = await t.gql(query, variables, token);
      try {
        expectBadInput(res, ['gender']);
        expect(res.errors![0].message).toMatch(/^gender: does not match the identity number/);
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}\n${JSON.stringify(res)}`);
      }
    }
    expect(await counts()).toEqual(before);

    // Agreeing, they are accepted; an update that makes them disagree is refused.
    const person = (await t.ok(REGISTER_PERSON, { input: personInput({ idNumber: male, gender: 'MALE' }) }, worker)).registerServiceObject;
    expect(person.gender).toBe('MALE');
    const { stationId: _s, ...details } = personInput({ idNumber: male, gender: 'FEMALE' });
    expectBadInput(await t.gql(UPDATE_PERSON, { id: person.id, input: details }, worker), ['gender']);
    const volunteer = (await t.ok(REGISTER_VOLUNTEER, { input: volunteerInput({ idNumber: female, gender: 'FEMALE' }) }, worker)).registerVolunteer;
    const { stationId: _v, ...vDetails } = volunteerInput({ idNumber: female, gender: 'MALE' });
    expectBadInput(await t.gql(UPDATE_VOLUNTEER, { id: volunteer.id, input: vDetails }, worker), ['gender']);
    const staff = (await t.ok(ADD_STAFF, { input: staffInput({ idNumber: female, gender: 'FEMALE' }) }, head)).addStaffMember;
    const { stationId: _t, ...sDetails } = staffInput({ idNumber: female, gender: 'MALE' });
    expectBadInput(await t.gql(UPDATE_STAFF, { id: staff.id, input: sDetails }, head), ['gender']);
    expect((await t.ownerQuery(`select gender from service_object where id = $1`, [person.id]))[0].gender).toBe('MALE');
  });

  it('refuses ending a staff member already ended (RULE_VIOLATED), keeping the end date and the filed leaving filing', async () => {
    const head = tokens['jfl.head'];
    const member = (await t.ok(ADD_STAFF, { input: staffInput({ name: '离职测试' }) }, head)).addStaffMember;
    await t.ok(END_STAFF, { id: member.id, input: { endDate: '2024-06-30', reason: '辞职' } }, head);
    const leaving = async () =>
      (await t.ok(FILINGS, { filter: { rootId: jflNode } }, head)).staffFilings.items.find((f: Row) => f.staffId === member.id && f.kind === 'LEAVE');
    const filed = (await t.ok(FILE, { id: (await leaving()).id, filedOn: '2024-07-02' }, head)).fileStaffChange;
    expect(filed).toMatchObject({ status: 'FILED', filedOn: '2024-07-02' });
    const [rowBefore] = await t.ownerQuery(`select * from staff_member where id = $1`, [member.id]);
    const [filingBefore] = await t.ownerQuery(`select * from staff_filing where staff_id = $1 and kind = 'LEAVE'`, [member.id]);

    for (const endDate of ['2024-09-30', '2024-06-30']) {
      const again = await t.gql(END_STAFF, { id: member.id, input: { endDate, reason: '再次离职' } }, head);
      expect(errorCode(again)).toBe('RULE_VIOLATED');
      expect(again.errors![0].extensions).toMatchObject({ rule: 'staff.already-ended', endDate: '2024-06-30' });
    }
    expect(await t.ownerQuery(`select * from staff_member where id = $1`, [member.id])).toEqual([rowBefore]);
    expect(await t.ownerQuery(`select * from staff_filing where staff_id = $1 and kind = 'LEAVE'`, [member.id])).toEqual([filingBefore]);
    expect(await leaving()).toMatchObject({ status: 'FILED', filedOn: '2024-07-02', changeDate: '2024-06-30' });
  });

  describe('one error shape', () => {
    it('a duplicate staff member is a CONFLICT with existingId, in one wording', async () => {
      const head = tokens['jfl.head'];
      const input = staffInput({ name: '重复社工' });
      const first = (await t.ok(ADD_STAFF, { input }, head)).addStaffMember;
      const before = await counts();
      for (const idNumberAsTyped of [input.idNumber, input.idNumber.toLowerCase()]) {
        const again = await t.gql(ADD_STAFF, { input: { ...input, idNumber: idNumberAsTyped } }, head);
        expect(errorCode(again)).toBe('CONFLICT');
        expect(again.errors![0].extensions).toEqual({ code: 'CONFLICT', field: 'idNumber', existingId: first.id });
        expect(again.errors![0].message).toBe('This person is already on the roster of this station');
      }
      // Changing another member's number to theirs: the same CONFLICT.
      const other = (await t.ok(ADD_STAFF, { input: staffInput({ name: '另一社工' }) }, head)).addStaffMember;
      const { stationId: _s, ...details } = { ...input, name: '另一社工' };
      const taken = await t.gql(UPDATE_STAFF, { id: other.id, input: details }, head);
      expect(taken.errors![0]).toMatchObject({
        message: 'This person is already on the roster of this station',
        extensions: { code: 'CONFLICT', field: 'idNumber', existingId: first.id },
      });
      expect(await counts()).toEqual({ ...before, staff_member: before.staff_member + 1, staff_filing: before.staff_filing + 1 });
      // Two at once: the loser is the same CONFLICT, whichever check stops it.
      const racing = staffInput({ name: '并发社工' });
      const results = await Promise.all([t.gql(ADD_STAFF, { input: racing }, head), t.gql(ADD_STAFF, { input: racing }, head)]);
      const lost = results.filter((r) => r.errors);
      expect(lost).toHaveLength(1);
      expect([errorCode(lost[0]), lost[0].errors![0].message]).toEqual(['CONFLICT', 'This person is already on the roster of this station']);
    });

    it('every CONFLICT of one rule has one wording, whether or not the caller may see the first record', async () => {
      const number = idNumber('FEMALE', '1944-04-04');
      await t.ok(REGISTER_PERSON, { input: personInput({ idNumber: number, stationId: qfsStation }) }, tokens['qfs.worker']);
      const here = await t.gql(REGISTER_PERSON, { input: personInput({ idNumber: number, stationId: qfsStation }) }, tokens['qfs.worker']);
      const elsewhere = await t.gql(REGISTER_PERSON, { input: personInput({ idNumber: number }) }, tokens['jfl.head']);
      expect(here.errors![0].extensions).toHaveProperty('existingId');
      expect(elsewhere.errors![0].extensions).toEqual({ code: 'CONFLICT', field: 'idNumber' });
      expect(here.errors![0].message).toBe(elsewhere.errors![0].message);
      expect(here.errors![0].message).toContain('already registered in the city');

      const vNumber = idNumber('MALE', '1977-07-07');
      await t.ok(REGISTER_VOLUNTEER, { input: volunteerInput({ idNumber: vNumber }) }, tokens['jfl.worker']);
      const vHere = await t.gql(REGISTER_VOLUNTEER, { input: volunteerInput({ idNumber: vNumber }) }, tokens['jfl.head']);
      const vElsewhere = await t.gql(
        REGISTER_VOLUNTEER,
        { input: { ...volunteerInput({ idNumber: vNumber }), stationId: qfsStation, nodeId: await t.nodeId('370102002') } },
        tokens['qfs.worker'],
      );
      expect(vHere.errors![0].extensions).toHaveProperty('existingId');
      expect(vElsewhere.errors![0].extensions).toEqual({ code: 'CONFLICT', field: 'idNumber' });
      expect(vHere.errors![0].message).toBe(vElsewhere.errors![0].message);
      expect(vHere.errors![0].message).toContain('already registered as a volunteer in the city');
    });

    it('a malformed id on an export URL answers the same { code, message } body as the other export errors', async () => {
      const officer = tokens['lixia.officer'];
      const notFound = await t.http
        .get('/exports/statistics.xlsx')
        .query({ nodeId: '00000000-0000-4000-8000-000000000000', from: '2025-01-01', to: '2025-01-31' })
        .set('authorization', `Bearer ${officer}`);
      expect(notFound.status).toBe(404);
      expect(Object.keys(notFound.body).sort()).toEqual(['code', 'message']);
      for (const url of [
        '/exports/statistics.xlsx?nodeId=nope&from=2025-01-01&to=2025-01-31',
        '/exports/statistics.xlsx?from=2025-01-01&to=2025-01-31',
        '/exports/volunteers/nope/services.csv',
      ]) {
        const res = await t.http.get(url).set('authorization', `Bearer ${officer}`);
        expect([url, res.status, res.body.code]).toEqual([url, 400, 'BAD_USER_INPUT']);
        expect(res.body.message).toMatch(/^(nodeId|id): must be a UUID$/);
        expect(res.body).not.toHaveProperty('statusCode');
        expect(res.body).not.toHaveProperty('error');
      }
    });

    it('field messages do not repeat the field name', async () => {
      const worker = tokens['jfl.worker'];
      const cases: [string, Row, string][] = [
        [REGISTER_PERSON, { input: personInput({ idNumber: '37010219500314123' }) }, 'idNumber'],
        [REGISTER_PERSON, { input: personInput({ name: '   ' }) }, 'name'],
        [REGISTER_PERSON, { input: personInput({ emergencyContact: { phone: 'call me' } }) }, 'emergencyContact.phone'],
        [`query($id: ID!) { serviceObject(id: $id) { id } }`, { id: 'nope' }, 'id'],
        [`query($f: ServiceObjectFilter) { serviceObjects(filter: $f) { total } }`, { f: { idNumberTail: '12' } }, 'idNumberTail'],
      ];
      for (const [query, variables, field] of cases) {
        const res = await t.gql(query, variables, worker);
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        const problem = res.errors![0].extensions!.fields![0];
        expect(problem.field).toBe(field);
        const name = field.split('.').pop()!;
        expect([field, problem.message.startsWith(`${name} `)]).toEqual([field, false]);
        expect(res.errors![0].message.startsWith(`${field}: ${name} `)).toBe(false);
        expect(res.errors![0].message.startsWith(`${field}: `)).toBe(true);
      }
    });
  });

  it('a duplicate registration says the person is registered in the city, not where; each hit is audited although refused, and limited per account and day', async () => {
    // A worker of 解放路 of its own, so the count starts at zero.
    const { createUser } = await t.ok(
      CREATE_USER,
      { input: { username: 'probe.worker', displayName: '探查社工', password: 'Probe@Worker2026', orgUnitId: jflNode } },
      tokens['city.admin'],
    );
    await t.ok(GRANT, { input: { userId: createUser.id, role: 'SOCIAL_WORKER', orgUnitId: jflNode } }, tokens['city.admin']);
    const probe = await t.login('probe.worker', 'Probe@Worker2026');
    const jflPath = (await t.ownerQuery(`select org_path::text as path from station where id = $1`, [jflStation]))[0].path;
    const hits = async () =>
      t.ownerQuery<{ entity: string; entity_id: string; org_path: string }>(
        `select entity, entity_id, org_path::text as org_path from audit_log where actor_id = $1 and action = 'DUPLICATE_REGISTRATION' order by at`,
        [createUser.id],
      );

    // Registered at 千佛山, which 解放路 cannot see.
    const numbers = [idNumber('FEMALE', '1938-01-01'), idNumber('FEMALE', '1938-01-02')];
    const people = [];
    for (const n of numbers)
      people.push(
        (await t.ok(REGISTER_PERSON, { input: personInput({ idNumber: n, stationId: qfsStation, name: '千佛山对象' }) }, tokens['qfs.worker']))
          .registerServiceObject,
      );
    const vNumber = idNumber('MALE', '1990-01-01');
    const qfsVolunteer = (
      await t.ok(
        REGISTER_VOLUNTEER,
        { input: { ...volunteerInput({ idNumber: vNumber }), stationId: qfsStation, nodeId: await t.nodeId('370102002') } },
        tokens['qfs.worker'],
      )
    ).registerVolunteer;
    const before = await counts();

    const first = await t.gql(REGISTER_PERSON, { input: personInput({ idNumber: numbers[0] }) }, probe);
    expect(errorCode(first)).toBe('CONFLICT');
    expect(first.errors![0].message).toContain('already registered in the city');
    expect(first.errors![0].extensions).toEqual({ code: 'CONFLICT', field: 'idNumber' });
    for (const trace of [people[0].id, qfsStation, '千佛山', '370102002']) expect(JSON.stringify(first)).not.toContain(trace);
    // The mutation rolled back, but its audit record stands: where the worker tried, naming the file hit.
    expect(await hits()).toEqual([{ entity: 'SERVICE_OBJECT', entity_id: people[0].id, org_path: jflPath }]);

    const second = await t.gql(REGISTER_VOLUNTEER, { input: volunteerInput({ idNumber: vNumber }) }, probe);
    expect(errorCode(second)).toBe('CONFLICT');
    expect(second.errors![0].extensions).toEqual({ code: 'CONFLICT', field: 'idNumber' });
    const third = await t.gql(REGISTER_PERSON, { input: personInput({ idNumber: numbers[1] }) }, probe);
    expect(errorCode(third)).toBe('CONFLICT');
    expect((await hits()).map((h) => [h.entity, h.entity_id])).toEqual([
      ['SERVICE_OBJECT', people[0].id],
      ['VOLUNTEER', qfsVolunteer.id],
      ['SERVICE_OBJECT', people[1].id],
    ]);

    // The limit (3 a day here) is reached: registering is refused before any number is looked up,
    // so the answer is the same for a registered number and a new one, and nothing more is recorded.
    for (const input of [personInput({ idNumber: numbers[0] }), personInput({ name: '新对象' })]) {
      const over = await t.gql(REGISTER_PERSON, { input }, probe);
      expect(errorCode(over)).toBe('TOO_MANY_REQUESTS');
      expect(over.errors![0].message).toMatch(/today.*\(3\).*tomorrow/);
      expect(over.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
      expect(over.errors![0].extensions!.retryAfterSeconds).toBeLessThanOrEqual(86400);
    }
    expect(errorCode(await t.gql(REGISTER_VOLUNTEER, { input: volunteerInput() }, probe))).toBe('TOO_MANY_REQUESTS');
    expect(await hits()).toHaveLength(3);
    expect(await counts()).toEqual(before);

    // Counted per account: a colleague registers as before.
    expect((await t.gql(REGISTER_PERSON, { input: personInput({ name: '同事登记' }) }, tokens['jfl.worker'])).errors).toBeUndefined();
    // The station head sees the hits in the audit log.
    const audit = (await t.ok(AUDIT, { filter: { action: 'DUPLICATE_REGISTRATION', actorId: createUser.id } }, tokens['jfl.head'])).auditLog;
    expect(audit.total).toBe(3);
    expect(audit.items.map((i: Row) => i.entity).sort()).toEqual(['SERVICE_OBJECT', 'SERVICE_OBJECT', 'VOLUNTEER']);
  });
});
