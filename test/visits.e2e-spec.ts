import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { CREATE_USER, createSecondCity, errorFields, expectCode, Row, spyOnRequestStatements, TestApp } from './support/test-app';

// Home visits (探访): recording and voiding, the city's visit rules, who is due or overdue and by
// which day, the monthly visit rate, and the walls between subtrees and tenants. Over HTTP against
// the demo city Jinan. Dates are fixed in 2025 (always in the past) and every query passes its `on`
// day, so the answers are exact and repeatable; people get their registration day and the day they
// were flagged HIGH risk set directly in SQL after being registered through the API.

const REGISTER = `mutation($i: RegisterServiceObjectInput!) { registerServiceObject(input: $i) { id } }`;
const OPEN = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`;
const VISIT = `id serviceObjectId stationId visitDate kind findings followUpNeeded workerId voidedAt voidReason`;
const RECORD = `mutation($i: HomeVisitInput!) { recordHomeVisit(input: $i) { ${VISIT} } }`;
const VOID = `mutation($id: ID!, $reason: String!) { voidHomeVisit(id: $id, input: { reason: $reason }) { ${VISIT} } }`;
const VISITS = `query($filter: VisitFilter, $page: PageInput) { homeVisits(filter: $filter, page: $page) { total items { ${VISIT} } } }`;
const DUE_FIELDS = `serviceObjectId stationId dueOn overdue daysOverdue lastVisitOn rule`;
const DUE = `query($filter: DueVisitFilter, $page: PageInput) { dueVisits(filter: $filter, page: $page) { total items { ${DUE_FIELDS} } } }`;
const MY_DUE = `query($filter: DueVisitFilter, $page: PageInput) { myDueVisits(filter: $filter, page: $page) { total items { ${DUE_FIELDS} } } }`;
const RATE = `query($rootId: ID!, $month: String!) { visitRate(rootId: $rootId, month: $month) { month due visited rate } }`;
const RULE = `id name riskLevel categories period minVisits firstVisitWithinDays`;
const RULES = `{ visitRules { ${RULE} } }`;
const SET_RULES = `mutation($rules: [VisitRuleInput!]!) { setVisitRules(input: { rules: $rules }) { ${RULE} } }`;
const TOTALS = `query($rootId: ID!, $from: Date!, $to: Date!) { activityTotals(rootId: $rootId, from: $from, to: $to) { homeVisits } }`;

const HIGH_RULE = '高风险对象：标记后3日内首访，此后每周探访';
const KEY_RULE = '重点对象：每月探访';
const ALONE_RULE = '独居/空巢老人：每月至少两次';
const KEY_CATEGORIES = [
  'EXTREME_POVERTY',
  'SUBSISTENCE_ALLOWANCE',
  'FAMILY_IN_DIFFICULTY',
  'CHILD_IN_DIFFICULTY',
  'LEFT_BEHIND_CHILD',
  'SEVERELY_DISABLED',
  'DISABLED_ELDERLY',
  'VERY_OLD',
  'ORPHAN',
  'SERIOUSLY_ILL',
  'HIGH_RISK_AFTER_EVENT',
];
const ALONE_CATEGORIES = ['ELDERLY_LIVING_ALONE', 'EMPTY_NEST_ELDERLY'];
const DEFAULT_RULES = [
  { id: null, name: HIGH_RULE, riskLevel: 'HIGH', categories: null, period: 'WEEK', minVisits: 1, firstVisitWithinDays: 3 },
  { id: null, name: KEY_RULE, riskLevel: null, categories: KEY_CATEGORIES, period: 'MONTH', minVisits: 1, firstVisitWithinDays: null },
  { id: null, name: ALONE_RULE, riskLevel: null, categories: ALONE_CATEGORIES, period: 'MONTH', minVisits: 2, firstVisitWithinDays: null },
];
/** Long before any date the tests use; noon in Jinan, so the calendar day is the same in any time zone. */
const LONG_AGO = '2024-01-10 12:00:00+08';

let sequence = 100;
function identityNumber(region = '370102', gender: 'MALE' | 'FEMALE' = 'FEMALE'): string {
  // The 17th digit records the sex (odd for a man): the sequence's parity follows the gender entered with it.
  if (sequence % 2 !== (gender === 'MALE' ? 1 : 0)) sequence++;
  return makeIdentityNumber(region, '1948-05-12', String(sequence++).padStart(3, '0'));
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function daysInMonth(day: string): number {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).getUTCDate();
}

const byName = (rules: Row[]) => [...rules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

describe('home visits: recording, rules, due and overdue visits, the monthly rate, scope and tenants', () => {
  let t: TestApp;
  let jinanId: string;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let jflStation: string;
  let qfsStation: string;
  let btStation: string;
  let jflNode: string;
  let qfsNode: string;
  let btNode: string;
  let lixiaNode: string;
  let shizhongNode: string;
  let today: string;
  /** People made by one test and looked at again by a later one. */
  const people: Record<string, string> = {};

  const visitCount = async () => (await t.ownerQuery<{ n: number }>(`select count(*)::int as n from home_visit`))[0].n;
  const ruleCount = async () => (await t.ownerQuery<{ n: number }>(`select count(*)::int as n from visit_rule`))[0].n;

  /** Registers a person through the API, then fixes the registration moment and the HIGH-risk flag day in SQL. */
  const register = async (
    token: string,
    stationId: string,
    o: { name: string; categories?: string[]; riskLevel?: 'LOW' | 'MEDIUM' | 'HIGH'; createdAt?: string; riskSince?: string; region?: string },
  ): Promise<string> => {
    const { registerServiceObject } = await t.ok(
      REGISTER,
      {
        i: {
          stationId,
          name: o.name,
          gender: 'FEMALE',
          idNumber: identityNumber(o.region),
          categories: o.categories ?? [],
          riskLevel: o.riskLevel ?? 'LOW',
        },
      },
      token,
    );
    const id = registerServiceObject.id as string;
    await t.ownerQuery(`update service_object set created_at = $2::timestamptz, risk_since = coalesce($3::date, risk_since) where id = $1`, [
      id,
      o.createdAt ?? LONG_AGO,
      o.riskSince ?? null,
    ]);
    return id;
  };
  const record = async (token: string, serviceObjectId: string, visitDate: string, kind = 'HOME', extra: Row = {}) =>
    (await t.ok(RECORD, { i: { serviceObjectId, visitDate, kind, ...extra } }, token)).recordHomeVisit as Row;
  const due = async (token: string, filter: Row, page: Row = { limit: 100 }) =>
    (await t.ok(DUE, { filter, page }, token)).dueVisits as { total: number; items: Row[] };
  const myDue = async (token: string, filter: Row) =>
    (await t.ok(MY_DUE, { filter, page: { limit: 100 } }, token)).myDueVisits as { total: number; items: Row[] };
  const rate = async (token: string, rootId: string, month: string) => (await t.ok(RATE, { rootId, month }, token)).visitRate as Row;
  const find = (list: { items: Row[] }, id: string) => list.items.find((i) => i.serviceObjectId === id);
  const idsOf = (list: { items: Row[] }) => list.items.map((i) => i.serviceObjectId).sort();

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    [{ today }] = await t.ownerQuery(`select to_char(now() at time zone time_zone, 'YYYY-MM-DD') as today from tenant where code = 'jinan'`);
    jflStation = await t.stationId('370102001');
    qfsStation = await t.stationId('370102002');
    btStation = await t.stationId('370102003');
    jflNode = await t.nodeId('370102001');
    qfsNode = await t.nodeId('370102002');
    btNode = await t.nodeId('370102003');
    lixiaNode = await t.nodeId('370102');
    shizhongNode = await t.nodeId('370103');
    tokens = {};
    for (const u of ['city.admin', 'lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.supervisor']) {
      tokens[u] = await t.login(u);
    }
    // Social workers for a third 历下区 station (its people make the monthly rate exact) and for 市中区.
    for (const [username, code] of [
      ['bt.worker', '370102003'],
      ['dgy.worker', '370103001'],
    ]) {
      await t.ok(
        CREATE_USER,
        { input: { username, displayName: `${code}社工`, password: 'Station@Worker2026', orgUnitId: await t.nodeId(code), role: 'SOCIAL_WORKER' } },
        tokens['city.admin'],
      );
      tokens[username] = await t.login(username, 'Station@Worker2026');
    }
    ids = Object.fromEntries(
      (
        await t.ownerQuery<{ username: string; id: string }>(`select username, id from user_account where username in ('jfl.worker', 'jfl.head', 'city.admin')`)
      ).map((r) => [r.username, r.id]),
    );
  });
  afterAll(() => t.close());

  it('records visits (HOME, PHONE, VIDEO), refuses future dates and other stations’ people, voids once and keeps the voided visit', async () => {
    const worker = tokens['jfl.worker'];
    // People no rule covers (LOW risk, no category): they never appear in the due lists of later tests.
    const person = await register(worker, jflStation, { name: '记录测试甲' });
    const other = await register(tokens['qfs.worker'], qfsStation, { name: '千佛山测试乙' });

    const home = await record(worker, person, '2025-06-03', 'HOME', { findings: '  屋内整洁，血压偏高  ', followUpNeeded: true });
    expect(home).toEqual({
      id: expect.any(String),
      serviceObjectId: person,
      stationId: jflStation,
      visitDate: '2025-06-03',
      kind: 'HOME',
      findings: expect.stringContaining('屋内整洁，血压偏高'),
      followUpNeeded: true,
      workerId: ids['jfl.worker'],
      voidedAt: null,
      voidReason: null,
    });
    const phone = await record(worker, person, '2025-06-10', 'PHONE');
    expect(phone).toMatchObject({ kind: 'PHONE', findings: null, followUpNeeded: false, visitDate: '2025-06-10' });
    const video = await record(worker, person, '2025-06-17', 'VIDEO', { findings: '视频问候', followUpNeeded: false });
    expect(video).toMatchObject({ kind: 'VIDEO', findings: '视频问候', followUpNeeded: false });
    // Today, in the city's time zone, is not the future.
    const onToday = await record(worker, person, today, 'PHONE');
    expect(onToday.visitDate).toBe(today);

    const list = (await t.ok(VISITS, { filter: { serviceObjectId: person } }, worker)).homeVisits;
    expect(list.total).toBe(4);
    expect(list.items.map((v: Row) => v.id)).toEqual([onToday.id, video.id, phone.id, home.id]);
    const june = (await t.ok(VISITS, { filter: { serviceObjectId: person, from: '2025-06-04', to: '2025-06-17' } }, worker)).homeVisits;
    expect(june.items.map((v: Row) => v.id)).toEqual([video.id, phone.id]);

    // Refused, and nothing written.
    const before = await visitCount();
    const future = await t.gql(RECORD, { i: { serviceObjectId: person, visitDate: addDays(today, 1), kind: 'HOME' } }, worker);
    expectCode(future, 'BAD_USER_INPUT');
    expect(errorFields(future)).toEqual(['visitDate']);
    expectCode(await t.gql(RECORD, { i: { serviceObjectId: other, visitDate: '2025-06-03', kind: 'HOME' } }, worker), 'NOT_FOUND');
    expectCode(await t.gql(RECORD, { i: { serviceObjectId: person, visitDate: '2025-06-03', kind: 'HOME' } }, tokens['lixia.officer']), 'FORBIDDEN');
    expectCode(await t.gql(RECORD, { i: { serviceObjectId: person, visitDate: '2025-02-30', kind: 'HOME' } }, worker), 'BAD_USER_INPUT');
    expect(await visitCount()).toBe(before);

    // Voided: gone from the list and from the totals, still there with includeVoided; only once.
    const totals = async () =>
      (await t.ok(TOTALS, { rootId: jflNode, from: '2025-06-01', to: '2025-06-30' }, tokens['jfl.head'])).activityTotals.homeVisits as number;
    expect(await totals()).toBe(3);
    expectCode(await t.gql(VOID, { id: phone.id, reason: '   ' }, worker), 'BAD_USER_INPUT');
    expectCode(await t.gql(VOID, { id: phone.id, reason: '他站误录' }, tokens['qfs.worker']), 'NOT_FOUND');
    expectCode(await t.gql(VOID, { id: phone.id, reason: '无权作废' }, tokens['lixia.officer']), 'FORBIDDEN');
    const voided = (await t.ok(VOID, { id: phone.id, reason: '  重复录入  ' }, worker)).voidHomeVisit;
    expect(voided).toMatchObject({ id: phone.id, voidReason: '重复录入', visitDate: '2025-06-10', kind: 'PHONE' });
    expect(new Date(voided.voidedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const again = await t.gql(VOID, { id: phone.id, reason: '再次作废' }, tokens['jfl.head']);
    expectCode(again, 'RULE_VIOLATED');
    expect(again.errors?.[0]?.extensions?.rule).toBe('activity.voided');
    const [row] = await t.ownerQuery(`select void_reason from home_visit where id = $1`, [phone.id]);
    expect(row.void_reason).toBe('重复录入');

    expect(await totals()).toBe(2);
    const without = (await t.ok(VISITS, { filter: { serviceObjectId: person } }, worker)).homeVisits;
    expect(without.items.map((v: Row) => v.id)).toEqual([onToday.id, video.id, home.id]);
    const withVoided = (await t.ok(VISITS, { filter: { serviceObjectId: person, includeVoided: true } }, worker)).homeVisits;
    expect(withVoided.total).toBe(4);
    expect(withVoided.items.find((v: Row) => v.id === phone.id)).toMatchObject({ voidReason: '重复录入', voidedAt: voided.voidedAt });
    // The other station never sees these visits.
    expect((await t.ok(VISITS, { filter: { serviceObjectId: person, includeVoided: true } }, tokens['qfs.worker'])).homeVisits.total).toBe(0);
  });

  it('visit rules: three defaults, replaced by the city admin only, checked whole, restored by an empty list', async () => {
    const admin = tokens['city.admin'];
    expect(byName((await t.ok(RULES, {}, tokens['jfl.worker'])).visitRules)).toEqual(byName(DEFAULT_RULES));
    expect(byName((await t.ok(RULES, {}, tokens['lixia.officer'])).visitRules)).toEqual(byName(DEFAULT_RULES));

    // Two people of 千佛山: one HIGH risk flagged on 2025-05-05, one elderly living alone.
    const flagged = await register(tokens['qfs.worker'], qfsStation, { name: '规则测试高', riskLevel: 'HIGH', riskSince: '2025-05-05' });
    const alone = await register(tokens['qfs.worker'], qfsStation, { name: '规则测试独', categories: ['ELDERLY_LIVING_ALONE'] });
    people.qfsFlagged = flagged;
    people.qfsAlone = alone;
    await record(tokens['qfs.worker'], flagged, '2025-05-06');

    const custom = [
      { name: '  高风险：次日首访，每周两次 ', riskLevel: 'HIGH', period: 'WEEK', minVisits: 2, firstVisitWithinDays: 1 },
      { name: '低保户：每月一次', categories: ['SUBSISTENCE_ALLOWANCE'], period: 'MONTH', minVisits: 1 },
    ];
    for (const who of ['lixia.officer', 'jfl.head', 'jfl.worker', 'lixia.supervisor']) {
      expectCode(await t.gql(SET_RULES, { rules: custom }, tokens[who]), 'FORBIDDEN');
    }
    expect(await ruleCount()).toBe(0);

    const set = (await t.ok(SET_RULES, { rules: custom }, admin)).setVisitRules as Row[];
    const expected = [
      {
        id: expect.any(String),
        name: '高风险：次日首访，每周两次',
        riskLevel: 'HIGH',
        categories: null,
        period: 'WEEK',
        minVisits: 2,
        firstVisitWithinDays: 1,
      },
      {
        id: expect.any(String),
        name: '低保户：每月一次',
        riskLevel: null,
        categories: ['SUBSISTENCE_ALLOWANCE'],
        period: 'MONTH',
        minVisits: 1,
        firstVisitWithinDays: null,
      },
    ];
    expect(byName(set)).toEqual(byName(expected));
    expect(byName((await t.ok(RULES, {}, tokens['qfs.worker'])).visitRules)).toEqual(byName(set));
    expect(await ruleCount()).toBe(2);

    // The custom rules decide: the first visit within one day of the flag, then every 7 ÷ 2 = 3 days;
    // the elderly person living alone is covered by no rule any more.
    const custom0506 = await due(tokens['qfs.worker'], { on: '2025-05-06' });
    expect(custom0506.items).toEqual([]);
    const custom0505 = await due(tokens['qfs.worker'], { on: '2025-05-05', withinDays: 31 });
    expect(custom0505.items).toEqual([
      {
        serviceObjectId: flagged,
        stationId: qfsStation,
        dueOn: '2025-05-06',
        overdue: false,
        daysOverdue: 0,
        lastVisitOn: null,
        rule: '高风险：次日首访，每周两次',
      },
    ]);
    const custom0510 = await due(tokens['qfs.worker'], { on: '2025-05-10' });
    expect(custom0510.items).toEqual([
      {
        serviceObjectId: flagged,
        stationId: qfsStation,
        dueOn: '2025-05-09',
        overdue: true,
        daysOverdue: 1,
        lastVisitOn: '2025-05-06',
        rule: '高风险：次日首访，每周两次',
      },
    ]);

    // A rule naming neither a risk level nor categories (an empty list is none) spoils the whole list: nothing changes.
    for (const bad of [
      { name: '空规则', period: 'MONTH', minVisits: 1 },
      { name: '空类别', categories: [], period: 'MONTH', minVisits: 1 },
    ]) {
      const res = await t.gql(SET_RULES, { rules: [custom[1], bad] }, admin);
      expectCode(res, 'BAD_USER_INPUT');
      expect(errorFields(res)).toEqual(['rules.1.riskLevel']);
    }
    for (const bad of [
      { name: '次数为零', riskLevel: 'HIGH', period: 'WEEK', minVisits: 0 },
      { name: '   ', riskLevel: 'HIGH', period: 'WEEK', minVisits: 1 },
      { name: '首访太晚', riskLevel: 'HIGH', period: 'WEEK', minVisits: 1, firstVisitWithinDays: 61 },
    ]) {
      expectCode(await t.gql(SET_RULES, { rules: [bad] }, admin), 'BAD_USER_INPUT');
    }
    expect(byName((await t.ok(RULES, {}, admin)).visitRules)).toEqual(byName(set));

    // An empty list restores the defaults, and with them the defaults' due days.
    expect(byName((await t.ok(SET_RULES, { rules: [] }, admin)).setVisitRules)).toEqual(byName(DEFAULT_RULES));
    expect(byName((await t.ok(RULES, {}, tokens['qfs.worker'])).visitRules)).toEqual(byName(DEFAULT_RULES));
    expect(await ruleCount()).toBe(0);
    const default0510 = await due(tokens['qfs.worker'], { on: '2025-05-10', withinDays: 6 });
    expect(default0510.items).toEqual([
      { serviceObjectId: flagged, stationId: qfsStation, dueOn: '2025-05-13', overdue: false, daysOverdue: 0, lastVisitOn: '2025-05-06', rule: HIGH_RULE },
      // May has 31 days: the first of two visits is due by day ⌈31 ÷ 2⌉ = 16.
      { serviceObjectId: alone, stationId: qfsStation, dueOn: '2025-05-16', overdue: false, daysOverdue: 0, lastVisitOn: null, rule: ALONE_RULE },
    ]);
  });

  it('due and overdue visits under the default rules, to the day; a worker’s own people', async () => {
    const worker = tokens['jfl.worker'];
    const head = tokens['jfl.head'];
    const D = '2025-03-10';

    // H: HIGH risk, registered long ago, flagged on D. Visits: one before the flag, one after, one voided.
    const H = await register(worker, jflStation, { name: '高风险甲', riskLevel: 'HIGH', riskSince: D });
    people.H = H;
    await record(worker, H, '2025-03-01', 'PHONE');
    await record(worker, H, '2025-03-15', 'HOME');
    const wrong = await record(worker, H, '2025-03-25', 'HOME');
    await t.ok(VOID, { id: wrong.id, reason: '日期录错' }, worker);
    // E: elderly living alone; K: a key category (低保); both registered long ago.
    const E = await register(worker, jflStation, { name: '独居老人乙', categories: ['ELDERLY_LIVING_ALONE'] });
    const K = await register(worker, jflStation, { name: '低保对象丙', categories: ['SUBSISTENCE_ALLOWANCE'] });
    people.E = E;
    const septVoided = await record(worker, E, '2025-09-03', 'HOME');
    await t.ok(VOID, { id: septVoided.id, reason: '未见到本人' }, worker);
    await record(worker, E, '2025-10-05', 'HOME');
    await record(worker, E, '2025-10-20', 'VIDEO');
    // N: elderly living alone, registered half an hour into 2025-10-12 in Jinan (still 10-11 in UTC).
    const N = await register(worker, jflStation, { name: '新登记丁', categories: ['EMPTY_NEST_ELDERLY'], createdAt: '2025-10-12 00:30:00+08' });

    const line = (id: string, dueOn: string, on: string, lastVisitOn: string | null, rule: string) => ({
      serviceObjectId: id,
      stationId: jflStation,
      dueOn,
      overdue: dueOn < on,
      daysOverdue: Math.max(0, daysBetween(dueOn, on)),
      lastVisitOn,
      rule,
    });

    // HIGH risk flagged on D: due by D+3; on D+3 due but not overdue, on D+4 overdue by one day.
    // The visit of 03-01 came before the flag and does not count (though it is the last visit).
    expect((await due(worker, { on: '2025-03-12' })).items.filter((i) => i.serviceObjectId === H)).toEqual([]);
    expect(find(await due(worker, { on: '2025-03-12', withinDays: 1 }), H)).toEqual(line(H, '2025-03-13', '2025-03-12', '2025-03-01', HIGH_RULE));
    expect(find(await due(worker, { on: '2025-03-13' }), H)).toEqual(line(H, '2025-03-13', '2025-03-13', '2025-03-01', HIGH_RULE));
    expect(find(await due(worker, { on: '2025-03-13', overdueOnly: true }), H)).toBeUndefined();
    expect(find(await due(worker, { on: '2025-03-14' }), H)).toEqual({
      ...line(H, '2025-03-13', '2025-03-14', '2025-03-01', HIGH_RULE),
      overdue: true,
      daysOverdue: 1,
    });
    expect(find(await due(worker, { on: '2025-03-14', overdueOnly: true }), H)).toMatchObject({ dueOn: '2025-03-13', daysOverdue: 1 });
    // After the visit on V = 03-15: due by V+7 = 03-22; the voided visit of 03-25 satisfies nothing.
    expect(find(await due(worker, { on: '2025-03-20' }), H)).toBeUndefined();
    expect(find(await due(worker, { on: '2025-03-20', withinDays: 2 }), H)).toEqual(line(H, '2025-03-22', '2025-03-20', '2025-03-15', HIGH_RULE));
    expect(find(await due(worker, { on: '2025-03-22' }), H)).toMatchObject({ dueOn: '2025-03-22', overdue: false, daysOverdue: 0 });
    expect(find(await due(worker, { on: '2025-03-23', overdueOnly: true }), H)).toMatchObject({ dueOn: '2025-03-22', overdue: true, daysOverdue: 1 });
    expect(find(await due(worker, { on: '2025-03-30' }), H)).toEqual(line(H, '2025-03-22', '2025-03-30', '2025-03-15', HIGH_RULE));

    // Elderly living alone, two visits a month: the first by day ⌈days ÷ 2⌉, the second by the month's end.
    // February 2025 (28 days): by the 14th.
    expect(find(await due(worker, { on: '2025-02-20' }), E)).toEqual(line(E, '2025-02-14', '2025-02-20', null, ALONE_RULE));
    // September (30 days): by the 15th; the voided visit of 09-03 is no visit (nor a last visit).
    expect(find(await due(worker, { on: '2025-09-20' }), E)).toEqual(line(E, '2025-09-15', '2025-09-20', null, ALONE_RULE));
    // October (31 days): by the 16th; after the visit of 10-05 the second is due by 10-31; after two, nothing is due.
    expect(find(await due(worker, { on: '2025-10-04', withinDays: 12 }), E)).toEqual(line(E, '2025-10-16', '2025-10-04', null, ALONE_RULE));
    expect(find(await due(worker, { on: '2025-10-04', withinDays: 11 }), E)).toBeUndefined();
    expect(find(await due(worker, { on: '2025-10-17', withinDays: 14 }), E)).toEqual(line(E, '2025-10-31', '2025-10-17', '2025-10-05', ALONE_RULE));
    expect(find(await due(worker, { on: '2025-10-17', withinDays: 13 }), E)).toBeUndefined();
    expect(find(await due(worker, { on: '2025-10-25', withinDays: 31 }), E)).toBeUndefined();
    // November (30 days), no visits yet: by the 15th, exactly.
    expect(find(await due(worker, { on: '2025-11-15' }), E)).toEqual(line(E, '2025-11-15', '2025-11-15', '2025-10-20', ALONE_RULE));
    expect(find(await due(worker, { on: '2025-11-15', overdueOnly: true }), E)).toBeUndefined();
    expect(find(await due(worker, { on: '2025-11-16', overdueOnly: true }), E)).toEqual(line(E, '2025-11-15', '2025-11-16', '2025-10-20', ALONE_RULE));

    // A key category, one visit a month: by the month's end.
    expect(find(await due(worker, { on: '2025-02-20', withinDays: 8 }), K)).toEqual(line(K, '2025-02-28', '2025-02-20', null, KEY_RULE));
    expect(find(await due(worker, { on: '2025-02-20', withinDays: 7 }), K)).toBeUndefined();
    expect(find(await due(worker, { on: '2025-10-10', withinDays: 31 }), K)).toEqual(line(K, '2025-10-31', '2025-10-10', null, KEY_RULE));

    // Never sooner than a week after registration: registered 10-12 (in Jinan), so due by 10-19, not 10-16.
    expect(find(await due(worker, { on: '2025-10-13', withinDays: 31 }), N)).toEqual(line(N, '2025-10-19', '2025-10-13', null, ALONE_RULE));
    expect(find(await due(worker, { on: '2025-10-19' }), N)).toMatchObject({ dueOn: '2025-10-19', overdue: false });
    expect(find(await due(worker, { on: '2025-10-20' }), N)).toMatchObject({ dueOn: '2025-10-19', overdue: true, daysOverdue: 1 });

    // Whose people: flagged HIGH on D as well, registered long ago.
    const M = async (name: string, by: string) => register(tokens[by], jflStation, { name, riskLevel: 'HIGH', riskSince: D });
    const open = async (by: string, serviceObjectId: string, workerId: string) =>
      (await t.ok(OPEN, { i: { serviceObjectId, intakeSource: 'OUTREACH', presentingProblem: '高风险跟进', openedOn: '2025-03-11', workerId } }, tokens[by]))
        .openCase.id as string;
    const close = (caseId: string) => t.ownerQuery(`update case_file set stage = 'CLOSED', closed_on = '2025-03-12' where id = $1`, [caseId]);
    const m1 = await M('站长登记一', 'jfl.head'); // the head's: registered by the head, no case
    const m2 = await M('站长登记二', 'jfl.head');
    await open('jfl.head', m2, ids['jfl.worker']); // the worker's: an open case of theirs
    const m3 = await M('社工登记三', 'jfl.worker');
    await open('jfl.head', m3, ids['jfl.head']); // the head's: an open case of the head, whoever registered
    const m5 = await M('站长登记五', 'jfl.head');
    await close(await open('jfl.head', m5, ids['jfl.worker'])); // the head's: the worker's case is closed
    const m6 = await M('社工登记六', 'jfl.worker');
    await close(await open('jfl.head', m6, ids['jfl.head'])); // the worker's: registered by them, no open case

    const on = '2025-03-14';
    const station = await due(worker, { on });
    expect(station.total).toBe(6);
    expect(idsOf(station)).toEqual([H, m1, m2, m3, m5, m6].sort());
    for (const item of station.items) expect(item).toMatchObject({ dueOn: '2025-03-13', overdue: true, daysOverdue: 1, rule: HIGH_RULE });
    expect((await due(worker, { on, overdueOnly: true })).total).toBe(6);
    // overdueOnly ignores withinDays.
    expect((await due(worker, { on, overdueOnly: true, withinDays: 31 })).total).toBe(6);
    // E is due 03-16 (⌈31 ÷ 2⌉), K on 03-31; N is not registered until October.
    const within2 = await due(worker, { on, withinDays: 2 });
    expect(within2.total).toBe(7);
    expect(within2.items[within2.items.length - 1]).toEqual(line(E, '2025-03-16', on, null, ALONE_RULE));
    const within17 = await due(worker, { on, withinDays: 17 });
    expect(within17.total).toBe(8);
    expect(within17.items.map((i) => i.dueOn)).toEqual([...Array(6).fill('2025-03-13'), '2025-03-16', '2025-03-31']);
    expect(find(within17, N)).toBeUndefined();
    // The station head sees the same station.
    expect(idsOf(await due(head, { on, withinDays: 17 }))).toEqual(idsOf(within17));
    expect(idsOf(await due(tokens['lixia.officer'], { rootId: jflNode, on, withinDays: 17 }))).toEqual(idsOf(within17));

    const mine = await myDue(worker, { on });
    expect(idsOf(mine)).toEqual([H, m2, m6].sort());
    expect(mine.total).toBe(3);
    expect(idsOf(await myDue(worker, { on, withinDays: 17 }))).toEqual([H, m2, m6, E, K].sort());
    const heads = await myDue(head, { on });
    expect(idsOf(heads)).toEqual([m1, m3, m5].sort());
    expect(heads.total).toBe(3);
    // The other station's worker has none of these.
    expect((await myDue(tokens['qfs.worker'], { on, withinDays: 31 })).items.filter((i) => i.stationId === jflStation)).toEqual([]);

    // Paging: a fixed order (due day, then place, then id) split across pages.
    const first = await due(worker, { on, withinDays: 17 }, { offset: 0, limit: 5 });
    const rest = await due(worker, { on, withinDays: 17 }, { offset: 5, limit: 5 });
    expect(first.total).toBe(8);
    expect([...first.items, ...rest.items]).toEqual(within17.items);
  });

  it('the monthly visit rate, exact at month boundaries', async () => {
    const bt = tokens['bt.worker'];
    const reg = (name: string, o: Row = {}) => register(bt, btStation, { name, ...o });
    // A: two visits a month; 10-15 and 10-31 in October, 11-01 alone in November.
    const A = await reg('月度甲', { categories: ['ELDERLY_LIVING_ALONE'] });
    for (const d of ['2025-10-15', '2025-10-31', '2025-11-01']) await record(bt, A, d);
    // B: one a month; only 11-01.
    const B = await reg('月度乙', { categories: ['SUBSISTENCE_ALLOWANCE'] });
    await record(bt, B, '2025-11-01', 'PHONE');
    // C: HIGH risk, weekly, so four a month: four in October (the last on 10-31), three and a voided one in November.
    const C = await reg('月度丙', { riskLevel: 'HIGH', riskSince: '2025-01-06' });
    for (const d of ['2025-10-03', '2025-10-10', '2025-10-17', '2025-10-31', '2025-11-01', '2025-11-08', '2025-11-15']) await record(bt, C, d);
    const voided = await record(bt, C, '2025-11-22');
    await t.ok(VOID, { id: voided.id, reason: '未入户' }, bt);
    // G: HIGH risk and living alone: the strictest rule (4) decides; 2 visits satisfy the other rule only.
    const G = await reg('月度丁', { riskLevel: 'HIGH', riskSince: '2025-01-06', categories: ['ELDERLY_LIVING_ALONE'] });
    for (const d of ['2025-10-08', '2025-10-22']) await record(bt, G, d);
    // L: no rule covers them, visits or not.
    const L = await reg('月度戊');
    await record(bt, L, '2025-10-09');
    // R: registered half an hour into November in Jinan (still October in UTC): due from November only.
    await reg('月度己', { categories: ['ELDERLY_LIVING_ALONE'], createdAt: '2025-11-01 00:30:00+08' });
    // F: registered in December: due in neither month.
    await reg('月度庚', { categories: ['SUBSISTENCE_ALLOWANCE'], createdAt: '2025-12-05 10:00:00+08' });

    expect(await rate(bt, btNode, '2025-09')).toEqual({ month: '2025-09', due: 4, visited: 0, rate: 0 });
    // October: A (2 of 2, counting 10-31), C (4 of 4, counting 10-31); B's and A's 11-01 visits belong to November.
    expect(await rate(bt, btNode, '2025-10')).toEqual({ month: '2025-10', due: 4, visited: 2, rate: 0.5 });
    // November: R is due now; only B (1 of 1) made it. A has one (10-31 is October's), C three (the voided one is none).
    expect(await rate(bt, btNode, '2025-11')).toEqual({ month: '2025-11', due: 5, visited: 1, rate: 0.2 });
    expect(await rate(bt, btNode, '2025-12')).toEqual({ month: '2025-12', due: 6, visited: 0, rate: 0 });
    // The same seen from above.
    expect(await rate(tokens['lixia.officer'], btNode, '2025-10')).toEqual({ month: '2025-10', due: 4, visited: 2, rate: 0.5 });
    expect(await rate(tokens['city.admin'], btNode, '2025-11')).toEqual({ month: '2025-11', due: 5, visited: 1, rate: 0.2 });
    // Nobody to visit: no rate.
    expect(await rate(tokens['lixia.officer'], await t.nodeId('370102014'), '2025-10')).toEqual({ month: '2025-10', due: 0, visited: 0, rate: null });

    for (const month of ['2026-13', '2026-1', '2026-00', '202611', '2026-11-01', '']) {
      const res = await t.gql(RATE, { rootId: btNode, month }, bt);
      expectCode(res, 'BAD_USER_INPUT');
      expect(errorFields(res)).toEqual(['month']);
    }
    // No rule covers L, visited or not.
    expect(find(await due(bt, { on: '2025-10-01', withinDays: 31 }), L)).toBeUndefined();
  });

  it('scope: district officers see their own district only, supervisors no visits, other cities nothing', async () => {
    const lixia = tokens['lixia.officer'];
    const shizhong = tokens['shizhong.officer'];
    const dgy = tokens['dgy.worker'];
    // A person of 大观园 (市中区), HIGH risk since 03-10 like the 历下区 people, with one visit.
    const Z = await register(dgy, await t.stationId('370103001'), { name: '市中区对象', riskLevel: 'HIGH', riskSince: '2025-03-10', region: '370103' });
    const zVisit = await record(dgy, Z, '2025-03-02');
    const on = '2025-03-14';

    const lixiaStations = new Set(
      (
        await t.ownerQuery<{ id: string }>(
          `select s.id from station s join org_unit o on o.id = s.org_unit_id join org_unit d on d.id = $1 where o.path <@ d.path`,
          [lixiaNode],
        )
      ).map((r) => r.id),
    );
    const lixiaDue = await due(lixia, { rootId: lixiaNode, on });
    expect(lixiaDue.items.map((i) => i.serviceObjectId)).toEqual(expect.arrayContaining([people.H]));
    expect(find(lixiaDue, Z)).toBeUndefined();
    for (const item of lixiaDue.items) expect(lixiaStations.has(item.stationId)).toBe(true);
    expect(lixiaDue).toEqual(await due(lixia, { on }));
    expect(find(await due(lixia, { on, withinDays: 2 }), people.E)).toMatchObject({ dueOn: '2025-03-16', stationId: jflStation });

    // The district's rate is the sum of its stations' (the three with people so far).
    for (const month of ['2025-03', '2025-10', '2025-11']) {
      const district = await rate(lixia, lixiaNode, month);
      const parts = await Promise.all([jflNode, qfsNode, btNode].map((n) => rate(lixia, n, month)));
      expect(district.due).toBe(parts.reduce((s, p) => s + p.due, 0));
      expect(district.visited).toBe(parts.reduce((s, p) => s + p.visited, 0));
      expect(district.due).toBeGreaterThan(0);
      expect(await rate(tokens['city.admin'], lixiaNode, month)).toEqual(district);
    }
    const lixiaVisits = (await t.ok(VISITS, { filter: { rootId: lixiaNode, includeVoided: true }, page: { limit: 100 } }, lixia)).homeVisits;
    expect(lixiaVisits.total).toBe(
      (await t.ownerQuery(`select count(*)::int as n from home_visit h join org_unit o on o.id = $1 where h.org_path <@ o.path`, [lixiaNode]))[0].n,
    );
    expect(lixiaVisits.items.some((v: Row) => v.id === zVisit.id)).toBe(false);

    // 市中区: its own people only; 历下区 as a root is not there at all.
    for (const [query, variables] of [
      [DUE, { filter: { rootId: lixiaNode, on } }],
      [MY_DUE, { filter: { rootId: lixiaNode, on } }],
      [VISITS, { filter: { rootId: lixiaNode } }],
      [RATE, { rootId: lixiaNode, month: '2025-03' }],
      [RATE, { rootId: jflNode, month: '2025-03' }],
    ] as const) {
      expectCode(await t.gql(query, variables, shizhong), 'NOT_FOUND');
    }
    const shizhongDue = await due(shizhong, { on, withinDays: 31 });
    expect(shizhongDue.items).toEqual([
      {
        serviceObjectId: Z,
        stationId: await t.stationId('370103001'),
        dueOn: '2025-03-13',
        overdue: true,
        daysOverdue: 1,
        lastVisitOn: '2025-03-02',
        rule: HIGH_RULE,
      },
    ]);
    expect(shizhongDue.total).toBe(1);
    expect(await due(shizhong, { rootId: shizhongNode, on, withinDays: 31 })).toEqual(shizhongDue);
    expect(await rate(shizhong, shizhongNode, '2025-03')).toEqual({ month: '2025-03', due: 1, visited: 0, rate: 0 });
    const shizhongVisits = (await t.ok(VISITS, { filter: { includeVoided: true } }, shizhong)).homeVisits;
    expect(shizhongVisits.items.map((v: Row) => v.id)).toEqual([zVisit.id]);
    expect((await t.ok(VISITS, { filter: { serviceObjectId: people.H } }, shizhong)).homeVisits).toEqual({ total: 0, items: [] });
    expect(find(await due(lixia, { rootId: lixiaNode, on }), Z)).toBeUndefined();

    // The supervisor reads case files, not visits: every visit operation is refused outright.
    const supervisor = tokens['lixia.supervisor'];
    for (const [query, variables] of [
      [VISITS, {}],
      [DUE, { filter: { rootId: jflNode, on } }],
      [MY_DUE, { filter: { on } }],
      [RATE, { rootId: jflNode, month: '2025-03' }],
      [RULES, {}],
      [RECORD, { i: { serviceObjectId: people.H, visitDate: '2025-03-20', kind: 'HOME' } }],
    ] as const) {
      expectCode(await t.gql(query, variables, supervisor), 'FORBIDDEN');
    }

    // Another city: Jinan's nodes do not exist there, its lists are empty, its rules are its own.
    const second = await createSecondCity(t);
    for (const [query, variables] of [
      [DUE, { filter: { rootId: lixiaNode, on } }],
      [DUE, { filter: { rootId: jflNode, on } }],
      [VISITS, { filter: { rootId: lixiaNode } }],
      [RATE, { rootId: lixiaNode, month: '2025-03' }],
    ] as const) {
      expectCode(await t.gql(query, variables, second.adminToken), 'NOT_FOUND');
    }
    expect((await t.ok(VISITS, { filter: { serviceObjectId: people.H, includeVoided: true } }, second.adminToken)).homeVisits).toEqual({ total: 0, items: [] });
    expect((await due(second.adminToken, { on, withinDays: 31 })).total).toBe(0);
    expect((await t.ok(VISITS, { filter: { includeVoided: true } }, second.adminToken)).homeVisits.total).toBe(0);

    // Jinan sets its own rules for a moment: the other city keeps the defaults.
    const jinanRules = (await t.ok(SET_RULES, { rules: [{ name: '济南：高风险每周', riskLevel: 'HIGH', period: 'WEEK', minVisits: 1 }] }, tokens['city.admin']))
      .setVisitRules as Row[];
    try {
      expect(byName((await t.ok(RULES, {}, second.adminToken)).visitRules)).toEqual(byName(DEFAULT_RULES));
      expect((await t.ok(RULES, {}, lixia)).visitRules).toEqual(jinanRules);

      // Wall 1, in SQL as the application role: the other tenant's settings with every Jinan path in scope see no Jinan row.
      const jinanPaths = (await t.ownerQuery<{ path: string }>(`select path::text as path from org_unit where tenant_id = $1`, [jinanId])).map((r) => r.path);
      expect(jinanPaths.length).toBeGreaterThan(150);
      const foreign = { tenantId: second.tenantId, scope: jinanPaths };
      expect(await t.appQuery(foreign, 'select * from home_visit')).toEqual([]);
      expect(await t.appQuery(foreign, 'select * from visit_rule')).toEqual([]);
      expect(await t.appQuery(foreign, 'select * from service_object')).toEqual([]);
      const foreignRules = await t.appQuery(foreign, 'select id, name from visit_rules() order by name');
      expect(foreignRules).toHaveLength(3);
      expect(foreignRules.every((r) => r.id === null)).toBe(true);
      // Positive control: Jinan's own settings see them all.
      const own = { tenantId: jinanId, scope: jinanPaths };
      const [{ n: visits }] = await t.ownerQuery(`select count(*)::int as n from home_visit where tenant_id = $1`, [jinanId]);
      expect(visits).toBeGreaterThan(20);
      expect(await t.appQuery(own, 'select * from home_visit')).toHaveLength(visits);
      expect((await t.appQuery(own, 'select id from visit_rule')).map((r) => r.id)).toEqual(jinanRules.map((r) => r.id));
      expect((await t.appQuery(own, 'select id from visit_rules()')).map((r) => r.id)).toEqual(jinanRules.map((r) => r.id));
      // And Jinan's settings with a scope of 市中区 alone see its one visit, none of 历下区's.
      const [{ path: shizhongPath }] = await t.ownerQuery(`select path::text as path from org_unit where id = $1`, [shizhongNode]);
      expect((await t.appQuery({ tenantId: jinanId, scope: [shizhongPath] }, 'select id from home_visit')).map((r) => r.id)).toEqual([zVisit.id]);
    } finally {
      await t.ok(SET_RULES, { rules: [] }, tokens['city.admin']);
    }
    expect(await ruleCount()).toBe(0);
  });

  it('bounded SQL: the overdue list of a district of 3,000 people takes as many statements as one station’s, and is right', async () => {
    const ON = '2025-03-18';
    const codes = ['370102004', '370102005', '370102006', '370102007', '370102008', '370102009', '370102010', '370102011', '370102012', '370102013'];
    const started = Date.now();
    await t.ownerQuery(
      `with st as (
         select s.tenant_id, s.id, o.path, (row_number() over (order by o.code) - 1)::int as k
           from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
          where s.tenant_id = $1 and o.code = any($2::text[]))
       insert into service_object (tenant_id, station_id, org_path, name, gender, id_number, categories, risk_level, risk_since, registered_by, created_at)
       select st.tenant_id, st.id, st.path, '批量对象' || i, case when i % 2 = 0 then 'MALE' else 'FEMALE' end,
              '370199' || lpad(i::text, 12, '0'),
              (case i % 5 when 0 then '{ELDERLY_LIVING_ALONE}' when 1 then '{SUBSISTENCE_ALLOWANCE}' when 2 then '{}'
                          when 3 then '{EMPTY_NEST_ELDERLY,VERY_OLD}' else '{OTHER}' end)::text[],
              case when i % 7 = 0 then 'HIGH' when i % 7 = 1 then 'MEDIUM' else 'LOW' end,
              case when i % 7 = 0 and i % 28 <> 0 then date '2025-02-01' + (i % 45) end,
              $3,
              -- Registered between 2024-01-01 and 2025-03-26, half of them in the small hours in Jinan.
              ((date '2024-01-01' + (i % 451))::timestamp + case when i % 2 = 0 then interval '00:30' else interval '14:00' end)
                at time zone 'Asia/Shanghai'
         from generate_series(1, 3000) i join st on st.k = i % 10`,
      [jinanId, codes, ids['city.admin']],
    );
    // Visits: a third of the people in March (some after ON, which do not count yet), a quarter in February; every ninth voided.
    await t.ownerQuery(
      `insert into home_visit (tenant_id, service_object_id, station_id, org_path, visit_date, kind, worker_id, voided_at, void_reason)
       select p.tenant_id, p.id, p.station_id, p.org_path, v.d, 'HOME', $2,
              case when n % 9 = 0 then now() end, case when n % 9 = 0 then '批量作废' end
         from (select p.*, substring(p.name from 5)::int as n from service_object p where p.tenant_id = $1 and p.name like '批量对象%') p
         cross join lateral (select date '2025-03-01' + (p.n % 24) as d where p.n % 3 = 0
                             union all select date '2025-02-03' + (p.n % 25) where p.n % 4 = 0
                             union all select date '2025-03-05' + (p.n % 11) where p.n % 5 = 0) v`,
      [jinanId, ids['city.admin']],
    );
    const [{ n: made }] = await t.ownerQuery(`select count(*)::int as n from service_object where name like '批量对象%'`);
    expect(made).toBe(3000);
    expect(Date.now() - started).toBeLessThan(20_000);

    const officer = tokens['lixia.officer'];
    // Each request's statements, and its time: a plan that pairs every person with every other shows up
    // as tens of seconds here (it did: 80 s for the district), whatever the statement count.
    const statements = async (rootId: string) => {
      const spy = spyOnRequestStatements();
      const start = Date.now();
      try {
        const data = await t.ok(DUE, { filter: { rootId, on: ON, overdueOnly: true }, page: { limit: 100 } }, officer);
        return { count: spy.calls.length, ms: Date.now() - start, page: data.dueVisits as { total: number; items: Row[] } };
      } finally {
        spy.mockRestore();
      }
    };
    const oneStation = await statements(await t.nodeId('370102004'));
    const district = await statements(lixiaNode);
    expect(district.ms).toBeLessThan(5_000);
    expect(oneStation.page.total).toBeGreaterThan(0);
    expect(district.page.total).toBeGreaterThan(oneStation.page.total * 5);
    expect(district.page.items).toHaveLength(100);
    expect(district.count).toBe(oneStation.count);
    expect(district.count).toBeLessThanOrEqual(10);

    // The same list worked out here from the rules as documented, person by person.
    const persons = await t.ownerQuery<{ id: string; risk_level: string; risk_since: string | null; categories: string[]; registered: string }>(
      `select p.id, p.risk_level, to_char(p.risk_since, 'YYYY-MM-DD') as risk_since, p.categories,
              to_char((p.created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as registered
         from service_object p join org_unit o on o.id = $1 where p.org_path <@ o.path`,
      [lixiaNode],
    );
    const visitRows = await t.ownerQuery<{ service_object_id: string; d: string }>(
      `select h.service_object_id, to_char(h.visit_date, 'YYYY-MM-DD') as d
         from home_visit h join org_unit o on o.id = $1 where h.org_path <@ o.path and h.voided_at is null`,
      [lixiaNode],
    );
    const visitsOf = new Map<string, string[]>();
    for (const v of visitRows) visitsOf.set(v.service_object_id, [...(visitsOf.get(v.service_object_id) ?? []), v.d]);
    const monthStart = `${ON.slice(0, 7)}-01`;
    const dayOfMonth = (day: number) => `${ON.slice(0, 7)}-${String(day).padStart(2, '0')}`;
    const later = (a: string, b: string) => (a > b ? a : b);
    const expected = new Map<string, string>();
    for (const p of persons) {
      const seen = (visitsOf.get(p.id) ?? []).filter((d) => d <= ON);
      const dues: string[] = [];
      if (p.risk_level === 'HIGH') {
        // Weekly, one visit: the first within 3 days of the flag (or of registration), then 7 days after the last since the flag.
        const flagged = p.risk_since ?? p.registered;
        const since = seen.filter((d) => d >= flagged).sort();
        dues.push(since.length ? addDays(since[since.length - 1], 7) : addDays(flagged, 3));
      }
      const inMonth = seen.filter((d) => d >= monthStart).length;
      const monthly = (n: number) => {
        if (inMonth >= n) return;
        dues.push(later(addDays(p.registered, 7), dayOfMonth(Math.ceil(((inMonth + 1) * daysInMonth(ON)) / n))));
      };
      if (p.categories.some((c) => KEY_CATEGORIES.includes(c))) monthly(1);
      if (p.categories.some((c) => ALONE_CATEGORIES.includes(c))) monthly(2);
      const next = dues.sort()[0];
      if (next && next < ON) expected.set(p.id, next);
    }
    expect(expected.size).toBeGreaterThan(500);
    expect(district.page.total).toBe(expected.size);

    const got = new Map<string, string>();
    for (let offset = 0; offset < district.page.total; offset += 100) {
      const page = await due(officer, { rootId: lixiaNode, on: ON, overdueOnly: true }, { offset, limit: 100 });
      expect(page.total).toBe(expected.size);
      for (const item of page.items) {
        expect(item.dueOn < ON).toBe(true);
        expect(item).toMatchObject({ overdue: true, daysOverdue: daysBetween(item.dueOn, ON) });
        got.set(item.serviceObjectId, item.dueOn);
      }
    }
    expect(got.size).toBe(expected.size);
    expect([...got.entries()].sort()).toEqual([...expected.entries()].sort());

    // The March rate of the district, worked out the same way: people registered by 03-31 whom a rule covers,
    // visited (not voided, in March) at least as often as their strictest rule asks (weekly: four times).
    let rateDue = 0;
    let rateVisited = 0;
    for (const p of persons) {
      const wants = Math.max(
        p.risk_level === 'HIGH' ? 4 : 0,
        p.categories.some((c) => KEY_CATEGORIES.includes(c)) ? 1 : 0,
        p.categories.some((c) => ALONE_CATEGORIES.includes(c)) ? 2 : 0,
      );
      if (!wants || p.registered > '2025-03-31') continue;
      rateDue++;
      if ((visitsOf.get(p.id) ?? []).filter((d) => d >= '2025-03-01' && d <= '2025-03-31').length >= wants) rateVisited++;
    }
    const start = Date.now();
    expect(await rate(officer, lixiaNode, '2025-03')).toEqual({ month: '2025-03', due: rateDue, visited: rateVisited, rate: rateVisited / rateDue });
    expect(Date.now() - start).toBeLessThan(5_000);
  });
});
