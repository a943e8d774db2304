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
const BUDGET = { initialKb: 350, requests: 2, workbenchMs: 1500 };
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
}
interface Ids {
  caseId: string;
  personId: string;
  groupId: string;
}

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
  const chartLibrary = chunks
    .filter((f) => f.endsWith('.js'))
    .some((f) => /echarts|zrender|chart\.js|recharts/i.test(readFileSync(join(DIST, 'assets', f), 'utf8').slice(0, 200_000)));

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
  };
  await owner.end();

  const lines: string[] = [];
  let failed = false;
  try {
    lines.push(
      '',
      `| ${'screen'.padEnd(14)} | initial JS (gzip) | GraphQL requests for its data | budget |`,
      '|----------------|-------------------|-------------------------------|--------|',
    );
    for (const screen of SCREENS) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: base, locale: 'zh-CN' });
      const page = await context.newPage();
      await signIn(page, screen.user);
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
      const ok = kb <= BUDGET.initialKb && requests <= BUDGET.requests;
      failed ||= !ok;
      lines.push(`| ${screen.name.padEnd(14)} | ${`${kb.toFixed(0)} KB`.padStart(17)} | ${String(requests).padStart(29)} | ${ok ? '  ok  ' : ' OVER '} |`);
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
    lines.push(
      '',
      `Workbench interactive on loopback (jfl.worker, demo records; median of 6 warm loads): ${tti.toFixed(0)} ms (budget ${BUDGET.workbenchMs} ms)`,
      `Chart library in the station bundle: ${chartLibrary ? 'YES (over budget)' : 'none'}`,
      `Budgets: initial JS ≤ ${BUDGET.initialKb} KB gzipped per route, ≤ ${BUDGET.requests} GraphQL requests per screen's data, workbench ≤ ${BUDGET.workbenchMs} ms.`,
    );
    failed ||= chartLibrary;
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
