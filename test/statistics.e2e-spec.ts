import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { CREATE_USER, createSecondCity, errorCode, errorFields, expectCode, Row, spyOnRequestStatements, TestApp } from './support/test-app';

// Statistics: the headline figures of a subtree (`statistics`), their breakdown by child node and
// by month, `stationRanking` and `reportingCompleteness`, over HTTP against the demo city Jinan.
// The demo has staff rosters and nothing else, so beforeAll builds a small city of KNOWN records
// through the API — in 解放路 (JFL, 370102001), 千佛山 (QFS, 370102002), 大观园 (DGY, 370103001 in
// 市中区) and one voided activity at 南门 (NM, 370102003) — with voided records and records on the
// month boundary (2025-10-31 / 2025-11-01). Registration times of people are back-dated by SQL
// (a person's registration day is the day their row was created, in the city's time zone), and two
// cases are closed by SQL (the closure flow stamps today's date). Every expected number below is
// derived, in comments, from this table of records:
//
//  people (created, Asia/Shanghai)           station  risk    categories
//   P1 2025-09-10 10:00                      JFL      HIGH    ELDERLY_LIVING_ALONE, EMPTY_NEST_ELDERLY
//   P2 2025-10-15 10:00                      JFL      MEDIUM  CHILD_IN_DIFFICULTY
//   P3 2025-12-05 10:00 (after the period)   JFL      LOW     FAMILY_IN_DIFFICULTY
//   Q1 2025-11-01 00:30 (10-31 16:30 UTC)    QFS      HIGH    DISABLED_ELDERLY
//   Q2 2025-09-01 09:00                      QFS      LOW     —
//   S1 2025-10-31 23:30 (10-31 15:30 UTC)    DGY      HIGH    EXTREME_POVERTY, ELDERLY_LIVING_ALONE
//  cases: C1 P1 opened 09-20 closed 10-31 | C2 P2 opened 10-31 | C3 Q1 opened 11-01 |
//         C4 Q2 opened 10-10 closed 11-01 | C5 S1 opened 11-15 | C6 P3 opened 12-06
//  case notes: C1 09-25, 10-31 | C2 10-31, 11-01 | C3 11-01 | C4 10-20 | C5 11-20, 12-01
//  groups: G1 JFL sessions 10-31 (3 attend), 11-01 (2), 11-10 (3, VOIDED session)
//          G2 QFS session 10-15 (2) | G3 QFS session 10-20 (1), the group VOIDED
//  activities (participants): A6 JFL 09-30 (99) | A1 JFL 10-31 (30) | A2 JFL 11-01 (20) |
//          A3 JFL 11-05 (50, VOIDED) | A4 QFS 10-08 (15) | A5 DGY 11-11 (50) | A7 NM 10-20 (9, VOIDED)
//  home visits: V1 JFL P1 10-31 | V2 JFL P2 11-01 | V3 JFL P1 11-02 VOIDED | V4 QFS Q1 11-03 |
//          V5 QFS Q2 10-05 | V6 QFS Q2 10-06 | V7 DGY S1 11-20
//  volunteers (registered, status): VOL1 JFL 09-01 | VOL2 JFL 11-01 | VOL3 QFS 10-10 |
//          VOL4 QFS 10-12 INACTIVE | VOL5 DGY 10-01 | VOL6 DGY 12-01
//  volunteer services (hours): VS7 VOL1 09-30 8 | VS1 VOL1 10-31 2.5 | VS2 VOL1 11-01 3.25 (at A2) |
//          VS3 VOL2 11-02 1.75 VOIDED | VS4 VOL3 10-15 4 | VS5 VOL3 11-30 0.5 | VS6 VOL5 11-20 1.1
//  organizations (cultivated since): O1 JFL@山大路社区 10-31 | O2 JFL — | O3 QFS 11-01 | O4 DGY 09-15 |
//          O5 JFL —;  mobilized: A1 ← O1, O2 | A2 ← O1 | A3 (voided) ← O5 | A4 ← O3 | A5 ← O4
//  linkages (money / goods): L1 JFL 10-31 1000.50 / 200.25 | L2 QFS 11-01 300 / 50.10 |
//          L3 JFL 11-15 999.99 VOIDED | L4 DGY 11-20 0.01 / 0
//  charity resources: CR1 JFL 10-31 500 / 0 | CR2 QFS 11-01 0 / 123.45 | CR3 DGY 12-01 77 / 0

const FIG = `totalServices caseRecords casesOpened casesClosed casesActive groupSessions groupPersonTimes communityActivities
  communityPersonTimes personTimes homeVisits volunteerServices volunteerHours volunteersActive volunteersRegistered serviceObjects
  highRiskObjects organizationsMobilized organizationsNewlyCultivated linkages charityMoney charityGoodsValue`;
const STATS = `query($nodeId: ID!, $from: Date!, $to: Date!) { statistics(nodeId: $nodeId, from: $from, to: $to) {
  nodeId from to figures { ${FIG} } objectsByCategory { category count } objectsByRisk { riskLevel count }
  staffing { stations compliant staff certified } visitRate
  children { nodeId code name own figures { ${FIG} } } monthly { month figures { ${FIG} } } } }`;
const RANKING = `query($nodeId: ID!, $from: Date!, $to: Date!, $metric: RankMetric!, $limit: Int!) {
  stationRanking(nodeId: $nodeId, from: $from, to: $to, metric: $metric, limit: $limit) { rank stationId name code value } }`;
const COMPLETENESS = `query($nodeId: ID!, $month: String!) { reportingCompleteness(nodeId: $nodeId, month: $month) {
  month stations reporting rate silent { stationId name code } } }`;

const REGISTER = `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { id } }`;
const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`;
const ADD_NOTE = `mutation($caseId: ID!, $input: CaseNoteInput!) { addCaseNote(caseId: $caseId, input: $input) { id } }`;
const CREATE_GROUP = `mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }`;
const ADD_MEMBER = `mutation($groupId: ID!, $input: GroupMemberInput!) { addGroupMember(groupId: $groupId, input: $input) { id } }`;
const RECORD_SESSION = `mutation($groupId: ID!, $input: GroupSessionInput!) { recordGroupSession(groupId: $groupId, input: $input) { id } }`;
const VOID_SESSION = `mutation($sessionId: ID!, $input: VoidInput!) { voidGroupSession(sessionId: $sessionId, input: $input) { id voidedAt } }`;
const VOID_GROUP = `mutation($id: ID!, $input: VoidInput!) { voidGroup(id: $id, input: $input) { id voidedAt } }`;
const RECORD_ACTIVITY = `mutation($input: RecordCommunityActivityInput!) { recordCommunityActivity(input: $input) { id } }`;
const VOID_ACTIVITY = `mutation($id: ID!, $input: VoidInput!) { voidCommunityActivity(id: $id, input: $input) { id voidedAt } }`;
const RECORD_VISIT = `mutation($input: HomeVisitInput!) { recordHomeVisit(input: $input) { id } }`;
const VOID_VISIT = `mutation($id: ID!, $input: VoidInput!) { voidHomeVisit(id: $id, input: $input) { id voidedAt } }`;
const REGISTER_VOLUNTEER = `mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { id } }`;
const RECORD_SERVICE = `mutation($input: VolunteerServiceInput!) { recordVolunteerService(input: $input) { id } }`;
const VOID_SERVICE = `mutation($id: ID!, $input: VoidInput!) { voidVolunteerService(id: $id, input: $input) { id } }`;
const CREATE_ORG = `mutation($input: OrganizationInput!) { createSocialOrganization(input: $input) { id } }`;
const MOBILIZE = `mutation($activityId: ID!, $ids: [ID!]!) { mobilizeOrganizations(activityId: $activityId, organizationIds: $ids) { id } }`;
const RECORD_LINKAGE = `mutation($input: LinkageInput!) { recordLinkage(input: $input) { id } }`;
const VOID_LINKAGE = `mutation($id: ID!, $input: VoidInput!) { voidLinkage(id: $id, input: $input) { id voidedAt } }`;
const RECORD_CHARITY = `mutation($input: CharityResourceInput!) { recordCharityResource(input: $input) { id } }`;

type Figures = Record<string, number | string | null>;

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
  'organizationsNewlyCultivated',
  'linkages',
  'charityMoney',
  'charityGoodsValue',
] as const;
const STOCKS = ['casesActive', 'volunteersRegistered', 'serviceObjects', 'highRiskObjects'] as const;
const DECIMALS = new Set(['volunteerHours', 'charityMoney', 'charityGoodsValue']);
/** Distinct counts (people, organizations): a month's figure counts each once, so months do not add up to the period. */
const DISTINCT = new Set(['volunteersActive', 'organizationsMobilized']);

/** All-zero figures (stocks 0, or null in a monthly series) with the given ones set. */
function figures(set: Figures, stocks: 0 | null = 0): Figures {
  const f: Figures = {};
  for (const m of FLOWS) f[m] = DECIMALS.has(m) ? '0.00' : 0;
  for (const m of STOCKS) f[m] = stocks;
  return { ...f, ...set };
}
/** Exact sum of decimal strings with two places, in fen. */
const cents = (s: string) => {
  expect(s).toMatch(/^\d+\.\d{2}$/);
  return Number(s.replace('.', ''));
};
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

// ---- the expected figures, hard-coded from the table above ----

/** The city, 2025-10-01 … 2025-11-30. */
const CITY: Figures = {
  caseRecords: 6, // C1 10-31, C2 10-31 + 11-01, C3 11-01, C4 10-20, C5 11-20 (not C1 09-25, C5 12-01)
  casesOpened: 4, // C2 10-31, C3 11-01, C4 10-10, C5 11-15 (not C1 09-20, C6 12-06)
  casesClosed: 2, // C1 10-31, C4 11-01
  casesActive: 3, // on 11-30: C2, C3, C5 (C1, C4 closed; C6 not yet opened)
  groupSessions: 3, // G1 10-31, G1 11-01, G2 10-15 (not the voided G1 session, not G3's: the group is voided)
  groupPersonTimes: 7, // 3 + 2 + 2
  communityActivities: 4, // A1, A2, A4, A5 (A3, A7 voided; A6 09-30)
  communityPersonTimes: 115, // 30 + 20 + 15 + 50
  personTimes: 122, // 7 + 115
  homeVisits: 6, // V1, V2, V4, V5, V6, V7 (V3 voided)
  volunteerServices: 5, // VS1, VS2, VS4, VS5, VS6 (VS3 voided, VS7 09-30)
  volunteerHours: '11.35', // 2.5 + 3.25 + 4 + 0.5 + 1.1
  volunteersActive: 3, // VOL1, VOL3, VOL5 (VOL2's only service is voided)
  volunteersRegistered: 4, // active by 11-30: VOL1, VOL2, VOL3, VOL5 (VOL4 inactive, VOL6 12-01)
  serviceObjects: 5, // registered by 11-30: P1, P2, Q1, Q2, S1 (P3 12-05)
  highRiskObjects: 3, // P1, Q1, S1
  organizationsMobilized: 4, // O1, O2 (A1), O3 (A4), O4 (A5); O5 only by the voided A3
  organizationsNewlyCultivated: 2, // O1 10-31, O3 11-01 (O4 09-15)
  linkages: 3, // L1, L2, L4 (L3 voided)
  charityMoney: '1800.51', // L1 1000.50 + L2 300 + L4 0.01 + CR1 500
  charityGoodsValue: '373.80', // L1 200.25 + L2 50.10 + CR2 123.45
  totalServices: 24, // 6 case records + 3 sessions + 4 activities + 6 visits + 5 volunteer services
};
/** 历下区 over the same period: JFL + QFS (NM has only a voided activity). */
const LIXIA = figures({
  caseRecords: 5,
  casesOpened: 3,
  casesClosed: 2,
  casesActive: 2, // C1..C4: C2, C3 active
  groupSessions: 3,
  groupPersonTimes: 7,
  communityActivities: 3,
  communityPersonTimes: 65, // A1 30 + A2 20 + A4 15
  personTimes: 72,
  homeVisits: 5,
  volunteerServices: 4,
  volunteerHours: '10.25',
  volunteersActive: 2, // VS1, VS2, VS4, VS5; VOL1, VOL3
  volunteersRegistered: 3,
  serviceObjects: 4,
  highRiskObjects: 2, // VOL1-3; P1, P2, Q1, Q2; P1, Q1
  organizationsMobilized: 3,
  organizationsNewlyCultivated: 2,
  linkages: 2, // O1-O3; O1, O3; L1, L2
  charityMoney: '1800.50',
  charityGoodsValue: '373.80',
  totalServices: 20, // 5 + 3 + 3 + 5 + 4
});
/** 市中区: DGY alone. */
const SHIZHONG = figures({
  caseRecords: 1,
  casesOpened: 1,
  casesActive: 1, // C5 (note 11-20)
  communityActivities: 1,
  communityPersonTimes: 50,
  personTimes: 50, // A5
  homeVisits: 1,
  volunteerServices: 1,
  volunteerHours: '1.10',
  volunteersActive: 1,
  volunteersRegistered: 1, // V7; VS6; VOL5
  serviceObjects: 1,
  highRiskObjects: 1,
  organizationsMobilized: 1,
  linkages: 1, // S1; O4 (cultivated 09-15: not new); L4
  charityMoney: '0.01',
  totalServices: 4, // 1 + 1 + 1 + 1
});
/** 解放路 alone. */
const JFL = figures({
  caseRecords: 3,
  casesOpened: 1,
  casesClosed: 1,
  casesActive: 1, // C1 10-31, C2 ×2; C2 opened; C1 closed; C2 active
  groupSessions: 2,
  groupPersonTimes: 5,
  communityActivities: 2,
  communityPersonTimes: 50,
  personTimes: 55,
  homeVisits: 2,
  volunteerServices: 2,
  volunteerHours: '5.75',
  volunteersActive: 1,
  volunteersRegistered: 2,
  serviceObjects: 2,
  highRiskObjects: 1,
  organizationsMobilized: 2,
  organizationsNewlyCultivated: 1,
  linkages: 1,
  charityMoney: '1500.50',
  charityGoodsValue: '200.25',
  totalServices: 11, // 3 + 2 + 2 + 2 + 2
});
/** October only (2025-10-01 … 10-31), the city. */
const OCTOBER_FLOWS: Figures = {
  caseRecords: 3, // C1 10-31, C2 10-31, C4 10-20
  casesOpened: 2, // C2 10-31, C4 10-10
  casesClosed: 1, // C1 10-31
  groupSessions: 2,
  groupPersonTimes: 5, // G1 10-31 (3), G2 10-15 (2)
  communityActivities: 2,
  communityPersonTimes: 45,
  personTimes: 50, // A1 30, A4 15
  homeVisits: 3, // V1 10-31, V5, V6
  volunteerServices: 2,
  volunteerHours: '6.50',
  volunteersActive: 2, // VS1 2.5, VS4 4
  organizationsMobilized: 3,
  organizationsNewlyCultivated: 1,
  linkages: 1, // O1, O2, O3; O1; L1
  charityMoney: '1500.50',
  charityGoodsValue: '200.25', // L1 + CR1
  totalServices: 12, // 3 + 2 + 2 + 3 + 2
};
const OCTOBER_STOCKS: Figures = {
  casesActive: 2, // on 10-31: C2, C4 (C1 closed that day)
  volunteersRegistered: 3, // VOL1, VOL3, VOL5
  serviceObjects: 4, // P1, P2, Q2, S1 (23:30 Beijing time on 10-31); not Q1 (00:30 on 11-01)
  highRiskObjects: 2, // P1, S1
};
/** November only, the city. */
const NOVEMBER_FLOWS: Figures = {
  caseRecords: 3, // C2 11-01, C3 11-01, C5 11-20
  casesOpened: 2, // C3, C5
  casesClosed: 1, // C4 11-01
  groupSessions: 1,
  groupPersonTimes: 2, // G1 11-01
  communityActivities: 2,
  communityPersonTimes: 70,
  personTimes: 72, // A2 20, A5 50
  homeVisits: 3, // V2 11-01, V4, V7
  volunteerServices: 3,
  volunteerHours: '4.85',
  volunteersActive: 3, // VS2 3.25, VS5 0.5, VS6 1.1
  organizationsMobilized: 2,
  organizationsNewlyCultivated: 1,
  linkages: 2, // O1, O4; O3; L2, L4
  charityMoney: '300.01',
  charityGoodsValue: '173.55', // L2 300 + L4 0.01; L2 50.10 + CR2 123.45
  totalServices: 12, // 3 + 1 + 2 + 3 + 3
};
const NOVEMBER_STOCKS: Figures = { casesActive: 3, volunteersRegistered: 4, serviceObjects: 5, highRiskObjects: 3 };

describe('statistics: figures from the records, breakdowns, ranking, completeness, access', () => {
  let t: TestApp;
  let jinanId: string;
  const tokens: Record<string, string> = {};
  const nodes: Record<string, string> = {};
  const stations: Record<string, string> = {};
  const paths: Record<string, string> = {};
  /** Texts and identity numbers that must never show in statistics. */
  const secrets: string[] = [];
  let seq = 500;

  const idNumber = (region: string, birth: string, gender: 'MALE' | 'FEMALE' = 'FEMALE') => {
    // The 17th digit records the sex (odd for a man).
    if (seq % 2 !== (gender === 'MALE' ? 1 : 0)) seq++;
    const n = makeIdentityNumber(region, birth, String(seq++));
    secrets.push(n);
    return n;
  };
  const stats = async (nodeId: string, from: string, to: string, token = tokens['city.admin']) =>
    (await t.ok(STATS, { nodeId, from, to }, token)).statistics as Row;

  /** The same figures, counted straight from the tables as the owner (no code of the service shared). */
  async function sqlFigures(path: string, from: string, to: string): Promise<Figures> {
    const [r] = await t.ownerQuery(
      `select
        (select count(*) from case_note n where n.tenant_id = $1 and n.org_path <@ $2::ltree and n.note_date >= $3 and n.note_date <= $4)::int as "caseRecords",
        (select count(*) from case_file c where c.tenant_id = $1 and c.org_path <@ $2::ltree and c.opened_on >= $3 and c.opened_on <= $4)::int as "casesOpened",
        (select count(*) from case_file c where c.tenant_id = $1 and c.org_path <@ $2::ltree and c.closed_on >= $3 and c.closed_on <= $4)::int as "casesClosed",
        (select count(*) from case_file c where c.tenant_id = $1 and c.org_path <@ $2::ltree and c.opened_on <= $4 and (c.closed_on is null or c.closed_on > $4))::int as "casesActive",
        (select count(*) from group_session s join group_work g on g.id = s.group_id
          where s.tenant_id = $1 and g.org_path <@ $2::ltree and s.session_date >= $3 and s.session_date <= $4 and s.voided_at is null and g.voided_at is null)::int as "groupSessions",
        (select count(*) from session_attendance a join group_session s on s.id = a.session_id join group_work g on g.id = s.group_id
          where a.tenant_id = $1 and g.org_path <@ $2::ltree and s.session_date >= $3 and s.session_date <= $4 and s.voided_at is null and g.voided_at is null)::int as "groupPersonTimes",
        (select count(*) from community_activity a where a.tenant_id = $1 and a.org_path <@ $2::ltree and a.activity_date >= $3 and a.activity_date <= $4 and a.voided_at is null)::int as "communityActivities",
        (select coalesce(sum(a.participant_count), 0) from community_activity a
          where a.tenant_id = $1 and a.org_path <@ $2::ltree and a.activity_date >= $3 and a.activity_date <= $4 and a.voided_at is null)::int as "communityPersonTimes",
        (select count(*) from home_visit v where v.tenant_id = $1 and v.org_path <@ $2::ltree and v.visit_date >= $3 and v.visit_date <= $4 and v.voided_at is null)::int as "homeVisits",
        (select count(*) from volunteer_service s where s.tenant_id = $1 and s.org_path <@ $2::ltree and s.service_date >= $3 and s.service_date <= $4 and s.voided_at is null)::int as "volunteerServices",
        (select coalesce(sum(s.hours), 0)::numeric(14, 2)::text from volunteer_service s
          where s.tenant_id = $1 and s.org_path <@ $2::ltree and s.service_date >= $3 and s.service_date <= $4 and s.voided_at is null) as "volunteerHours",
        (select count(distinct s.volunteer_id) from volunteer_service s
          where s.tenant_id = $1 and s.org_path <@ $2::ltree and s.service_date >= $3 and s.service_date <= $4 and s.voided_at is null)::int as "volunteersActive",
        (select count(*) from volunteer v where v.tenant_id = $1 and v.org_path <@ $2::ltree and v.registered_on <= $4 and v.status = 'ACTIVE')::int as "volunteersRegistered",
        (select count(*) from service_object p where p.tenant_id = $1 and p.org_path <@ $2::ltree and (p.created_at at time zone 'Asia/Shanghai')::date <= $4)::int as "serviceObjects",
        (select count(*) from service_object p
          where p.tenant_id = $1 and p.org_path <@ $2::ltree and (p.created_at at time zone 'Asia/Shanghai')::date <= $4 and p.risk_level = 'HIGH')::int as "highRiskObjects",
        (select count(distinct m.organization_id) from organization_mobilization m join community_activity a on a.id = m.activity_id
          where a.tenant_id = $1 and a.org_path <@ $2::ltree and a.activity_date >= $3 and a.activity_date <= $4 and a.voided_at is null)::int as "organizationsMobilized",
        (select count(*) from social_organization o where o.tenant_id = $1 and o.org_path <@ $2::ltree and o.cultivated_since >= $3 and o.cultivated_since <= $4)::int as "organizationsNewlyCultivated",
        (select count(*) from linkage l where l.tenant_id = $1 and l.org_path <@ $2::ltree and l.linkage_date >= $3 and l.linkage_date <= $4 and l.voided_at is null)::int as linkages,
        ((select coalesce(sum(k.money), 0) from linkage_contribution k join linkage l on l.id = k.linkage_id
           where l.tenant_id = $1 and l.org_path <@ $2::ltree and l.linkage_date >= $3 and l.linkage_date <= $4 and l.voided_at is null)
         + (select coalesce(sum(c.amount), 0) from charity_resource c
           where c.tenant_id = $1 and c.org_path <@ $2::ltree and c.received_on >= $3 and c.received_on <= $4 and c.voided_at is null))::numeric(14, 2)::text as "charityMoney",
        ((select coalesce(sum(k.goods_value), 0) from linkage_contribution k join linkage l on l.id = k.linkage_id
           where l.tenant_id = $1 and l.org_path <@ $2::ltree and l.linkage_date >= $3 and l.linkage_date <= $4 and l.voided_at is null)
         + (select coalesce(sum(c.goods_value), 0) from charity_resource c
           where c.tenant_id = $1 and c.org_path <@ $2::ltree and c.received_on >= $3 and c.received_on <= $4 and c.voided_at is null))::numeric(14, 2)::text as "charityGoodsValue"`,
      [jinanId, path, from, to],
    );
    return {
      ...r,
      totalServices: r.caseRecords + r.groupSessions + r.communityActivities + r.homeVisits + r.volunteerServices,
      personTimes: r.groupPersonTimes + r.communityPersonTimes,
    };
  }

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    for (const u of ['city.admin', 'lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.supervisor'])
      tokens[u] = await t.login(u);
    for (const [key, code] of Object.entries({
      city: '370100',
      lixia: '370102',
      shizhong: '370103',
      jfl: '370102001',
      qfs: '370102002',
      nm: '370102003',
      dgy: '370103001',
      sdl: '370102001001',
    })) {
      nodes[key] = await t.nodeId(code);
      [{ path: paths[key] }] = await t.ownerQuery(`select path::text as path from org_unit where id = $1`, [nodes[key]]);
    }
    for (const [key, code] of Object.entries({ jfl: '370102001', qfs: '370102002', nm: '370102003', dgy: '370103001' }))
      stations[key] = await t.stationId(code);

    // Workers for 大观园 (市中区) and 南门, made by the city admin.
    const admin = tokens['city.admin'];
    await t.ok(
      CREATE_USER,
      { input: { username: 'dgy.worker', displayName: '大观园驻站社工', password: 'Daguanyuan@2026', orgUnitId: nodes.dgy, role: 'SOCIAL_WORKER' } },
      admin,
    );
    await t.ok(
      CREATE_USER,
      { input: { username: 'nm.worker', displayName: '南门驻站社工', password: 'Nanmen@2026', orgUnitId: nodes.nm, role: 'SOCIAL_WORKER' } },
      admin,
    );
    tokens['dgy.worker'] = await t.login('dgy.worker', 'Daguanyuan@2026');
    tokens['nm.worker'] = await t.login('nm.worker', 'Nanmen@2026');
    const jw = tokens['jfl.worker'];
    const qw = tokens['qfs.worker'];
    const dw = tokens['dgy.worker'];

    // People, with their registration back-dated (a Beijing time: 2025-10-31 23:30 is still 10-31).
    const person = async (
      token: string,
      station: string,
      name: string,
      region: string,
      birth: string,
      categories: string[],
      riskLevel: string,
      createdAt: string,
    ) => {
      const id = (
        await t.ok(REGISTER, { input: { stationId: station, name, gender: 'FEMALE', idNumber: idNumber(region, birth), categories, riskLevel } }, token)
      ).registerServiceObject.id as string;
      await t.ownerQuery(`update service_object set created_at = $2::timestamptz where id = $1`, [id, createdAt]);
      return id;
    };
    const P1 = await person(jw, stations.jfl, '王桂芝', '370102', '1945-03-02', ['ELDERLY_LIVING_ALONE', 'EMPTY_NEST_ELDERLY'], 'HIGH', '2025-09-10 10:00+08');
    const P2 = await person(jw, stations.jfl, '李小雨', '370102', '2014-06-01', ['CHILD_IN_DIFFICULTY'], 'MEDIUM', '2025-10-15 10:00+08');
    const P3 = await person(jw, stations.jfl, '张建国', '370102', '1970-01-15', ['FAMILY_IN_DIFFICULTY'], 'LOW', '2025-12-05 10:00+08');
    const Q1 = await person(qw, stations.qfs, '赵玉兰', '370102', '1940-11-11', ['DISABLED_ELDERLY'], 'HIGH', '2025-11-01 00:30+08');
    const Q2 = await person(qw, stations.qfs, '钱文华', '370102', '1980-02-20', [], 'LOW', '2025-09-01 09:00+08');
    const S1 = await person(dw, stations.dgy, '孙秀英', '370103', '1950-07-07', ['EXTREME_POVERTY', 'ELDERLY_LIVING_ALONE'], 'HIGH', '2025-10-31 23:30+08');

    // Cases and their notes; C1 and C4 closed by SQL on the boundary days.
    const openCase = async (token: string, serviceObjectId: string, openedOn: string, n: number) => {
      const presentingProblem = `呈现问题-机密-${n}：独居、经济困难、情绪低落`;
      secrets.push(presentingProblem);
      return (await t.ok(OPEN_CASE, { input: { serviceObjectId, openedOn, intakeSource: 'OUTREACH', presentingProblem } }, token)).openCase.id as string;
    };
    const note = async (token: string, caseId: string, noteDate: string) => {
      const narrative = `个案记录-机密-${seq++}：案主诉说家庭矛盾`;
      secrets.push(narrative);
      await t.ok(ADD_NOTE, { caseId, input: { noteDate, kind: 'INTERVIEW', durationMinutes: 45, narrative } }, token);
    };
    const C1 = await openCase(jw, P1, '2025-09-20', 1);
    await note(jw, C1, '2025-09-25');
    await note(jw, C1, '2025-10-31');
    const C2 = await openCase(jw, P2, '2025-10-31', 2);
    await note(jw, C2, '2025-10-31');
    await note(jw, C2, '2025-11-01');
    const C3 = await openCase(qw, Q1, '2025-11-01', 3);
    await note(qw, C3, '2025-11-01');
    const C4 = await openCase(qw, Q2, '2025-10-10', 4);
    await note(qw, C4, '2025-10-20');
    const C5 = await openCase(dw, S1, '2025-11-15', 5);
    await note(dw, C5, '2025-11-20');
    await note(dw, C5, '2025-12-01');
    await openCase(jw, P3, '2025-12-06', 6);
    for (const [id, day] of [
      [C1, '2025-10-31'],
      [C4, '2025-11-01'],
    ])
      await t.ownerQuery(
        `update case_file set stage = 'CLOSED', closed_on = $2, closure_reason = 'GOALS_ACHIEVED', closure_summary = '目标达成' where id = $1`,
        [id, day],
      );

    // Groups: G1 (JFL) with a voided session, G2 (QFS), G3 (QFS) voided whole.
    const group = async (token: string, stationId: string, startDate: string, endDate: string) =>
      (await t.ok(CREATE_GROUP, { input: { stationId, name: '邻里互助小组', goal: '增进互助', plannedSessions: 6, startDate, endDate } }, token)).createGroup
        .id as string;
    const member = async (token: string, groupId: string, input: Row) =>
      (await t.ok(ADD_MEMBER, { groupId, input: { joinedOn: '2025-10-01', ...input } }, token)).addGroupMember.id as string;
    const session = async (token: string, groupId: string, sessionDate: string, attendeeIds: string[]) =>
      (await t.ok(RECORD_SESSION, { groupId, input: { sessionDate, durationMinutes: 90, topic: '分享', attendeeIds } }, token)).recordGroupSession.id as string;
    const G1 = await group(jw, stations.jfl, '2025-10-01', '2025-11-30');
    const g1 = [await member(jw, G1, { serviceObjectId: P1 }), await member(jw, G1, { serviceObjectId: P2 }), await member(jw, G1, { residentName: '居民甲' })];
    await session(jw, G1, '2025-10-31', g1);
    await session(jw, G1, '2025-11-01', g1.slice(0, 2));
    const G1S3 = await session(jw, G1, '2025-11-10', g1);
    await t.ok(VOID_SESSION, { sessionId: G1S3, input: { reason: '重复录入' } }, jw);
    const G2 = await group(qw, stations.qfs, '2025-10-01', '2025-10-31');
    const g2 = [await member(qw, G2, { serviceObjectId: Q1 }), await member(qw, G2, { serviceObjectId: Q2 })];
    await session(qw, G2, '2025-10-15', g2);
    const G3 = await group(qw, stations.qfs, '2025-10-01', '2025-10-31');
    await session(qw, G3, '2025-10-20', [await member(qw, G3, { serviceObjectId: Q2 })]);
    await t.ok(VOID_GROUP, { id: G3, input: { reason: '错建小组' } }, qw);

    // Community activities.
    const activity = async (token: string, stationId: string, nodeId: string, activityDate: string, participantCount: number) =>
      (await t.ok(RECORD_ACTIVITY, { input: { stationId, nodeId, title: '社区活动', activityDate, participantCount } }, token)).recordCommunityActivity
        .id as string;
    await activity(jw, stations.jfl, nodes.jfl, '2025-09-30', 99); // A6
    const A1 = await activity(jw, stations.jfl, nodes.sdl, '2025-10-31', 30);
    const A2 = await activity(jw, stations.jfl, nodes.jfl, '2025-11-01', 20);
    const A3 = await activity(jw, stations.jfl, nodes.jfl, '2025-11-05', 50);
    const A4 = await activity(qw, stations.qfs, nodes.qfs, '2025-10-08', 15);
    const A5 = await activity(dw, stations.dgy, nodes.dgy, '2025-11-11', 50);
    const A7 = await activity(tokens['nm.worker'], stations.nm, nodes.nm, '2025-10-20', 9);

    // Home visits.
    const visit = async (token: string, serviceObjectId: string, visitDate: string, kind = 'HOME') =>
      (await t.ok(RECORD_VISIT, { input: { serviceObjectId, visitDate, kind } }, token)).recordHomeVisit.id as string;
    await visit(jw, P1, '2025-10-31');
    await visit(jw, P2, '2025-11-01', 'PHONE');
    const V3 = await visit(jw, P1, '2025-11-02');
    await t.ok(VOID_VISIT, { id: V3, input: { reason: '误录' } }, jw);
    await visit(qw, Q1, '2025-11-03');
    await visit(qw, Q2, '2025-10-05');
    await visit(qw, Q2, '2025-10-06', 'VIDEO');
    await visit(dw, S1, '2025-11-20');

    // Volunteers and their service.
    const volunteer = async (token: string, stationId: string, nodeId: string, registeredOn: string, status = 'ACTIVE') =>
      (
        await t.ok(
          REGISTER_VOLUNTEER,
          { input: { stationId, nodeId, name: `志愿者${seq}`, gender: 'MALE', idNumber: idNumber('370102', '1990-05-05', 'MALE'), registeredOn, status } },
          token,
        )
      ).registerVolunteer.id as string;
    const serve = async (token: string, volunteerId: string, serviceDate: string, hours: string, source = 'STANDALONE', sourceId?: string) =>
      (await t.ok(RECORD_SERVICE, { input: { volunteerId, serviceDate, hours, source, sourceId } }, token)).recordVolunteerService.id as string;
    const VOL1 = await volunteer(jw, stations.jfl, nodes.jfl, '2025-09-01');
    const VOL2 = await volunteer(jw, stations.jfl, nodes.sdl, '2025-11-01');
    const VOL3 = await volunteer(qw, stations.qfs, nodes.qfs, '2025-10-10');
    await volunteer(qw, stations.qfs, nodes.qfs, '2025-10-12', 'INACTIVE');
    const VOL5 = await volunteer(dw, stations.dgy, nodes.dgy, '2025-10-01');
    await volunteer(dw, stations.dgy, nodes.dgy, '2025-12-01');
    await serve(jw, VOL1, '2025-09-30', '8');
    await serve(jw, VOL1, '2025-10-31', '2.5');
    await serve(jw, VOL1, '2025-11-01', '3.25', 'COMMUNITY_ACTIVITY', A2);
    const VS3 = await serve(jw, VOL2, '2025-11-02', '1.75');
    await t.ok(VOID_SERVICE, { id: VS3, input: { reason: '误录' } }, jw);
    await serve(qw, VOL3, '2025-10-15', '4');
    await serve(qw, VOL3, '2025-11-30', '0.5');
    await serve(dw, VOL5, '2025-11-20', '1.1');

    // Organizations, cultivated and mobilized; A3 and A7 are voided after their mobilization.
    const org = async (token: string, nodeId: string, name: string, cultivation?: { cultivatingStationId: string; cultivatedSince: string }) =>
      (await t.ok(CREATE_ORG, { input: { nodeId, name, type: 'MUTUAL_AID', legalStatus: 'FILED', ...cultivation } }, token)).createSocialOrganization
        .id as string;
    const O1 = await org(jw, nodes.sdl, '山大路邻里互助会', { cultivatingStationId: stations.jfl, cultivatedSince: '2025-10-31' });
    const O2 = await org(jw, nodes.jfl, '解放路文体队');
    const O3 = await org(qw, nodes.qfs, '千佛山助老队', { cultivatingStationId: stations.qfs, cultivatedSince: '2025-11-01' });
    const O4 = await org(dw, nodes.dgy, '大观园志愿服务队', { cultivatingStationId: stations.dgy, cultivatedSince: '2025-09-15' });
    const O5 = await org(jw, nodes.jfl, '解放路读书会');
    await t.ok(MOBILIZE, { activityId: A1, ids: [O1, O2] }, jw);
    await t.ok(MOBILIZE, { activityId: A2, ids: [O1] }, jw);
    await t.ok(MOBILIZE, { activityId: A3, ids: [O5] }, jw);
    await t.ok(MOBILIZE, { activityId: A4, ids: [O3] }, qw);
    await t.ok(MOBILIZE, { activityId: A5, ids: [O4] }, dw);
    await t.ok(VOID_ACTIVITY, { id: A3, input: { reason: '活动取消' } }, jw);
    await t.ok(VOID_ACTIVITY, { id: A7, input: { reason: '活动取消' } }, tokens['nm.worker']);

    // Linkages and charity resources.
    const linkage = async (token: string, stationId: string, nodeId: string, linkageDate: string, contributions: Row[]) =>
      (await t.ok(RECORD_LINKAGE, { input: { stationId, nodeId, linkageDate, title: '五社联动', contributions } }, token)).recordLinkage.id as string;
    await linkage(jw, stations.jfl, nodes.jfl, '2025-10-31', [
      { party: 'SOCIAL_WORKERS', people: 2, hours: '3' },
      { party: 'CHARITY_RESOURCES', money: '1000.50', goodsValue: '200.25', goodsDescription: '米面油' },
    ]);
    await linkage(qw, stations.qfs, nodes.qfs, '2025-11-01', [
      { party: 'COMMUNITY', money: '300' },
      { party: 'VOLUNTEERS', people: 5, goodsValue: '50.10' },
    ]);
    const L3 = await linkage(jw, stations.jfl, nodes.jfl, '2025-11-15', [{ party: 'CHARITY_RESOURCES', money: '999.99' }]);
    await t.ok(VOID_LINKAGE, { id: L3, input: { reason: '重复录入' } }, jw);
    await linkage(dw, stations.dgy, nodes.dgy, '2025-11-20', [{ party: 'CHARITY_RESOURCES', money: '0.01' }]);
    const charity = async (token: string, stationId: string, receivedOn: string, amount: string, goodsValue: string) =>
      t.ok(RECORD_CHARITY, { input: { stationId, receivedOn, amount, goodsValue, donorKind: 'COMPANY', donorName: '爱心企业' } }, token);
    await charity(jw, stations.jfl, '2025-10-31', '500', '0');
    await charity(qw, stations.qfs, '2025-11-01', '0', '123.45');
    await charity(dw, stations.dgy, '2025-12-01', '77', '0');
  });
  afterAll(() => t.close());

  it('1. every figure of the city over 2025-10-01…11-30 equals the records inserted and an independent SQL count', async () => {
    const report = await stats(nodes.city, '2025-10-01', '2025-11-30');
    expect(report).toMatchObject({ nodeId: nodes.city, from: '2025-10-01', to: '2025-11-30' });
    expect(report.figures).toEqual(CITY);
    expect(report.figures).toEqual(await sqlFigures(paths.city, '2025-10-01', '2025-11-30'));
    // The boundary periods, against SQL too.
    expect((await stats(nodes.city, '2025-10-01', '2025-10-31')).figures).toEqual(await sqlFigures(paths.city, '2025-10-01', '2025-10-31'));
    expect((await stats(nodes.city, '2025-11-01', '2025-11-30')).figures).toEqual(await sqlFigures(paths.city, '2025-11-01', '2025-11-30'));

    // People registered by 11-30, by category and by risk (P3 registered 12-05 is not there).
    const byCategory = Object.fromEntries(report.objectsByCategory.map((c: Row) => [c.category, c.count]));
    expect(byCategory).toEqual({ ELDERLY_LIVING_ALONE: 2, EMPTY_NEST_ELDERLY: 1, CHILD_IN_DIFFICULTY: 1, DISABLED_ELDERLY: 1, EXTREME_POVERTY: 1 });
    const byRisk = Object.fromEntries(report.objectsByRisk.map((c: Row) => [c.riskLevel, c.count]));
    expect(byRisk).toEqual({ HIGH: 3, MEDIUM: 1, LOW: 1 });
    const sqlRisk = await t.ownerQuery(
      `select risk_level, count(*)::int as n from service_object where tenant_id = $1 and (created_at at time zone 'Asia/Shanghai')::date <= '2025-11-30' group by 1`,
      [jinanId],
    );
    expect(byRisk).toEqual(Object.fromEntries(sqlRisk.map((r) => [r.risk_level, r.n])));

    // Staff on the last day: the demo's rosters, counted from staff_member.
    const [{ staff }] = await t.ownerQuery(
      `select count(*)::int as staff from staff_member where tenant_id = $1 and start_date <= '2025-11-30' and (end_date is null or end_date >= '2025-11-30')`,
      [jinanId],
    );
    expect(report.staffing.staff).toBe(staff);
    expect(report.staffing.certified).toBeLessThanOrEqual(staff);
  });

  it('2. October and November split the boundary records; the monthly series adds up; the districts add up to the city', async () => {
    const october = await stats(nodes.city, '2025-10-01', '2025-10-31');
    expect(october.figures).toEqual(figures({ ...OCTOBER_FLOWS, ...OCTOBER_STOCKS }));
    const november = await stats(nodes.city, '2025-11-01', '2025-11-30');
    expect(november.figures).toEqual(figures({ ...NOVEMBER_FLOWS, ...NOVEMBER_STOCKS }));
    expect(october.monthly).toEqual([{ month: '2025-10', figures: figures(OCTOBER_FLOWS, null) }]);

    // The whole period's series: one entry per month, flows only (stocks null), and the months add up.
    const whole = await stats(nodes.city, '2025-10-01', '2025-11-30');
    expect(whole.monthly).toEqual([
      { month: '2025-10', figures: figures(OCTOBER_FLOWS, null) },
      { month: '2025-11', figures: figures(NOVEMBER_FLOWS, null) },
    ]);
    for (const m of FLOWS) {
      const values = whole.monthly.map((x: Row) => x.figures[m]);
      if (DISTINCT.has(m)) {
        // Distinct people/organizations: VOL1, VOL3 serve in both months; O1 is mobilized in both.
        expect(values.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(whole.figures[m]);
      } else if (DECIMALS.has(m)) {
        expect(yuan(values.reduce((a: number, v: string) => a + cents(v), 0))).toBe(whole.figures[m]);
      } else {
        expect(values.reduce((a: number, b: number) => a + b, 0)).toBe(whole.figures[m]);
      }
    }
    expect(whole.monthly.map((x: Row) => x.figures.volunteersActive)).toEqual([2, 3]);
    expect(whole.monthly.map((x: Row) => x.figures.organizationsMobilized)).toEqual([3, 2]);

    // A period starting mid-month lists that month; a single day (11-01) holds exactly the boundary's November records.
    const day = await stats(nodes.city, '2025-11-01', '2025-11-01');
    expect(day.figures).toEqual(
      figures({
        caseRecords: 2, // C2, C3 notes
        casesOpened: 1, // C3
        casesClosed: 1, // C4
        casesActive: 2, // on 11-01: C2, C3 (C4 closed that day)
        groupSessions: 1,
        groupPersonTimes: 2,
        communityActivities: 1,
        communityPersonTimes: 20,
        personTimes: 22,
        homeVisits: 1,
        volunteerServices: 1,
        volunteerHours: '3.25',
        volunteersActive: 1,
        volunteersRegistered: 4,
        serviceObjects: 5,
        highRiskObjects: 3, // VOL2 registered 11-01; Q1 00:30 on 11-01
        organizationsMobilized: 1,
        organizationsNewlyCultivated: 1,
        linkages: 1,
        charityMoney: '300.00',
        charityGoodsValue: '173.55',
        totalServices: 6, // 2 + 1 + 1 + 1 + 1
      }),
    );
    expect(day.monthly.map((x: Row) => x.month)).toEqual(['2025-11']);

    // The city's children: its 15 districts; 历下区 and 市中区 carry everything, the rest are zero, and they add up.
    const districts = await t.ownerQuery(`select id, code from org_unit where tenant_id = $1 and parent_id = $2 order by code`, [jinanId, nodes.city]);
    expect(whole.children.map((c: Row) => c.code)).toEqual(districts.map((d) => d.code));
    expect(whole.children.every((c: Row) => c.own === false)).toBe(true);
    for (const child of whole.children) {
      if (child.code === '370102') expect(child.figures).toEqual(LIXIA);
      else if (child.code === '370103') expect(child.figures).toEqual(SHIZHONG);
      else expect(child.figures).toEqual(figures({}));
    }
    for (const m of [...FLOWS, ...STOCKS]) {
      const values = whole.children.map((c: Row) => c.figures[m]);
      if (DECIMALS.has(m)) expect(yuan(values.reduce((a: number, v: string) => a + cents(v), 0))).toBe(whole.figures[m]);
      else expect(values.reduce((a: number, b: number) => a + b, 0)).toBe(whole.figures[m]);
    }
    // And each district equals its own SQL count.
    expect(LIXIA).toEqual(await sqlFigures(paths.lixia, '2025-10-01', '2025-11-30'));
    expect(SHIZHONG).toEqual(await sqlFigures(paths.shizhong, '2025-10-01', '2025-11-30'));

    // A district's children are its streets: 解放路 and 千佛山 add up to 历下区.
    const lixia = await stats(nodes.lixia, '2025-10-01', '2025-11-30');
    const jfl = lixia.children.find((c: Row) => c.code === '370102001');
    expect(jfl.figures).toEqual(JFL);
    const qfs = lixia.children.find((c: Row) => c.code === '370102002');
    expect(qfs.figures.homeVisits).toBe(3);
    expect(qfs.figures.charityGoodsValue).toBe('173.55');
    expect(lixia.children.find((c: Row) => c.code === '370102003').figures).toEqual(figures({})); // 南门: only voided
  });

  it('3. each role sees its own subtree: officers their district, the head the station; workers and supervisors are refused; other tenants see nothing', async () => {
    const period = ['2025-10-01', '2025-11-30'] as const;

    // 历下区's officer: 历下区 without 市中区's records; the city and 市中区 are out of reach.
    const lixia = await stats(nodes.lixia, ...period, tokens['lixia.officer']);
    expect(lixia.figures).toEqual(LIXIA);
    expect(lixia.children.some((c: Row) => c.code.startsWith('370103'))).toBe(false);
    for (const node of [nodes.city, nodes.shizhong, nodes.dgy])
      expectCode(await t.gql(STATS, { nodeId: node, from: period[0], to: period[1] }, tokens['lixia.officer']), 'NOT_FOUND');

    // 市中区's officer: only 市中区.
    expect((await stats(nodes.shizhong, ...period, tokens['shizhong.officer'])).figures).toEqual(SHIZHONG);
    for (const node of [nodes.city, nodes.lixia, nodes.jfl])
      expectCode(await t.gql(STATS, { nodeId: node, from: period[0], to: period[1] }, tokens['shizhong.officer']), 'NOT_FOUND');

    // The head of 解放路: the station's own figures; 千佛山 and the district are out of reach.
    const jfl = await stats(nodes.jfl, ...period, tokens['jfl.head']);
    expect(jfl.figures).toEqual(JFL);
    expect(jfl.figures).toEqual(await sqlFigures(paths.jfl, ...period));
    for (const node of [nodes.qfs, nodes.lixia])
      expectCode(await t.gql(STATS, { nodeId: node, from: period[0], to: period[1] }, tokens['jfl.head']), 'NOT_FOUND');

    // A social worker and a supervisor may not read statistics, even of their own station.
    for (const user of ['jfl.worker', 'lixia.supervisor']) {
      expectCode(await t.gql(STATS, { nodeId: nodes.jfl, from: period[0], to: period[1] }, tokens[user]), 'FORBIDDEN');
      expectCode(await t.gql(RANKING, { nodeId: nodes.jfl, from: period[0], to: period[1], metric: 'homeVisits', limit: 5 }, tokens[user]), 'FORBIDDEN');
      expectCode(await t.gql(COMPLETENESS, { nodeId: nodes.jfl, month: '2025-10' }, tokens[user]), 'FORBIDDEN');
    }
    expectCode(await t.gql(STATS, { nodeId: nodes.jfl, from: period[0], to: period[1] }), 'UNAUTHENTICATED');

    // Another city's admin: Jinan's nodes do not exist; its own city is all zero.
    const qd = await createSecondCity(t);
    for (const node of [nodes.city, nodes.lixia, nodes.jfl])
      expectCode(await t.gql(STATS, { nodeId: node, from: period[0], to: period[1] }, qd.adminToken), 'NOT_FOUND');
    expectCode(await t.gql(RANKING, { nodeId: nodes.city, from: period[0], to: period[1], metric: 'homeVisits', limit: 5 }, qd.adminToken), 'NOT_FOUND');
    expectCode(await t.gql(COMPLETENESS, { nodeId: nodes.city, month: '2025-10' }, qd.adminToken), 'NOT_FOUND');
    const [{ id: qdCity }] = await t.ownerQuery(`select id from org_unit where tenant_id = $1 and level = 1`, [qd.tenantId]);
    const own = await stats(qdCity, ...period, qd.adminToken);
    expect(own.figures).toEqual(figures({}));
    expect(own.objectsByCategory).toEqual([]);
    expect(own.objectsByRisk).toEqual([]);
    expect(own.staffing.staff).toBe(0);
    expect(own.children).toEqual([]);
    expect(own.monthly).toEqual([
      { month: '2025-10', figures: figures({}, null) },
      { month: '2025-11', figures: figures({}, null) },
    ]);
    const qdRanking = (await t.ok(RANKING, { nodeId: qdCity, from: period[0], to: period[1], metric: 'communityPersonTimes', limit: 200 }, qd.adminToken))
      .stationRanking as Row[];
    expect(qdRanking.every((r) => r.value === '0' && !r.code.startsWith('370102') && !r.code.startsWith('370103'))).toBe(true);
  });

  it('4. no narrative, presenting problem, identity number or name appears anywhere in a statistics response', async () => {
    expect(secrets.length).toBeGreaterThan(20); // 6 problems, 8 notes, 12 identity numbers
    const people = (await t.ownerQuery(`select name, id_number from service_object where tenant_id = $1`, [jinanId])).flatMap((r) => [r.name, r.id_number]);
    const forbidden = [...secrets, ...people, '机密', '案主'];
    const responses = [
      await t.gql(STATS, { nodeId: nodes.city, from: '2025-09-01', to: '2025-12-31' }, tokens['city.admin']),
      await t.gql(STATS, { nodeId: nodes.lixia, from: '2025-09-01', to: '2025-12-31' }, tokens['lixia.officer']),
      await t.gql(STATS, { nodeId: nodes.jfl, from: '2025-09-01', to: '2025-12-31' }, tokens['jfl.head']),
      await t.gql(RANKING, { nodeId: nodes.city, from: '2025-09-01', to: '2025-12-31', metric: 'caseRecords', limit: 200 }, tokens['city.admin']),
      await t.gql(COMPLETENESS, { nodeId: nodes.lixia, month: '2025-11' }, tokens['lixia.officer']),
    ];
    for (const res of responses) {
      expect(res.errors).toBeUndefined();
      const json = JSON.stringify(res);
      for (const s of forbidden) expect(json).not.toContain(s);
      // Nothing shaped like an identity number (18 characters, 17 digits and a check character), even masked.
      expect(json).not.toMatch(/(?<![\d.])\d{17}[\dX](?!\d)|\d{4}\*{10}\d{4}/);
    }
    // The sweep did cover the period with the case records (so the absence means something).
    expect((responses[0].data as Row).statistics.figures.caseRecords).toBe(8); // all eight notes
  });

  it('5. stations rank by a figure without voided records, ties by code; reporting completeness lists the silent stations; bad input is refused', async () => {
    const rank = async (nodeId: string, metric: string, limit = 200, token = tokens['city.admin']) =>
      (await t.ok(RANKING, { nodeId, from: '2025-10-01', to: '2025-11-30', metric, limit }, token)).stationRanking as Row[];
    const cityStations = (
      await t.ownerQuery(`select o.code from station s join org_unit o on o.id = s.org_unit_id where s.tenant_id = $1 order by o.code`, [jinanId])
    ).map((r) => r.code as string);

    // Person-times: JFL 30 + 20 = 50 (the voided A3's 50 left out) ties DGY 50 — JFL first by code —, then QFS 15; the rest 0 by code.
    const byPeople = await rank(nodes.city, 'communityPersonTimes');
    expect(byPeople.slice(0, 3).map((r) => [r.rank, r.code, r.value])).toEqual([
      [1, '370102001', '50'],
      [2, '370103001', '50'],
      [3, '370102002', '15'],
    ]);
    expect(byPeople[0].stationId).toBe(stations.jfl);
    const rest = cityStations.filter((c) => !['370102001', '370103001', '370102002'].includes(c));
    expect(byPeople.slice(3).map((r) => [r.code, r.value])).toEqual(rest.map((c) => [c, '0']));
    expect(byPeople.map((r) => r.rank)).toEqual(byPeople.map((_, i) => i + 1));

    // Home visits in 历下区 for its officer: QFS 3 before JFL 2 (with the voided V3, JFL would tie at 3 and lead by code).
    const byVisits = await rank(nodes.lixia, 'homeVisits', 3, tokens['lixia.officer']);
    expect(byVisits.map((r) => [r.rank, r.code, r.value])).toEqual([
      [1, '370102002', '3'],
      [2, '370102001', '2'],
      [3, '370102', '0'], // the district's own station, first of the zeros by code
    ]);
    expect((await rank(nodes.city, 'homeVisits', 3)).map((r) => [r.code, r.value])).toEqual([
      ['370102002', '3'],
      ['370102001', '2'],
      ['370103001', '1'],
    ]);
    // Decimal figures rank as exact strings; the voided linkage L3 (999.99) does not lift JFL.
    expect((await rank(nodes.city, 'charityMoney', 3)).map((r) => [r.code, r.value])).toEqual([
      ['370102001', '1500.50'],
      ['370102002', '300.00'],
      ['370103001', '0.01'],
    ]);
    expect((await rank(nodes.city, 'volunteerHours', 2)).map((r) => [r.code, r.value])).toEqual([
      ['370102001', '5.75'],
      ['370102002', '4.50'],
    ]);
    // 市中区's officer ranks only 市中区's stations.
    expect((await rank(nodes.shizhong, 'communityPersonTimes', 200, tokens['shizhong.officer'])).every((r) => r.code.startsWith('370103'))).toBe(true);

    // Reporting in October, 历下区: JFL and QFS report; NM (only a voided activity) and every other active station is silent;
    // a suspended station is not counted at all.
    const [{ id: suspended }] = await t.ownerQuery(
      `select s.id from station s join org_unit o on o.id = s.org_unit_id where o.tenant_id = $1 and o.code = '370102014'`,
      [jinanId],
    );
    await t.ownerQuery(`update station set status = 'SUSPENDED' where id = $1`, [suspended]);
    try {
      const active = (
        await t.ownerQuery(
          `select o.code from station s join org_unit o on o.id = s.org_unit_id
            where s.tenant_id = $1 and s.org_path <@ $2::ltree and s.status = 'ACTIVE' and (s.opened_on is null or s.opened_on <= '2025-10-31') order by o.code`,
          [jinanId, paths.lixia],
        )
      ).map((r) => r.code as string);
      expect(active).toContain('370102003');
      expect(active).not.toContain('370102014');
      const october = (await t.ok(COMPLETENESS, { nodeId: nodes.lixia, month: '2025-10' }, tokens['lixia.officer'])).reportingCompleteness;
      const silent = active.filter((c) => c !== '370102001' && c !== '370102002');
      expect(october).toMatchObject({ month: '2025-10', stations: active.length, reporting: 2 });
      expect(october.rate).toBeCloseTo(2 / active.length, 10);
      expect(october.silent.map((s: Row) => s.code)).toEqual(silent);
      expect(october.silent.find((s: Row) => s.code === '370102003').stationId).toBe(stations.nm);
      // September: only JFL (A6, VS7 on 09-30, C1's note on 09-25) reports.
      const september = (await t.ok(COMPLETENESS, { nodeId: nodes.lixia, month: '2025-09' }, tokens['lixia.officer'])).reportingCompleteness;
      expect(september).toMatchObject({ stations: active.length, reporting: 1 });
      expect(september.silent.map((s: Row) => s.code)).toEqual(active.filter((c) => c !== '370102001'));
      // 市中区 in November: DGY reports.
      const sz = (await t.ok(COMPLETENESS, { nodeId: nodes.shizhong, month: '2025-11' }, tokens['shizhong.officer'])).reportingCompleteness;
      expect(sz.reporting).toBe(1);
      expect(sz.silent.map((s: Row) => s.code)).not.toContain('370103001');
    } finally {
      await t.ownerQuery(`update station set status = 'ACTIVE' where id = $1`, [suspended]);
    }

    // Bad input.
    for (const month of ['2025-13', '2025-1', '2025/10', '202510', '']) {
      const res = await t.gql(COMPLETENESS, { nodeId: nodes.lixia, month }, tokens['lixia.officer']);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(errorFields(res)).toEqual(['month']);
    }
    const backwards = await t.gql(STATS, { nodeId: nodes.city, from: '2025-11-30', to: '2025-10-01' }, tokens['city.admin']);
    expect(errorCode(backwards)).toBe('BAD_USER_INPUT');
    expect(errorFields(backwards)).toEqual(['from']);
    const backwardsRank = await t.gql(
      RANKING,
      { nodeId: nodes.city, from: '2025-11-30', to: '2025-10-01', metric: 'linkages', limit: 5 },
      tokens['city.admin'],
    );
    expect(errorCode(backwardsRank)).toBe('BAD_USER_INPUT');
    expect(
      errorCode(await t.gql(RANKING, { nodeId: nodes.city, from: '2025-10-01', to: '2025-11-30', metric: 'linkages', limit: 0 }, tokens['city.admin'])),
    ).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(STATS, { nodeId: nodes.city, from: '2025-02-30', to: '2025-03-01' }, tokens['city.admin']))).toBe('BAD_USER_INPUT');
  });

  it('6. the statistics query runs a fixed number of SQL statements: the same for the city as for a district', async () => {
    const statements = async (nodeId: string) => {
      const spy = spyOnRequestStatements();
      try {
        const report = await stats(nodeId, '2025-10-01', '2025-11-30');
        return { count: spy.calls.length, report };
      } finally {
        spy.mockRestore();
      }
    };
    const city = await statements(nodes.city);
    const district = await statements(nodes.lixia);
    const station = await statements(nodes.jfl);
    expect(city.report.figures).toEqual(CITY);
    expect(district.report.figures).toEqual(LIXIA);
    expect(city.count).toBeGreaterThan(0);
    expect(city.count).toBe(district.count);
    expect(station.count).toBe(city.count);
    expect(city.count).toBeLessThanOrEqual(25);
  });

  it('7. the totals kept by the triggers through every change above equal a rebuild from the records', async () => {
    const snapshot = async () => ({
      flows: await t.ownerQuery(
        `select metric, grain, period::text, org_path::text, value::text from stat_flow where tenant_id = $1 and value <> 0 order by 1, 2, 3, 4`,
        [jinanId],
      ),
      members: await t.ownerQuery(
        `select metric, grain, period::text, org_path::text, member_id, n from stat_member where tenant_id = $1 order by 1, 2, 3, 4, 5`,
        [jinanId],
      ),
      counts: await t.ownerQuery(
        `select metric, grain, period::text, org_path::text, members from stat_member_count where tenant_id = $1 and members <> 0 order by 1, 2, 3, 4`,
        [jinanId],
      ),
      paths: await t.ownerQuery(
        `select metric, grain, period::text, member_id, paths from stat_member_paths where tenant_id = $1 and paths <> 0 order by 1, 2, 3, 4`,
        [jinanId],
      ),
    });
    const kept = await snapshot();
    expect(kept.flows.length).toBeGreaterThan(100);
    expect(kept.members.length).toBeGreaterThan(10);
    await t.ownerQuery(`select stat_rebuild($1)`, [jinanId]);
    expect(await snapshot()).toEqual(kept);
  });
});
