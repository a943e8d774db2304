import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { spyOnRequestStatements, TestApp } from './support/test-app';

const ADD = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { id } }`;
const END = `mutation($id: ID!, $input: EndStaffMemberInput!) { endStaffMember(id: $id, input: $input) { id endDate } }`;
const CERT = `mutation($staffId: ID!, $input: CertificateInput!) { addCertificate(staffId: $staffId, input: $input) { id } }`;
const POLICY = `mutation($input: StaffingPolicyInput!) { setStaffingPolicy(input: $input) { effectiveFrom minStaff } }`;
const STATION = `query($id: ID!, $on: Date) { stationStaffingCompliance(stationId: $id, on: $on) {
  applicable complies staffCount certifiedCount fullTimeCount failingSince failures { rule message actual required } policy { minStaff isDefault } } }`;
const REPORT = `query($root: ID!, $on: Date, $page: PageInput) { staffingCompliance(rootId: $root, on: $on, page: $page) {
  on stations compliant failing rate failingStations { orgUnitCode complies failingSince failures { rule } } } }`;

let sequence = 100;

describe('staffing compliance', () => {
  let t: TestApp;
  let head: string;
  let cityAdmin: string;
  let jfl: string;
  let qfs: string;

  async function hire(station: string, startDate: string, opts: { partTime?: boolean } = {}) {
    // An even 17th digit: a woman's number, as everyone hired here is.
    if (sequence % 2) sequence++;
    const idNumber = makeIdentityNumber('370102', '1990-01-01', String(sequence++));
    const { addStaffMember } = await t.ok(
      ADD,
      {
        input: {
          stationId: station,
          name: `社工${sequence}`,
          gender: 'FEMALE',
          idNumber,
          employmentType: opts.partTime ? 'PART_TIME' : 'FULL_TIME',
          position: 'SOCIAL_WORKER',
          startDate,
        },
      },
      head,
    );
    return addStaffMember.id as string;
  }

  async function certify(staffId: string, issuedOn: string, expiresOn?: string) {
    await t.ok(CERT, { staffId, input: { level: 'ASSISTANT_SOCIAL_WORKER', number: `Z${sequence++}`, issuedOn, expiresOn } }, head);
  }

  async function judge(station: string, on: string) {
    return (await t.ok(STATION, { id: station, on }, cityAdmin)).stationStaffingCompliance;
  }

  beforeAll(async () => {
    t = await TestApp.start({ seed: true });
    cityAdmin = await t.login('city.admin');
    head = await t.login('jfl.head');
    jfl = await t.stationId('370102001');
    qfs = await t.stationId('370102002');
    // Here the head of 解放路 heads every station of 历下区, so one token builds all the rosters.
    await t.ownerQuery(
      `insert into role_assignment (tenant_id, user_id, role, org_unit_id, org_path)
       select u.tenant_id, u.id, 'STATION_HEAD', o.id, o.path from user_account u join org_unit o on o.tenant_id = u.tenant_id
        where u.username = 'jfl.head' and o.code = '370102'`,
    );
    await t.ownerQuery(`update user_account u set org_unit_id = o.id, org_path = o.path from org_unit o
                         where u.username = 'jfl.head' and o.tenant_id = u.tenant_id and o.code = '370102'`);
    await t.ownerQuery(`delete from staff_member where station_id in ($1, $2)`, [jfl, qfs]);
    head = await t.login('jfl.head');
  });
  afterAll(() => t.close());

  it('judges exactly at the boundaries: exactly 3 staff, exactly two-thirds, an expired certificate, the last day served', async () => {
    const a = await hire(jfl, '2024-01-01');
    const b = await hire(jfl, '2024-01-01');
    const c = await hire(jfl, '2024-02-01');
    await certify(a, '2023-06-01');
    await certify(b, '2024-01-01', '2024-03-31');

    // The station opened on 2021-07-01 and has never had 3 staff: failing since it opened.
    const jan = await judge(jfl, '2024-01-31');
    expect(jan).toMatchObject({ applicable: true, complies: false, staffCount: 2, certifiedCount: 2, failingSince: '2021-07-01' });
    expect(jan.failures).toEqual([{ rule: 'MIN_STAFF', message: '2 staff, needs at least 3', actual: 2, required: 3 }]);

    // Exactly 3 staff, exactly 2 of 3 certified: complies.
    expect(await judge(jfl, '2024-02-01')).toMatchObject({ complies: true, staffCount: 3, certifiedCount: 2, failures: [], failingSince: null });
    // The certificate's last valid day still counts; the day after it has expired.
    expect(await judge(jfl, '2024-03-31')).toMatchObject({ complies: true, certifiedCount: 2 });
    const april = await judge(jfl, '2024-04-01');
    expect(april).toMatchObject({ complies: false, staffCount: 3, certifiedCount: 1, failingSince: '2024-04-01' });
    expect(april.failures).toEqual([{ rule: 'MIN_CERTIFIED_SHARE', message: '3 staff, 1 certified, needs 2 (2/3)', actual: 1, required: 2 }]);

    // A renewed certificate from 2024-04-05 mends it; the end date is the last day served.
    await certify(b, '2024-04-05');
    expect(await judge(jfl, '2024-04-05')).toMatchObject({ complies: true });
    await t.ok(END, { id: c, input: { endDate: '2024-04-10', reason: '调岗' } }, head);
    expect(await judge(jfl, '2024-04-10')).toMatchObject({ complies: true, staffCount: 3 });
    const after = await judge(jfl, '2024-04-11');
    expect(after).toMatchObject({ complies: false, staffCount: 2, failingSince: '2024-04-11' });
    expect(after.failures.map((f: { rule: string }) => f.rule)).toEqual(['MIN_STAFF']);
    // A station judged before it opened has been failing only since it opened.
    await t.ownerQuery(`update station set opened_on = '2024-01-10' where id = $1`, [jfl]);
    expect(await judge(jfl, '2024-01-31')).toMatchObject({ complies: false, failingSince: '2024-01-10' });
    await t.ownerQuery(`update station set opened_on = '2021-07-01' where id = $1`, [jfl]);
    // Dates before the changes are still judged as they were.
    expect(await judge(jfl, '2024-04-01')).toMatchObject({ complies: false, failingSince: '2024-04-01' });
  });

  it('compares the certified share exactly: 2 of 3 complies, 3 of 5 does not, 4 of 5 does', async () => {
    const staff = [];
    for (let i = 0; i < 5; i++) staff.push(await hire(qfs, '2024-05-01'));
    for (const s of staff.slice(0, 3)) await certify(s, '2024-05-01');
    const three = await judge(qfs, '2024-05-10');
    expect(three).toMatchObject({ complies: false, staffCount: 5, certifiedCount: 3 });
    expect(three.failures).toEqual([{ rule: 'MIN_CERTIFIED_SHARE', message: '5 staff, 3 certified, needs 4 (2/3)', actual: 3, required: 4 }]);
    await certify(staff[3], '2024-05-11');
    expect(await judge(qfs, '2024-05-11')).toMatchObject({ complies: true, certifiedCount: 4 });
    expect(await judge(qfs, '2024-05-10')).toMatchObject({ complies: false, failingSince: '2021-07-01' });
  });

  it('judges each date by the policy in force then', async () => {
    // Haining-like rule from 2024-06-01: at least 6 staff, 6 full-time, 4 certified.
    await t.ok(
      POLICY,
      { input: { effectiveFrom: '2024-06-01', minStaff: 6, minCertifiedShare: { numerator: 2, denominator: 3 }, minFullTime: 6, minCertifiedCount: 4 } },
      cityAdmin,
    );
    expect(await judge(qfs, '2024-05-31')).toMatchObject({ complies: true, policy: { minStaff: 3, isDefault: true } });
    const june = await judge(qfs, '2024-06-01');
    expect(june).toMatchObject({ complies: false, failingSince: '2024-06-01', policy: { minStaff: 6, isDefault: false } });
    expect(june.failures).toEqual([
      { rule: 'MIN_STAFF', message: '5 staff, needs at least 6', actual: 5, required: 6 },
      { rule: 'MIN_FULL_TIME', message: '5 full-time, needs 6', actual: 5, required: 6 },
    ]);
    const sixth = await hire(qfs, '2024-06-15', { partTime: true });
    const mid = await judge(qfs, '2024-06-15');
    expect(mid.failures).toEqual([{ rule: 'MIN_FULL_TIME', message: '5 full-time, needs 6', actual: 5, required: 6 }]);
    expect(mid.failingSince).toBe('2024-06-01');
    expect(sixth).toBeTruthy();
    // The history keeps both; today's policy is the newest.
    const history = await t.ok(`{ staffingPolicyHistory { effectiveFrom minStaff } staffingPolicy { minStaff } }`, {}, cityAdmin);
    expect(history.staffingPolicyHistory).toEqual([{ effectiveFrom: '2024-06-01', minStaff: 6 }]);
    expect(history.staffingPolicy.minStaff).toBe(6);
  });

  it('lists a subtree’s failing stations with the day each began failing, and counts them', async () => {
    const lixia = await t.nodeId('370102');
    const report = (await t.ok(REPORT, { root: lixia, on: '2024-05-15', page: { limit: 100 } }, cityAdmin)).staffingCompliance;
    const [{ streets }] = await t.ownerQuery(`select count(*)::int as streets from org_unit where code like '370102___' and level = 3`);
    expect(report.stations).toBe(streets);
    expect(report.compliant + report.failing).toBe(streets);
    const codes = report.failingStations.map((s: { orgUnitCode: string }) => s.orgUnitCode);
    expect(codes).toContain('370102001'); // two staff since 2024-04-11
    expect(codes).not.toContain('370102002'); // 4 of 5 certified
    expect(report.failingStations.find((s: { orgUnitCode: string }) => s.orgUnitCode === '370102001').failingSince).toBe('2024-04-11');
    expect(report.failingStations).toHaveLength(report.failing);
    expect(report.rate).toBeCloseTo(report.compliant / report.stations, 10);
    for (const s of report.failingStations) expect(s.complies).toBe(false);
    // Paging keeps the counts and slices the list.
    const page = (await t.ok(REPORT, { root: lixia, on: '2024-05-15', page: { offset: 1, limit: 2 } }, cityAdmin)).staffingCompliance;
    expect(page.failing).toBe(report.failing);
    expect(page.failingStations.map((s: { orgUnitCode: string }) => s.orgUnitCode)).toEqual(codes.slice(1, 3));
    // Community rooms are outside the default policy: not applicable, never failing.
    const room = await t.stationId('370102001001');
    expect(await judge(room, '2024-05-15')).toMatchObject({ applicable: false, complies: true, failures: [] });
  });

  it('applies two concurrent removals from one station, and judges the result right', async () => {
    const station = await t.stationId('370102003');
    await t.ownerQuery(`delete from staff_member where station_id = $1`, [station]);
    const team = [];
    for (let i = 0; i < 5; i++) team.push(await hire(station, '2024-01-01'));
    for (const s of team) await certify(s, '2023-01-01');
    const [r1, r2] = await Promise.all([
      t.gql(END, { id: team[0], input: { endDate: '2024-07-31' } }, head),
      t.gql(END, { id: team[1], input: { endDate: '2024-07-31' } }, head),
    ]);
    expect(r1.errors).toBeUndefined();
    expect(r2.errors).toBeUndefined();
    const ended = await t.ownerQuery(`select count(*)::int as n from staff_member where station_id = $1 and end_date = '2024-07-31'`, [station]);
    expect(ended[0].n).toBe(2);
    const leaving = await t.ownerQuery(`select count(*)::int as n from staff_filing where station_id = $1 and kind = 'LEAVE'`, [station]);
    expect(leaving[0].n).toBe(2);
    expect(await judge(station, '2024-08-01')).toMatchObject({ staffCount: 3, certifiedCount: 3, complies: false }); // 6-staff policy by then
    // Two concurrent corrections of one member queue on the station lock; the end date and its filing agree.
    await Promise.all([
      t.gql(END, { id: team[2], input: { endDate: '2024-09-30' } }, head),
      t.gql(END, { id: team[2], input: { endDate: '2024-10-31' } }, head),
    ]);
    const [member] = await t.ownerQuery(`select to_char(end_date, 'YYYY-MM-DD') as d from staff_member where id = $1`, [team[2]]);
    const [filing] = await t.ownerQuery(`select to_char(change_date, 'YYYY-MM-DD') as d from staff_filing where staff_id = $1 and kind = 'LEAVE'`, [team[2]]);
    expect(['2024-09-30', '2024-10-31']).toContain(member.d);
    expect(filing.d).toBe(member.d);
  });

  it('answers a Jinan-sized city (161 street stations, ~600 staff) in a fixed number of SQL statements', async () => {
    // Fill every street station of the city with 3–5 staff, some certified, straight in SQL.
    await t.ownerQuery(`
      insert into staff_member (tenant_id, station_id, org_path, name, gender, id_number, employment_type, position, start_date)
      select s.tenant_id, s.id, s.org_path, '社工' || g, 'MALE', lpad((row_number() over ())::text, 17, '0') || 'X', 'FULL_TIME', 'SOCIAL_WORKER', date '2023-01-01'
        from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
        cross join generate_series(1, 3 + (abs(hashtext(s.id::text)) % 3)) g
       where o.level = 3 and not exists (select 1 from staff_member m where m.station_id = s.id)`);
    await t.ownerQuery(`
      insert into staff_certificate (tenant_id, staff_id, org_path, level, number, issued_on)
      select m.tenant_id, m.id, m.org_path, 'SOCIAL_WORKER', 'B' || m.id, date '2023-01-01'
        from staff_member m where abs(hashtext(m.id::text)) % 4 <> 0 and not exists (select 1 from staff_certificate c where c.staff_id = m.id)`);
    const [{ staff }] = await t.ownerQuery(`select count(*)::int as staff from staff_member`);
    expect(staff).toBeGreaterThan(500);

    const city = await t.nodeId('370100');
    const lixia = await t.nodeId('370102');
    const statements = async (root: string) => {
      const spy = spyOnRequestStatements();
      try {
        const data = await t.ok(REPORT, { root, on: '2024-03-01', page: { limit: 100 } }, cityAdmin);
        return { count: spy.calls.length, report: data.staffingCompliance };
      } finally {
        spy.mockRestore();
      }
    };
    const whole = await statements(city);
    const district = await statements(lixia);
    expect(whole.report.stations).toBe(161);
    expect(whole.report.failing).toBeGreaterThan(0);
    expect(whole.count).toBe(district.count);
    expect(whole.count).toBeLessThanOrEqual(10);
  });
});
