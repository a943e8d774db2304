import { shot, signIn, WebTest } from '../support/browser';

/**
 * The evaluation screens: the city admin's schemes (a frozen one offers no edit; a copy's bad edit
 * is refused on screen and saves nothing), the station head's self-evaluation, the district's
 * review queue returning a sheet for rework, the third-party evaluator's sheet, the published
 * results with the quarterly contest's top three flagged; a station cannot open another's sheet.
 */
describe('console: evaluation', () => {
  let w: WebTest;
  let admin: string;
  let roundId: string;
  let sheetId: string;
  let schemeId: string;

  beforeAll(async () => {
    w = await WebTest.start();
    admin = await w.t.login('city.admin');
    const lixia = await w.t.nodeId('370102');
    const city = await w.t.nodeId('370100');
    const scheme = await w.t.ok(
      `mutation($input: EvalSchemeInput!) { createEvaluationScheme(input: $input) { id } }`,
      {
        input: {
          name: '界面测试季度方案',
          periodKind: 'QUARTER',
          stationLevels: [3],
          total: '100',
          grades: [
            { name: '优秀', min: '90', max: '100' },
            { name: '合格', min: '60', max: '90' },
            { name: '不合格', min: '0', max: '60' },
          ],
          dimensions: [
            {
              name: '服务成效',
              indicators: [
                {
                  name: '服务量',
                  rules: [
                    { name: '社区活动', maxScore: '40', kind: 'COMPUTED', metric: 'communityActivities', scoring: { kind: 'LINEAR', floor: '0', target: '4' } },
                  ],
                },
              ],
            },
            {
              name: '规范管理',
              indicators: [
                {
                  name: '制度与档案',
                  rules: [
                    { name: '制度健全', maxScore: '30', kind: 'MANUAL' },
                    { name: '档案规范', maxScore: '30', kind: 'MANUAL' },
                  ],
                },
              ],
            },
          ],
        },
      },
      admin,
    );
    schemeId = scheme.createEvaluationScheme.id;
    roundId = (
      await w.t.ok(
        `mutation($input: EvalRoundInput!) { createEvaluationRound(input: $input) { id } }`,
        { input: { schemeId, name: '2026年一季度评比', year: 2026, quarter: 1, rootId: lixia } },
        admin,
      )
    ).createEvaluationRound.id;
    const jfl = await w.t.stationId('370102001');
    [{ id: sheetId }] = await w.t.ownerQuery(`select id from eval_sheet where round_id = $1 and station_id = $2`, [roundId, jfl]);
    const evaluator = (
      await w.t.ok(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        { input: { username: 'third.party', displayName: '第三方评估机构', password: 'Third@Party2026', orgUnitId: city } },
        admin,
      )
    ).createUser.id;
    await w.t.ok(
      `mutation($r: ID!, $u: ID!, $s: [ID!]!) { assignEvaluator(roundId: $r, userId: $u, stationIds: $s) { id } }`,
      { r: roundId, u: evaluator, s: [jfl] },
      admin,
    );
  }, 180_000);
  afterAll(() => w?.close());

  it('shows the city admin the schemes; a frozen one has no edit, a copy refuses a tree past the total on screen', async () => {
    const page = await w.signedIn('city.admin');
    await page.getByRole('menu').getByText('评估方案').click();
    const list = page.getByTestId('evaluation-schemes');
    await list.getByText('街镇社工站年度评估（济南式）').waitFor();
    await list.getByText('37 条细则', { exact: false }).first().waitFor();
    const frozen = page.getByTestId(`scheme-${schemeId}`);
    await frozen.getByText('已冻结（已被评估轮次使用）').waitFor();
    await frozen.getByRole('button', { name: '查看指标' }).click();
    expect(await frozen.getByRole('button', { name: '保存方案' }).count()).toBe(0);
    await frozen.getByRole('button', { name: '复制为新版本' }).click();
    await page.getByText('已复制为第2版').waitFor();
    const copy = list.locator('[data-testid^="scheme-"]').filter({ hasText: '第2版' }).filter({ hasText: '界面测试' });
    await copy.getByRole('button', { name: '查看指标' }).click();
    await copy.getByLabel('档案规范满分').fill('35');
    await copy.getByRole('button', { name: '保存方案' }).click();
    await copy.getByTestId('scheme-errors').getByText('各指标满分之和超过方案总分').waitFor();
    await shot(page, 'evaluation-schemes');
    const [{ max }] = await w.t.ownerQuery(
      `select max(max_score)::text as max from eval_item i join eval_scheme s on s.id = i.scheme_id where s.name = '界面测试季度方案' and i.level = 3`,
    );
    expect(max).toBe('40.00');
    await page.context().close();
  });

  it('the station head scores and submits; the district returns it with a reason; it comes back, goes on to the evaluator, who changes a score and confirms it', async () => {
    const head = await w.signedIn('jfl.head');
    await head.getByRole('menu').getByText('评估表').click();
    await head
      .getByTestId('evaluation-sheets')
      .getByRole('link', { name: /解放路/ })
      .click();
    const sheet = head.getByTestId('evaluation-sheet');
    await sheet.getByLabel('制度健全得分').fill('28');
    await sheet.getByLabel('制度健全说明').fill('制度上墙，岗位职责清晰');
    await sheet.getByLabel('档案规范得分').fill('25');
    await sheet.getByRole('button', { name: '保存评分' }).click();
    await head.getByText('评分已保存').waitFor();
    await sheet.getByTestId('sheet-total').getByText('53.00').waitFor();
    await shot(head, 'evaluation-self');
    await sheet.getByRole('button', { name: '提交' }).click();
    await head.getByText('已提交').waitFor();
    await sheet.getByText('您只能查看', { exact: false }).waitFor();

    const officer = await w.signedIn('lixia.officer');
    // A bureau's home is its statistics; the review queue is a menu item away.
    await officer.getByRole('menu').getByText('评估表').click();
    const queue = officer.getByTestId('evaluation-sheets');
    await queue.getByText('待我处理：区级考评环节的评估表').waitFor();
    await queue.getByRole('link', { name: /解放路/ }).click();
    await officer.getByTestId('evaluation-sheet').getByRole('button', { name: '退回修改' }).click();
    await officer.getByLabel('退回理由').fill('档案规范得分依据不足，请补充台账照片');
    await officer.getByRole('dialog').getByRole('button', { name: '退回' }).click();
    await officer.getByText('已退回站点修改').waitFor();
    await shot(officer, 'evaluation-returned');

    await head.reload();
    await head.getByText('评估表已被退回修改').waitFor();
    await head.locator('.ant-alert-description').getByText('档案规范得分依据不足，请补充台账照片').waitFor();
    await head.getByTestId('evaluation-sheet').getByRole('button', { name: '提交' }).click();
    await head.getByText('已提交').waitFor();
    await officer.goto(`/evaluation/sheets/${sheetId}`);
    await officer.getByTestId('evaluation-sheet').getByRole('button', { name: '提交' }).click();
    await officer.getByText('已提交').waitFor();

    const evaluator = await (await w.context()).newPage();
    await signIn(evaluator, 'third.party', 'Third@Party2026');
    const mine = evaluator.getByTestId('evaluation-sheets');
    await mine.getByRole('link', { name: /解放路/ }).waitFor();
    expect(await mine.locator('tr.table-row').count()).toBe(1);
    await mine.getByRole('link', { name: /解放路/ }).click();
    const sheetE = evaluator.getByTestId('evaluation-sheet');
    // Computed rules have no input: the evaluator scores manual rules only.
    expect(await sheetE.getByLabel('社区活动得分').count()).toBe(0);
    await sheetE.getByLabel('档案规范得分').fill('20');
    await sheetE.getByLabel('档案规范说明').fill('现场核查：台账缺两个月');
    await sheetE.getByRole('button', { name: '保存评分' }).click();
    await evaluator.getByText('评分已保存').waitFor();
    await sheetE.getByTestId('sheet-log').getByText('第三方评估 评分「档案规范」25.00 → 20.00（现场核查：台账缺两个月）').waitFor();
    await shot(evaluator, 'evaluation-third-party');
    await sheetE.getByRole('button', { name: '提交' }).click();
    await evaluator.getByText('已提交').waitFor();
    const [{ stage }] = await w.t.ownerQuery(`select stage from eval_sheet where id = $1`, [sheetId]);
    expect(stage).toBe('CONFIRMED');
    for (const p of [head, officer, evaluator]) await p.context().close();
  });

  it('another station cannot open the sheet, and a social worker is offered no evaluation', async () => {
    await w.t.ok(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          username: 'qfs.head',
          displayName: '千佛山站长',
          password: 'Station@Head2026',
          orgUnitId: await w.t.nodeId('370102002'),
          role: 'STATION_HEAD',
        },
      },
      admin,
    );
    const other = await (await w.context()).newPage();
    await signIn(other, 'qfs.head', 'Station@Head2026');
    await other.goto(`/evaluation/sheets/${sheetId}`);
    await other.getByText('该记录不存在，或不在您的工作范围内。').waitFor();
    await shot(other, 'evaluation-refused');
    const worker = await w.signedIn('jfl.worker');
    expect(await worker.getByRole('menu').getByText('评估表').count()).toBe(0);
    await other.context().close();
    await worker.context().close();
  });

  it('shows the published results with the tie-break rule and the top three of the quarter flagged', async () => {
    await w.t.ownerQuery(`update eval_score x set score = 10 from eval_sheet sh where sh.id = x.sheet_id and sh.round_id = $1 and x.score is null`, [roundId]);
    await w.t.ownerQuery(
      `update eval_sheet sh set stage = 'CONFIRMED', total = (select sum(score) from eval_score x where x.sheet_id = sh.id) where round_id = $1`,
      [roundId],
    );
    await w.t.ok(`mutation($id: ID!) { publishEvaluationRound(id: $id) { id } }`, { id: roundId }, admin);
    const head = await w.signedIn('jfl.head');
    await head.getByRole('menu').getByText('评估结果').click();
    const results = head.getByTestId('evaluation-results');
    await results.getByText('评估结果与季度评比排名').waitFor();
    await results.getByTestId('tie-break').getByText(/维度/).waitFor();
    await results.getByText('🚩 第1名 红旗').waitFor();
    expect(await results.getByText(/红旗/).count()).toBe(3);
    const first = results.locator('tr.table-row').first();
    expect(await first.innerText()).toContain('解放路');
    await shot(head, 'evaluation-results');
    await head.context().close();
  });
});
