import { Client } from 'pg';
import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { CREATE_USER, createSecondCity, errorCode, GqlResult, Json, Row, TestApp } from './support/test-app';

// The statistics rollup (migration StatRollup1764600000000: stat_flow, stat_member,
// stat_member_count, stat_member_paths, kept by statement-level triggers on every source table),
// proved on the properties test/statistics.e2e-spec.ts does not reach:
//
//  1. Concurrent writes keep the totals exact: ~40 mutations fired at once from two stations —
//     activities and volunteer services on the same day and month, the same volunteer several
//     times on one day, voids racing new records — leave every figure equal to an independent
//     count from the records, for the city, the district and each station, over a range that is
//     one rollup period and over ragged ranges; each month, quarter, half-year and year total
//     equals the sum of its days; day totals equal the records; no member row is left spent.
//  2. Every kind of change moves the figures: reopening a closed case, lowering a person's risk,
//     deactivating a volunteer, correcting a session's attendance, voiding a group, moving an
//     activity to another date, voiding a linkage — before and after, against the records.
//  3. Distinct members across paths: one organization mobilized at two stations of a district is
//     counted once for the district and the city and once at each station, over one period and
//     over several; after one of the two activities is voided, still once above, zero at that station.
//  4. Isolation of the rollup tables: row-level security hides them from another tenant and from a
//     sibling district, reading and writing; and `statistics` on 历下区 is NOT_FOUND for both.
//
// The expected figures are never hard-coded from the rollup: `recordsSay` counts them straight
// from the records, as the owner, with no code shared with the service. The demo city has no
// service records besides the ones made here (the file has a database of its own).

const FIG = `totalServices caseRecords casesOpened casesClosed casesActive groupSessions groupPersonTimes communityActivities
  communityPersonTimes personTimes homeVisits volunteerServices volunteerHours volunteersActive volunteersRegistered serviceObjects
  highRiskObjects organizationsMobilized linkages charityMoney`;
const STATS = `query($nodeId: ID!, $from: Date!, $to: Date!) { statistics(nodeId: $nodeId, from: $from, to: $to) {
  figures { ${FIG} } objectsByRisk { riskLevel count }
  children { nodeId code own figures { ${FIG} } } monthly { month figures { ${FIG} } } } }`;
const RANKING = `query($nodeId: ID!, $from: Date!, $to: Date!, $metric: RankMetric!, $limit: Int!) {
  stationRanking(nodeId: $nodeId, from: $from, to: $to, metric: $metric, limit: $limit) { rank stationId name code value } }`;

const REGISTER = `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { id } }`;
const UPDATE_OBJECT = `mutation($id: ID!, $input: ServiceObjectDetailsInput!) { updateServiceObject(id: $id, input: $input) { id riskLevel } }`;
const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`;
const REOPEN = `mutation($caseId: ID!, $input: ReopenCaseInput!) { reopenCase(caseId: $caseId, input: $input) { id stage } }`;
const CREATE_GROUP = `mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }`;
const ADD_MEMBER = `mutation($groupId: ID!, $input: GroupMemberInput!) { addGroupMember(groupId: $groupId, input: $input) { id } }`;
const RECORD_SESSION = `mutation($groupId: ID!, $input: GroupSessionInput!) { recordGroupSession(groupId: $groupId, input: $input) { id } }`;
const CORRECT_SESSION = `mutation($sessionId: ID!, $input: GroupSessionInput!) { correctGroupSession(sessionId: $sessionId, input: $input) { id } }`;
const VOID_GROUP = `mutation($id: ID!, $input: VoidInput!) { voidGroup(id: $id, input: $input) { id voidedAt } }`;
const RECORD_ACTIVITY = `mutation($input: RecordCommunityActivityInput!) { recordCommunityActivity(input: $input) { id } }`;
const CORRECT_ACTIVITY = `mutation($id: ID!, $input: CommunityActivityDetailsInput!) { correctCommunityActivity(id: $id, input: $input) { id activityDate } }`;
const VOID_ACTIVITY = `mutation($id: ID!, $input: VoidInput!) { voidCommunityActivity(id: $id, input: $input) { id voidedAt } }`;
const REGISTER_VOLUNTEER = `mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { id } }`;
const UPDATE_VOLUNTEER = `mutation($id: ID!, $input: VolunteerDetailsInput!) { updateVolunteer(id: $id, input: $input) { id status } }`;
const RECORD_SERVICE = `mutation($input: VolunteerServiceInput!) { recordVolunteerService(input: $input) { id } }`;
const VOID_SERVICE = `mutation($id: ID!, $input: VoidInput!) { voidVolunteerService(id: $id, input: $input) { id } }`;
const CREATE_ORG = `mutation($input: OrganizationInput!) { createSocialOrganization(input: $input) { id } }`;
const MOBILIZE = `mutation($activityId: ID!, $ids: [ID!]!) { mobilizeOrganizations(activityId: $activityId, organizationIds: $ids) { id } }`;
const RECORD_LINKAGE = `mutation($input: LinkageInput!) { recordLinkage(input: $input) { id } }`;
const VOID_LINKAGE = `mutation($id: ID!, $input: VoidInput!) { voidLinkage(id: $id, input: $input) { id voidedAt } }`;

type Figures = Record<string, number | string | null>;

/** Figures summed over the period (a month of the series has these and no stocks). */
const FLOWS = [
  'totalServices',
  'caseRecords',
  'casesOpened',
  'casesClosed',
  'groupSessions',
  'groupPersonTimes',
  'communityActivities',
  'communityPersonTimes',
  'personTimes',
  'homeVisits',
  'volunteerServices',
  'volunteerHours',
  'volunteersActive',
  'organizationsMobilized',
  'linkages',
  'charityMoney',
] as const;
/** Figures standing on the last day. */
const STOCKS = ['casesActive', 'volunteersRegistered', 'serviceObjects', 'highRiskObjects'] as const;

const pick = (f: Row, keys: readonly string[]): Figures => Object.fromEntries(keys.map((k) => [k, f[k]]));

/** Each calendar month of [from, to], clipped to it, as the monthly series names it. */
function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  for (let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCMonth(d.getUTCMonth() + 1)) {
    const first = d.toISOString().slice(0, 10);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    out.push({ month: first.slice(0, 7), from: first < from ? from : first, to: last > to ? to : last });
  }
  return out;
}

describe('statistics rollup: exact under concurrency, moved by every change, distinct across paths, isolated', () => {
  let t: TestApp;
  let jinanId: string;
  const tokens: Record<string, string> = {};
  const nodes: Record<string, string> = {};
  const paths: Record<string, string> = {};
  const stations: Record<string, string> = {};
  let seq = 300;
  /** One owner connection for the many counts (a connection per count is slow on a loaded machine). */
  let owner: Client;
  const ownerSql = async <T = Json>(sql: string, params: unknown[] = []): Promise<T[]> => (await owner.query(sql, params)).rows as T[];
  // The 17th digit records the sex (odd for a man).
  const idNumber = (birth: string, gender: 'MALE' | 'FEMALE' = 'FEMALE') => {
    if (seq % 2 !== (gender === 'MALE' ? 1 : 0)) seq++;
    return makeIdentityNumber('370102', birth, String(seq++));
  };

  const stats = async (nodeId: string, from: string, to: string, token = tokens['city.admin']) =>
    (await t.ok(STATS, { nodeId, from, to }, token)).statistics as Row;

  /**
   * The figures counted straight from the records, as the owner: every record whose org_path lies
   * in the subtree of `path` (or at exactly `path`, as a station ranks), dated in [from, to];
   * stocks as they stand on `to`; voided records, and sessions of voided groups, left out.
   */
  async function recordsSay(path: string, from: string, to: string, exact = false): Promise<Figures> {
    const at = (a: string) => `${a}.tenant_id = $1 and ${exact ? `${a}.org_path = $2::ltree` : `${a}.org_path <@ $2::ltree`}`;
    const [r] = await ownerSql(
      `with zone as (select time_zone as tz from tenant where id = $1)
       select
        (select count(*) from case_note n where ${at('n')} and n.note_date between $3 and $4)::int as "caseRecords",
        (select count(*) from case_file c where ${at('c')} and c.opened_on between $3 and $4)::int as "casesOpened",
        (select count(*) from case_file c where ${at('c')} and c.closed_on between $3 and $4)::int as "casesClosed",
        (select count(*) from case_file c where ${at('c')} and c.opened_on <= $4 and (c.closed_on is null or c.closed_on > $4))::int as "casesActive",
        (select count(*) from group_session s
          where ${at('s')} and s.session_date between $3 and $4 and s.voided_at is null
            and not exists (select 1 from group_work g where g.id = s.group_id and g.voided_at is not null))::int as "groupSessions",
        (select count(*) from session_attendance a join group_session s on s.id = a.session_id
          where ${at('s')} and s.session_date between $3 and $4 and s.voided_at is null
            and not exists (select 1 from group_work g where g.id = s.group_id and g.voided_at is not null))::int as "groupPersonTimes",
        (select count(*) from community_activity a where ${at('a')} and a.activity_date between $3 and $4 and a.voided_at is null)::int as "communityActivities",
        (select coalesce(sum(a.participant_count), 0) from community_activity a
          where ${at('a')} and a.activity_date between $3 and $4 and a.voided_at is null)::int as "communityPersonTimes",
        (select count(*) from home_visit v where ${at('v')} and v.visit_date between $3 and $4 and v.voided_at is null)::int as "homeVisits",
        (select count(*) from volunteer_service s where ${at('s')} and s.service_date between $3 and $4 and s.voided_at is null)::int as "volunteerServices",
        (select coalesce(sum(s.hours), 0)::numeric(14, 2)::text from volunteer_service s
          where ${at('s')} and s.service_date between $3 and $4 and s.voided_at is null) as "volunteerHours",
        (select count(distinct s.volunteer_id) from volunteer_service s
          where ${at('s')} and s.service_date between $3 and $4 and s.voided_at is null)::int as "volunteersActive",
        (select count(*) from volunteer v where ${at('v')} and v.status = 'ACTIVE' and v.registered_on <= $4)::int as "volunteersRegistered",
        (select count(*) from service_object p, zone where ${at('p')} and (p.created_at at time zone zone.tz)::date <= $4)::int as "serviceObjects",
        (select count(*) from service_object p, zone
          where ${at('p')} and (p.created_at at time zone zone.tz)::date <= $4 and p.risk_level = 'HIGH')::int as "highRiskObjects",
        (select count(distinct m.organization_id) from organization_mobilization m join community_activity a on a.id = m.activity_id
          where ${at('a')} and a.activity_date between $3 and $4 and a.voided_at is null)::int as "organizationsMobilized",
        (select count(*) from linkage l where ${at('l')} and l.linkage_date between $3 and $4 and l.voided_at is null)::int as linkages,
        ((select coalesce(sum(k.money), 0) from linkage_contribution k join linkage l on l.id = k.linkage_id
           where ${at('l')} and l.linkage_date between $3 and $4 and l.voided_at is null)
         + (select coalesce(sum(c.amount), 0) from charity_resource c
           where ${at('c')} and c.linkage_id is null and c.received_on between $3 and $4 and c.voided_at is null))::numeric(14, 2)::text as "charityMoney"`,
      [jinanId, path, from, to],
    );
    return {
      ...r,
      totalServices: r.caseRecords + r.groupSessions + r.communityActivities + r.homeVisits + r.volunteerServices,
      personTimes: r.groupPersonTimes + r.communityPersonTimes,
    };
  }

  /** People registered by `to` in the subtree, by risk level (levels with nobody left out). */
  async function risksSay(path: string, to: string): Promise<Record<string, number>> {
    const rows = await ownerSql(
      `select p.risk_level, count(*)::int as n from service_object p join tenant t on t.id = p.tenant_id
        where p.tenant_id = $1 and p.org_path <@ $2::ltree and (p.created_at at time zone t.time_zone)::date <= $3 group by 1`,
      [jinanId, path, to],
    );
    return Object.fromEntries(rows.map((r) => [r.risk_level, r.n]));
  }

  const childPaths = new Map<string, string>();
  async function pathOf(nodeId: string): Promise<string> {
    if (!childPaths.has(nodeId)) childPaths.set(nodeId, (await ownerSql(`select path::text as path from org_unit where id = $1`, [nodeId]))[0].path);
    return childPaths.get(nodeId)!;
  }

  /**
   * `statistics` of a node over [from, to] against the records: the headline figures, the
   * people by risk, each child node, and each month of the series. Returns the report.
   */
  async function agrees(node: string, from: string, to: string, token = tokens['city.admin']): Promise<Row> {
    const label = `${node} ${from}…${to}`;
    const report = await stats(nodes[node], from, to, token);
    expect({ label, ...pick(report.figures, [...FLOWS, ...STOCKS]) }).toEqual({ label, ...(await recordsSay(paths[node], from, to)) });
    const byRisk = Object.fromEntries(report.objectsByRisk.map((r: Row) => [r.riskLevel, r.count]));
    expect({ label, byRisk }).toEqual({ label, byRisk: await risksSay(paths[node], to) });
    for (const child of report.children.filter((c: Row) => !c.own)) {
      const childLabel = `${label} child ${child.code}`;
      expect({ childLabel, ...pick(child.figures, [...FLOWS, ...STOCKS]) }).toEqual({
        childLabel,
        ...(await recordsSay(await pathOf(child.nodeId), from, to)),
      });
    }
    const months = monthsOf(from, to);
    expect(report.monthly.map((m: Row) => m.month)).toEqual(months.map((m) => m.month));
    for (const [i, m] of months.entries()) {
      const monthLabel = `${label} month ${m.month}`;
      expect({ monthLabel, ...pick(report.monthly[i].figures, FLOWS) }).toEqual({ monthLabel, ...pick(await recordsSay(paths[node], m.from, m.to), FLOWS) });
    }
    return report;
  }

  /** Stations of a node ranked by a figure: each value equals the records at exactly that station's path. */
  async function rankingAgrees(node: string, from: string, to: string, metric: string, token = tokens['city.admin']): Promise<Row[]> {
    const ranking = (await t.ok(RANKING, { nodeId: nodes[node], from, to, metric, limit: 200 }, token)).stationRanking as Row[];
    expect(ranking.length).toBeGreaterThan(1);
    const stationPaths = new Map(
      (
        await ownerSql<{ id: string; path: string }>(`select id, org_path::text as path from station where id = any($1::uuid[])`, [
          ranking.map((r) => r.stationId),
        ])
      ).map((r) => [r.id, r.path]),
    );
    for (const r of ranking) {
      const path = stationPaths.get(r.stationId)!;
      expect({ code: r.code, metric, value: r.value }).toEqual({ code: r.code, metric, value: String((await recordsSay(path, from, to, true))[metric]) });
    }
    return ranking;
  }

  /**
   * The rollup's own invariants, by owner SQL over every tenant; each list must be empty:
   * - every month, quarter, half-year and year total equals the sum of the day totals in it (flows and members);
   * - no member row with n <= 0 is left behind;
   * - stat_member_count holds, per path and period, the number of members seen there, and
   *   stat_member_paths, per member and period, the number of paths it is seen at.
   */
  async function invariantsBroken(): Promise<Row> {
    const periodOf = (grain: string, day: string) => `case ${grain}
        when 'M' then date_trunc('month', ${day})::date
        when 'Q' then date_trunc('quarter', ${day})::date
        when 'H' then make_date(extract(year from ${day})::int, case when extract(month from ${day}) <= 6 then 1 else 7 end, 1)
        else date_trunc('year', ${day})::date end`;
    const flowGrains = await ownerSql(
      `with coarse as (select tenant_id, metric, org_path, grain, period, value from stat_flow where grain <> 'D'),
            days as (select d.tenant_id, d.metric, d.org_path, g.grain, ${periodOf('g.grain', 'd.period')} as period, sum(d.value) as value
                       from stat_flow d cross join (values ('M'::"char"), ('Q'), ('H'), ('Y')) g(grain) where d.grain = 'D' group by 1, 2, 3, 4, 5)
       select metric, org_path::text, grain::text, period::text, coarse.value::text as kept, days.value::text as "sumOfDays"
         from coarse full join days using (tenant_id, metric, org_path, grain, period)
        where coalesce(coarse.value, 0) <> coalesce(days.value, 0)`,
    );
    const memberGrains = await ownerSql(
      `with coarse as (select tenant_id, metric, org_path, member_id, grain, period, n from stat_member where grain <> 'D'),
            days as (select d.tenant_id, d.metric, d.org_path, d.member_id, g.grain, ${periodOf('g.grain', 'd.period')} as period, sum(d.n) as n
                       from stat_member d cross join (values ('M'::"char"), ('Q'), ('H'), ('Y')) g(grain) where d.grain = 'D' group by 1, 2, 3, 4, 5, 6)
       select metric, org_path::text, member_id, grain::text, period::text, coarse.n as kept, days.n as "sumOfDays"
         from coarse full join days using (tenant_id, metric, org_path, member_id, grain, period)
        where coalesce(coarse.n, 0) <> coalesce(days.n, 0)`,
    );
    const [{ spent }] = await ownerSql(`select count(*)::int as spent from stat_member where n <= 0`);
    const memberCounts = await ownerSql(
      `with seen as (select tenant_id, metric, grain, period, org_path, count(*)::int as members from stat_member group by 1, 2, 3, 4, 5)
       select metric, grain::text, period::text, org_path::text, c.members as kept, seen.members as seen
         from stat_member_count c full join seen using (tenant_id, metric, grain, period, org_path)
        where coalesce(c.members, 0) <> coalesce(seen.members, 0)`,
    );
    const memberPaths = await ownerSql(
      `with seen as (select tenant_id, metric, grain, period, member_id, count(*)::int as paths from stat_member group by 1, 2, 3, 4, 5)
       select metric, grain::text, period::text, member_id, p.paths as kept, seen.paths as seen
         from stat_member_paths p full join seen using (tenant_id, metric, grain, period, member_id)
        where coalesce(p.paths, 0) <> coalesce(seen.paths, 0)`,
    );
    return { flowGrains, memberGrains, spent, memberCounts, memberPaths };
  }
  const NONE_BROKEN = { flowGrains: [], memberGrains: [], spent: 0, memberCounts: [], memberPaths: [] };

  beforeAll(async () => {
    t = await TestApp.start();
    owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    [{ id: jinanId }] = await ownerSql(`select id from tenant where code = 'jinan'`);
    Object.assign(tokens, await t.loginAll(['city.admin', 'lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'qfs.worker']));
    for (const [key, code] of Object.entries({ city: '370100', lixia: '370102', shizhong: '370103', jfl: '370102001', qfs: '370102002', dgy: '370103001' })) {
      nodes[key] = await t.nodeId(code);
      paths[key] = await pathOf(nodes[key]);
    }
    for (const [key, code] of Object.entries({ jfl: '370102001', qfs: '370102002' })) stations[key] = await t.stationId(code);
    // A social worker of the whole district, to link one organization to activities of both its stations.
    await t.ok(
      CREATE_USER,
      { input: { username: 'lixia.worker', displayName: '历下区社工', password: 'Lixia@Worker2026', orgUnitId: nodes.lixia, role: 'SOCIAL_WORKER' } },
      tokens['city.admin'],
    );
    tokens['lixia.worker'] = await t.login('lixia.worker', 'Lixia@Worker2026');
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const activity = async (token: string, station: 'jfl' | 'qfs', activityDate: string, participantCount: number) =>
    (await t.ok(RECORD_ACTIVITY, { input: { stationId: stations[station], nodeId: nodes[station], title: '社区活动', activityDate, participantCount } }, token))
      .recordCommunityActivity.id as string;
  const volunteer = async (token: string, station: 'jfl' | 'qfs', registeredOn: string) => {
    const input = { nodeId: nodes[station], name: `志愿者${seq}`, gender: 'MALE', idNumber: idNumber('1990-05-05', 'MALE'), registeredOn, status: 'ACTIVE' };
    const id = (await t.ok(REGISTER_VOLUNTEER, { input: { ...input, stationId: stations[station] } }, token)).registerVolunteer.id as string;
    return { id, input };
  };
  const serve = async (token: string, volunteerId: string, serviceDate: string, hours: string) =>
    (await t.ok(RECORD_SERVICE, { input: { volunteerId, serviceDate, hours, source: 'STANDALONE' } }, token)).recordVolunteerService.id as string;
  const voidIt = (mutation: string, id: string, token: string) => t.ok(mutation, { id, input: { reason: '误录' } }, token);

  it('1. concurrent writes keep the totals exact: every node and range equals the records; coarse periods equal the sum of their days', async () => {
    const jw = tokens['jfl.worker'];
    const qw = tokens['qfs.worker'];
    const [vj1, vj2] = [await volunteer(jw, 'jfl', '2025-09-01'), await volunteer(jw, 'jfl', '2025-09-01')];
    const [vq1, vq2] = [await volunteer(qw, 'qfs', '2025-09-01'), await volunteer(qw, 'qfs', '2025-09-01')];
    // Records to be voided while new ones are written beside them (same day, same rollup rows).
    const doomedActivities = [
      await activity(jw, 'jfl', '2025-11-12', 40),
      await activity(jw, 'jfl', '2025-11-12', 41),
      await activity(qw, 'qfs', '2025-11-12', 42),
    ];
    const doomedServices = [
      await serve(jw, vj1.id, '2025-11-12', '1'),
      await serve(jw, vj1.id, '2025-11-12', '1.5'),
      await serve(qw, vq1.id, '2025-11-12', '2'),
    ];

    const writes: Promise<unknown>[] = [];
    // Activities at both stations on one day (2025-11-12) and across November, and on the edges of the ragged range.
    for (let i = 0; i < 8; i++) writes.push(activity(jw, 'jfl', '2025-11-12', 10 + i));
    for (let i = 0; i < 6; i++) writes.push(activity(qw, 'qfs', '2025-11-12', 20 + i));
    for (const [day, n] of [
      ['2025-11-01', 7],
      ['2025-11-30', 8],
      ['2025-10-02', 5],
      ['2025-10-03', 6],
      ['2025-12-17', 9],
      ['2025-12-18', 4],
    ] as const) {
      writes.push(activity(jw, 'jfl', day, n));
      writes.push(activity(qw, 'qfs', day, n + 1));
    }
    // The same volunteer several times on one day, at once; others on the range's edges.
    for (const hours of ['2.25', '0.75', '3', '1.25']) writes.push(serve(jw, vj1.id, '2025-11-12', hours));
    for (const hours of ['1.5', '2.5', '0.5']) writes.push(serve(qw, vq1.id, '2025-11-12', hours));
    writes.push(
      serve(jw, vj2.id, '2025-10-03', '4'),
      serve(jw, vj2.id, '2025-12-18', '2'),
      serve(qw, vq2.id, '2025-12-17', '1.1'),
      serve(qw, vq2.id, '2025-11-30', '0.9'),
    );
    // Voids racing the new records, and records voided as soon as they are made.
    for (const id of doomedActivities) writes.push(voidIt(VOID_ACTIVITY, id, id === doomedActivities[2] ? qw : jw));
    for (const id of doomedServices) writes.push(voidIt(VOID_SERVICE, id, id === doomedServices[2] ? qw : jw));
    writes.push(activity(jw, 'jfl', '2025-11-12', 99).then((id) => voidIt(VOID_ACTIVITY, id, jw)));
    writes.push(activity(qw, 'qfs', '2025-11-12', 98).then((id) => voidIt(VOID_ACTIVITY, id, qw)));
    writes.push(serve(jw, vj1.id, '2025-11-12', '5').then((id) => voidIt(VOID_SERVICE, id, jw)));
    writes.push(serve(qw, vq1.id, '2025-11-12', '6').then((id) => voidIt(VOID_SERVICE, id, qw)));
    expect(writes.length).toBeGreaterThanOrEqual(40);
    await Promise.all(writes);

    // The race did land where intended: on 11-12, the 8 new activities at JFL and the 6 at QFS stand; the voided ones do not.
    const [{ jfl, qfs }] = await ownerSql(
      `select count(*) filter (where org_path = $2::ltree)::int as jfl, count(*) filter (where org_path = $3::ltree)::int as qfs
         from community_activity where tenant_id = $1 and activity_date = '2025-11-12' and voided_at is null`,
      [jinanId, paths.jfl, paths.qfs],
    );
    expect({ jfl, qfs }).toEqual({ jfl: 8, qfs: 6 });

    // Every node, over one rollup period (a half-year, a month) and over ragged ranges.
    const ranges: [string, string][] = [
      ['2025-07-01', '2025-12-31'], // H
      ['2025-11-01', '2025-11-30'], // M
      ['2025-10-03', '2025-12-17'], // days, a month, days
      ['2025-11-12', '2025-11-12'], // the contended day
      ['2025-09-15', '2026-01-10'], // across a year end
    ];
    for (const [from, to] of ranges) {
      await agrees('city', from, to);
      await agrees('lixia', from, to, tokens['lixia.officer']);
      await agrees('jfl', from, to, tokens['jfl.head']);
      await agrees('qfs', from, to);
    }
    const november = await agrees('lixia', '2025-11-01', '2025-11-30', tokens['lixia.officer']);
    expect(november.figures.communityActivities).toBeGreaterThan(14); // not vacuous
    for (const metric of ['communityPersonTimes', 'volunteerHours', 'volunteersActive']) await rankingAgrees('lixia', '2025-10-03', '2025-12-17', metric);

    // The day totals are the records, per path and day, and the members seen are the volunteers who served.
    const dayOff = await ownerSql(
      `with truth as (
         select org_path, activity_date as day, 'communityActivities' as metric, count(*)::numeric as value from community_activity where voided_at is null group by 1, 2
         union all select org_path, activity_date, 'communityPersonTimes', sum(participant_count) from community_activity where voided_at is null group by 1, 2
         union all select org_path, service_date, 'volunteerServices', count(*) from volunteer_service where voided_at is null group by 1, 2
         union all select org_path, service_date, 'volunteerHours', sum(hours) from volunteer_service where voided_at is null group by 1, 2),
       kept as (select org_path, period as day, metric, value from stat_flow
                 where tenant_id = $1 and grain = 'D' and metric in ('communityActivities', 'communityPersonTimes', 'volunteerServices', 'volunteerHours'))
       select metric, org_path::text, day::text, truth.value::text as records, kept.value::text as kept
         from truth full join kept using (org_path, day, metric) where coalesce(truth.value, 0) <> coalesce(kept.value, 0)`,
      [jinanId],
    );
    expect(dayOff).toEqual([]);
    const membersOff = await ownerSql(
      `with truth as (select org_path, service_date as period, volunteer_id as member_id, count(*)::int as n from volunteer_service where voided_at is null group by 1, 2, 3),
       kept as (select org_path, period, member_id, n from stat_member where tenant_id = $1 and metric = 'volunteersActive' and grain = 'D')
       select org_path::text, period::text, member_id, truth.n as records, kept.n as kept
         from truth full join kept using (org_path, period, member_id) where coalesce(truth.n, 0) <> coalesce(kept.n, 0)`,
      [jinanId],
    );
    expect(membersOff).toEqual([]);
    expect(await invariantsBroken()).toEqual(NONE_BROKEN);
  });

  it('2. every kind of change moves the figures: reopening, risk, deactivation, attendance, a voided group, a moved activity, a voided linkage', async () => {
    const jw = tokens['jfl.worker'];
    const quarter = ['2025-10-01', '2025-12-31'] as const; // one rollup period (Q)
    const ragged = ['2025-10-03', '2025-12-17'] as const;
    /** JFL, 历下区 and the city over both ranges against the records; the JFL figures of each range. */
    const check = async () => {
      const out: Row[] = [];
      for (const [from, to] of [quarter, ragged]) {
        const jfl = await agrees('jfl', from, to, tokens['jfl.head']);
        await agrees('lixia', from, to, tokens['lixia.officer']);
        await agrees('city', from, to);
        out.push({ ...jfl.figures, byRisk: Object.fromEntries(jfl.objectsByRisk.map((r: Row) => [r.riskLevel, r.count])) });
      }
      return out;
    };
    /** What changed between two checks, per range: only the figures that moved. */
    const moved = (before: Row[], after: Row[]) =>
      before.map((b, i) => {
        const diff: Row = {};
        for (const k of [...FLOWS, ...STOCKS]) if (b[k] !== after[i][k]) diff[k] = [b[k], after[i][k]];
        for (const level of new Set([...Object.keys(b.byRisk), ...Object.keys(after[i].byRisk)]))
          if ((b.byRisk[level] ?? 0) !== (after[i].byRisk[level] ?? 0)) diff[`risk:${level}`] = [b.byRisk[level] ?? 0, after[i].byRisk[level] ?? 0];
        return diff;
      });

    // A HIGH-risk person registered 2025-10-10 (back-dated), with a case opened 10-15 and closed 11-20 (by SQL: closing needs the head's approval flow).
    const personInput = { name: '周凤英', gender: 'FEMALE', idNumber: idNumber('1948-02-14'), categories: ['ELDERLY_LIVING_ALONE'], riskLevel: 'HIGH' };
    const person = (await t.ok(REGISTER, { input: { ...personInput, stationId: stations.jfl } }, jw)).registerServiceObject.id as string;
    await ownerSql(`update service_object set created_at = '2025-10-10 10:00+08' where id = $1`, [person]);
    const caseId = (
      await t.ok(OPEN_CASE, { input: { serviceObjectId: person, openedOn: '2025-10-15', intakeSource: 'OUTREACH', presentingProblem: '独居，行动不便' } }, jw)
    ).openCase.id as string;
    await ownerSql(
      `update case_file set stage = 'CLOSED', closed_on = '2025-11-20', closure_reason = 'GOALS_ACHIEVED', closure_summary = '目标达成' where id = $1`,
      [caseId],
    );
    const vol = await volunteer(jw, 'jfl', '2025-10-20');
    const group = (
      await t.ok(
        CREATE_GROUP,
        { input: { stationId: stations.jfl, name: '长者互助小组', goal: '增进互助', plannedSessions: 4, startDate: '2025-10-01', endDate: '2025-12-31' } },
        jw,
      )
    ).createGroup.id as string;
    const members: string[] = [];
    for (const residentName of ['居民甲', '居民乙', '居民丙'])
      members.push((await t.ok(ADD_MEMBER, { groupId: group, input: { residentName, joinedOn: '2025-10-01' } }, jw)).addGroupMember.id);
    const sessionInput = (sessionDate: string, attendeeIds: string[]) => ({ sessionDate, durationMinutes: 90, topic: '分享', attendeeIds });
    const s1 = (await t.ok(RECORD_SESSION, { groupId: group, input: sessionInput('2025-11-05', members) }, jw)).recordGroupSession.id as string;
    await t.ok(RECORD_SESSION, { groupId: group, input: sessionInput('2025-12-20', members.slice(0, 2)) }, jw); // after the ragged range
    const moving = await activity(jw, 'jfl', '2025-11-25', 33);
    const linkage = (
      await t.ok(
        RECORD_LINKAGE,
        {
          input: {
            stationId: stations.jfl,
            nodeId: nodes.jfl,
            linkageDate: '2025-11-10',
            title: '五社联动',
            contributions: [{ party: 'CHARITY_RESOURCES', money: '500.25' }],
          },
        },
        jw,
      )
    ).recordLinkage.id as string;

    let before = await check();
    expect(before[0]).toMatchObject({ casesClosed: 1, casesActive: 0, highRiskObjects: 1, groupSessions: 2, groupPersonTimes: 5 });
    expect(before[1]).toMatchObject({ casesClosed: 1, casesActive: 0, groupSessions: 1, groupPersonTimes: 3 });
    const step = async (change: () => Promise<unknown>, expected: Row[]) => {
      await change();
      const after = await check();
      expect(moved(before, after)).toEqual(expected);
      before = after;
    };

    // Reopening the closed case: no longer closed in either range, active again on the last day.
    await step(
      () => t.ok(REOPEN, { caseId, input: { toStage: 'ASSESSMENT', reason: '再次跌倒，需重新预估' } }, jw),
      [
        { casesClosed: [1, 0], casesActive: [0, 1] },
        { casesClosed: [1, 0], casesActive: [0, 1] },
      ],
    );
    // HIGH → LOW: one high-risk person fewer, one more LOW.
    await step(
      () => t.ok(UPDATE_OBJECT, { id: person, input: { ...personInput, riskLevel: 'LOW' } }, jw),
      [0, 1].map((i) => ({ highRiskObjects: [1, 0], 'risk:HIGH': [1, 0], 'risk:LOW': [before[i].byRisk.LOW ?? 0, (before[i].byRisk.LOW ?? 0) + 1] })),
    );
    // Deactivating a volunteer: one registered fewer.
    const registered = before.map((b) => b.volunteersRegistered as number);
    await step(
      () => t.ok(UPDATE_VOLUNTEER, { id: vol.id, input: { ...vol.input, status: 'INACTIVE' } }, jw),
      registered.map((n) => ({ volunteersRegistered: [n, n - 1] })),
    );
    // Correcting a session down to one attendee: its attendance rows are deleted and replaced.
    const personTimes = before.map((b) => b.personTimes as number);
    await step(
      () => t.ok(CORRECT_SESSION, { sessionId: s1, input: sessionInput('2025-11-05', members.slice(0, 1)) }, jw),
      [
        { groupPersonTimes: [5, 3], personTimes: [personTimes[0], personTimes[0] - 2] },
        { groupPersonTimes: [3, 1], personTimes: [personTimes[1], personTimes[1] - 2] },
      ],
    );
    // Voiding the group: its sessions and their person-times go.
    const [totals, times] = [before.map((b) => b.totalServices as number), before.map((b) => b.personTimes as number)];
    await step(
      () => voidIt(VOID_GROUP, group, jw),
      [
        { groupSessions: [2, 0], groupPersonTimes: [3, 0], personTimes: [times[0], times[0] - 3], totalServices: [totals[0], totals[0] - 2] },
        { groupSessions: [1, 0], groupPersonTimes: [1, 0], personTimes: [times[1], times[1] - 1], totalServices: [totals[1], totals[1] - 1] },
      ],
    );
    // Moving an activity from 11-25 to 12-20: still in the quarter, out of the ragged range.
    const [acts, people, all] = [before[1].communityActivities as number, before[1].communityPersonTimes as number, before[1].totalServices as number];
    await step(
      () => t.ok(CORRECT_ACTIVITY, { id: moving, input: { nodeId: nodes.jfl, title: '社区活动', activityDate: '2025-12-20', participantCount: 33 } }, jw),
      [
        {},
        {
          communityActivities: [acts, acts - 1],
          communityPersonTimes: [people, people - 33],
          personTimes: [before[1].personTimes, (before[1].personTimes as number) - 33],
          totalServices: [all, all - 1],
        },
      ],
    );
    // Voiding the linkage: its money and the linkage itself go.
    await step(
      () => voidIt(VOID_LINKAGE, linkage, jw),
      before.map((b) => ({ linkages: [b.linkages, (b.linkages as number) - 1], charityMoney: [b.charityMoney, (Number(b.charityMoney) - 500.25).toFixed(2)] })),
    );
    expect(await invariantsBroken()).toEqual(NONE_BROKEN);
  });

  it('3. distinct members across paths: one organization mobilized at two stations counts once for the district and the city, once at each station', async () => {
    const lw = tokens['lixia.worker'];
    const org = (await t.ok(CREATE_ORG, { input: { nodeId: nodes.lixia, name: '历下区邻里互助会', type: 'MUTUAL_AID', legalStatus: 'FILED' } }, lw))
      .createSocialOrganization.id as string;
    // Both on 2025-12-09: the day, the month, the quarter, the half-year and the year each hold it at two paths.
    const atJfl = await activity(lw, 'jfl', '2025-12-09', 12);
    const atQfs = await activity(lw, 'qfs', '2025-12-09', 15);
    await t.ok(MOBILIZE, { activityId: atJfl, ids: [org] }, lw);
    await t.ok(MOBILIZE, { activityId: atQfs, ids: [org] }, lw);
    await t.ok(MOBILIZE, { activityId: atQfs, ids: [org] }, lw); // again: nothing new
    const [{ paths: pathsSeen }] = await ownerSql(
      `select paths from stat_member_paths where metric = 'organizationsMobilized' and grain = 'M' and period = '2025-12-01' and member_id = $1`,
      [org],
    );
    expect(pathsSeen).toBe(2);

    const single: [string, string][] = [
      ['2025-12-09', '2025-12-09'], // D
      ['2025-12-01', '2025-12-31'], // M
      ['2025-10-01', '2025-12-31'], // Q
      ['2025-07-01', '2025-12-31'], // H
      ['2025-01-01', '2025-12-31'], // Y
    ];
    const several: [string, string][] = [
      ['2025-12-03', '2025-12-17'], // days
      ['2025-11-15', '2026-01-10'], // days, a month, days, across the year end
      ['2025-10-01', '2026-03-31'], // a quarter and a quarter
    ];
    const mobilized = async (node: string, from: string, to: string) => (await agrees(node, from, to)).figures.organizationsMobilized as number;
    for (const [from, to] of [...single, ...several]) {
      const label = `${from}…${to}`;
      expect({
        label,
        city: await mobilized('city', from, to),
        lixia: await mobilized('lixia', from, to),
        jfl: await mobilized('jfl', from, to),
        qfs: await mobilized('qfs', from, to),
      }).toEqual({
        label,
        city: 1,
        lixia: 1,
        jfl: 1,
        qfs: 1,
      });
      // The district's children: each station once. The city's child 历下区: once.
      const district = await stats(nodes.lixia, from, to);
      const child = (report: Row, code: string) => report.children.find((c: Row) => c.code === code).figures.organizationsMobilized;
      expect({ label, jfl: child(district, '370102001'), qfs: child(district, '370102002') }).toEqual({ label, jfl: 1, qfs: 1 });
      expect({ label, lixia: child(await stats(nodes.city, from, to), '370102') }).toEqual({ label, lixia: 1 });
      // Stations ranked by it: 1 each, the rest 0.
      const ranking = await rankingAgrees('lixia', from, to, 'organizationsMobilized');
      expect(ranking.slice(0, 2).map((r) => [r.code, r.value])).toEqual([
        ['370102001', '1'],
        ['370102002', '1'],
      ]);
    }

    // Void the JFL activity: still once for the district and the city, now zero at JFL.
    await voidIt(VOID_ACTIVITY, atJfl, lw);
    for (const [from, to] of [...single, ...several]) {
      const label = `${from}…${to}`;
      expect({
        label,
        city: await mobilized('city', from, to),
        lixia: await mobilized('lixia', from, to),
        jfl: await mobilized('jfl', from, to),
        qfs: await mobilized('qfs', from, to),
      }).toEqual({
        label,
        city: 1,
        lixia: 1,
        jfl: 0,
        qfs: 1,
      });
    }
    const [{ paths: pathsLeft }] = await ownerSql(
      `select paths from stat_member_paths where metric = 'organizationsMobilized' and grain = 'M' and period = '2025-12-01' and member_id = $1`,
      [org],
    );
    expect(pathsLeft).toBe(1);
    expect(await invariantsBroken()).toEqual(NONE_BROKEN);
  });

  it('4. the rollup tables are isolated: another tenant and a sibling district see none of 历下区’s totals, cannot write them, and statistics answer NOT_FOUND', async () => {
    // 历下区 has totals in every rollup table (self-contained: one activity with a mobilized organization and a volunteer service).
    const jw = tokens['jfl.worker'];
    const act = await activity(jw, 'jfl', '2025-10-21', 8);
    const org = (await t.ok(CREATE_ORG, { input: { nodeId: nodes.jfl, name: '解放路书画社', type: 'MUTUAL_AID', legalStatus: 'FILED' } }, jw))
      .createSocialOrganization.id;
    await t.ok(MOBILIZE, { activityId: act, ids: [org] }, jw);
    await serve(jw, (await volunteer(jw, 'jfl', '2025-10-01')).id, '2025-10-21', '2');

    const TABLES = ['stat_flow', 'stat_member', 'stat_member_count'];
    const qd = await createSecondCity(t);
    const [{ path: qdRoot }] = await ownerSql(`select path::text as path from org_unit where tenant_id = $1 and level = 1`, [qd.tenantId]);
    const jinanPaths = (await ownerSql<{ path: string }>(`select path::text as path from org_unit where tenant_id = $1 and level <= 2`, [jinanId])).map(
      (r) => r.path,
    );
    for (const table of [...TABLES, 'stat_member_paths']) {
      const [{ n: jinanRows }] = await ownerSql(`select count(*)::int as n from ${table} where tenant_id = $1`, [jinanId]);
      expect({ table, some: jinanRows > 0 }).toEqual({ table, some: true });
      // Qingdao's settings, with its own root or even with every Jinan district in scope: nothing of Jinan's.
      for (const scope of [[qdRoot], jinanPaths]) {
        const seen = await t.appQuery({ tenantId: qd.tenantId, scope }, `select tenant_id from ${table}`);
        expect({ table, scope: scope.length, jinan: seen.filter((r) => r.tenant_id === jinanId).length }).toEqual({ table, scope: scope.length, jinan: 0 });
      }
      expect({ table, rows: await t.appQuery(null, `select tenant_id from ${table}`) }).toEqual({ table, rows: [] });
      // Positive control: Jinan's settings over the whole city see every Jinan row.
      const asJinan = await t.appQuery({ tenantId: jinanId, scope: [paths.city] }, `select tenant_id from ${table}`);
      expect({ table, n: asJinan.length }).toEqual({ table, n: jinanRows });
    }
    for (const table of TABLES) {
      // 市中区's scope sees no 历下区 total (and nothing outside 市中区); 历下区's own scope sees all of them.
      const [{ n: lixiaRows }] = await ownerSql(`select count(*)::int as n from ${table} where tenant_id = $1 and org_path <@ $2::ltree`, [
        jinanId,
        paths.lixia,
      ]);
      expect(lixiaRows).toBeGreaterThan(0);
      const asShizhong = await t.appQuery<{ path: string }>({ tenantId: jinanId, scope: [paths.shizhong] }, `select org_path::text as path from ${table}`);
      expect({ table, outside: asShizhong.filter((r) => !r.path.startsWith(paths.shizhong)) }).toEqual({ table, outside: [] });
      const [{ n: lixiaAsShizhong }] = await t.appQuery(
        { tenantId: jinanId, scope: [paths.shizhong] },
        `select count(*)::int as n from ${table} where org_path <@ $1::ltree`,
        [paths.lixia],
      );
      expect({ table, lixiaAsShizhong }).toEqual({ table, lixiaAsShizhong: 0 });
      const [{ n: lixiaAsLixia }] = await t.appQuery({ tenantId: jinanId, scope: [paths.lixia] }, `select count(*)::int as n from ${table}`);
      expect({ table, lixiaAsLixia }).toEqual({ table, lixiaAsLixia: lixiaRows });
    }

    // Writing: another tenant's or a sibling district's settings change no 历下区 total and cannot add one.
    const probes: [string, { tenantId: string; scope: string[] }][] = [
      ['qingdao', { tenantId: qd.tenantId, scope: [qdRoot] }],
      ['shizhong', { tenantId: jinanId, scope: [paths.shizhong] }],
    ];
    for (const [who, settings] of probes) {
      expect({
        who,
        updated: await t.appQuery(settings, `update stat_flow set value = value + 1 where tenant_id = $1 and org_path <@ $2::ltree returning 1`, [
          jinanId,
          paths.lixia,
        ]),
      }).toEqual({ who, updated: [] });
      expect({
        who,
        deleted: await t.appQuery(settings, `delete from stat_member where tenant_id = $1 and org_path <@ $2::ltree returning 1`, [jinanId, paths.lixia]),
      }).toEqual({ who, deleted: [] });
      await expect(
        t.appQuery(
          settings,
          `insert into stat_flow (tenant_id, metric, grain, period, org_path, value) values ($1, 'linkages', 'D', '2025-10-21', $2::ltree, 1000)`,
          [jinanId, paths.jfl],
        ),
      ).rejects.toThrow(/row-level security/);
    }

    // And through the API: Qingdao's admin and 市中区's officer asking for 历下区 get NOT_FOUND, nothing else.
    const expectNotFound = (res: GqlResult) => {
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(res.data ?? null).toBeNull();
    };
    for (const token of [qd.adminToken, tokens['shizhong.officer']]) {
      expectNotFound(await t.gql(STATS, { nodeId: nodes.lixia, from: '2025-10-01', to: '2025-12-31' }, token));
      expectNotFound(await t.gql(STATS, { nodeId: nodes.jfl, from: '2025-10-21', to: '2025-10-21' }, token));
      expectNotFound(await t.gql(RANKING, { nodeId: nodes.lixia, from: '2025-10-01', to: '2025-12-31', metric: 'organizationsMobilized', limit: 5 }, token));
    }
    // 市中区's own figures hold nothing of 历下区's.
    const shizhong = await stats(nodes.shizhong, '2025-07-01', '2025-12-31', tokens['shizhong.officer']);
    expect(pick(shizhong.figures, [...FLOWS, ...STOCKS])).toEqual(await recordsSay(paths.shizhong, '2025-07-01', '2025-12-31'));
    expect(shizhong.figures).toMatchObject({ communityActivities: 0, volunteerServices: 0, organizationsMobilized: 0 });
  });
});
