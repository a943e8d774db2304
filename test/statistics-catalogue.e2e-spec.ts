import { Workbook } from 'exceljs';
import { Client } from 'pg';
import { METRICS } from '../libs/stats/catalogue';
import { catalogueHashes, functionsHash, sourceTables, syncRollup } from '../libs/stats/rollup-sql';
import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { Row, TestApp } from './support/test-app';

function binary(res: NodeJS.ReadableStream, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** The metric catalogue: one entry makes a figure everywhere, and the database follows the code by hash. */
describe('statistics metrics declared once', () => {
  let t: TestApp;
  let owner: Client;
  let jinanId: string;
  let lixia: string;
  let station: string;
  let today: string;

  beforeAll(async () => {
    t = await TestApp.start();
    owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    jinanId = (await t.ownerQuery(`select id from tenant where code = 'jinan'`))[0].id;
    lixia = await t.nodeId('370102');
    station = await t.stationId('370102001');
    today = (await t.ownerQuery(`select (now() at time zone 'Asia/Shanghai')::date::text as d`))[0].d;
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const STATS = `query($n: ID!, $f: Date!, $t: Date!) { statistics(nodeId: $n, from: $f, to: $t) { figures { supervisionComments totalServices } children { code figures { supervisionComments } } } }`;
  const commentsOf = async (token: string) => (await t.ok(STATS, { n: lixia, f: today, t: today }, token)).statistics;

  it('a new metric, supervision comments written, reaches statistics, the ranking and the Excel table, and equals a rebuild', async () => {
    const worker = await t.login('jfl.worker');
    const supervisor = await t.login('lixia.supervisor');
    const officer = await t.login('lixia.officer');
    const before = await commentsOf(officer);

    const person = (
      await t.ok(
        `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { id } }`,
        { input: { stationId: station, name: '督导统计', gender: 'FEMALE', idNumber: makeIdentityNumber('370102', '1955-05-05', '126') } },
        worker,
      )
    ).registerServiceObject.id;
    const kase = (
      await t.ok(
        `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
        { input: { serviceObjectId: person, intakeSource: 'WALK_IN', presentingProblem: '求助' } },
        worker,
      )
    ).openCase.id;
    const comment = (await t.ok(`mutation($id: ID!) { addSupervisionComment(caseId: $id, input: { body: "请补充评估" }) { id } }`, { id: kase }, supervisor))
      .addSupervisionComment.id;
    await t.ok(`mutation($id: ID!) { replyToSupervisionComment(commentId: $id, input: { body: "已补充" }) { id } }`, { id: comment }, worker);

    // A comment and its reply: two, at 解放路, counted into the district, its child and the city.
    const after = await commentsOf(officer);
    expect(after.figures.supervisionComments).toBe(before.figures.supervisionComments + 2);
    const child = (r: Row) => r.children.find((c: Row) => c.code === '370102001').figures.supervisionComments;
    expect(child(after)).toBe(child(before) + 2);
    // Not a service record: the total of services does not move.
    expect(after.figures.totalServices).toBe(before.figures.totalServices);

    const ranking = (
      await t.ok(
        `query($n: ID!, $d: Date!) { stationRanking(nodeId: $n, from: $d, to: $d, metric: supervisionComments, limit: 3) { code value } }`,
        { n: lixia, d: today },
        officer,
      )
    ).stationRanking;
    expect(ranking[0]).toEqual({ code: '370102001', value: String(child(after)) });

    const res = await t.http
      .get('/exports/statistics.xlsx')
      .query({ nodeId: lixia, from: today, to: today })
      .set('authorization', `Bearer ${officer}`)
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const book = new Workbook();
    await book.xlsx.load(res.body as never);
    const sheet = book.getWorksheet('统计')!;
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    // Every metric of the catalogue is a column, under its label, in its order.
    expect(header).toEqual(['单位', '区划代码', ...METRICS.map((m) => m.label)]);
    const totals = (sheet.getRow(sheet.rowCount).values as unknown[]).slice(1);
    expect(totals[header.indexOf('督导意见')]).toBe(after.figures.supervisionComments);

    // The totals the triggers kept equal those a rebuild computes from the records.
    const kept = await t.ownerQuery(
      `select grain, period::text, org_path::text, value::text from stat_flow where tenant_id = $1 and metric = 'supervisionComments' order by 1, 2, 3`,
      [jinanId],
    );
    await t.ownerQuery(`select stat_rebuild($1, array['supervisionComments'])`, [jinanId]);
    expect(
      await t.ownerQuery(
        `select grain, period::text, org_path::text, value::text from stat_flow where tenant_id = $1 and metric = 'supervisionComments' order by 1, 2, 3`,
        [jinanId],
      ),
    ).toEqual(kept);
    expect(kept.length).toBeGreaterThan(0);
  });

  it('the database carries the catalogue of the code: every definition hash, the generated functions, a trigger set on every source table', async () => {
    const stored = new Map((await t.ownerQuery(`select key, definition_hash from stat_catalogue`)).map((r) => [r.key, r.definition_hash]));
    expect(stored.get('#functions')).toBe(functionsHash());
    expect(new Map([...stored].filter(([k]) => k !== '#functions'))).toEqual(catalogueHashes());
    const triggers = await t.ownerQuery(
      `select tgrelid::regclass::text as t, tgname from pg_trigger where tgname like 'stat\\_%' and not tgisinternal and tgname not like 'stat_member_%'`,
    );
    for (const table of sourceTables())
      expect(
        triggers
          .filter((r) => r.t === table)
          .map((r) => r.tgname)
          .sort(),
      ).toEqual([`stat_${table}_deleted`, `stat_${table}_inserted`, `stat_${table}_updated`]);
    expect([...new Set(triggers.map((r) => r.t))].sort()).toEqual(sourceTables());
    // The application reads no part of it.
    await expect(t.appQuery({ tenantId: jinanId, scope: [''] }, `select count(*) from stat_catalogue`)).rejects.toThrow(/permission denied/);
  });

  /** The owner's connection as the step expects it: a query answering its rows. */
  const rows = { query: async (sql: string, params?: unknown[]) => (await owner.query(sql, params)).rows };

  it('the repeatable step: a metric whose definition changed is computed again from the records; an unchanged catalogue does nothing', async () => {
    const kept = await t.ownerQuery(
      `select count(*)::int as n, sum(value)::text as total from stat_flow where tenant_id = $1 and metric = 'supervisionComments'`,
      [jinanId],
    );
    expect(kept[0].n).toBeGreaterThan(0);
    // As if its definition had changed since the database last saw it, and its totals were lost.
    await t.ownerQuery(`update stat_catalogue set definition_hash = 'stale' where key = 'supervisionComments'`);
    await t.ownerQuery(`delete from stat_flow where metric = 'supervisionComments'`);
    await owner.query('begin');
    expect(await syncRollup(rows)).toEqual(['supervisionComments']);
    await owner.query('commit');
    expect(
      await t.ownerQuery(`select count(*)::int as n, sum(value)::text as total from stat_flow where tenant_id = $1 and metric = 'supervisionComments'`, [
        jinanId,
      ]),
    ).toEqual(kept);
    // Nothing left to do: the hashes match.
    await owner.query('begin');
    expect(await syncRollup(rows)).toEqual([]);
    await owner.query('commit');
  });

  it('statisticsMetrics lists the catalogue in its order with labels and units, for whoever reads statistics', async () => {
    const officer = await t.login('lixia.officer');
    const { statisticsMetrics } = await t.ok(`{ statisticsMetrics { name label unit shape decimal rankable } }`, {}, officer);
    expect(statisticsMetrics.map((m: Row) => m.name)).toEqual(METRICS.map((m) => m.name));
    expect(statisticsMetrics.find((m: Row) => m.name === 'totalServices')).toEqual({
      name: 'totalServices',
      label: '服务总量',
      unit: '次',
      shape: 'sum',
      decimal: false,
      rankable: false,
    });
    expect(statisticsMetrics.find((m: Row) => m.name === 'charityMoney')).toMatchObject({ decimal: true, rankable: true, unit: '元' });
    const worker = await t.login('jfl.worker');
    const refused = await t.gql(`{ statisticsMetrics { name } }`, {}, worker);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
