import { DEMO_RECORD_WORKERS, seedDemoRecords } from '../apps/cli/demo/demo-records';
import { identityNumberProblem } from '../libs/platform/personal-data/identity-number';
import { TestApp } from './support/test-app';

/** The demo stations' months of records: what npm start seeds on first start, within the domain's rules. */
describe('demo records', () => {
  let t: TestApp;
  let seconds: number;
  beforeAll(async () => {
    t = await TestApp.start();
    const t0 = Date.now();
    expect(await seedDemoRecords(t.ownerUrl)).toBe(true);
    seconds = (Date.now() - t0) / 1000;
  });
  afterAll(() => t?.close());

  it('is quick, and written once', async () => {
    expect(seconds).toBeLessThan(15);
    expect(await seedDemoRecords(t.ownerUrl)).toBe(false);
  });

  it('keeps the rules: valid identity numbers, one open case per person, cases at the person’s station held by a worker of it', async () => {
    const ids = await t.ownerQuery<{ id_number: string }>(`select id_number from service_object union all select id_number from volunteer`);
    expect(ids.length).toBeGreaterThan(60);
    expect(ids.filter((r) => identityNumberProblem(r.id_number))).toEqual([]);
    const [{ n }] = await t.ownerQuery(
      `select count(*)::int as n from (select service_object_id from case_file where stage <> 'CLOSED' group by 1 having count(*) > 1) x`,
    );
    expect(n).toBe(0);
    const misplaced = await t.ownerQuery(
      `select c.id from case_file c join service_object s on s.id = c.service_object_id
        left join role_assignment ra on ra.user_id = c.worker_id and ra.role in ('SOCIAL_WORKER', 'STATION_HEAD') and c.org_path <@ ra.org_path
        where c.station_id <> s.station_id or ra.id is null`,
    );
    expect(misplaced).toEqual([]);
  });

  it('gives stations in both demo districts records of their own, signed in as their workers; supervision only where the supervisor is assigned', async () => {
    for (const username of DEMO_RECORD_WORKERS.map((w) => w.username)) {
      const token = await t.login(username);
      const data = await t.ok<{ caseFiles: { total: number }; homeVisits: { total: number } }>(
        `{ caseFiles(filter: { openOnly: true }) { total } homeVisits(filter: { mine: true }) { total } }`,
        {},
        token,
      );
      expect([username, data.caseFiles.total > 0, data.homeVisits.total > 0]).toEqual([username, true, true]);
    }
    const perDistrict = await t.ownerQuery<{ code: string; people: number }>(
      `select d.code, count(*)::int as people from service_object p join org_unit d on d.level = 2 and p.org_path <@ d.path group by d.code order by d.code`,
    );
    expect(perDistrict.map((r) => r.code)).toEqual(['370102', '370103']);
    const unassigned = await t.ownerQuery(
      `select c.id from supervision_comment c join user_account u on u.id = c.author_id and u.username = 'lixia.supervisor'
        where not exists (select 1 from role_assignment ra where ra.user_id = u.id and c.org_path <@ ra.org_path)`,
    );
    expect(unassigned).toEqual([]);
  });

  it('gives the demo worker a workbench with something on it, through the API', async () => {
    const token = await t.login('jfl.worker');
    const me = (await t.ok<{ me: { id: string } }>(`{ me { id } }`, {}, token)).me.id;
    const data = await t.ok<Record<string, { total: number }>>(
      `query($me: ID!) {
        open: caseFiles(filter: { workerId: $me, openOnly: true }) { total }
        due: myDueVisits(filter: { withinDays: 31 }) { total }
        overdue: myDueVisits(filter: { overdueOnly: true }) { total }
        comments: myOpenSupervisionComments { total }
        visits: homeVisits(filter: { mine: true }) { total }
        activities: communityActivities(filter: { mine: true }) { total }
        groups { total }
        volunteers { total }
        closures: caseFiles(filter: { pendingClosure: true }) { total }
      }`,
      { me },
      token,
    );
    for (const key of ['open', 'due', 'overdue', 'comments', 'visits', 'activities', 'groups', 'volunteers', 'closures'])
      expect([key, data[key].total > 0]).toEqual([key, true]);
    // A case opened through the API after the seed takes the next number.
    const [{ max }] = await t.ownerQuery(`select max(case_number) as max from case_file`);
    expect(max).toMatch(/^\d{4}-\d{6}$/);
  });
});
