import { spyOnRequestStatements, TestApp } from './support/test-app';

/** Reports kept and served again while no figure behind them has changed; any write moves them on. */
describe('statistics kept by version', () => {
  let t: TestApp;
  let city: string;
  let lixia: string;
  let station: string;
  let node: string;

  beforeAll(async () => {
    t = await TestApp.start();
    city = await t.nodeId('370100');
    lixia = await t.nodeId('370102');
    station = await t.stationId('370102001');
    node = await t.nodeId('370102001');
  });
  afterAll(() => t?.close());

  const STATS = `query($n: ID!) { statistics(nodeId: $n, from: "2025-03-01", to: "2025-03-31") { figures { communityActivities communityPersonTimes } children { code figures { communityActivities } } } }`;
  /** The report, and whether this request read the rollup (stat_flow) itself. */
  const report = async (token: string, nodeId: string) => {
    const spy = spyOnRequestStatements();
    try {
      const data = await t.ok(STATS, { n: nodeId }, token);
      const sqls = spy.calls.map((c) => String(typeof c[0] === 'string' ? c[0] : (c[0] as { text: string }).text));
      return { figures: data.statistics.figures, readRollup: sqls.some((s) => s.includes('stat_flow')) };
    } finally {
      spy.mockRestore();
    }
  };

  it('a second identical report is served without reading the totals, until a write in the same city moves the version', async () => {
    const admin = await t.login('city.admin');
    const worker = await t.login('jfl.worker');
    const first = await report(admin, city);
    expect(first.readRollup).toBe(true);
    const again = await report(admin, city);
    expect(again).toEqual({ figures: first.figures, readRollup: false });
    // Another caller whose scope covers the node is served the same kept report.
    const officer = await t.login('lixia.officer');
    await report(officer, lixia);
    expect((await report(officer, lixia)).readRollup).toBe(false);

    // A write, in its own transaction, moves the city's version: the next report reads the totals again and shows it.
    await t.ok(
      `mutation($i: RecordCommunityActivityInput!) { recordCommunityActivity(input: $i) { id } }`,
      {
        i: { stationId: station, nodeId: node, title: '缓存失效', activityDate: '2025-03-15', participantCount: 7 },
      },
      worker,
    );
    const fresh = await report(admin, city);
    expect(fresh.readRollup).toBe(true);
    expect(fresh.figures).toEqual({ communityActivities: first.figures.communityActivities + 1, communityPersonTimes: first.figures.communityPersonTimes + 7 });
    expect((await report(officer, lixia)).readRollup).toBe(true);

    // A write that rolls back (refused) moves nothing: the report stays kept.
    await report(admin, city);
    const refused = await t.gql(
      `mutation($i: RecordCommunityActivityInput!) { recordCommunityActivity(input: $i) { id } }`,
      {
        i: { stationId: station, nodeId: node, title: '失败', activityDate: '2025-03-15', participantCount: -1 },
      },
      worker,
    );
    expect(refused.errors).toBeDefined();
    expect((await report(admin, city)).readRollup).toBe(false);
  });

  it('the version moves in the writing transaction: what the triggers add and the version are committed together', async () => {
    const [before] = await t.ownerQuery(`select coalesce(sum(version), 0)::int as v from stat_version`);
    const worker = await t.login('jfl.worker');
    await t.ok(
      `mutation($i: RecordCommunityActivityInput!) { recordCommunityActivity(input: $i) { id } }`,
      {
        i: { stationId: station, nodeId: node, title: '版本', activityDate: '2025-03-16', participantCount: 1 },
      },
      worker,
    );
    const [after] = await t.ownerQuery(`select coalesce(sum(version), 0)::int as v from stat_version`);
    expect(after.v).toBeGreaterThan(before.v);
    // Another city's version is its own (row-level security: a Jinan reader sees only Jinan's shards).
    const [{ tenants }] = await t.ownerQuery(`select count(distinct tenant_id)::int as tenants from stat_version`);
    expect(tenants).toBe(1);
  });
});
