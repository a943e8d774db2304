import type { Page } from 'playwright-core';
import { makeIdentityNumber } from '../../libs/platform/personal-data/identity-number';
import { fullIdNumbersIn, pick, shot, WebTest } from '../support/browser';

/**
 * A person's file and a case through every stage, in the browser: the worker registers the person
 * (a bad identity number is refused on the field and writes nothing), opens the case and moves it
 * through intake, assessment, plan, intervention and evaluation, and asks to close it; the
 * supervisor comments, the worker replies, the head approves the closure. Another station's worker
 * finds nothing at the case's address, and no masked role is shown a full identity number.
 */
describe('console: a case from registration to closure', () => {
  let w: WebTest;
  let worker: Page;
  let caseUrl: string;
  const idNumber = makeIdentityNumber('370102', '1941-03-08', '062'); // a woman born 1941
  const badIdNumber = `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`;

  beforeAll(async () => {
    w = await WebTest.start();
    worker = await w.signedIn('jfl.worker');
  }, 180_000);
  afterAll(() => w?.close());

  const count = async (sql: string, params: unknown[] = []) => Number((await w.t.ownerQuery<{ n: string }>(sql, params))[0].n);

  async function advance(page: Page, stage: string) {
    await page.getByRole('button', { name: `推进到「${stage}」` }).click();
    await page.getByRole('dialog').getByRole('button', { name: '推进' }).click();
    await page.getByTestId('case-stage').getByText(stage).waitFor();
  }

  it('refuses a bad identity number on the field, writing nothing', async () => {
    const before = await count(`select count(*) as n from service_object`);
    await worker.getByRole('menu').getByText('服务对象').click();
    await worker.getByRole('button', { name: '登记服务对象' }).click();
    await worker.getByLabel('姓名').fill('张秀英');
    await worker.getByLabel('身份证号').fill(badIdNumber);
    await worker.getByLabel('联系电话', { exact: true }).fill('13905310001');
    await worker.getByRole('button', { name: '登记', exact: true }).click();
    await worker.getByText('身份证号校验位不正确，请核对').waitFor();
    await shot(worker, 'person-form-bad-id');
    expect(await count(`select count(*) as n from service_object`)).toBe(before);
  });

  it('registers the person with a good number, its gender and birth date read from it', async () => {
    await worker.getByLabel('身份证号').fill(idNumber);
    await worker.getByLabel('姓名').click();
    expect(await worker.getByLabel('出生日期').inputValue()).toBe('1941-03-08');
    await pick(worker, '风险等级', '高');
    await worker.getByRole('button', { name: '登记', exact: true }).click();
    await worker.getByTestId('person').waitFor();
    await worker.getByRole('heading', { name: '张秀英' }).waitFor();
    expect(await count(`select count(*) as n from service_object where id_number = $1`, [idNumber])).toBe(1);
  });

  it('shows the API’s own field error on the field: the same number again is one person, one file', async () => {
    const page = await w.signedIn('jfl.worker');
    await page.goto('/people/new');
    await page.getByLabel('姓名').fill('张秀英');
    await page.getByLabel('身份证号').fill(idNumber);
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByText('已登记过（一人一档）').waitFor();
    await page.getByText('查看已登记的档案').waitFor();
    expect(await count(`select count(*) as n from service_object where id_number = $1`, [idNumber])).toBe(1);
    await page.context().close();
  });

  it('edits the person’s file; a number shown masked is asked for again', async () => {
    await worker.getByRole('button', { name: '编辑' }).click();
    await worker.getByTestId('person-form').waitFor();
    await worker.getByLabel('联系电话', { exact: true }).fill('13905310002');
    if (!(await worker.getByLabel('身份证号').inputValue())) await worker.getByLabel('身份证号').fill(idNumber);
    await worker.getByRole('button', { name: '保存' }).click();
    await worker.getByTestId('person').waitFor();
    await worker.getByText('13905310002').waitFor();
  });

  it('opens a case and moves it through every stage, then asks to close it', async () => {
    await worker.getByRole('button', { name: '开案' }).click();
    await worker.getByLabel('主要问题').fill('独居高龄，近期跌倒两次，子女在外地，需要生活照料与安全评估。');
    await worker.getByRole('dialog').getByRole('button', { name: '开案' }).click();
    await worker.getByTestId('case').waitFor();
    await worker.getByTestId('case-stage').getByText('接案').waitFor();
    caseUrl = new URL(worker.url()).pathname;

    await advance(worker, '预估');
    await worker.getByRole('tab', { name: '预估' }).click();
    await worker.getByLabel('需求描述').fill('日常起居需要协助，厨房与卫生间防滑');
    await worker.getByLabel('优势与资源').fill('邻里关系好，社区卫生服务站距离近');
    await worker.getByRole('button', { name: '保存预估' }).click();
    await worker.getByText('已保存预估').waitFor();

    await advance(worker, '计划');
    await worker.getByRole('tab', { name: '计划与目标' }).click();
    await worker.getByLabel('计划概要').fill('链接居家适老化改造与助餐服务，每周探访一次');
    await worker.getByRole('button', { name: '保存计划概要' }).click();
    await worker.getByText('已保存计划').waitFor();
    await worker.getByLabel('目标', { exact: true }).fill('三个月内完成居家防滑改造');
    await worker.getByLabel('计划服务').fill('适老化改造、志愿者协助');
    await worker.getByRole('button', { name: '添加目标' }).click();
    await worker.getByTestId('goals').getByText('三个月内完成居家防滑改造').waitFor();

    await advance(worker, '介入');
    await worker.getByRole('tab', { name: /个案记录/ }).click();
    await worker.getByLabel('记录内容').fill('入户面谈，确认改造方案，联系社区志愿者周六上门安装扶手。');
    await worker.getByRole('button', { name: '保存记录' }).click();
    await worker.getByTestId('notes').getByText('入户面谈，确认改造方案').waitFor();

    await advance(worker, '评估');
    await worker.getByRole('tab', { name: '计划与目标' }).click();
    await worker.getByRole('button', { name: '记录进展' }).click();
    await worker.getByLabel('达成情况').fill('扶手与防滑垫已安装');
    await worker.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await worker.getByTestId('goals').getByText('已达成').waitFor();
    await worker.getByRole('tab', { name: '评估与结案' }).click();
    await worker.getByLabel('评估（服务成效）').fill('改造完成，三个月内未再跌倒，老人生活可自理。');
    await worker.getByRole('button', { name: '保存评估' }).click();
    await worker.getByText('已保存评估').waitFor();
    await worker.getByLabel('结案小结').fill('服务目标达成，转入常规探访。');
    await worker.getByRole('button', { name: '申请结案' }).click();
    await worker.getByText('已提交结案申请，等待站长审批').waitFor();
    await worker.getByText('结案待审批').waitFor();
    await shot(worker, 'case-evaluation');

    const [c] = await w.t.ownerQuery(`select stage from case_file where id = $1`, [caseUrl.split('/').pop()]);
    expect(c.stage).toBe('EVALUATION');
  });

  it('lets the supervisor comment on the case, and the worker reply in the thread', async () => {
    const supervisor = await w.signedIn('lixia.supervisor');
    await supervisor.goto(`${caseUrl}#supervision`);
    await supervisor.getByRole('textbox', { name: '督导意见' }).fill('请在结案前确认子女知情并留存紧急联系人。');
    await supervisor.getByRole('button', { name: '发表' }).click();
    await supervisor.getByTestId('thread').getByText('请在结案前确认子女知情').waitFor();
    // The supervisor reads the file with the identity number masked.
    await supervisor.getByRole('tab', { name: '概况' }).click();
    await supervisor.getByText(/^3701\*{10}\d{3}[0-9X]$/).waitFor();
    expect(await fullIdNumbersIn(supervisor)).toEqual([]);
    // Nothing a supervisor may not do is offered.
    expect(await supervisor.getByRole('button', { name: /推进到/ }).count()).toBe(0);
    await shot(supervisor, 'case-supervisor');

    await worker.reload();
    await worker.getByRole('tab', { name: /督导意见/ }).click();
    await worker.getByRole('button', { name: '回复' }).click();
    await worker.getByLabel('回复内容').fill('已电话联系女儿，紧急联系人已补录。');
    await worker.getByRole('button', { name: '发送' }).click();
    await worker.getByTestId('reply').getByText('已电话联系女儿').waitFor();
    // A worker answers a thread but does not resolve it.
    expect(await worker.getByRole('button', { name: '标记已解决' }).count()).toBe(0);

    await supervisor.reload();
    await supervisor.getByTestId('reply').getByText('已电话联系女儿').waitFor();
    await supervisor.getByRole('button', { name: '标记已解决' }).click();
    await supervisor.getByTestId('thread').getByText('已解决').waitFor();
    await supervisor.context().close();
  });

  it('lets the head approve the closure from the queue', async () => {
    const head = await w.signedIn('jfl.head');
    await head.getByRole('menu').getByText('结案审批').click();
    await head.getByTestId('closures').getByText('张秀英').waitFor();
    await shot(head, 'closures');
    await head
      .getByTestId('closures')
      .getByRole('link', { name: /^\d{4}-\d{6}$/ })
      .first()
      .click();
    await head.getByTestId('closure-decision').getByRole('button', { name: '批准结案' }).click();
    await head.getByTestId('case-stage').getByText('结案').waitFor();
    await head.context().close();
    const [c] = await w.t.ownerQuery(`select stage from case_file where id = $1`, [caseUrl.split('/').pop()]);
    expect(c.stage).toBe('CLOSED');
  });

  it('shows a worker of another station 未找到 at the case’s address', async () => {
    const other = await w.signedIn('qfs.worker');
    await other.goto(caseUrl);
    await other.getByText('未找到').waitFor();
    expect(await other.getByText('张秀英').count()).toBe(0);
    await shot(other, 'case-not-found');
    await other.context().close();
  });
});
