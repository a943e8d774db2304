import { pick, shot, WebTest } from '../support/browser';

/**
 * Citizen requests in the console on the demo orders: the dispatcher's queue and a dispatch (one
 * refused: the district's own station), the station's inbox with deadlines, accepting, a contact
 * and closing on the order page, the dispatcher's callback, and the three-rates dashboard equal to
 * the API's figures. A district officer is offered none of the dispatcher's or the station's
 * screens and reads no content or phone.
 */
describe('console: citizen requests (接诉即办)', () => {
  let w: WebTest;
  beforeAll(async () => {
    w = await WebTest.start({ records: true });
  }, 180_000);
  afterAll(() => w?.close());

  const orderId = async (n: string) => (await w.t.ownerQuery<{ id: string }>(`select id from work_order where order_number = $1`, [n]))[0].id;

  it('the dispatcher sends a new order to a street station; sending it to the district’s own station is refused', async () => {
    const page = await w.signedIn('lixia.dispatcher');
    await page.getByTestId('wo-queue').waitFor();
    const row = page.getByTestId('wo-queue').locator('tr', { hasText: 'DEMO-12345-0001' });
    await row.waitFor();
    await shot(page, 'work-orders-queue');
    await pick(page, '承办站点 DEMO-12345-0001', '历下区社会工作服务总站', row);
    await row.getByRole('button', { name: '派单' }).click();
    await page.getByText('只能派往辖区内的街道或社区站点').waitFor();
    expect((await w.t.ownerQuery(`select status from work_order where order_number = 'DEMO-12345-0001'`))[0].status).toBe('RECEIVED');
    await pick(page, '承办站点 DEMO-12345-0001', '解放路街道社会工作服务站', row);
    await row.getByRole('button', { name: '派单' }).click();
    await page.getByText(/已派往 解放路街道/).waitFor();
    expect((await w.t.ownerQuery(`select status from work_order where order_number = 'DEMO-12345-0001'`))[0].status).toBe('DISPATCHED');
    await page.context().close();
  });

  it('the station accepts it from the inbox, contacts the requester and closes it', async () => {
    const page = await w.signedIn('jfl.worker');
    await page.getByRole('menu').getByText('工单收件箱').click();
    const row = page.getByTestId('wo-inbox').locator('tr', { hasText: 'DEMO-12345-0001' });
    await row.waitFor();
    await shot(page, 'work-orders-inbox');
    await row.getByRole('button', { name: '签收' }).click();
    await page.getByText('已签收').waitFor();
    await row.getByRole('link', { name: 'DEMO-12345-0001' }).click();
    await page.getByTestId('wo-page').getByText('独居老人近日行动不便').waitFor();
    await page.getByLabel('记录内容').fill('电话联系刘阿姨，约定明天上门');
    await page.getByRole('button', { name: '记录' }).click();
    await page.getByText(/联系诉求人：电话联系刘阿姨/).waitFor();
    // Closing needs the reply: the form says so and nothing is written.
    await page.getByLabel('办理结果').fill('已上门看望并链接助餐服务');
    await page.getByRole('button', { name: '办结' }).click();
    await page.getByText('请填写给诉求人的答复').waitFor();
    expect((await w.t.ownerQuery(`select status from work_order where order_number = 'DEMO-12345-0001'`))[0].status).toBe('ACCEPTED');
    await page.getByLabel('答复内容').fill('已安排社工上门并开通助餐，感谢您的反映');
    await page.getByRole('button', { name: '办结' }).click();
    await page.getByText('已办结').first().waitFor();
    await shot(page, 'work-order-page');
    const [row1] = await w.t.ownerQuery(`select status, first_contacted_at is not null as contacted from work_order where order_number = 'DEMO-12345-0001'`);
    expect(row1).toEqual({ status: 'CLOSED', contacted: true });
    await page.context().close();
  });

  it('the dispatcher calls back, and the three rates on the dashboard are the API’s', async () => {
    const page = await w.signedIn('lixia.dispatcher');
    await page.goto(`/work-orders/${await orderId('DEMO-12345-0001')}`);
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByRole('button', { name: '提交回访' }).click();
    await page.getByText('已回访').waitFor();
    expect((await w.t.ownerQuery(`select satisfaction from work_order where order_number = 'DEMO-12345-0001'`))[0].satisfaction).toBe('SATISFIED');
    await page.getByRole('menu').getByText('接诉即办三率').click();
    await page.getByTestId('rate-satisfaction').waitFor();
    await shot(page, 'work-order-rates');
    const token = await w.t.login('lixia.dispatcher');
    const from = await page.getByLabel('起始日期').inputValue();
    const to = await page.getByLabel('截止日期').inputValue();
    const { workOrderRates: r } = await w.t.ok(
      `query($n: ID!, $from: Date!, $to: Date!) { workOrderRates(nodeId: $n, from: $from, to: $to) { response { met due } resolution { met due } satisfaction { met due } } }`,
      { n: await w.t.nodeId('370102'), from, to },
      token,
    );
    for (const [id, rate] of [
      ['rate-response', r.response],
      ['rate-resolution', r.resolution],
      ['rate-satisfaction', r.satisfaction],
    ] as const)
      expect(await page.getByTestId(id).innerText()).toContain(`${rate.met}/${rate.due}`);
    await page.context().close();
  });

  it('a district officer sees the rates but neither the queue nor the inbox, and no phone or content', async () => {
    const page = await w.signedIn('lixia.officer');
    const menu = page.getByRole('menu');
    await menu.getByText('接诉即办三率').waitFor();
    expect(await menu.getByText('派单', { exact: true }).count()).toBe(0);
    expect(await menu.getByText('工单收件箱').count()).toBe(0);
    await page.goto('/work-orders/queue');
    await page.getByText('未找到').waitFor();
    await page.goto(`/work-orders/${await orderId('DEMO-12345-0005')}`);
    await page.getByTestId('wo-content').waitFor();
    expect(await page.getByTestId('wo-content').innerText()).toContain('仅承办站点和派单员可见');
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('13805310005');
    expect(body).not.toContain('家庭突发变故');
    expect(body).toContain('周*');
    await page.context().close();
  });
});
