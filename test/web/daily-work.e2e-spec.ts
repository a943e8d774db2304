import type { Page } from 'playwright-core';
import { makeIdentityNumber } from '../../libs/platform/personal-data/identity-number';
import { DESKTOP, fullIdNumbersIn, pick, PHONE, shot, signIn, WebTest } from '../support/browser';

/**
 * A social worker's day on the demo records: the workbench's counts equal what the API lists; a
 * visit recorded from the due list in two clicks; a group session with attendance; a community
 * activity with its catalogue item; a volunteer and their hours. The console at phone width and from
 * the keyboard, and a form that warns before its changes are lost.
 */
describe('console: a social worker’s daily work', () => {
  let w: WebTest;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    w = await WebTest.start({ records: true });
    page = await w.signedIn('jfl.worker');
    token = await w.t.login('jfl.worker');
  }, 180_000);
  afterAll(() => w?.close());

  const count = async (sql: string, params: unknown[] = []) => Number((await w.t.ownerQuery<{ n: string }>(sql, params))[0].n);
  const text = async (testId: string) => Number((await page.getByTestId(testId).first().innerText()).replace(/\D+/g, ''));

  it('shows on the workbench the counts the API lists', async () => {
    await page.getByTestId('workbench').waitFor();
    await shot(page, 'workbench');
    const me = (await w.t.ok<{ me: { id: string } }>(`{ me { id } }`, {}, token)).me.id;
    const api = await w.t.ok<Record<string, { total: number }>>(
      `query($me: ID!, $within: Int!) {
        INTAKE: caseFiles(filter: { workerId: $me, stage: INTAKE }) { total }
        ASSESSMENT: caseFiles(filter: { workerId: $me, stage: ASSESSMENT }) { total }
        PLAN: caseFiles(filter: { workerId: $me, stage: PLAN }) { total }
        INTERVENTION: caseFiles(filter: { workerId: $me, stage: INTERVENTION }) { total }
        EVALUATION: caseFiles(filter: { workerId: $me, stage: EVALUATION }) { total }
        due: myDueVisits(filter: { withinDays: $within }) { total }
        overdue: myDueVisits(filter: { overdueOnly: true }) { total }
        comments: myOpenSupervisionComments { total }
      }`,
      {
        me,
        within: await page.evaluate(() => {
          const d = new Date(Date.now() + 8 * 3600_000);
          const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
          return end.getUTCDate() - d.getUTCDate();
        }),
      },
      token,
    );
    for (const stage of ['INTAKE', 'ASSESSMENT', 'PLAN', 'INTERVENTION', 'EVALUATION'])
      expect([stage, await text(`count-${stage}`)]).toEqual([stage, api[stage].total]);
    expect(await text('count-due')).toBe(api.due.total);
    expect(await text('count-overdue')).toBe(api.overdue.total);
    expect(await text('count-comments')).toBe(api.comments.total);
    expect(api.due.total).toBeGreaterThan(0);
    expect(api.overdue.total).toBeGreaterThan(0);
    // Each listed stage leads to the cases at that stage.
    await page.getByTestId('count-INTERVENTION').click();
    await page.getByTestId('cases').locator('tr.table-row').first().waitFor();
    expect(await page.locator('tr.table-row').count()).toBe(api.INTERVENTION.total);
    await shot(page, 'cases');
  });

  it('records a visit from the due list in two clicks', async () => {
    await page.getByRole('menu').getByText('工作台').click();
    const visits = await count(`select count(*) as n from home_visit`);
    const first = page.getByTestId('due-list').locator('.list-item').first();
    const name = await first.locator('a').first().innerText();
    await first.getByRole('button', { name: '记录探访' }).click(); // 1
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click(); // 2
    await page.getByText(`已记录对 ${name} 的探访`).waitFor();
    expect(await count(`select count(*) as n from home_visit`)).toBe(visits + 1);
    const [v] = await w.t.ownerQuery(
      `select v.kind, s.name from home_visit v join service_object s on s.id = v.service_object_id where v.created_at > now() - interval '1 minute' and v.created_at <= now()`,
    );
    expect(v).toEqual({ kind: 'HOME', name });
    await page.getByRole('menu').getByText('探访').click();
    await page.getByTestId('visits').getByText(name).first().waitFor();
    await shot(page, 'visits');
  });

  it('records a group session with its attendance', async () => {
    await page.getByRole('menu').getByText('小组').click();
    await page.getByTestId('groups').getByRole('link', { name: '长者防跌倒互助小组' }).click();
    await page.getByTestId('group').waitFor();
    const sessions = await page.getByTestId('sessions').locator('tr.table-row').count();
    await page.getByRole('button', { name: '记录节次' }).click();
    await page.getByLabel('主题').fill('居家安全与防跌倒练习');
    await page.getByLabel('活动记录').fill('组员练习起身与平衡动作，分享家中防滑经验。');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByText('已记录节次').waitFor();
    await page.getByTestId('sessions').getByText('居家安全与防跌倒练习').waitFor();
    expect(await page.getByTestId('sessions').locator('tr.table-row').count()).toBe(sessions + 1);
    const [{ n }] = await w.t.ownerQuery(
      `select count(*)::int as n from session_attendance a join group_session s on s.id = a.session_id where s.topic = '居家安全与防跌倒练习'`,
    );
    expect(n).toBeGreaterThan(0);
    await shot(page, 'group');
  });

  it('records a community activity with participants and a catalogue item', async () => {
    await page.getByRole('menu').getByText('社区活动').click();
    await page.getByRole('button', { name: '记录活动' }).click();
    await page.getByLabel('活动名称').fill('冬季防火安全宣传');
    await pick(page, '服务项目', '社区营造与议事协商');
    await page.getByRole('combobox', { name: '参与者姓名' }).fill('王桂兰、');
    await page.locator('.ant-select-selection-item', { hasText: '王桂兰' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByText('已记录社区活动').waitFor();
    await page.getByTestId('activities').getByText('冬季防火安全宣传').waitFor();
    const [a] = await w.t.ownerQuery(
      `select a.participants, i.name as item from community_activity a join catalog_item i on i.id = a.catalog_item_id where a.title = '冬季防火安全宣传'`,
    );
    expect(a.item).toBe('社区营造与议事协商');
    expect(a.participants).toEqual([{ name: '王桂兰', serviceObjectId: null }]);
    await shot(page, 'activities');
  });

  it('registers a volunteer and records their hours', async () => {
    await page.getByRole('menu').getByText('志愿者').click();
    await page.getByRole('button', { name: '登记志愿者' }).click();
    await page.getByLabel('姓名').fill('刘海燕');
    await page.getByLabel('身份证号').fill(makeIdentityNumber('370102', '1990-05-06', '002'));
    await page.getByRole('dialog').getByRole('button', { name: '登记' }).click();
    await page.getByText('已登记志愿者').waitFor();
    const row = page.getByTestId('volunteers').locator('tr', { hasText: '刘海燕' });
    await row.getByRole('button', { name: '记录时长' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByText('已记录 刘海燕 的服务时长').waitFor();
    await row.getByText(/^2(\.0+)? 小时$/).waitFor();
    await shot(page, 'volunteers');
  });

  it('warns before leaving a form with unsaved changes', async () => {
    await page.getByRole('menu').getByText('服务对象').click();
    await page.getByRole('button', { name: '登记服务对象' }).click();
    await page.getByLabel('姓名').fill('未保存');
    await page.getByRole('menu').getByText('工作台').click();
    await page.locator('.ant-modal-confirm-title', { hasText: '有未保存的修改' }).waitFor();
    expect(await page.locator('.ant-modal-confirm').count()).toBe(1);
    await page.getByRole('button', { name: '留在本页' }).click();
    expect(new URL(page.url()).pathname).toBe('/people/new');
    expect(await page.getByLabel('姓名').inputValue()).toBe('未保存');
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await page.getByRole('menu').getByText('工作台').click();
    await page.getByRole('button', { name: '离开' }).click();
    await page.getByTestId('workbench').waitFor();
  });

  it('signs in and registers a person from the keyboard alone', async () => {
    const kb = await (await w.context()).newPage();
    await kb.goto('/login');
    await kb.waitForFunction(() => document.activeElement?.id === 'tenant');
    await kb.keyboard.type('jinan');
    await kb.keyboard.press('Tab');
    await kb.keyboard.type('jfl.worker');
    await kb.keyboard.press('Tab');
    await kb.keyboard.type('Demo@2026jn');
    await kb.keyboard.press('Enter');
    await kb.getByTestId('workbench').waitFor();
    await kb.goto('/people/new');
    await kb.getByLabel('姓名').focus();
    await kb.keyboard.type('赵玉珍');
    await kb.keyboard.press('Tab');
    await kb.keyboard.type(makeIdentityNumber('370102', '1945-07-08', '022'));
    await kb.keyboard.press('Enter');
    await kb.getByTestId('person').waitFor();
    await kb.getByRole('heading', { name: '赵玉珍' }).waitFor();
    await kb.context().close();
  });

  it('works at phone width and at 1366×768 without sideways scrolling', async () => {
    for (const [label, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const p = await (await w.context(viewport)).newPage();
      await signIn(p, 'jfl.worker');
      await p.getByTestId('workbench').waitFor();
      for (const [path, ready] of [
        ['/', 'workbench'],
        ['/cases', 'cases'],
        ['/people', 'people'],
        ['/visits', 'visits'],
        ['/groups', 'groups'],
      ]) {
        await p.goto(path);
        await p.getByTestId(ready).waitFor();
        await p.waitForLoadState('networkidle');
        const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect([label, path, overflow <= 1]).toEqual([label, path, true]);
      }
      if (label === 'phone') {
        await p.goto('/');
        await p.getByTestId('workbench').waitFor();
        await shot(p, 'workbench-phone');
        await p.getByRole('button', { name: '菜单' }).click();
        await p.getByRole('menu').getByText('个案').click();
        await p.getByTestId('cases').waitFor();
      }
      await p.context().close();
    }
  });

  it('shows no full identity number to a worker for people whose case they do not hold', async () => {
    const [person] = await w.t.ownerQuery(
      `select s.id from service_object s where s.station_id = (select station_id from case_file limit 1)
          and not exists (select 1 from case_file c where c.service_object_id = s.id and c.stage <> 'CLOSED') limit 1`,
    );
    await page.goto(`/people/${person.id}`);
    await page.getByTestId('person').waitFor();
    await page.locator('.masked').first().waitFor();
    expect(await fullIdNumbersIn(page)).toEqual([]);
    await page.goto('/people');
    await page.getByTestId('people').locator('tr.table-row').first().waitFor();
    expect(await fullIdNumbersIn(page)).toEqual([]);
    await shot(page, 'people');
  });
});
