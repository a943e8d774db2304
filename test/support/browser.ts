/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { seedDemoRecords } from '../../apps/cli/demo/demo-records';
import { buildWeb } from '../../apps/cli/web-build';
import { DEMO_PASSWORD, TestApp } from './test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
export const ARTIFACTS = join(__dirname, '../../test-artifacts/web');

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/**
 * One browser test file's world: the API (with the console build) listening on a free loopback
 * port over its own database, and a headless Chromium. `records` seeds the demo city's months of
 * records (apps/cli/demo/demo-records.ts) as `npm start` does on first start.
 */
export class WebTest {
  private constructor(
    readonly t: TestApp,
    readonly baseUrl: string,
    readonly browser: Browser,
  ) {}

  static async start(options: { records?: boolean } = {}): Promise<WebTest> {
    buildWeb();
    const t = await TestApp.start();
    if (options.records) {
      await seedDemoRecords(t.ownerUrl);
    }
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    return new WebTest(t, `http://127.0.0.1:${port}`, browser);
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.t?.close();
  }

  async context(viewport = DESKTOP): Promise<BrowserContext> {
    const context = await this.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: this.baseUrl });
    context.setDefaultTimeout(15_000);
    return context;
  }

  /** A fresh context signed in as a demo user, on its home screen. */
  async signedIn(username: string, viewport = DESKTOP): Promise<Page> {
    const page = await (await this.context(viewport)).newPage();
    await signIn(page, username);
    return page;
  }
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, tenant = 'jinan'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('城市代码').fill(tenant);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('me-name').waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Requests to /graphql since the counter was last reset (the console counts them on window). */
export async function gqlRequests(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __gqlRequests?: number }).__gqlRequests ?? 0);
}

/** Every full identity number (18 characters, valid or not) in the page's text and form values. */
export async function fullIdNumbersIn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts = [document.body.innerText, ...Array.from(document.querySelectorAll('input, textarea')).map((e) => (e as HTMLInputElement).value)];
    const html = document.documentElement.outerHTML;
    const found = new Set<string>();
    for (const text of [...texts, html]) for (const m of text.matchAll(/(?<![0-9A-Za-z*])[0-9]{17}[0-9X](?![0-9A-Za-z*])/g)) found.add(m[0]);
    return [...found];
  });
}

/** Chooses an option of an Ant Design select found by its label (within `scope`, e.g. a dialog). */
export async function pick(page: Page, label: string, option: string, scope: Page | Locator = page): Promise<void> {
  const box = scope.getByLabel(label, { exact: true }).and(scope.getByRole('combobox'));
  await box.waitFor({ state: 'attached' });
  const id = await box.getAttribute('id');
  await scope
    .locator('.ant-select', { has: page.locator(`[id="${id}"]`) })
    .last()
    .locator('.ant-select-selector')
    .click();
  // Long lists render only what is in view: a searchable select is narrowed to the option first.
  if ((await box.getAttribute('readonly')) === null) await box.fill(option);
  // This select's own dropdown (another one may still be closing).
  const list = await box.getAttribute('aria-controls');
  const dropdown = page.locator('.ant-select-dropdown', { has: page.locator(`[id="${list}"]`) });
  await dropdown.locator(`.ant-select-item-option[title="${option}"]`).click();
  await page
    .waitForFunction((id) => document.getElementById(id!)?.getAttribute('aria-expanded') !== 'true', await box.getAttribute('id'))
    .catch(() => undefined);
  // A dropdown left open over the dialog's buttons: leave the select.
  if ((await box.getAttribute('aria-expanded')) === 'true') await box.press('Tab');
  await dropdown.waitFor({ state: 'hidden' });
}
