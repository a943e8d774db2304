import { Workbook } from 'exceljs';
import { createSecondCity, errorCode, errorFields, Row, TestApp } from './support/test-app';

// Evaluation evidence files (type by magic bytes, size, stored in PostgreSQL, served under the
// sheet's access), the Excel export of a round's results, and the year view summing the four
// quarters of a quarterly scheme. Over HTTP against the demo city Jinan.

function binary(res: NodeJS.ReadableStream, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

const ATTACH = `mutation($input: EvalEvidenceInput!) { attachEvaluationEvidence(input: $input) { id ruleId filename contentType size downloadPath } }`;
const SHEET_Q = `query($id: ID!) { evaluationSheet(id: $id) { id version evidence { id filename contentType size } } }`;
const YEAR = `query($familyId: ID!, $year: Int!, $rootId: ID) { evaluationYear(familyId: $familyId, year: $year, rootId: $rootId, page: { limit: 100 }) {
  total items { stationId stationCode quarters total rank } } }`;

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 2)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0)]);

describe('evaluation: evidence, export and the year', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  let scheme: Row;
  const rounds: Row[] = [];
  let jfl: string;
  let qfs: string;
  let sheetId: string;
  let manualRule: string;
  let computedRule: string;

  const download = (path: string, token?: string) => {
    const req = t.http
      .get(path)
      .buffer(true)
      .parse(binary as never);
    if (token) req.set('authorization', `Bearer ${token}`);
    return req;
  };
  const evidenceCount = async () => (await t.ownerQuery<{ n: number }>(`select count(*)::int as n from eval_evidence`))[0].n;
  const attach = (filename: string, content: Buffer, token = tokens['jfl.head'], ruleId = manualRule) =>
    t.gql(ATTACH, { input: { sheetId, ruleId, filename, contentBase64: content.toString('base64') } }, token);

  beforeAll(async () => {
    t = await TestApp.start();
    tokens = {};
    for (const u of ['city.admin', 'jfl.head', 'jfl.worker', 'lixia.officer', 'shizhong.officer']) tokens[u] = await t.login(u);
    await t.ok(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: { username: 'qfs.head', displayName: '千佛山站长', password: 'Station@Head2026', orgUnitId: await t.nodeId('370102002'), role: 'STATION_HEAD' },
      },
      tokens['city.admin'],
    );
    tokens['qfs.head'] = await t.login('qfs.head', 'Station@Head2026');
    jfl = await t.stationId('370102001');
    qfs = await t.stationId('370102002');
    scheme = (
      await t.ok(
        `mutation($input: EvalSchemeInput!) { createEvaluationScheme(input: $input) { id familyId dimensions { indicators { rules { id kind } } } } }`,
        {
          input: {
            name: '佐证测试方案',
            periodKind: 'QUARTER',
            stationLevels: [3],
            total: '100',
            grades: [
              { name: '合格', min: '60', max: '100' },
              { name: '不合格', min: '0', max: '60' },
            ],
            dimensions: [
              {
                name: '规范',
                indicators: [
                  {
                    name: '台账',
                    rules: [
                      { name: '台账完整', maxScore: '90', kind: 'MANUAL' },
                      { name: '探访', maxScore: '10', kind: 'COMPUTED', metric: 'homeVisits', scoring: { kind: 'LINEAR', floor: '0', target: '10' } },
                    ],
                  },
                ],
              },
            ],
          },
        },
        tokens['city.admin'],
      )
    ).createEvaluationScheme;
    [manualRule, computedRule] = scheme.dimensions[0].indicators[0].rules.map((r: Row) => r.id);
    const lixia = await t.nodeId('370102');
    for (const quarter of [1, 2]) {
      rounds.push(
        (
          await t.ok(
            `mutation($input: EvalRoundInput!) { createEvaluationRound(input: $input) { id } }`,
            { input: { schemeId: scheme.id, name: `第${quarter}季度`, year: 2026, quarter, rootId: lixia } },
            tokens['city.admin'],
          )
        ).createEvaluationRound,
      );
    }
    [{ id: sheetId }] = await t.ownerQuery(`select id from eval_sheet where round_id = $1 and station_id = $2`, [rounds[0].id, jfl]);
  });
  afterAll(() => t?.close());

  it('keeps evidence on a manual rule in PostgreSQL and serves it back, byte for byte, under the sheet’s access', async () => {
    const pdf = (await attach('台账照片.pdf', PDF)).data!.attachEvaluationEvidence;
    expect(pdf).toMatchObject({ filename: '台账照片.pdf', contentType: 'application/pdf', size: PDF.length, ruleId: manualRule });
    for (const [name, content, type] of [
      ['现场.png', PNG, 'image/png'],
      ['制度.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ] as const)
      expect((await attach(name, content)).data!.attachEvaluationEvidence.contentType).toBe(type);
    const listed = (await t.ok(SHEET_Q, { id: sheetId }, tokens['lixia.officer'])).evaluationSheet.evidence;
    expect(listed.map((e: Row) => e.filename)).toEqual(['台账照片.pdf', '现场.png', '制度.docx']);

    const res = await download(pdf.downloadPath, tokens['lixia.officer']);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
    // Another station, a sibling district, a role without the right, no token: refused.
    expect((await download(pdf.downloadPath, tokens['qfs.head'])).status).toBe(404);
    expect((await download(pdf.downloadPath, tokens['shizhong.officer'])).status).toBe(404);
    expect((await download(pdf.downloadPath, tokens['jfl.worker'])).status).toBe(403);
    expect((await download(pdf.downloadPath)).status).toBe(401);
    expect((await download('/exports/evaluation/evidence/not-a-uuid', tokens['city.admin'])).status).toBe(400);
    // Another city, through the API and under row-level security.
    const second = await createSecondCity(t);
    expect((await download(pdf.downloadPath, second.adminToken)).status).toBe(404);
    expect(await t.appQuery({ tenantId: second.tenantId, scope: [''] }, `select id from eval_evidence`)).toEqual([]);
    const [{ path }] = await t.ownerQuery(`select path::text as path from org_unit where code = '370100'`);
    expect(await t.appQuery({ tenantId: second.tenantId, scope: [path] }, `select id from eval_evidence`)).toEqual([]);
  });

  it('refuses a file of the wrong type, a renamed one, one over the limit, evidence on a computed rule or by someone not holding the sheet, writing nothing', async () => {
    const before = await evidenceCount();
    const bad = async (res: Awaited<ReturnType<typeof attach>>, field: string) => {
      expect({ code: errorCode(res), fields: errorFields(res) }).toEqual({ code: 'BAD_USER_INPUT', fields: [field] });
    };
    await bad(await attach('setup.exe', EXE), 'filename');
    await bad(await attach('报告.pdf', EXE), 'contentBase64');
    await bad(await attach('照片.jpg', PNG), 'contentBase64');
    await bad(await attach('空.pdf', Buffer.alloc(0)), 'contentBase64');
    await bad(await attach('大.pdf', Buffer.concat([PDF, Buffer.alloc(700 * 1024)])), 'contentBase64');
    const notBase64 = await t.gql(ATTACH, { input: { sheetId, ruleId: manualRule, filename: 'a.pdf', contentBase64: '%%%%' } }, tokens['jfl.head']);
    expect(errorFields(notBase64)).toEqual(['contentBase64']);
    expect((await attach('a.pdf', PDF, tokens['jfl.head'], computedRule)).errors?.[0]?.extensions).toMatchObject({
      code: 'RULE_VIOLATED',
      rule: 'evaluation.computed-rule',
    });
    expect(errorCode(await attach('a.pdf', PDF, tokens['qfs.head']))).toBe('NOT_FOUND');
    expect(errorCode(await attach('a.pdf', PDF, tokens['jfl.worker']))).toBe('FORBIDDEN');
    expect((await attach('a.pdf', PDF, tokens['lixia.officer'])).errors?.[0]?.extensions).toMatchObject({ rule: 'evaluation.wrong-stage' });
    expect(await evidenceCount()).toBe(before);
  });

  it('exports a published round’s results to Excel, and sums the four quarters into the year', async () => {
    const admin = tokens['city.admin'];
    const path = `/exports/evaluation/rounds/${rounds[0].id}/results.xlsx`;
    expect((await download(path, admin)).status).toBe(422);
    // Both quarters confirmed with known manual scores: in Q1 解放路 80, 千佛山 70, others 50; in Q2 解放路 60, 千佛山 85, others 50.
    for (const [round, scores] of [
      [rounds[0], { [jfl]: 80, [qfs]: 70 }],
      [rounds[1], { [jfl]: 60, [qfs]: 85 }],
    ] as const) {
      await t.ownerQuery(
        `update eval_score x set score = coalesce(($3::jsonb ->> sh.station_id::text)::numeric, 50)
           from eval_sheet sh where sh.id = x.sheet_id and sh.round_id = $1 and x.item_id = $2`,
        [round.id, manualRule, JSON.stringify(scores)],
      );
      await t.ownerQuery(
        `update eval_sheet sh set stage = 'CONFIRMED', total = (select sum(score) from eval_score x where x.sheet_id = sh.id) where round_id = $1`,
        [round.id],
      );
      await t.ok(`mutation($id: ID!) { publishEvaluationRound(id: $id) { id } }`, { id: round.id }, admin);
    }
    const res = await download(path, tokens['qfs.head']);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new Workbook();
    await book.xlsx.load(res.body as never);
    const sheet = book.getWorksheet('评估结果')!;
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual([
      '全市排名',
      '区内排名',
      '站点',
      '区划代码',
      '区县',
      '规范',
      '总分',
      '等级',
      '较上期',
      '红旗',
    ]);
    const first = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(first.slice(0, 4)).toEqual([1, 1, expect.stringContaining('解放路'), '370102001']);
    expect(first[6]).toBeGreaterThanOrEqual(80);
    expect(first.at(-1)).toBe('红旗');
    const [{ n }] = await t.ownerQuery(`select count(*)::int as n from eval_sheet where round_id = $1`, [rounds[0].id]);
    expect(sheet.rowCount).toBe(3 + n);
    expect((await download(path, tokens['jfl.worker'])).status).toBe(403);

    const year = (await t.ok(YEAR, { familyId: scheme.familyId, year: 2026 }, tokens['lixia.officer'])).evaluationYear;
    expect(year.total).toBe(n);
    const byStation = new Map(year.items.map((r: Row) => [r.stationId, r]));
    const q = (station: string) => byStation.get(station) as Row;
    // Totals include the computed home-visit rule (no visits recorded here: 0).
    expect(q(qfs)).toMatchObject({ quarters: ['70.00', '85.00', null, null], total: '155.00', rank: 1 });
    expect(q(jfl)).toMatchObject({ quarters: ['80.00', '60.00', null, null], total: '140.00', rank: 2 });
    expect(year.items.map((r: Row) => r.rank)).toEqual(year.items.map((_: Row, i: number) => i + 1));
  });
});
