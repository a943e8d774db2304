import { Workbook } from 'exceljs';
import type { Page } from 'playwright-core';
import { METRICS } from '../../libs/stats/catalogue';
import { fullIdNumbersIn, gqlRequests, shot, WebTest } from '../support/browser';

/**
 * The bureaus' screens on the demo records: the district officer's and the city platform's home
 * (headline figures, the breakdown by child node, trend charts, compliance, completeness, visit
 * rate, rankings), drilling down district → street → station, the Excel export, and what a bureau
 * page never shows (a narrative, a full identity number, a sibling district).
 */
describe('console: oversight for bureaus and the city platform', () => {
  let w: WebTest;
  let lixia: string;
  let shizhong: string;
  let jflStation: string;
  let narratives: string[];
  const FIGURES = METRICS.map((m) => m.name).join(' ');
  const STATS = `query($n: ID!, $f: Date!, $t: Date!) { statistics(nodeId: $n, from: $f, to: $t) { visitRate figures { ${FIGURES} } children { nodeId own figures { ${FIGURES} } } } }`;

  beforeAll(async () => {
    w = await WebTest.start({ records: true });
    lixia = await w.t.nodeId('370102');
    shizhong = await w.t.nodeId('370103');
    jflStation = await w.t.stationId('370102001');
    // Free text about people (case notes, visit findings, activity summaries, closure requests) of the district.
    const rows = await w.t.ownerQuery(
      `(select narrative as text from case_note where org_path <@ (select path from org_unit where code = '370102') limit 30)
       union all (select findings from home_visit where findings is not null and org_path <@ (select path from org_unit where code = '370102') limit 30)
       union all (select summary from community_activity where summary is not null and org_path <@ (select path from org_unit where code = '370102') limit 30)
       union all (select summary from case_closure_request limit 10)`,
    );
    narratives = rows.map((r) => String(r.text)).filter((t) => t.length >= 6);
  }, 180_000);
  afterAll(() => w?.close());

  const thisYear = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4);

  /** The headline tiles as shown, by metric. */
  async function shownFigures(page: Page): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const m of METRICS) out[m.name] = (await page.getByTestId(`figure-${m.name}`).locator('.figure-number').innerText()).trim();
    return out;
  }

  async function expectNothingPrivate(page: Page): Promise<void> {
    expect(await fullIdNumbersIn(page)).toEqual([]);
    const html = await page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
    expect(narratives.length).toBeGreaterThan(0);
    expect(narratives.filter((n) => html.includes(n))).toEqual([]);
  }

  it('shows the district officer the district’s figures for the period, each equal to statistics, in at most three requests', async () => {
    const officer = await w.signedIn('lixia.officer');
    await officer.waitForURL(new RegExp(`/oversight/${lixia}`));
    await officer.getByTestId('figures').waitFor();
    await officer.getByTestId('compliance-view').waitFor();
    const token = await w.t.login('lixia.officer');
    const year = thisYear();
    const api = (await w.t.ok(STATS, { n: lixia, f: `${year}-01-01`, t: `${year}-12-31` }, token)).statistics;
    const shown = await shownFigures(officer);
    for (const m of METRICS) expect([m.name, shown[m.name]]).toEqual([m.name, String(api.figures[m.name])]);
    expect(await officer.getByTestId('node-name').innerText()).toContain('历下区');
    // The breakdown: a row per child node, each cell equal to the API's.
    const rows = officer.getByTestId('children').locator('tr.table-row');
    expect(await rows.count()).toBe(api.children.length);
    const cells = await officer.getByTestId('children').locator('[data-metric=totalServices]').allInnerTexts();
    expect(cells.map(Number).sort((a, b) => a - b)).toEqual(
      api.children.map((c: { figures: { totalServices: number } }) => c.figures.totalServices).sort((a: number, b: number) => a - b),
    );
    // Charts drawn by ECharts.
    await officer.getByTestId('chart-trend').locator('canvas').waitFor();
    await officer.getByTestId('chart-category').locator('canvas').waitFor();
    await expectNothingPrivate(officer);
    await shot(officer, 'oversight-district');

    // A cold load of the home: its data in at most three GraphQL requests besides the session's.
    await officer.evaluate(() => ((window as unknown as { __gqlRequests: number }).__gqlRequests = 0));
    await officer.reload();
    await officer.getByTestId('compliance-view').waitFor();
    await officer.waitForLoadState('networkidle');
    expect(await gqlRequests(officer)).toBeLessThanOrEqual(4);
    await officer.context().close();
  });

  it('changes the period (a quarter, a month) and the figures follow statistics for it; the table sorts by any figure', async () => {
    const officer = await w.signedIn('lixia.officer');
    const token = await w.t.login('lixia.officer');
    await officer.getByTestId('figures').waitFor();
    // A month: this month of this year.
    await officer.getByTestId('period-picker').getByText('月度').click();
    await officer.waitForURL(/period=month/);
    const url = new URL(officer.url());
    const year = url.searchParams.get('year')!;
    const month = url.searchParams.get('index')!.padStart(2, '0');
    const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
    const api = (await w.t.ok(STATS, { n: lixia, f: `${year}-${month}-01`, t: `${year}-${month}-${last}` }, token)).statistics;
    await officer.waitForFunction(() => document.querySelector('.ant-page-header, [data-testid=oversight]')?.textContent?.includes('统计期间'));
    await officer.getByText(`统计期间 ${year}-${month}-01 至 ${year}-${month}-${last}`).waitFor();
    const shown = await shownFigures(officer);
    for (const m of METRICS) expect([m.name, shown[m.name]]).toEqual([m.name, String(api.figures[m.name])]);

    // A custom range, from the address.
    await officer.goto(`/oversight/${lixia}?period=custom&from=${year}-01-15&to=${year}-${month}-10`);
    await officer.getByText(`统计期间 ${year}-01-15 至 ${year}-${month}-10`).waitFor();
    const custom = (await w.t.ok(STATS, { n: lixia, f: `${year}-01-15`, t: `${year}-${month}-10` }, token)).statistics;
    expect((await shownFigures(officer)).totalServices).toBe(String(custom.figures.totalServices));

    // Sorting by total services, largest first.
    await officer.getByRole('button', { name: '按服务总量排序' }).click();
    const values = (await officer.getByTestId('children').locator('[data-metric=totalServices]').allInnerTexts()).map(Number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    await officer.context().close();
  });

  it('exports the same table as Excel, its totals equal to the figures', async () => {
    const officer = await w.signedIn('lixia.officer');
    await officer.getByTestId('figures').waitFor();
    const [download] = await Promise.all([officer.waitForEvent('download'), officer.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^statistics-\d{4}-01-01-\d{4}-12-31\.xlsx$/);
    const book = new Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0];
    const header = sheet.getRow(2).values as unknown[];
    const total = sheet.getRow(sheet.rowCount).values as unknown[];
    expect(total[1]).toBe('合计');
    const shown = await shownFigures(officer);
    METRICS.forEach((m, i) => {
      expect(header[i + 3]).toBe(m.label);
      expect([m.name, Number(total[i + 3])]).toEqual([m.name, Number(shown[m.name])]);
    });
    // One row per child node, as on screen.
    expect(sheet.rowCount - 3).toBe(await officer.getByTestId('children').locator('tr.table-row').count());
    await officer.context().close();
  });

  it('drills down district → street → station: a station page with its roster in figures, compliance history and volume, nothing private', async () => {
    const officer = await w.signedIn('lixia.officer');
    await officer.getByTestId('children').locator('tr.table-row').first().waitFor();
    await officer.getByTestId('children').getByRole('link', { name: '解放路街道', exact: true }).click();
    await officer.waitForURL(new RegExp(`/oversight/${await w.t.nodeId('370102001')}`));
    await officer.getByTestId('node-name').getByText('解放路街道').waitFor();
    await officer.getByTestId('figures').waitFor();
    await expectNothingPrivate(officer);
    await officer.getByRole('button', { name: '站点详情' }).click();
    await officer.waitForURL(new RegExp(`/oversight/stations/${jflStation}`));
    await officer.getByTestId('roster-summary').waitFor();
    await officer.getByTestId('compliance-history').locator('tr.table-row').first().waitFor();
    await officer.getByTestId('chart-volume').locator('canvas').waitFor();
    const [c] = await w.t.ownerQuery(`select count(*)::int as n from staff_member where station_id = $1 and end_date is null`, [jflStation]);
    expect(await officer.getByTestId('roster-staff').innerText()).toBe(String(c.n));
    expect(await officer.getByTestId('compliance-history').locator('tr.table-row').count()).toBe(12);
    await expectNothingPrivate(officer);
    await shot(officer, 'oversight-station');
    await officer.context().close();
  });

  it('refuses a district officer a sibling district’s pages: 未找到', async () => {
    const officer = await w.signedIn('lixia.officer');
    await officer.goto(`/oversight/${shizhong}`);
    await officer.getByText('未找到').waitFor();
    const sibling = await w.t.stationId('370103001');
    await officer.goto(`/oversight/stations/${sibling}`);
    await officer.getByText('未找到').waitFor();
    expect(await officer.getByTestId('figures').count()).toBe(0);
    await officer.context().close();
  });

  it('gives the city platform the city with the districts as the breakdown', async () => {
    const admin = await w.signedIn('city.admin');
    await admin.getByTestId('figures').waitFor();
    const city = await w.t.nodeId('370100');
    expect(admin.url()).toContain(`/oversight/${city}`);
    const year = thisYear();
    const api = (await w.t.ok(STATS, { n: city, f: `${year}-01-01`, t: `${year}-12-31` }, await w.t.login('city.admin'))).statistics;
    const shown = await shownFigures(admin);
    for (const m of METRICS) expect([m.name, shown[m.name]]).toEqual([m.name, String(api.figures[m.name])]);
    await admin.getByTestId('children').getByRole('link', { name: '历下区', exact: true }).waitFor();
    await admin.getByTestId('children').getByRole('link', { name: '市中区', exact: true }).waitFor();
    await admin.getByTestId('ranking').locator('tr.table-row').first().waitFor();
    await expectNothingPrivate(admin);
    await shot(admin, 'oversight-city');
    await admin.context().close();
  });
});
