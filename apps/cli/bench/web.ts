import 'reflect-metadata';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '@platform/config/app-config';
import { deriveAppUrl, withDatabase } from '@platform/database/connection-urls';
import { startEmbeddedPostgres } from '@platform/database/embedded';
import { ensureAppRole, ensureDatabase, runMigrations } from '@platform/database/provision';
import { createApp } from '../../api/create-app';
import { seedDemoRecords } from '../demo/demo-records';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed-demo';
import { buildWeb } from '../web-build';
import { SCHEMA } from '../schema';

/**
 * npm run bench:web — the console's budgets, printed as a table (a script, not a timed test):
 * initial JavaScript per route (gzipped, what the browser fetches to show it from a cold start),
 * GraphQL requests each screen makes for its data, and the workbench's time to interactive on
 * loopback with the demo records. Builds the console first if it is out of date; runs the API
 * in-process over a database of its own (swsp_bench_web), against headless Chromium.
 */
const ROOT = join(__dirname, '../../..');
const DIST = join(ROOT, 'dist/web');
const APP_PASSWORD = 'swsp-bench-app-password';
const BUDGET = { initialKb: 350, requests: 2, workbenchMs: 1500, oversightRequests: 3, oversightMs: 1000 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

async function adminUrl(): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: withDatabase(process.env.DATABASE_URL, 'postgres') };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  const probe = new Client({ connectionString: local, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
    return { url: local };
  } catch {
    const server = await startEmbeddedPostgres({ dir: '.data/bench-web-pg', port: 54329 });
    return { url: server.url, stop: server.stop };
  }
}

/** The gzipped size of a built file, as the API sends it (the .gz copy made at build time). */
function gzSize(path: string): number {
  const file = join(DIST, path);
  return existsSync(`${file}.gz`) ? statSync(`${file}.gz`).size : statSync(file).size;
}

interface Screen {
  name: string;
  user: string;
  path: string | ((ids: Ids) => string);
  ready: string;
  /** The bureaus' screens: the charts load here (and only here), their data within three requests; no station bundle budget. */
  oversight?: boolean;
}
interface Ids {
  caseId: string;
  personId: string;
  groupId: string;
  stationId: string;
  districtId: string;
}

/** The district home is on screen: its figures, its charts drawn, and the compliance, completeness and ranking panels. */
const OVERSIGHT_READY = '[data-testid=ranking]';

const SCREENS: Screen[] = [
  { name: '工作台 (worker)', user: 'jfl.worker', path: '/', ready: '[data-testid=workbench]' },
  { name: '服务对象', user: 'jfl.worker', path: '/people', ready: '[data-testid=people]' },
  { name: '服务对象详情', user: 'jfl.worker', path: (i) => `/people/${i.personId}`, ready: '[data-testid=person]' },
  { name: '个案列表', user: 'jfl.worker', path: '/cases', ready: '[data-testid=cases]' },
  { name: '个案', user: 'jfl.worker', path: (i) => `/cases/${i.caseId}`, ready: '[data-testid=case]' },
  { name: '探访', user: 'jfl.worker', path: '/visits', ready: '[data-testid=visits]' },
  { name: '小组', user: 'jfl.worker', path: '/groups', ready: '[data-testid=groups]' },
  { name: '小组详情', user: 'jfl.worker', path: (i) => `/groups/${i.groupId}`, ready: '[data-testid=group]' },
  { name: '社区活动', user: 'jfl.worker', path: '/activities', ready: '[data-testid=activities]' },
  { name: '志愿者', user: 'jfl.worker', path: '/volunteers', ready: '[data-testid=volunteers]' },
  { name: '工作台 (head)', user: 'jfl.head', path: '/', ready: '[data-testid=workbench]' },
  { name: '人员与持证', user: 'jfl.head', path: '/station/roster', ready: '[data-testid=roster]' },
  { name: '人员变动备案', user: 'jfl.head', path: '/station/filings', ready: '[data-testid=filings]' },
  { name: '结案审批', user: 'jfl.head', path: '/station/closures', ready: '[data-testid=closures]' },
  { name: '派案与转案', user: 'jfl.head', path: '/station/assign', ready: '[data-testid=assign]' },
  { name: '审计日志', user: 'jfl.head', path: '/station/audit', ready: '[data-testid=audit]' },
  { name: '督导工作', user: 'lixia.supervisor', path: '/supervision', ready: '[data-testid=supervision-home]' },
  { name: '账号与角色', user: 'city.admin', path: '/admin/users', ready: '[data-testid=users] tr.table-row' },
  { name: '组织与站点', user: 'city.admin', path: '/admin/tree', ready: '[data-testid=tree-children] tr.table-row' },
  { name: '人员配备标准', user: 'city.admin', path: '/admin/staffing-policy', ready: '[data-testid=policy-current]' },
  { name: '区统计总览', user: 'lixia.officer', path: (i) => `/oversight/${i.districtId}`, ready: OVERSIGHT_READY, oversight: true },
  { name: '市统计总览', user: 'city.admin', path: '/oversight', ready: OVERSIGHT_READY, oversight: true },
  {
    name: '站点详情(区)',
    user: 'lixia.officer',
    path: (i) => `/oversight/stations/${i.stationId}`,
    ready: '[data-testid=chart-volume] canvas',
    oversight: true,
  },
];

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('城市代码').fill('jinan');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('me-name').waitFor();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const built = buildWeb();
  console.log(built === 'built' ? 'Built the console.' : `Console build: ${built}.`);
  const chunks = readdirSync(join(DIST, 'assets'));
  // The chunks that carry a chart library (ECharts and its renderer zrender): loaded by the oversight screens only.
  const chartChunks = new Set(
    chunks
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /echarts|zrender|chart\.js|recharts/i.test(readFileSync(join(DIST, 'assets', f), 'utf8')))
      .map((f) => `/assets/${f}`),
  );
  const chartKb = [...chartChunks].reduce((sum, p) => sum + gzSize(p), 0) / 1024;

  const server = await adminUrl();
  const ownerUrl = withDatabase(server.url, 'swsp_bench_web');
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('drop database if exists swsp_bench_web with (force)');
  await admin.end();
  await ensureDatabase(ownerUrl);
  await ensureAppRole(ownerUrl, APP_PASSWORD);
  await runMigrations(ownerUrl, SCHEMA);
  const t0 = Date.now();
  await seedDemo(ownerUrl);
  await seedDemoRecords(ownerUrl);
  console.log(`Seeded the demo city with its records in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Silent: leaving a screen mid-request (as the bench does) is logged by the API as an error.
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: ownerUrl, SEED_DEMO: 'false' });
  const app = await createApp(config, deriveAppUrl(ownerUrl, APP_PASSWORD));
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });

  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  const one = async (sql: string) => ((await owner.query(sql)).rows[0]?.id as string) ?? '00000000-0000-0000-0000-000000000000';
  const worker = `(select id from user_account where username = 'jfl.worker')`;
  const ids: Ids = {
    caseId: await one(`select id from case_file where worker_id = ${worker} order by opened_on desc limit 1`),
    personId: await one(`select service_object_id as id from case_file where worker_id = ${worker} order by opened_on desc limit 1`),
    groupId: await one(`select id from group_work where created_by = ${worker} limit 1`),
    stationId: await one(`select s.id from station s join org_unit o on o.id = s.org_unit_id where o.code = '370102001'`),
    districtId: await one(`select id from org_unit where code = '370102'`),
  };
  await owner.end();

  const lines: string[] = [];
  let failed = false;
  try {
    lines.push(
      '',
      `| ${'screen'.padEnd(14)} | initial JS (gzip) | GraphQL requests for its data | charts | budget |`,
      '|----------------|-------------------|-------------------------------|--------|--------|',
    );
    const chartsOutside: string[] = [];
    const chartsMissing: string[] = [];
    for (const screen of SCREENS) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: base, locale: 'zh-CN' });
      const page = await context.newPage();
      await signIn(page, screen.user);
      // The home a sign-in lands on (a bureau's statistics) finishes loading before this screen is counted.
      await page.waitForLoadState('networkidle');
      const path = typeof screen.path === 'function' ? screen.path(ids) : screen.path;
      const scripts = new Set<string>();
      let requests = 0;
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
        // The session query (who am I, my stations) is the console's, once per page load; the rest is the screen's.
        if (url.pathname === '/graphql' && r.method() === 'POST' && !/query Session\b/.test(r.postData() ?? '')) requests += 1;
      });
      // A cold load of the screen's address: the entry, the screen's chunks, and its data.
      await page.goto(path);
      await page.locator(screen.ready).first().waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle');
      const kb = [...scripts].reduce((sum, p) => sum + gzSize(p), 0) / 1024;
      const charts = [...scripts].some((p) => chartChunks.has(p));
      if (charts && !screen.oversight) chartsOutside.push(screen.name);
      if (!charts && screen.oversight) chartsMissing.push(screen.name);
      // The station bundle's budget binds every screen but the oversight ones, which add the charts to it.
      const ok = screen.oversight ? requests <= BUDGET.oversightRequests : kb <= BUDGET.initialKb && requests <= BUDGET.requests;
      failed ||= !ok || (charts && !screen.oversight);
      lines.push(
        `| ${screen.name.padEnd(14)} | ${`${kb.toFixed(0)} KB`.padStart(17)} | ${String(requests).padStart(29)} | ${(charts ? 'yes' : '—').padStart(6)} | ${ok ? '  ok  ' : ' OVER '} |`,
      );
      await context.close();
    }

    // The workbench from a signed-in tab: navigation start to its data on screen and the main thread idle.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: base, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, 'jfl.worker');
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      await page.goto('/');
      await page.getByTestId('workbench').waitFor();
      // Interactive: the data is on screen and the next frame runs (no long task holds the thread).
      times.push(Number(await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))')));
    }
    await context.close();
    const tti = median(times.slice(1));
    failed ||= tti > BUDGET.workbenchMs;

    // The district home from a signed-in tab: navigation start to its figures, charts and panels on screen.
    const officerContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: base, locale: 'zh-CN' });
    const officer = await officerContext.newPage();
    await signIn(officer, 'lixia.officer');
    const districtTimes: number[] = [];
    const districtRequests: number[] = [];
    for (let i = 0; i < 7; i++) {
      let n = 0;
      const count = (r: { url(): string; method(): string; postData(): string | null }) => {
        if (new URL(r.url()).pathname === '/graphql' && r.method() === 'POST' && !/query Session\b/.test(r.postData() ?? '')) n += 1;
      };
      officer.on('request', count);
      await officer.goto(`/oversight/${ids.districtId}`);
      await officer.locator('[data-testid=chart-trend] canvas').first().waitFor({ timeout: 20_000 });
      await officer.locator('[data-testid=ranking]').waitFor({ timeout: 20_000 });
      districtTimes.push(
        Number(await officer.evaluate('new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))')),
      );
      await officer.waitForLoadState('networkidle');
      officer.off('request', count);
      districtRequests.push(n);
    }
    await officerContext.close();
    const districtMs = median(districtTimes.slice(1));
    const districtMaxRequests = Math.max(...districtRequests);
    failed ||= districtMs > BUDGET.oversightMs || districtMaxRequests > BUDGET.oversightRequests || chartsMissing.length > 0;
    lines.push(
      '',
      `Workbench interactive on loopback (jfl.worker, demo records; median of 6 warm loads): ${tti.toFixed(0)} ms (budget ${BUDGET.workbenchMs} ms)`,
      `District home rendered on loopback (lixia.officer, demo records; median of 6 warm loads): ${districtMs.toFixed(0)} ms (budget ${BUDGET.oversightMs} ms), its data in ${districtMaxRequests} GraphQL requests at most (budget ${BUDGET.oversightRequests})`,
      `Chart library (ECharts, ${chartChunks.size} chunk(s), ${chartKb.toFixed(0)} KB gzipped): loaded by ${chartsOutside.length ? `NON-oversight screens: ${chartsOutside.join(', ')} (over budget)` : 'the oversight screens only'}${chartsMissing.length ? `; not loaded by ${chartsMissing.join(', ')}` : ''}`,
      `Budgets: initial JS ≤ ${BUDGET.initialKb} KB gzipped per station route, ≤ ${BUDGET.requests} GraphQL requests per screen's data (oversight ≤ ${BUDGET.oversightRequests}), workbench ≤ ${BUDGET.workbenchMs} ms, district home ≤ ${BUDGET.oversightMs} ms.`,
    );
  } finally {
    await browser.close();
    await app.close();
    await server.stop?.();
  }
  console.log(lines.join('\n'));
  if (failed) {
    console.log('\nSome budget is exceeded.');
    process.exitCode = 1;
  }
}

main().catch((e) => {
  process.stderr.write(`bench:web failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
