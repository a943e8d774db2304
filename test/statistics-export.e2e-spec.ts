import { Workbook } from 'exceljs';
import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { createSecondCity, TestApp } from './support/test-app';

/** Reads a binary response body whole. */
function binary(res: NodeJS.ReadableStream & { setEncoding?: (e: string) => void }, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('statistics export (.xlsx)', () => {
  let t: TestApp;
  let lixia: string;
  let city: string;

  beforeAll(async () => {
    t = await TestApp.start();
    lixia = await t.nodeId('370102');
    city = await t.nodeId('370100');
    const worker = await t.login('jfl.worker');
    const station = await t.stationId('370102001');
    const node = await t.nodeId('370102001001');
    const person = await t.ok(
      `mutation($i: RegisterServiceObjectInput!) { registerServiceObject(input: $i) { id } }`,
      {
        i: { stationId: station, name: '赵大爷', gender: 'MALE', idNumber: makeIdentityNumber('370102', '1939-09-09', '511'), categories: ['VERY_OLD'] },
      },
      worker,
    );
    await t.ok(
      `mutation($i: HomeVisitInput!) { recordHomeVisit(input: $i) { id } }`,
      { i: { serviceObjectId: person.registerServiceObject.id, visitDate: '2025-10-31', kind: 'HOME' } },
      worker,
    );
    for (const [date, count] of [
      ['2025-10-31', 30],
      ['2025-11-01', 12],
    ] as const) {
      await t.ok(
        `mutation($i: RecordCommunityActivityInput!) { recordCommunityActivity(input: $i) { id } }`,
        {
          i: { stationId: station, nodeId: node, title: `活动${date}`, activityDate: date, participantCount: count },
        },
        worker,
      );
    }
    const { recordLinkage } = await t.ok(
      `mutation($i: LinkageInput!) { recordLinkage(input: $i) { id } }`,
      {
        i: { stationId: station, nodeId: node, title: '联动', linkageDate: '2025-10-15', contributions: [{ party: 'CHARITY_RESOURCES', money: '1349000.50' }] },
      },
      worker,
    );
    // The donation behind that contribution, filed under the linkage: it details it, and is not counted twice.
    await t.ok(
      `mutation($i: CharityResourceInput!) { recordCharityResource(input: $i) { id } }`,
      {
        i: { stationId: station, donorName: '爱心企业', donorKind: 'COMPANY', amount: '1349000.50', receivedOn: '2025-10-15', linkageId: recordLinkage.id },
      },
      worker,
    );
  });
  afterAll(() => t.close());

  async function download(token: string | null, query: Record<string, string>) {
    const req = t.http
      .get('/exports/statistics.xlsx')
      .query(query)
      .buffer(true)
      .parse(binary as never);
    if (token) req.set('authorization', `Bearer ${token}`);
    return req;
  }

  it('gives the table of a subtree: Chinese headers, a row per child node, and totals equal to the statistics query', async () => {
    const officer = await t.login('lixia.officer');
    const res = await download(officer, { nodeId: lixia, from: '2025-10-01', to: '2025-11-30' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new Workbook();
    await book.xlsx.load(res.body as never);
    const sheet = book.getWorksheet('统计')!;
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['单位', '区划代码', '服务总量', '个案记录']);
    expect(header).toContain('链接慈善资金(元)');
    const rows = [];
    for (let i = 3; i <= sheet.rowCount; i++) rows.push((sheet.getRow(i).values as unknown[]).slice(1));
    const [{ streets }] = await t.ownerQuery(`select count(*)::int as streets from org_unit where code like '370102___'`);
    expect(rows).toHaveLength(streets + 1);
    const totals = rows.at(-1)!;
    expect(totals[0]).toBe('合计');
    const column = (title: string) => header.indexOf(title);
    const { statistics } = await t.ok(
      `query($n: ID!) { statistics(nodeId: $n, from: "2025-10-01", to: "2025-11-30") { figures { totalServices homeVisits communityPersonTimes charityMoney } } }`,
      { n: lixia },
      officer,
    );
    expect(totals[column('服务总量')]).toBe(statistics.figures.totalServices);
    expect(totals[column('探访')]).toBe(1);
    expect(totals[column('社区活动参与人次')]).toBe(42);
    expect(totals[column('链接慈善资金(元)')]).toBe(1349000.5);
    expect(statistics.figures.charityMoney).toBe('1349000.50');
    const jfl = rows.find((r) => r[1] === '370102001')!;
    expect(jfl[column('社区活动参与人次')]).toBe(42);
    // Without the boundary day the other month's records drop out.
    const october = await download(officer, { nodeId: lixia, from: '2025-10-01', to: '2025-10-31' });
    const oct = new Workbook();
    await oct.xlsx.load(october.body as never);
    const octSheet = oct.getWorksheet('统计')!;
    expect((octSheet.getRow(octSheet.rowCount).values as unknown[]).slice(1)[column('社区活动参与人次')]).toBe(30);
  });

  it('checks the same access as the query: 401 without a token, 404 outside the subtree or tenant, 403 for a role without statistics, 400 on bad dates', async () => {
    expect((await download(null, { nodeId: lixia, from: '2025-10-01', to: '2025-10-31' })).status).toBe(401);
    const sibling = await t.login('shizhong.officer');
    expect((await download(sibling, { nodeId: lixia, from: '2025-10-01', to: '2025-10-31' })).status).toBe(404);
    expect((await download(await t.login('lixia.officer'), { nodeId: city, from: '2025-10-01', to: '2025-10-31' })).status).toBe(404);
    expect((await download(await t.login('jfl.worker'), { nodeId: lixia, from: '2025-10-01', to: '2025-10-31' })).status).toBe(403);
    const other = await createSecondCity(t);
    expect((await download(other.adminToken, { nodeId: lixia, from: '2025-10-01', to: '2025-10-31' })).status).toBe(404);
    expect((await download(await t.login('lixia.officer'), { nodeId: lixia, from: '2025-13-01', to: '2025-10-31' })).status).toBe(400);
    expect((await download(await t.login('lixia.officer'), { nodeId: 'nope', from: '2025-10-01', to: '2025-10-31' })).status).toBe(400);
  });
});
