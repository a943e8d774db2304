import { makeIdentityNumber } from '../../libs/platform/personal-data/identity-number';
import { fullIdNumbersIn, pick, shot, WebTest } from '../support/browser';

/**
 * The station head's and the supervisor's screens on the demo records: the roster with certificates
 * and the compliance banner, staff-change filings, the closure queue, transferring a case and a
 * leaving worker's whole caseload, the audit log; the supervisor's stations, cases, a comment on a
 * note and a resolved thread. No full identity number on any page the supervisor sees.
 */
describe('console: the station head and the supervisor', () => {
  let w: WebTest;
  beforeAll(async () => {
    w = await WebTest.start({ records: true });
  }, 180_000);
  afterAll(() => w?.close());

  it('shows the head the roster with certificates under the compliance banner', async () => {
    const head = await w.signedIn('jfl.head');
    await head.getByTestId('compliance').waitFor();
    await shot(head, 'workbench-head');
    await head.getByRole('menu').getByText('人员与持证').click();
    await head.getByTestId('roster').locator('tr.table-row').first().waitFor();
    const banner = await head.getByTestId('compliance').innerText();
    const [c] = await w.t.ownerQuery(
      `select count(*)::int as n from staff_member s join station st on st.id = s.station_id join org_unit o on o.id = st.org_unit_id where o.code = '370102001' and s.end_date is null`,
    );
    expect(await head.getByTestId('roster').locator('tr.table-row').count()).toBe(c.n);
    expect(banner).toMatch(/人员配备(达标|未达标)/);
    if (banner.includes('未达标')) expect(banner).toMatch(/自 \d{4}-\d{2}-\d{2} 起|需要/);
    await shot(head, 'roster');
    await head.context().close();
  });

  it('lets the head register a colleague (a bad identity number writes nothing), certify them and see them leave', async () => {
    const head = await w.signedIn('jfl.head');
    await head.goto('/station/roster');
    const roster = head.getByTestId('roster');
    await roster.locator('tr.table-row').first().waitFor();
    const staffCount = async () =>
      (
        await w.t.ownerQuery(
          `select count(*)::int as n from staff_member s join station st on st.id = s.station_id join org_unit o on o.id = st.org_unit_id where o.code = '370102001'`,
        )
      )[0].n as number;
    const before = await staffCount();
    const rows = await roster.locator('tr.table-row').count();
    const idNumber = makeIdentityNumber('370102', '1996-05-12', '042'); // a woman
    const bad = `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`;

    await head.getByRole('button', { name: '登记人员' }).click();
    const dialog = head.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('林晓雯');
    await dialog.getByLabel('身份证号').fill(bad);
    await dialog.getByLabel('联系电话').fill('13905319876');
    await dialog.getByRole('button', { name: '登记' }).click();
    await dialog.getByText('身份证号校验位不正确，请核对').waitFor();
    expect(await staffCount()).toBe(before);

    await dialog.getByLabel('身份证号').fill(idNumber);
    await dialog.getByRole('button', { name: '登记' }).click();
    await head.getByText('已登记 林晓雯').waitFor();
    await roster.getByText('林晓雯').waitFor();
    expect(await roster.locator('tr.table-row').count()).toBe(rows + 1);
    expect(await staffCount()).toBe(before + 1);
    await shot(head, 'roster-added');

    const row = roster.locator('tr.table-row', { hasText: '林晓雯' });
    await row.getByRole('button', { name: '添加证书' }).click();
    await head.getByRole('dialog').getByLabel('证书编号').fill('ZS2026370102');
    await head.getByRole('dialog').getByLabel('发证日期').fill('2026-06-20');
    await head.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await head.getByText('已为 林晓雯 添加证书').waitFor();
    await row.getByText(/助理社会工作师 ZS2026370102/).waitFor();

    await row.getByRole('button', { name: '离岗' }).click();
    await head.getByRole('dialog').getByLabel('离岗原因').fill('调往其他街道工作');
    await head.getByRole('dialog').getByRole('button', { name: '确认离岗' }).click();
    await head.getByText('林晓雯 已离岗').waitFor();
    const [left] = await w.t.ownerQuery(`select end_date is not null as ended from staff_member where name = '林晓雯'`);
    expect(left.ended).toBe(true);
    await head.context().close();
  });

  it('offers a social worker no way to register or end anyone on the roster', async () => {
    const worker = await w.signedIn('jfl.worker');
    await worker.getByTestId('workbench').waitFor();
    expect(await worker.getByRole('menu').getByText('人员与持证').count()).toBe(0);
    await worker.goto('/station/roster');
    await worker.getByTestId('roster').waitFor();
    await worker.waitForLoadState('networkidle');
    expect(await worker.getByRole('button', { name: '登记人员' }).count()).toBe(0);
    expect(await worker.getByRole('button', { name: '离岗' }).count()).toBe(0);
    await worker.context().close();
  });

  it('lists the staff-change filings with their deadlines, and records one as filed', async () => {
    const head = await w.signedIn('jfl.head');
    // A join not yet filed, as a new colleague's would be.
    await w.t.ownerQuery(
      `update staff_filing set filed_on = null, change_date = current_date - 3, due_on = current_date + 4
        where id = (select f.id from staff_filing f join station st on st.id = f.station_id join org_unit o on o.id = st.org_unit_id where o.code = '370102001' limit 1)`,
    );
    await head.goto('/station/filings');
    await head.getByTestId('filings').getByText('待备案').first().waitFor();
    await shot(head, 'filings');
    await head.getByRole('button', { name: '已备案' }).first().click();
    await head.getByText(/已记录 .+ 的备案/).waitFor();
    await head.context().close();
  });

  it('shows the closure queue and the audit log of the station', async () => {
    const head = await w.signedIn('jfl.head');
    await head.goto('/station/closures');
    await head.getByTestId('closures').locator('tr.table-row').first().waitFor();
    const queued = await head.getByTestId('closures').locator('tr.table-row').count();
    const api = await w.t.ok<{ caseFiles: { total: number } }>(`{ caseFiles(filter: { pendingClosure: true }) { total } }`, {}, await w.t.login('jfl.head'));
    expect(queued).toBe(api.caseFiles.total);
    // Reading a case's narrative is audited; the log shows it.
    await head
      .getByTestId('closures')
      .getByRole('link', { name: /^\d{4}-\d{6}$/ })
      .first()
      .click();
    await head.getByTestId('closure-decision').waitFor();
    await head.goto('/station/audit');
    await head.getByTestId('audit').getByText('查看记录内容').first().waitFor();
    await shot(head, 'audit');
    await head.context().close();
  });

  it('opens a case for a person and assigns it to a worker of the station', async () => {
    const head = await w.signedIn('jfl.head');
    const [person] = await w.t.ownerQuery(
      `select s.id, s.name from service_object s join station st on st.id = s.station_id join org_unit o on o.id = st.org_unit_id
        where o.code = '370102001' and not exists (select 1 from case_file c where c.service_object_id = s.id) order by s.name limit 1`,
    );
    await head.goto(`/people/${person.id}`);
    await head.getByRole('button', { name: '开案' }).click();
    await head.getByLabel('主要问题').fill('社区网格员反映近期情绪低落，需入户了解。');
    await pick(head, '负责社工', '解放路街道驻站社工', head.getByRole('dialog'));
    await head.getByRole('dialog').getByRole('button', { name: '开案' }).click();
    await head.getByTestId('case').waitFor();
    await head.getByText('负责社工：解放路街道驻站社工').waitFor();
    const [c] = await w.t.ownerQuery(`select u.username from case_file c join user_account u on u.id = c.worker_id where c.service_object_id = $1`, [
      person.id,
    ]);
    expect(c.username).toBe('jfl.worker');
    await head.context().close();
  });

  it('transfers one case, then a leaving worker’s whole caseload', async () => {
    const head = await w.signedIn('jfl.head');
    await head.goto('/station/assign');
    const rows = head.getByTestId('assign').locator('tr.table-row');
    await rows.first().waitFor();
    await rows.first().getByRole('button', { name: '转案' }).click();
    await pick(head, '接收社工', '解放路街道社工站站长', head.getByRole('dialog'));
    await head.getByRole('dialog').getByRole('button', { name: '转案' }).click();
    await head.getByText(/个案 \d{4}-\d{6} 已转给 解放路街道社工站站长/).waitFor();
    await shot(head, 'assign');

    const worker = (await w.t.ownerQuery(`select id from user_account where username = 'jfl.worker'`))[0].id;
    const before = Number((await w.t.ownerQuery(`select count(*) as n from case_file where worker_id = $1 and stage <> 'CLOSED'`, [worker]))[0].n);
    expect(before).toBeGreaterThan(0);
    await pick(head, '移交社工', '解放路街道驻站社工', head.getByTestId('handover'));
    await pick(head, '接收社工', '解放路街道社工站站长', head.getByTestId('handover'));
    await head.getByRole('button', { name: '全部移交' }).click();
    await head.getByText(`已移交 ${before} 个在办个案`).waitFor();
    expect(Number((await w.t.ownerQuery(`select count(*) as n from case_file where worker_id = $1 and stage <> 'CLOSED'`, [worker]))[0].n)).toBe(0);
    await head.context().close();
  });

  it('gives the supervisor the assigned stations’ cases, a comment on a note, and resolving a thread', async () => {
    const sup = await w.signedIn('lixia.supervisor');
    await sup.getByTestId('supervision-home').locator('tr.table-row').first().waitFor();
    await sup.getByText('解放路街道社会工作服务站').first().waitFor();
    await sup.getByText('千佛山街道社会工作服务站').first().waitFor();
    expect(await fullIdNumbersIn(sup)).toEqual([]);
    await shot(sup, 'supervision');

    // A case in intervention, with notes to comment on.
    const [k] = await w.t.ownerQuery(
      `select c.id from case_file c join org_unit o on o.id = (select org_unit_id from station where id = c.station_id) where o.code = '370102001' and c.stage = 'INTERVENTION' limit 1`,
    );
    await sup.goto(`/cases/${k.id}`);
    await sup.getByRole('tab', { name: /个案记录/ }).click();
    await sup.getByRole('button', { name: '对此记录提意见' }).first().click();
    await sup.getByText(/针对 \d{4}-\d{2}-\d{2} 的个案记录/).waitFor();
    await sup.getByRole('textbox', { name: '督导意见' }).fill('记录中请写明服务对象本人的意愿。');
    await sup.getByRole('button', { name: '发表' }).click();
    const thread = sup.getByTestId('thread').filter({ hasText: '记录中请写明服务对象本人的意愿' });
    await thread.getByText(/针对 .* 的记录/).waitFor();
    await thread.getByRole('button', { name: '标记已解决' }).click();
    await thread.getByText('已解决').waitFor();
    expect(await fullIdNumbersIn(sup)).toEqual([]);
    for (const path of [
      '/cases',
      '/people',
      `/people/${(await w.t.ownerQuery(`select service_object_id as id from case_file where id = $1`, [k.id]))[0].id}`,
    ]) {
      await sup.goto(path);
      await sup
        .locator('.table-row, [data-testid=person]')
        .first()
        .waitFor()
        .catch(async (e) => {
          await shot(sup, 'debug-sup');
          throw new Error(`${path}: ${e}`);
        });
      expect([path, await fullIdNumbersIn(sup)]).toEqual([path, []]);
    }
    await shot(sup, 'person-supervisor');
    await sup.context().close();
  });
});
