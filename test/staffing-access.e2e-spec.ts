import { makeIdentityNumber, maskName } from '../libs/platform/personal-data/identity-number';
import { CREATE_USER, createSecondCity, expectBadInput, expectCode, Row, TestApp } from './support/test-app';

// Staff rosters, certificates, the staffing policy and staff-change filings (备案): who may see and
// do what, input checks, and the walls between subtrees and tenants. Over HTTP against the demo city
// Jinan, whose street stations may already carry rosters: counts are taken relative to what is there.

const MEMBER = `id stationId name gender phone idNumber education employmentType position employerAgency startDate endDate endReason userId`;
const CERT = `id staffId level number issuedOn expiresOn`;
const FILING = `id stationId staffId staffName kind changeDate dueOn filedOn status`;
const POLICY_FIELDS = `id effectiveFrom minStaff minCertifiedShare { numerator denominator } minFullTime minCertifiedCount appliesToLevels filingDeadlineDays isDefault`;

const ADD = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { ${MEMBER} } }`;
const UPDATE = `mutation($id: ID!, $input: StaffDetailsInput!) { updateStaffMember(id: $id, input: $input) { ${MEMBER} } }`;
const END = `mutation($id: ID!, $input: EndStaffMemberInput!) { endStaffMember(id: $id, input: $input) { ${MEMBER} } }`;
const ADD_CERT = `mutation($staffId: ID!, $input: CertificateInput!) { addCertificate(staffId: $staffId, input: $input) { ${CERT} } }`;
const REMOVE_CERT = `mutation($id: ID!) { removeCertificate(id: $id) { ${CERT} } }`;
const MEMBER_Q = `query($id: ID!) { staffMember(id: $id) { ${MEMBER} certificates { ${CERT} } } }`;
const MEMBERS = `query($filter: StaffFilter, $page: PageInput) { staffMembers(filter: $filter, page: $page) { total items { ${MEMBER} } } }`;
const FILINGS = `query($filter: StaffFilingFilter, $page: PageInput) { staffFilings(filter: $filter, page: $page) { total items { ${FILING} } } }`;
const FILE = `mutation($id: ID!, $filedOn: Date) { fileStaffChange(id: $id, filedOn: $filedOn) { ${FILING} } }`;
const SET_POLICY = `mutation($input: StaffingPolicyInput!) { setStaffingPolicy(input: $input) { ${POLICY_FIELDS} } }`;
const POLICY = `query($on: Date) { staffingPolicy(on: $on) { ${POLICY_FIELDS} } }`;
const POLICY_HISTORY = `{ staffingPolicyHistory { effectiveFrom filingDeadlineDays } }`;
const STATION_COMPLIANCE = `query($stationId: ID!, $on: Date) { stationStaffingCompliance(stationId: $stationId, on: $on) {
  stationId orgUnitCode on applicable complies staffCount policy { isDefault filingDeadlineDays } } }`;
const COMPLIANCE = `query($rootId: ID!, $on: Date, $page: PageInput) { staffingCompliance(rootId: $rootId, on: $on, page: $page) {
  on stations compliant failing failingStations { orgUnitCode } } }`;
const CREATE_ORG_UNIT = `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id code station { id } } }`;

const STAFF_TABLES = ['staff_member', 'staff_certificate', 'staff_filing', 'staffing_policy'] as const;
const NOT_A_UUID = 'not-a-uuid';

/** Birth dates after any the demo rosters use, so our people never collide with seeded ones. */
let sequence = 100;
function identityNumber(birth = '1996-07-15', region = '370102', gender: 'MALE' | 'FEMALE' = 'FEMALE'): string {
  // The 17th digit records the sex (odd for a man): the sequence's parity follows the gender entered with it.
  if (sequence % 2 !== (gender === 'MALE' ? 1 : 0)) sequence++;
  return makeIdentityNumber(region, birth, String(sequence++));
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function masked(idNumber: string): string {
  return `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`;
}

describe('staffing: rosters, identity numbers, scope, roles, tenants and filings', () => {
  let t: TestApp;
  let jinanId: string;
  let tokens: Record<string, string>;
  let jflStation: string;
  let qfsStation: string;
  let jflNode: string;
  let qfsNode: string;
  let lixiaNode: string;
  let shizhongNode: string;
  let cityNode: string;
  let today: string;
  let jflWorkerId: string;
  /** A member of 解放路 with a certificate and its joining filing, made once for the access tests. */
  let fixture: { staffId: string; certId: string; filingId: string; idNumber: string };
  /** The same at 千佛山, put there by a station head of that station. */
  let qfsFixture: { staffId: string; certId: string; filingId: string };

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of STAFF_TABLES) out[table] = (await t.ownerQuery<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
    return out;
  };
  const memberInput = (stationId: string, change: Row = {}) => ({
    stationId,
    name: '测试社工',
    gender: 'FEMALE',
    idNumber: identityNumber(),
    employmentType: 'FULL_TIME',
    position: 'SOCIAL_WORKER',
    startDate: '2024-01-15',
    ...change,
  });
  const hire = async (stationId: string, change: Row = {}, token = tokens['jfl.head']) =>
    (await t.ok(ADD, { input: memberInput(stationId, change) }, token)).addStaffMember as Row;
  const filingOf = async (staffId: string, kind: 'JOIN' | 'LEAVE') => {
    const [row] = await t.ownerQuery(
      `select id, to_char(change_date, 'YYYY-MM-DD') as change_date, to_char(due_on, 'YYYY-MM-DD') as due_on,
              to_char(filed_on, 'YYYY-MM-DD') as filed_on, tenant_id, org_path::text as org_path
         from staff_filing where staff_id = $1 and kind = $2`,
      [staffId, kind],
    );
    return row as Row | undefined;
  };
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
  /** Ids of the rows of a staffing table lying in a node's subtree, straight from SQL. */
  const idsUnder = async (table: 'staff_member' | 'staff_filing', nodeId: string) =>
    (await t.ownerQuery<{ id: string }>(`select x.id from ${table} x join org_unit o on o.id = $1 where x.org_path <@ o.path`, [nodeId])).map((r) => r.id);

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    [{ today }] = await t.ownerQuery(`select to_char(now() at time zone time_zone, 'YYYY-MM-DD') as today from tenant where code = 'jinan'`);
    [{ id: jflWorkerId }] = await t.ownerQuery(`select id from user_account where username = 'jfl.worker'`);
    jflStation = await t.stationId('370102001');
    qfsStation = await t.stationId('370102002');
    jflNode = await t.nodeId('370102001');
    qfsNode = await t.nodeId('370102002');
    lixiaNode = await t.nodeId('370102');
    shizhongNode = await t.nodeId('370103');
    cityNode = await t.nodeId('370100');
    tokens = await t.loginAll(['city.admin', 'lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.supervisor']);
    // Station heads for 千佛山 (next to 解放路) and 大观园 (市中区), made by the city admin over the API.
    const heads: [string, string][] = [
      ['qfs.head', '370102002'],
      ['dgy.head', '370103001'],
    ];
    for (const [username, code] of heads) {
      await t.ok(
        CREATE_USER,
        { input: { username, displayName: `${code}站长`, password: 'Station@Head2026', orgUnitId: await t.nodeId(code), role: 'STATION_HEAD' } },
        tokens['city.admin'],
      );
      tokens[username] = await t.login(username, 'Station@Head2026');
    }

    const idNumber = identityNumber('1997-03-09');
    const member = await hire(jflStation, { name: '访问测试甲', idNumber, startDate: '2024-02-01' });
    const cert = (
      await t.ok(ADD_CERT, { staffId: member.id, input: { level: 'SOCIAL_WORKER', number: 'FX-2023-0001', issuedOn: '2023-06-18' } }, tokens['jfl.head'])
    ).addCertificate;
    fixture = { staffId: member.id, certId: cert.id, filingId: (await filingOf(member.id, 'JOIN'))!.id, idNumber };

    const q = await hire(qfsStation, { name: '千佛山测试乙', startDate: '2024-02-01' }, tokens['qfs.head']);
    const qCert = (
      await t.ok(ADD_CERT, { staffId: q.id, input: { level: 'SOCIAL_WORKER', number: 'FX-2023-0002', issuedOn: '2023-06-18' } }, tokens['qfs.head'])
    ).addCertificate;
    qfsFixture = { staffId: q.id, certId: qCert.id, filingId: (await filingOf(q.id, 'JOIN'))!.id };
  });
  afterAll(() => t.close());

  it('a station head keeps the roster: add with every field, certificates, filters and paging, update, end, remove a certificate', async () => {
    const head = tokens['jfl.head'];
    const idNumber = identityNumber('1995-11-23');
    const input = {
      stationId: jflStation,
      name: '  王晓丽  ',
      gender: 'FEMALE',
      phone: ' 0531-86012345 ',
      idNumber,
      education: 'BACHELOR',
      employmentType: 'FULL_TIME',
      position: 'SOCIAL_WORKER',
      employerAgency: ' 济南市历下区社会工作服务中心 ',
      startDate: '2024-03-01',
      userId: jflWorkerId,
    };
    const before = await counts();
    const added = (await t.ok(ADD, { input }, head)).addStaffMember;
    expect(added).toEqual({
      id: expect.any(String),
      stationId: jflStation,
      name: '王晓丽',
      gender: 'FEMALE',
      phone: '0531-86012345',
      idNumber,
      education: 'BACHELOR',
      employmentType: 'FULL_TIME',
      position: 'SOCIAL_WORKER',
      employerAgency: '济南市历下区社会工作服务中心',
      startDate: '2024-03-01',
      endDate: null,
      endReason: null,
      userId: jflWorkerId,
    });
    const [stored] = await t.ownerQuery(
      `select m.tenant_id, m.id_number, m.org_path = s.org_path as station_path from staff_member m join station s on s.id = m.station_id where m.id = $1`,
      [added.id],
    );
    expect(stored).toEqual({ tenant_id: jinanId, id_number: idNumber, station_path: true });
    // One row on the roster and its joining filing; nothing else.
    expect(await counts()).toEqual({ ...before, staff_member: before.staff_member + 1, staff_filing: before.staff_filing + 1 });

    const c1 = (
      await t.ok(
        ADD_CERT,
        { staffId: added.id, input: { level: 'SOCIAL_WORKER', number: ' ZSG-2023-000187 ', issuedOn: '2023-06-18', expiresOn: '2028-06-17' } },
        head,
      )
    ).addCertificate;
    expect(c1).toEqual({
      id: expect.any(String),
      staffId: added.id,
      level: 'SOCIAL_WORKER',
      number: 'ZSG-2023-000187',
      issuedOn: '2023-06-18',
      expiresOn: '2028-06-17',
    });
    const c2 = (
      await t.ok(ADD_CERT, { staffId: added.id, input: { level: 'ASSISTANT_SOCIAL_WORKER', number: 'ZSG-2021-004411', issuedOn: '2021-06-20' } }, head)
    ).addCertificate;
    expect(c2).toMatchObject({ staffId: added.id, level: 'ASSISTANT_SOCIAL_WORKER', expiresOn: null });
    // The same number at another level is another certificate.
    const c3 = (await t.ok(ADD_CERT, { staffId: added.id, input: { level: 'SENIOR_SOCIAL_WORKER', number: 'ZSG-2023-000187', issuedOn: '2024-01-05' } }, head))
      .addCertificate;
    const [certRow] = await t.ownerQuery(`select tenant_id, org_path::text as p from staff_certificate where id = $1`, [c1.id]);
    expect(certRow).toEqual({ tenant_id: jinanId, p: (await t.ownerQuery(`select org_path::text as p from staff_member where id = $1`, [added.id]))[0].p });

    const read = (await t.ok(MEMBER_Q, { id: added.id }, head)).staffMember;
    expect({ ...read, certificates: undefined }).toEqual({ ...added, certificates: undefined });
    // Oldest first.
    expect(read.certificates).toEqual([c2, c1, c3]);

    // Two more people to filter: one who left before March, one who starts in May.
    const left = await hire(jflStation, { name: '鹊山测试离', startDate: '2024-01-10' });
    await t.ok(END, { id: left.id, input: { endDate: '2024-02-29' } }, head);
    const later = await hire(jflStation, { name: '鹊山测试新', startDate: '2024-05-01', employmentType: 'PART_TIME', position: 'ASSISTANT' });

    const search = await t.ok(MEMBERS, { filter: { rootId: jflNode, search: '晓丽' } }, head);
    expect(search.staffMembers.total).toBe(1);
    expect(search.staffMembers.items.map((m: Row) => m.id)).toEqual([added.id]);
    const both = await t.ok(MEMBERS, { filter: { rootId: jflNode, search: '鹊山测试' } }, head);
    expect(both.staffMembers.items.map((m: Row) => m.id)).toEqual([left.id, later.id]); // by start date
    // LIKE wildcards are text, not patterns.
    expect((await t.ok(MEMBERS, { filter: { rootId: jflNode, search: '%' } }, head)).staffMembers.total).toBe(0);
    const activeMarch = await t.ok(MEMBERS, { filter: { rootId: jflNode, search: '鹊山测试', activeOn: '2024-03-15' } }, head);
    expect(activeMarch.staffMembers).toEqual({ total: 0, items: [] });
    const lastDay = await t.ok(MEMBERS, { filter: { rootId: jflNode, search: '鹊山测试', activeOn: '2024-02-29' } }, head);
    expect(lastDay.staffMembers.items.map((m: Row) => m.id)).toEqual([left.id]);

    // activeOn across the station's whole roster agrees with SQL.
    const activeIds = (
      await t.ownerQuery<{ id: string }>(
        `select m.id from staff_member m join org_unit o on o.id = $1
          where m.org_path <@ o.path and m.start_date <= '2024-03-15' and (m.end_date is null or m.end_date >= '2024-03-15')`,
        [jflNode],
      )
    ).map((r) => r.id);
    expect(activeIds).toContain(added.id);
    const active = await everything(MEMBERS, 'staffMembers', { filter: { rootId: jflNode, activeOn: '2024-03-15' } }, head);
    expect(active.map((m) => m.id).sort()).toEqual([...activeIds].sort());
    expect(active.map((m) => m.id)).not.toContain(later.id);
    expect(active.map((m) => m.id)).not.toContain(left.id);

    // Paging through the station's roster: every page reports the full total; together they are the roster, once each.
    const roster = await idsUnder('staff_member', jflNode);
    expect(roster.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    for (let offset = 0; offset < roster.length; offset += 2) {
      const page = await t.ok(MEMBERS, { filter: { rootId: jflNode }, page: { offset, limit: 2 } }, head);
      expect(page.staffMembers.total).toBe(roster.length);
      expect(page.staffMembers.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.staffMembers.items.map((m: Row) => m.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...roster].sort());
    const past = await t.ok(MEMBERS, { filter: { rootId: jflNode }, page: { offset: roster.length, limit: 2 } }, head);
    expect(past.staffMembers).toEqual({ total: roster.length, items: [] });
    expectBadInput(await t.gql(MEMBERS, { page: { limit: 101 } }, head), 'limit');

    // Update: the details change; the start date does not, so the joining filing stays as it was.
    const joinBefore = await filingOf(added.id, 'JOIN');
    const updated = (
      await t.ok(
        UPDATE,
        {
          id: added.id,
          input: {
            name: '王晓丽',
            gender: 'FEMALE',
            phone: '13905310000',
            idNumber,
            education: 'MASTER',
            employmentType: 'PART_TIME',
            position: 'STATION_HEAD',
            employerAgency: '历下区解放路街道办事处',
            startDate: '2024-03-01',
          },
        },
        head,
      )
    ).updateStaffMember;
    expect(updated).toEqual({
      ...added,
      phone: '13905310000',
      education: 'MASTER',
      employmentType: 'PART_TIME',
      position: 'STATION_HEAD',
      employerAgency: '历下区解放路街道办事处',
      userId: null,
    });
    expect(await filingOf(added.id, 'JOIN')).toEqual(joinBefore);

    // End: the last day served and why; a leaving filing opens.
    const ended = (await t.ok(END, { id: added.id, input: { endDate: '2024-12-31', reason: ' 合同到期 ' } }, head)).endStaffMember;
    expect(ended).toEqual({ ...updated, endDate: '2024-12-31', endReason: '合同到期' });
    expect(await filingOf(added.id, 'LEAVE')).toMatchObject({ change_date: '2024-12-31', filed_on: null });
    const onLastDay = await t.ok(MEMBERS, { filter: { rootId: jflNode, search: '晓丽', activeOn: '2024-12-31' } }, head);
    expect(onLastDay.staffMembers.total).toBe(1);
    const dayAfter = await t.ok(MEMBERS, { filter: { rootId: jflNode, search: '晓丽', activeOn: '2025-01-01' } }, head);
    expect(dayAfter.staffMembers.total).toBe(0);
    // The ended member is still on record, with certificates.
    expect((await t.ok(MEMBER_Q, { id: added.id }, head)).staffMember.endDate).toBe('2024-12-31');

    // Remove a certificate: it is returned, gone from the member and the table; removing it again finds nothing.
    const removed = (await t.ok(REMOVE_CERT, { id: c1.id }, head)).removeCertificate;
    expect(removed).toEqual(c1);
    expect((await t.ok(MEMBER_Q, { id: added.id }, head)).staffMember.certificates).toEqual([c2, c3]);
    expect(await t.ownerQuery(`select 1 from staff_certificate where id = $1`, [c1.id])).toHaveLength(0);
    expectCode(await t.gql(REMOVE_CERT, { id: c1.id }, head), 'NOT_FOUND');
    // Its number is free again.
    expect(
      (await t.gql(ADD_CERT, { staffId: added.id, input: { level: 'SOCIAL_WORKER', number: 'ZSG-2023-000187', issuedOn: '2023-06-18' } }, head)).errors,
    ).toBeUndefined();
  });

  it('identity numbers: whole for the station head, masked for its workers, absent for bureaus; a final x is stored as X', async () => {
    // A number whose check character is X, typed in lower case with spaces around.
    let idNumber = identityNumber('1998-10-02');
    while (!idNumber.endsWith('X')) idNumber = identityNumber('1998-10-02');
    const added = await hire(jflStation, { name: '身份证测试', idNumber: ` ${idNumber.toLowerCase()} `, startDate: '2024-02-10' });
    expect(added.idNumber).toBe(idNumber);
    const [{ id_number: stored }] = await t.ownerQuery(`select id_number from staff_member where id = $1`, [added.id]);
    expect(stored).toBe(idNumber);

    const shown = async (user: string) => (await t.ok(MEMBER_Q, { id: added.id }, tokens[user])).staffMember;
    expect((await shown('jfl.head')).idNumber).toBe(idNumber);

    const worker = await shown('jfl.worker');
    expect(worker.idNumber).toBe(masked(idNumber));
    expect(worker.idNumber).toMatch(/^3701\*{10}[0-9]{3}X$/);
    expect(worker.idNumber).toHaveLength(18);
    // The worker sees everything else as the head does.
    expect({ ...worker, idNumber: null }).toEqual({ ...(await shown('jfl.head')), idNumber: null });

    for (const bureau of ['lixia.officer', 'city.admin']) {
      const seen = await shown(bureau);
      // Bureaus see a staff member's name masked, no phone and no number.
      expect(seen).toMatchObject({ id: added.id, name: maskName('身份证测试'), phone: null, idNumber: null, stationId: jflStation, startDate: '2024-02-10' });
      expect(seen.certificates).toEqual([]);
    }

    // The same rules hold in lists: the station's whole roster, as each role sees it.
    const roster = await t.ownerQuery<{ id: string; id_number: string }>(
      `select m.id, m.id_number from staff_member m join org_unit o on o.id = $1 where m.org_path <@ o.path`,
      [jflNode],
    );
    const numbers = new Map(roster.map((r) => [r.id, r.id_number]));
    const listed = async (user: string) => everything(MEMBERS, 'staffMembers', { filter: { rootId: jflNode } }, tokens[user]);

    const byHead = await listed('jfl.head');
    expect(byHead).toHaveLength(roster.length);
    for (const m of byHead) expect(m.idNumber).toBe(numbers.get(m.id));
    const byWorker = await listed('jfl.worker');
    expect(byWorker).toHaveLength(roster.length);
    for (const m of byWorker) expect(m.idNumber).toBe(masked(numbers.get(m.id)!));
    for (const bureau of ['lixia.officer', 'city.admin']) {
      const items = await listed(bureau);
      expect(items).toHaveLength(roster.length);
      expect(items.map((m) => m.id).sort()).toEqual([...numbers.keys()].sort());
      for (const m of items) expect(m.idNumber).toBeNull();
      expect(items.find((m) => m.id === added.id)).toMatchObject({ name: maskName('身份证测试'), gender: 'FEMALE', employmentType: 'FULL_TIME' });
    }
    // The district officer sees the whole district's rosters, still without numbers.
    const district = await everything(MEMBERS, 'staffMembers', { filter: { rootId: lixiaNode } }, tokens['lixia.officer']);
    expect(district.map((m) => m.id).sort()).toEqual((await idsUnder('staff_member', lixiaNode)).sort());
    expect(district.every((m) => m.idNumber === null)).toBe(true);
    expect(district.map((m) => m.id)).toContain(qfsFixture.staffId);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const head = tokens['jfl.head'];
    const admin = tokens['city.admin'];
    const valid = identityNumber('1996-01-31');
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const member = fixture.staffId;
    const good = memberInput(jflStation, { name: '坏输入测试' });
    // Far ahead, so the one accepted at the end bears on no other test.
    const policy = { effectiveFrom: '2030-01-01', minStaff: 3, minCertifiedShare: { numerator: 2, denominator: 3 } };
    const details = {
      name: '访问测试甲',
      gender: 'FEMALE',
      idNumber: fixture.idNumber,
      employmentType: 'FULL_TIME',
      position: 'SOCIAL_WORKER',
      startDate: '2024-02-01',
    };

    const cases: [string, string, Row, string, string?][] = [
      // [label, query, variables, field, token]
      ['wrong check character', ADD, { input: { ...good, idNumber: wrongCheck } }, 'idNumber'],
      ['17 characters', ADD, { input: { ...good, idNumber: valid.slice(0, 17) } }, 'idNumber'],
      ['19 characters', ADD, { input: { ...good, idNumber: `${valid}0` } }, 'idNumber'],
      ['letters', ADD, { input: { ...good, idNumber: `A${valid.slice(1)}` } }, 'idNumber'],
      ['30 February', ADD, { input: { ...good, idNumber: makeIdentityNumber('370102', '1990-02-30', '123') } }, 'idNumber'],
      ['month 13', ADD, { input: { ...good, idNumber: makeIdentityNumber('370102', '1990-13-01', '123') } }, 'idNumber'],
      ['born in the future', ADD, { input: { ...good, idNumber: makeIdentityNumber('370102', `${Number(today.slice(0, 4)) + 1}-01-01`, '123') } }, 'idNumber'],
      ['born before 1900', ADD, { input: { ...good, idNumber: makeIdentityNumber('370102', '1899-12-31', '123') } }, 'idNumber'],
      ['blank name', ADD, { input: { ...good, name: '   ' } }, 'name'],
      ['empty name', ADD, { input: { ...good, name: '' } }, 'name'],
      ['bad phone', ADD, { input: { ...good, phone: 'call me' } }, 'phone'],
      ['station not a UUID', ADD, { input: { ...good, stationId: NOT_A_UUID } }, 'stationId'],
      ['update to a wrong check character', UPDATE, { id: member, input: { ...details, idNumber: wrongCheck } }, 'idNumber'],
      ['update to a blank name', UPDATE, { id: member, input: { ...details, name: ' ' } }, 'name'],
      ['update to an account outside the subtree', UPDATE, { id: member, input: { ...details, userId: '00000000-0000-4000-8000-000000000000' } }, 'userId'],
      ['end before the start', END, { id: member, input: { endDate: '2024-01-31' } }, 'endDate'],
      [
        'certificate expiring before issue',
        ADD_CERT,
        { staffId: member, input: { level: 'SOCIAL_WORKER', number: 'BAD-0001', issuedOn: '2023-06-18', expiresOn: '2023-06-17' } },
        'expiresOn',
      ],
      ['blank certificate number', ADD_CERT, { staffId: member, input: { level: 'SOCIAL_WORKER', number: '  ', issuedOn: '2023-06-18' } }, 'number'],
      ['duplicate certificate', ADD_CERT, { staffId: member, input: { level: 'SOCIAL_WORKER', number: 'FX-2023-0001', issuedOn: '2023-07-01' } }, 'number'],
      [
        'duplicate certificate, padded',
        ADD_CERT,
        { staffId: member, input: { level: 'SOCIAL_WORKER', number: ' FX-2023-0001 ', issuedOn: '2023-07-01' } },
        'number',
      ],
      ['negative share', SET_POLICY, { input: { ...policy, minCertifiedShare: { numerator: -1, denominator: 3 } } }, 'minCertifiedShare.numerator', admin],
      ['zero denominator', SET_POLICY, { input: { ...policy, minCertifiedShare: { numerator: 0, denominator: 0 } } }, 'minCertifiedShare.denominator', admin],
      ['share above one', SET_POLICY, { input: { ...policy, minCertifiedShare: { numerator: 4, denominator: 3 } } }, 'minCertifiedShare', admin],
      ['no staff required', SET_POLICY, { input: { ...policy, minStaff: 0 } }, 'minStaff', admin],
      ['no levels', SET_POLICY, { input: { ...policy, appliesToLevels: [] } }, 'appliesToLevels', admin],
      ['zero-day deadline', SET_POLICY, { input: { ...policy, filingDeadlineDays: 0 } }, 'filingDeadlineDays', admin],
      ['negative full-time minimum', SET_POLICY, { input: { ...policy, minFullTime: -1 } }, 'minFullTime', admin],
      ['staffMember id', MEMBER_Q, { id: NOT_A_UUID }, 'id'],
      ['updateStaffMember id', UPDATE, { id: NOT_A_UUID, input: details }, 'id'],
      ['endStaffMember id', END, { id: NOT_A_UUID, input: { endDate: '2024-12-31' } }, 'id'],
      ['addCertificate staffId', ADD_CERT, { staffId: NOT_A_UUID, input: { level: 'SOCIAL_WORKER', number: 'BAD-0002', issuedOn: '2023-06-18' } }, 'staffId'],
      ['removeCertificate id', REMOVE_CERT, { id: '12345' }, 'id'],
      ['fileStaffChange id', FILE, { id: NOT_A_UUID }, 'id'],
      ['stationStaffingCompliance stationId', STATION_COMPLIANCE, { stationId: NOT_A_UUID }, 'stationId'],
      ['staffingCompliance rootId', COMPLIANCE, { rootId: NOT_A_UUID }, 'rootId'],
      ['staffMembers rootId', MEMBERS, { filter: { rootId: NOT_A_UUID } }, 'rootId'],
      ['staffFilings rootId', FILINGS, { filter: { rootId: NOT_A_UUID } }, 'rootId'],
    ];
    const before = await counts();
    const [memberBefore] = await t.ownerQuery(`select * from staff_member where id = $1`, [member]);
    for (const [label, query, variables, field, token] of cases) {
      const res = await t.gql(query, variables, token ?? head);
      try {
        expectBadInput(res, field);
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}\n${JSON.stringify(res)}`);
      }
    }
    // The same person twice on one station (in any spelling) is no mistake in a field but a clash
    // with the member on the roster: CONFLICT pointing to them, like the other duplicates.
    for (const spelling of [fixture.idNumber, fixture.idNumber.toLowerCase()]) {
      const twice = await t.gql(ADD, { input: { ...good, idNumber: spelling } }, head);
      expectCode(twice, 'CONFLICT');
      expect(twice.errors![0].extensions).toEqual({ code: 'CONFLICT', field: 'idNumber', existingId: fixture.staffId });
    }

    // Dates that are not real dates, wherever a Date goes.
    const badDates: [string, string, Row, string?][] = [
      ['startDate 30 February', ADD, { input: { ...good, startDate: '2024-02-30' } }],
      ['startDate not padded', ADD, { input: { ...good, startDate: '2024-2-1' } }],
      ['endDate month 13', END, { id: member, input: { endDate: '2024-13-01' } }],
      ['issuedOn 31 April', ADD_CERT, { staffId: member, input: { level: 'SOCIAL_WORKER', number: 'BAD-0003', issuedOn: '2023-04-31' } }],
      ['effectiveFrom 29 February of 2023', SET_POLICY, { input: { ...policy, effectiveFrom: '2023-02-29' } }, admin],
      ['filedOn a word', FILE, { id: fixture.filingId, filedOn: 'yesterday' }],
      ['activeOn 30 February', MEMBERS, { filter: { activeOn: '2024-02-30' } }],
      ['asOf 0 January', FILINGS, { filter: { asOf: '2024-01-00' } }],
      ['compliance on 32 May', STATION_COMPLIANCE, { stationId: jflStation, on: '2024-05-32' }],
    ];
    for (const [label, query, variables, token] of badDates) {
      const res = await t.gql(query, variables, token ?? head);
      try {
        expectCode(res, 'BAD_USER_INPUT');
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}\n${JSON.stringify(res)}`);
      }
    }

    expect(await counts()).toEqual(before);
    expect(await t.ownerQuery(`select * from staff_member where id = $1`, [member])).toEqual([memberBefore]);
    expect(await t.ownerQuery(`select 1 from staff_member where name = '坏输入测试'`)).toHaveLength(0);
    expect(await t.ownerQuery(`select 1 from staff_certificate where number like 'BAD-%'`)).toHaveLength(0);

    // The same inputs with the problems removed are accepted: the refusals were about the fields named.
    const accepted = await t.gql(ADD, { input: good }, head);
    expect(accepted.errors).toBeUndefined();
    const goodId = accepted.data!.addStaffMember.id;
    // The last day served may be the first.
    expect((await t.gql(END, { id: goodId, input: { endDate: good.startDate } }, head)).errors).toBeUndefined();
    expect(
      (await t.gql(ADD_CERT, { staffId: goodId, input: { level: 'SOCIAL_WORKER', number: 'BAD-0001', issuedOn: '2023-06-18', expiresOn: '2023-06-18' } }, head))
        .errors,
    ).toBeUndefined();
    expect((await t.gql(SET_POLICY, { input: { ...policy, minCertifiedShare: { numerator: 3, denominator: 3 } } }, admin)).errors).toBeUndefined();
    expect(await counts()).toEqual({
      staff_member: before.staff_member + 1,
      staff_certificate: before.staff_certificate + 1,
      staff_filing: before.staff_filing + 2, // the new member's joining and leaving
      staffing_policy: before.staffing_policy + 1,
    });
  });

  it('another station’s and another district’s staff do not exist for those outside; the district officer sees them', async () => {
    const head = tokens['jfl.head'];
    const before = await counts();
    const qfsInput = {
      name: '越界',
      gender: 'MALE',
      idNumber: identityNumber(undefined, undefined, 'MALE'),
      employmentType: 'FULL_TIME',
      position: 'SOCIAL_WORKER',
      startDate: '2024-02-01',
    };

    // 解放路's head and 千佛山's staff.
    const outside: [string, string, Row][] = [
      ['staffMember', MEMBER_Q, { id: qfsFixture.staffId }],
      ['updateStaffMember', UPDATE, { id: qfsFixture.staffId, input: qfsInput }],
      ['endStaffMember', END, { id: qfsFixture.staffId, input: { endDate: '2024-06-30' } }],
      ['addStaffMember at 千佛山', ADD, { input: { ...qfsInput, stationId: qfsStation } }],
      ['addCertificate', ADD_CERT, { staffId: qfsFixture.staffId, input: { level: 'SOCIAL_WORKER', number: 'OUT-0001', issuedOn: '2023-06-18' } }],
      ['removeCertificate', REMOVE_CERT, { id: qfsFixture.certId }],
      ['stationStaffingCompliance', STATION_COMPLIANCE, { stationId: qfsStation }],
      ['staffingCompliance', COMPLIANCE, { rootId: qfsNode }],
      ['staffMembers under 千佛山', MEMBERS, { filter: { rootId: qfsNode } }],
      ['staffFilings under 千佛山', FILINGS, { filter: { rootId: qfsNode } }],
      ['fileStaffChange', FILE, { id: qfsFixture.filingId, filedOn: '2024-02-05' }],
    ];
    for (const [label, query, variables] of outside) {
      const res = await t.gql(query, variables, head);
      try {
        expectCode(res, 'NOT_FOUND');
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}\n${JSON.stringify(res)}`);
      }
    }
    // Nor the other way round: 千佛山's worker and 解放路's member.
    expectCode(await t.gql(MEMBER_Q, { id: fixture.staffId }, tokens['qfs.worker']), 'NOT_FOUND');
    expectCode(await t.gql(STATION_COMPLIANCE, { stationId: jflStation }, tokens['qfs.worker']), 'NOT_FOUND');
    expect((await t.ok(MEMBER_Q, { id: qfsFixture.staffId }, tokens['qfs.worker'])).staffMember.name).toBe('千佛山测试乙');
    expect(await counts()).toEqual(before);
    expect(await filingOf(qfsFixture.staffId, 'JOIN')).toMatchObject({ filed_on: null });
    expect(await t.ownerQuery(`select 1 from staff_certificate where id = $1`, [qfsFixture.certId])).toHaveLength(1);
    expect((await t.ownerQuery(`select end_date from staff_member where id = $1`, [qfsFixture.staffId]))[0].end_date).toBeNull();

    // The head's unfiltered lists hold its own station's rows and nothing of 千佛山.
    const headMembers = await everything(MEMBERS, 'staffMembers', {}, head);
    expect(headMembers.map((m) => m.id).sort()).toEqual((await idsUnder('staff_member', jflNode)).sort());
    const headFilings = await everything(FILINGS, 'staffFilings', {}, head);
    expect(headFilings.map((f) => f.id).sort()).toEqual((await idsUnder('staff_filing', jflNode)).sort());
    expect(headFilings.map((f) => f.id)).not.toContain(qfsFixture.filingId);

    // 市中区's officer and 历下区.
    const dgy = await hire(await t.stationId('370103001'), { name: '大观园测试丙', idNumber: identityNumber('1996-07-15', '370103') }, tokens['dgy.head']);
    const shizhong = tokens['shizhong.officer'];
    for (const [query, variables] of [
      [MEMBER_Q, { id: fixture.staffId }],
      [MEMBER_Q, { id: qfsFixture.staffId }],
      [COMPLIANCE, { rootId: lixiaNode }],
      [COMPLIANCE, { rootId: jflNode }],
      [STATION_COMPLIANCE, { stationId: jflStation }],
      [MEMBERS, { filter: { rootId: lixiaNode } }],
      [FILINGS, { filter: { rootId: lixiaNode } }],
    ] as [string, Row][]) {
      expectCode(await t.gql(query, variables, shizhong), 'NOT_FOUND');
    }
    const lixiaStaff = new Set(await idsUnder('staff_member', lixiaNode));
    const lixiaFilings = new Set(await idsUnder('staff_filing', lixiaNode));
    expect(lixiaStaff.size).toBeGreaterThan(0);
    const shizhongMembers = await everything(MEMBERS, 'staffMembers', {}, shizhong);
    expect(shizhongMembers.filter((m) => lixiaStaff.has(m.id))).toEqual([]);
    expect(shizhongMembers.map((m) => m.id).sort()).toEqual((await idsUnder('staff_member', shizhongNode)).sort());
    expect(shizhongMembers.map((m) => m.id)).toContain(dgy.id);
    const shizhongFilings = await everything(FILINGS, 'staffFilings', {}, shizhong);
    expect(shizhongFilings.filter((f) => lixiaFilings.has(f.id))).toEqual([]);
    expect(shizhongFilings.map((f) => f.staffId)).toContain(dgy.id);
    const overdue = await everything(FILINGS, 'staffFilings', { filter: { status: 'OVERDUE' } }, shizhong);
    expect(overdue.filter((f) => lixiaFilings.has(f.id))).toEqual([]);
    const report = (await t.ok(COMPLIANCE, { rootId: shizhongNode, on: '2024-06-01' }, shizhong)).staffingCompliance;
    expect(report.stations).toBeGreaterThan(0);
    expect(report.failingStations.every((s: Row) => s.orgUnitCode.startsWith('370103'))).toBe(true);

    // 历下区's officer sees both stations' people, filings and compliance; not 市中区's.
    const lixia = tokens['lixia.officer'];
    expect((await t.ok(MEMBER_Q, { id: fixture.staffId }, lixia)).staffMember.name).toBe(maskName('访问测试甲'));
    expect((await t.ok(MEMBER_Q, { id: qfsFixture.staffId }, lixia)).staffMember).toMatchObject({ name: maskName('千佛山测试乙'), idNumber: null });
    expect((await t.ok(STATION_COMPLIANCE, { stationId: qfsStation, on: '2024-06-01' }, lixia)).stationStaffingCompliance).toMatchObject({
      stationId: qfsStation,
      orgUnitCode: '370102002',
      applicable: true,
    });
    const lixiaMembers = await everything(MEMBERS, 'staffMembers', {}, lixia);
    expect(lixiaMembers.map((m) => m.id).sort()).toEqual([...lixiaStaff].sort());
    expect(lixiaMembers.map((m) => m.id)).not.toContain(dgy.id);
    const lixiaFilingList = await everything(FILINGS, 'staffFilings', { filter: { rootId: lixiaNode } }, lixia);
    expect(lixiaFilingList.map((f) => f.id).sort()).toEqual([...lixiaFilings].sort());
    expect(lixiaFilingList.map((f) => f.id)).toEqual(expect.arrayContaining([fixture.filingId, qfsFixture.filingId]));
    const [{ streets }] = await t.ownerQuery(
      `select count(*)::int as streets from station s join org_unit o on o.id = s.org_unit_id join org_unit d on d.id = $1
        where o.level = 3 and s.org_path <@ d.path`,
      [lixiaNode],
    );
    const lixiaReport = (await t.ok(COMPLIANCE, { rootId: lixiaNode, on: '2024-06-01', page: { limit: 100 } }, lixia)).staffingCompliance;
    expect(lixiaReport.stations).toBe(streets);
    expect(lixiaReport.compliant + lixiaReport.failing).toBe(streets);
    expectCode(await t.gql(COMPLIANCE, { rootId: shizhongNode }, lixia), 'NOT_FOUND');
    expectCode(await t.gql(MEMBER_Q, { id: dgy.id }, lixia), 'NOT_FOUND');
  });

  it('roles without the right are FORBIDDEN: bureaus and workers change no roster, supervisors read none, only the city admin sets the policy', async () => {
    const before = await counts();
    const [memberBefore] = await t.ownerQuery(`select * from staff_member where id = $1`, [fixture.staffId]);
    const changes: [string, string, Row][] = [
      ['addStaffMember', ADD, { input: memberInput(jflStation, { name: '无权添加' }) }],
      [
        'updateStaffMember',
        UPDATE,
        {
          id: fixture.staffId,
          input: { name: '改名', gender: 'MALE', idNumber: fixture.idNumber, employmentType: 'FULL_TIME', position: 'OTHER', startDate: '2024-02-01' },
        },
      ],
      ['endStaffMember', END, { id: fixture.staffId, input: { endDate: '2024-06-30' } }],
      ['addCertificate', ADD_CERT, { staffId: fixture.staffId, input: { level: 'SOCIAL_WORKER', number: 'FORBID-0001', issuedOn: '2023-06-18' } }],
      ['removeCertificate', REMOVE_CERT, { id: fixture.certId }],
      ['fileStaffChange', FILE, { id: fixture.filingId, filedOn: '2024-02-05' }],
    ];
    for (const user of ['lixia.officer', 'city.admin', 'jfl.worker']) {
      for (const [label, query, variables] of changes) {
        const res = await t.gql(query, variables, tokens[user]);
        try {
          expectCode(res, 'FORBIDDEN');
        } catch (e) {
          throw new Error(`${user} ${label}: ${(e as Error).message}\n${JSON.stringify(res)}`);
        }
      }
    }
    // They may read what they may not change.
    for (const user of ['lixia.officer', 'city.admin', 'jfl.worker']) {
      expect((await t.ok(MEMBER_Q, { id: fixture.staffId }, tokens[user])).staffMember.certificates.map((c: Row) => c.id)).toEqual([fixture.certId]);
    }
    expect(await counts()).toEqual(before);
    expect(await t.ownerQuery(`select * from staff_member where id = $1`, [fixture.staffId])).toEqual([memberBefore]);
    expect(await filingOf(fixture.staffId, 'JOIN')).toMatchObject({ filed_on: null });

    // A supervisor reads the tree, not rosters, filings or compliance.
    const supervisor = tokens['lixia.supervisor'];
    for (const [query, variables] of [
      [MEMBERS, {}],
      [MEMBERS, { filter: { rootId: jflNode } }],
      [MEMBER_Q, { id: fixture.staffId }],
      [COMPLIANCE, { rootId: jflNode }],
      [COMPLIANCE, { rootId: qfsNode }],
      [STATION_COMPLIANCE, { stationId: jflStation }],
      [FILINGS, {}],
    ] as [string, Row][]) {
      expectCode(await t.gql(query, variables, supervisor), 'FORBIDDEN');
    }
    expect((await t.ok(`query($id: ID!) { station(id: $id) { name } }`, { id: jflStation }, supervisor)).station.name).toBe('解放路街道社会工作服务站');

    // Only the city admin sets the policy; everyone in the tenant reads it.
    const policy = { effectiveFrom: '2024-10-01', minStaff: 5, minCertifiedShare: { numerator: 1, denominator: 2 } };
    for (const user of ['lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'qfs.worker', 'lixia.supervisor', 'qfs.head']) {
      expectCode(await t.gql(SET_POLICY, { input: policy }, tokens[user]), 'FORBIDDEN');
    }
    expect(await counts()).toEqual(before);
    const expected = (await t.ok(POLICY, { on: '2024-10-15' }, tokens['city.admin'])).staffingPolicy;
    expect(expected.minStaff).not.toBe(5);
    for (const user of Object.keys(tokens)) {
      expect((await t.ok(POLICY, { on: '2024-10-15' }, tokens[user])).staffingPolicy).toEqual(expected);
      expect(Array.isArray((await t.ok(POLICY_HISTORY, {}, tokens[user])).staffingPolicyHistory)).toBe(true);
    }
  });

  it('another city sees none of Jinan’s staffing, has its own policy, and row-level security holds in raw SQL', async () => {
    const qingdao = await createSecondCity(t);
    const admin = qingdao.adminToken;
    // A street with its station and a station head in the second city, so every mutation can be tried from there.
    const [{ id: qdCity }] = await t.ownerQuery(`select id from org_unit where tenant_id = $1 and level = 1`, [qingdao.tenantId]);
    const district = (await t.ok(CREATE_ORG_UNIT, { input: { parentId: qdCity, code: '370202', name: '市南区' } }, admin)).createOrgUnit;
    const street = (
      await t.ok(
        CREATE_ORG_UNIT,
        { input: { parentId: district.id, code: '370202001', name: '八大关街道', station: { name: '八大关街道社会工作服务站' } } },
        admin,
      )
    ).createOrgUnit;
    await t.ok(
      CREATE_USER,
      { input: { username: 'bdg.head', displayName: '八大关站长', password: 'Badaguan@2026', orgUnitId: street.id, role: 'STATION_HEAD' } },
      admin,
    );
    const qdHead = await t.login('bdg.head', 'Badaguan@2026', 'qingdao');

    const before = await counts();
    const jinanStaff = { ...memberInput(jflStation), idNumber: identityNumber() };
    const fromQingdao: [string, string, Row, string[]][] = [
      ['staffMember', MEMBER_Q, { id: fixture.staffId }, [admin, qdHead]],
      ['stationStaffingCompliance', STATION_COMPLIANCE, { stationId: jflStation }, [admin, qdHead]],
      ['staffingCompliance of Jinan', COMPLIANCE, { rootId: cityNode }, [admin, qdHead]],
      ['staffMembers under Jinan', MEMBERS, { filter: { rootId: cityNode } }, [admin, qdHead]],
      ['staffFilings under Jinan', FILINGS, { filter: { rootId: lixiaNode } }, [admin, qdHead]],
      ['removeCertificate', REMOVE_CERT, { id: fixture.certId }, [qdHead]],
      ['fileStaffChange', FILE, { id: fixture.filingId, filedOn: '2024-02-05' }, [qdHead]],
      ['endStaffMember', END, { id: fixture.staffId, input: { endDate: '2024-06-30' } }, [qdHead]],
      ['addCertificate', ADD_CERT, { staffId: fixture.staffId, input: { level: 'SOCIAL_WORKER', number: 'QD-0001', issuedOn: '2023-06-18' } }, [qdHead]],
      ['addStaffMember at a Jinan station', ADD, { input: jinanStaff }, [qdHead]],
    ];
    for (const [label, query, variables, who] of fromQingdao) {
      for (const token of who) {
        const res = await t.gql(query, variables, token);
        try {
          expectCode(res, 'NOT_FOUND');
        } catch (e) {
          throw new Error(`${label} (${token === admin ? 'admin' : 'head'}): ${(e as Error).message}\n${JSON.stringify(res)}`);
        }
      }
    }
    // The second city's admin has no roster rights anywhere: its mutations stop at the role check.
    expectCode(await t.gql(REMOVE_CERT, { id: fixture.certId }, admin), 'FORBIDDEN');
    expectCode(await t.gql(FILE, { id: fixture.filingId }, admin), 'FORBIDDEN');
    expect(await counts()).toEqual(before);
    expect(await t.ownerQuery(`select 1 from staff_certificate where id = $1`, [fixture.certId])).toHaveLength(1);
    expect(await filingOf(fixture.staffId, 'JOIN')).toMatchObject({ filed_on: null });

    // Its own lists hold only its own: none yet, then the one it adds (the same person Jinan employs is another city's business).
    for (const token of [admin, qdHead]) {
      expect((await t.ok(MEMBERS, {}, token)).staffMembers).toEqual({ total: 0, items: [] });
      expect((await t.ok(FILINGS, {}, token)).staffFilings).toEqual({ total: 0, items: [] });
    }
    const qdMember = await hire(street.station.id, { name: '八大关测试', idNumber: fixture.idNumber, startDate: '2024-03-04' }, qdHead);
    expect(qdMember.idNumber).toBe(fixture.idNumber);
    expect((await t.ok(MEMBERS, {}, admin)).staffMembers.items.map((m: Row) => m.id)).toEqual([qdMember.id]);
    const qdFilings = (await t.ok(FILINGS, {}, admin)).staffFilings;
    expect(qdFilings.items).toEqual([expect.objectContaining({ staffId: qdMember.id, kind: 'JOIN', changeDate: '2024-03-04', dueOn: '2024-03-11' })]);
    // …and Jinan does not see it.
    expectCode(await t.gql(MEMBER_Q, { id: qdMember.id }, tokens['city.admin']), 'NOT_FOUND');
    const jinanFilings = await everything(FILINGS, 'staffFilings', {}, tokens['city.admin']);
    expect(jinanFilings.map((f) => f.staffId)).not.toContain(qdMember.id);

    // A policy set in Jinan is Jinan's: the second city keeps the default.
    const set = (
      await t.ok(
        SET_POLICY,
        {
          input: {
            effectiveFrom: '2025-03-01',
            minStaff: 4,
            minCertifiedShare: { numerator: 3, denominator: 4 },
            minFullTime: 2,
            appliesToLevels: ['STREET', 'COMMUNITY'],
            filingDeadlineDays: 10,
          },
        },
        tokens['city.admin'],
      )
    ).setStaffingPolicy;
    expect(set).toEqual({
      id: expect.any(String),
      effectiveFrom: '2025-03-01',
      minStaff: 4,
      minCertifiedShare: { numerator: 3, denominator: 4 },
      minFullTime: 2,
      minCertifiedCount: null,
      appliesToLevels: ['STREET', 'COMMUNITY'],
      filingDeadlineDays: 10,
      isDefault: false,
    });
    const [{ tenant_id: policyTenant }] = await t.ownerQuery(`select tenant_id from staffing_policy where id = $1`, [set.id]);
    expect(policyTenant).toBe(jinanId);
    for (const on of ['2025-03-01', today]) {
      expect((await t.ok(POLICY, { on }, tokens['jfl.worker'])).staffingPolicy).toMatchObject({ id: set.id, minStaff: 4 });
      expect((await t.ok(POLICY, { on }, admin)).staffingPolicy).toEqual({
        id: null,
        effectiveFrom: null,
        minStaff: 3,
        minCertifiedShare: { numerator: 2, denominator: 3 },
        minFullTime: null,
        minCertifiedCount: null,
        appliesToLevels: ['STREET'],
        filingDeadlineDays: 7,
        isDefault: true,
      });
    }
    expect((await t.ok(POLICY_HISTORY, {}, admin)).staffingPolicyHistory).toEqual([]);
    expect((await t.ok(POLICY_HISTORY, {}, tokens['city.admin'])).staffingPolicyHistory).toContainEqual({
      effectiveFrom: '2025-03-01',
      filingDeadlineDays: 10,
    });
    // The second city's station is judged by its own (default) policy.
    expect((await t.ok(STATION_COMPLIANCE, { stationId: street.station.id, on: '2025-06-01' }, admin)).stationStaffingCompliance).toMatchObject({
      staffCount: 1,
      complies: false,
      policy: { isDefault: true, filingDeadlineDays: 7 },
    });

    // Raw SQL as the application role: the second tenant's settings with every Jinan path in scope see no Jinan row.
    const [{ paths: jinanPaths }] = await t.ownerQuery(`select array_agg(path::text) as paths from org_unit where tenant_id = $1`, [jinanId]);
    const [{ paths: qingdaoPaths }] = await t.ownerQuery(`select array_agg(path::text) as paths from org_unit where tenant_id = $1`, [qingdao.tenantId]);
    for (const table of STAFF_TABLES) {
      const [{ n: jinanRows }] = await t.ownerQuery(`select count(*)::int as n from ${table} where tenant_id = $1`, [jinanId]);
      expect(jinanRows).toBeGreaterThan(0);
      const probe = await t.appQuery({ tenantId: qingdao.tenantId, scope: jinanPaths }, `select * from ${table}`);
      expect(probe.filter((r) => r.tenant_id === jinanId)).toEqual([]);
      expect(probe).toEqual([]); // Qingdao's own rows lie outside the Jinan paths; it has no policy rows
      const aimed = await t.appQuery({ tenantId: qingdao.tenantId, scope: jinanPaths }, `select * from ${table} where tenant_id = $1`, [jinanId]);
      expect(aimed).toEqual([]);
      expect(await t.appQuery(null, `select * from ${table}`)).toEqual([]);
      // The probe is not blind: Jinan's own settings see Jinan's rows, and Qingdao's see Qingdao's.
      const own = await t.appQuery({ tenantId: jinanId, scope: jinanPaths }, `select count(*)::int as n from ${table}`);
      expect(own[0].n).toBe(jinanRows);
      const [{ n: qingdaoRows }] = await t.ownerQuery(`select count(*)::int as n from ${table} where tenant_id = $1`, [qingdao.tenantId]);
      const theirs = await t.appQuery({ tenantId: qingdao.tenantId, scope: qingdaoPaths }, `select tenant_id from ${table}`);
      expect(theirs).toHaveLength(qingdaoRows);
      expect(theirs.every((r) => r.tenant_id === qingdao.tenantId)).toBe(true);
    }
    // The staffing functions, too, answer for the tenant in the settings only.
    const [fn] = await t.appQuery({ tenantId: qingdao.tenantId, scope: jinanPaths }, `select * from station_staffing_at($1, '2024-06-01')`, [jflStation]);
    expect(fn).toEqual({ staff: 0, full_time: 0, certified: 0 });
    const [policyThere] = await t.appQuery({ tenantId: qingdao.tenantId }, `select id, filing_deadline_days from staffing_policy_at('2025-06-01')`);
    expect(policyThere).toEqual({ id: null, filing_deadline_days: 7 });
  });

  it('filings (备案): joins and leaves open filings due by the policy’s deadline; overdue ones are listed; filing marks them on time or late', async () => {
    const head = tokens['jfl.head'];
    const lixia = tokens['lixia.officer'];
    const defaultPolicy = (await t.ok(POLICY, { on: '2024-04-01' }, head)).staffingPolicy;
    expect(defaultPolicy.filingDeadlineDays).toBe(7);

    const member = await hire(jflStation, { name: '备案测试丁', startDate: '2024-04-01' });
    const listed = async (filter: Row, token = lixia) => everything(FILINGS, 'staffFilings', { filter }, token);
    const mine = (items: Row[]) => items.filter((f) => f.staffId === member.id);

    const [join] = mine(await listed({ rootId: jflNode }, head));
    expect(join).toEqual({
      id: expect.any(String),
      stationId: jflStation,
      staffId: member.id,
      staffName: '备案测试丁',
      kind: 'JOIN',
      changeDate: '2024-04-01',
      dueOn: '2024-04-08',
      filedOn: null,
      status: 'OVERDUE', // as of today
    });
    expect(await filingOf(member.id, 'JOIN')).toMatchObject({ tenant_id: jinanId, due_on: '2024-04-08' });
    // Judged as of a day: pending through the due day, overdue after it.
    expect(mine(await listed({ asOf: '2024-04-08' })).map((f) => f.status)).toEqual(['PENDING']);
    expect(mine(await listed({ status: 'PENDING', asOf: '2024-04-08' }))).toHaveLength(1);
    expect(mine(await listed({ status: 'OVERDUE', asOf: '2024-04-08' }))).toHaveLength(0);
    expect(mine(await listed({ status: 'OVERDUE', asOf: '2024-04-09' }))).toHaveLength(1);

    const ended = (await t.ok(END, { id: member.id, input: { endDate: '2024-04-20', reason: '辞职' } }, head)).endStaffMember;
    expect(ended.endDate).toBe('2024-04-20');
    const leave = mine(await listed({ rootId: jflNode }, head)).find((f) => f.kind === 'LEAVE')!;
    expect(leave).toMatchObject({ kind: 'LEAVE', changeDate: '2024-04-20', dueOn: '2024-04-27', filedOn: null, status: 'OVERDUE' });

    // The district officer's overdue list as of 30 April: both, and only unfiled past-due filings.
    const overdue = await listed({ status: 'OVERDUE', asOf: '2024-04-30' });
    expect(
      mine(overdue)
        .map((f) => f.kind)
        .sort(),
    ).toEqual(['JOIN', 'LEAVE']);
    for (const f of overdue) {
      expect(f).toMatchObject({ status: 'OVERDUE', filedOn: null });
      expect(f.dueOn < '2024-04-30').toBe(true);
    }
    const sqlOverdue = await t.ownerQuery<{ id: string }>(
      `select f.id from staff_filing f join org_unit o on o.id = $1 where f.org_path <@ o.path and f.filed_on is null and f.due_on < '2024-04-30'`,
      [lixiaNode],
    );
    expect(overdue.map((f) => f.id).sort()).toEqual(sqlOverdue.map((r) => r.id).sort());

    // Filing: on the due day is on time; after it, late. The officer may list but not file.
    expectCode(await t.gql(FILE, { id: join.id, filedOn: '2024-04-08' }, lixia), 'FORBIDDEN');
    const filedJoin = (await t.ok(FILE, { id: join.id, filedOn: '2024-04-08' }, head)).fileStaffChange;
    expect(filedJoin).toEqual({ ...join, filedOn: '2024-04-08', status: 'FILED' });
    const filedLeave = (await t.ok(FILE, { id: leave.id, filedOn: '2024-05-06' }, head)).fileStaffChange;
    expect(filedLeave).toEqual({ ...leave, filedOn: '2024-05-06', status: 'FILED_LATE' });
    const [stored] = await t.ownerQuery(`select filed_by from staff_filing where id = $1`, [join.id]);
    expect(stored.filed_by).toBe((await t.ownerQuery(`select id from user_account where username = 'jfl.head'`))[0].id);
    expect(mine(await listed({ status: 'OVERDUE', asOf: '2024-04-30' }))).toEqual([]);
    expect(mine(await listed({ status: 'FILED' })).map((f) => f.id)).toEqual([join.id]);
    expect(mine(await listed({ status: 'FILED_LATE' })).map((f) => f.id)).toEqual([leave.id]);

    // A filing day in the future is refused and changes nothing; no day means today.
    const fresh = await hire(jflStation, { name: '备案测试戊', startDate: today });
    const freshFiling = (await filingOf(fresh.id, 'JOIN'))!;
    const policyToday = (await t.ok(POLICY, { on: today }, head)).staffingPolicy;
    expect(freshFiling.due_on).toBe(addDays(today, policyToday.filingDeadlineDays));
    for (const filedOn of [addDays(today, 2), '2099-01-01']) {
      expectBadInput(await t.gql(FILE, { id: freshFiling.id, filedOn }, head), 'filedOn');
    }
    expect(await filingOf(fresh.id, 'JOIN')).toEqual(freshFiling);
    const [{ now }] = await t.ownerQuery(`select to_char(now() at time zone time_zone, 'YYYY-MM-DD') as now from tenant where code = 'jinan'`);
    expect((await t.ok(FILE, { id: freshFiling.id }, head)).fileStaffChange).toMatchObject({ filedOn: now, status: 'FILED' });

    // Moving the start date moves the joining filing and asks for it again.
    await t.ok(
      UPDATE,
      {
        id: member.id,
        input: {
          name: '备案测试丁',
          gender: 'FEMALE',
          idNumber: member.idNumber,
          employmentType: 'FULL_TIME',
          position: 'SOCIAL_WORKER',
          startDate: '2024-04-03',
        },
      },
      head,
    );
    expect(await filingOf(member.id, 'JOIN')).toMatchObject({ change_date: '2024-04-03', due_on: '2024-04-10', filed_on: null });

    // A 14-day deadline from 1 July: changes from then get 14 days, earlier ones keep 7.
    const policy = (
      await t.ok(
        SET_POLICY,
        { input: { effectiveFrom: '2024-07-01', minStaff: 3, minCertifiedShare: { numerator: 2, denominator: 3 }, filingDeadlineDays: 14 } },
        tokens['city.admin'],
      )
    ).setStaffingPolicy;
    expect(policy).toMatchObject({ effectiveFrom: '2024-07-01', filingDeadlineDays: 14, isDefault: false, appliesToLevels: ['STREET'] });
    const june = await hire(jflStation, { name: '备案测试己', startDate: '2024-06-30' });
    const july = await hire(jflStation, { name: '备案测试庚', startDate: '2024-07-01' });
    const august = await hire(jflStation, { name: '备案测试辛', startDate: '2024-08-10' });
    expect(await filingOf(june.id, 'JOIN')).toMatchObject({ change_date: '2024-06-30', due_on: '2024-07-07' });
    expect(await filingOf(july.id, 'JOIN')).toMatchObject({ change_date: '2024-07-01', due_on: '2024-07-15' });
    expect(await filingOf(august.id, 'JOIN')).toMatchObject({ change_date: '2024-08-10', due_on: '2024-08-24' });
    await t.ok(END, { id: june.id, input: { endDate: '2024-09-30' } }, head);
    expect(await filingOf(june.id, 'LEAVE')).toMatchObject({ change_date: '2024-09-30', due_on: '2024-10-14' });
    const aug = (await listed({ rootId: jflNode, asOf: '2024-08-24' }, head)).find((f) => f.staffId === august.id)!;
    expect(aug).toMatchObject({ kind: 'JOIN', dueOn: '2024-08-24', status: 'PENDING' });
    const augLate = (await listed({ rootId: jflNode, asOf: '2024-08-25', status: 'OVERDUE' }, lixia)).find((f) => f.staffId === august.id);
    expect(augLate).toMatchObject({ status: 'OVERDUE' });
    // Filed on day 14 is on time under the new rule, where day 8 would have been late under the old.
    expect((await t.ok(FILE, { id: aug.id, filedOn: '2024-08-24' }, head)).fileStaffChange.status).toBe('FILED');
  });
});
