import type { Page } from 'playwright-core';
import { pick, shot, signIn, WebTest } from '../support/browser';

const ROLE_LABEL = '驻站社工';

/**
 * The city admin's settings and the platform operator's cities: a staffing policy from a day (the
 * compliance view follows it from that day), the tree, accounts and role grants, the catalogue,
 * visit rules and the volunteer goal; the operator creates a city and its admin signs in; and a
 * role without the action is refused.
 */
describe('console: administration', () => {
  let w: WebTest;
  beforeAll(async () => {
    w = await WebTest.start();
  }, 180_000);
  afterAll(() => w?.close());

  /** A day relative to today in the city (Asia/Shanghai). */
  const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

  async function failingOn(page: Page, on: string): Promise<number> {
    const view = page.getByTestId('compliance-view');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('OversightDetails')),
      view.getByLabel('达标判定日期').fill(on),
    ]);
    await page.waitForTimeout(300);
    return Number(await view.getByTestId('compliance-failing').locator('.figure-number').innerText());
  }

  it('sets a staffing policy from a day: the compliance view changes from that day, earlier days keep the old policy', async () => {
    const admin = await w.signedIn('city.admin');
    const token = await w.t.login('city.admin');
    const city = await w.t.nodeId('370100');
    const from = day(-5);
    const COMPLIANCE = `query($n: ID!, $on: Date!) { staffingCompliance(rootId: $n, on: $on) { stations failing } }`;
    const before = (await w.t.ok(COMPLIANCE, { n: city, on: day(-6) }, token)).staffingCompliance;
    expect(before.failing).toBeLessThan(before.stations);

    await admin.getByRole('menu').getByText('人员配备标准').click();
    await admin.getByTestId('policy-current').waitFor();
    await admin.getByLabel('生效日期').fill(from);
    await admin.getByLabel('每站最少人数').fill('40');
    await admin.getByRole('button', { name: '保存新标准' }).click();
    await admin.getByText(`已设置自 ${from} 起执行的人员配备标准`).waitFor();
    await admin.getByTestId('policy-history').getByText(from).waitFor();
    await admin.getByTestId('policy-current').getByText('每站至少 40 人').waitFor();
    await shot(admin, 'admin-staffing-policy');

    // The compliance view of the city: the old rule the day before, the new one from the day.
    await admin.getByRole('menu').getByText('统计总览').click();
    await admin.getByTestId('compliance-view').waitFor();
    expect(await failingOn(admin, day(-6))).toBe(before.failing);
    const after = (await w.t.ok(COMPLIANCE, { n: city, on: from }, token)).staffingCompliance;
    expect(after.failing).toBe(after.stations);
    expect(await failingOn(admin, from)).toBe(after.stations);
    await admin.context().close();
  });

  it('adds and renames a node with its station, creates an account with a role, and edits the catalogue, visit rules and volunteer goal', async () => {
    const admin = await w.signedIn('city.admin');
    await admin.goto('/admin/tree');
    await admin.getByTestId('tree-children').getByRole('link', { name: '历下区' }).click();
    await admin.getByRole('button', { name: '添加街道（镇）' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('区划代码').fill('370102099');
    await dialog.getByLabel('名称', { exact: true }).fill('测试街道');
    await dialog.getByLabel('站点名称').fill('测试街道社会工作服务站');
    await dialog.getByRole('button', { name: '保存' }).click();
    await admin.getByText('已添加 测试街道').waitFor();
    await admin.getByTestId('tree-children').getByText('测试街道社会工作服务站').waitFor();
    await admin.getByRole('button', { name: '更名测试街道' }).click();
    await dialog.getByLabel('名称', { exact: true }).fill('试点街道');
    await dialog.getByRole('button', { name: '保存' }).click();
    await admin.getByText('已更名').waitFor();
    await admin.getByTestId('tree-children').getByRole('link', { name: '试点街道' }).waitFor();
    const [node] = await w.t.ownerQuery(`select o.name, s.name as station from org_unit o join station s on s.org_unit_id = o.id where o.code = '370102099'`);
    expect(node).toEqual({ name: '试点街道', station: '测试街道社会工作服务站' });
    await shot(admin, 'admin-tree');

    await admin.goto('/admin/users');
    await admin.getByRole('button', { name: '新建账号' }).click();
    await dialog.getByLabel('用户名').fill('sd.worker');
    await dialog.getByLabel('姓名').fill('试点街道社工');
    await dialog.getByLabel('初始密码').fill('Sd-worker-2026!');
    await dialog.getByRole('combobox', { name: '所属节点' }).fill('试点');
    await admin.locator('.ant-select-item-option', { hasText: '试点街道' }).click();
    await pick(admin, '角色', ROLE_LABEL, dialog);
    await dialog.getByRole('button', { name: '保存' }).click();
    await admin.getByText('已创建账号 sd.worker').waitFor();
    const [grant] = await w.t.ownerQuery(
      `select ra.role, o.code from role_assignment ra join user_account u on u.id = ra.user_id join org_unit o on o.id = ra.org_unit_id where u.username = 'sd.worker'`,
    );
    expect(grant).toEqual({ role: 'SOCIAL_WORKER', code: '370102099' });
    await shot(admin, 'admin-users');

    await admin.goto('/admin/catalog');
    await admin.getByRole('button', { name: '添加项目' }).first().click();
    await dialog.getByLabel('代码').fill('TEST_ITEM');
    await dialog.getByLabel('名称').fill('测试服务项目');
    await dialog.getByRole('button', { name: '保存' }).click();
    await admin.getByTestId('catalog').getByText('测试服务项目').waitFor();

    await admin.goto('/admin/volunteer-goal');
    await admin.getByLabel('每名社工').fill('6');
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.getByText('已设置：每名社工发展 6 名常态化志愿者').waitFor();
    expect((await w.t.ok(`{ volunteerGoal }`, {}, await w.t.login('city.admin'))).volunteerGoal).toBe(6);

    await admin.goto('/admin/visit-rules');
    await admin.getByTestId('visit-rules').getByLabel('最少次数').first().waitFor();
    await admin.getByTestId('visit-rules').getByLabel('最少次数').first().fill('3');
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.getByText('已保存探访规则').waitFor();
    const rules = (await w.t.ok(`{ visitRules { id minVisits } }`, {}, await w.t.login('city.admin'))).visitRules;
    expect(rules[0].minVisits).toBe(3);
    expect(rules[0].id).toBeTruthy();
    await admin.context().close();
  });

  it('lets the operator create a city whose admin then signs in, and suspend it', async () => {
    const page = await (await w.context()).newPage();
    await signIn(page, 'operator', undefined, '');
    await page.waitForURL(/\/platform\/tenants/);
    await page.getByTestId('tenants').getByText('jinan').waitFor();
    await page.getByRole('button', { name: '新建城市' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('城市名称').fill('淄博市');
    await dialog.getByLabel('城市代码').fill('zibo');
    await dialog.getByLabel('行政区划代码').fill('370300');
    await dialog.getByLabel('管理员用户名').fill('zibo.admin');
    await dialog.getByLabel('管理员姓名').fill('淄博市平台管理员');
    await dialog.getByLabel('管理员初始密码').fill('Zibo-admin-2026!');
    await dialog.getByRole('button', { name: '创建' }).click();
    await page.getByText('已创建城市 淄博市（zibo）').waitFor();
    await page.getByTestId('tenants').getByText('淄博市').waitFor();
    await shot(page, 'platform-tenants');

    const admin = await (await w.context()).newPage();
    await signIn(admin, 'zibo.admin', 'Zibo-admin-2026!', 'zibo');
    await admin.getByTestId('node-name').getByText('淄博市').waitFor();
    await admin.getByRole('menu').getByText('组织与站点').waitFor();
    await admin.context().close();

    await page.getByRole('button', { name: '停用淄博市' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '停用' }).click();
    await page.getByText('已停用 淄博市').waitFor();
    const refused = await (await w.context()).newPage();
    await refused.goto('/login');
    await refused.getByLabel('城市代码').fill('zibo');
    await refused.getByLabel('用户名').fill('zibo.admin');
    await refused.getByLabel('密码').fill('Zibo-admin-2026!');
    await refused.getByRole('button', { name: '登录' }).click();
    await refused.getByTestId('signin-error').waitFor();
    await refused.context().close();
    await page.getByRole('button', { name: '恢复淄博市' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '恢复' }).click();
    await page.getByText('已恢复 淄博市').waitFor();
    await page.context().close();
  });

  it('refuses a district officer the administration: no menu, and saving a policy is refused', async () => {
    const officer = await w.signedIn('lixia.officer');
    await officer.getByTestId('figures').waitFor();
    expect(await officer.getByRole('menu').getByText('系统管理').count()).toBe(0);
    expect(await officer.getByRole('menu').getByText('人员配备标准').count()).toBe(0);
    await officer.goto('/admin/staffing-policy');
    await officer.getByTestId('policy-current').waitFor();
    await officer.getByLabel('每站最少人数').fill('1');
    await officer.getByRole('button', { name: '保存新标准' }).click();
    await officer.getByText('您的角色无权进行此操作').waitFor();
    await officer.goto('/platform/tenants');
    await officer.getByText('您的角色无权进行此操作').waitFor();
    await officer.context().close();
  });
});
