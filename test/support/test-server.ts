import { createServer } from 'node:net';
import { Client } from 'pg';

/** Databases of one jest run carry its process id, so concurrent runs never touch each other's. */
export const RUN_PREFIX = `swsp_test_${process.env.SWSP_TEST_RUN ?? process.pid}`;

/** The migrated template, and a copy of it with the demo city seeded: each test file copies one of them. */
export function templateDb(): string {
  return `${RUN_PREFIX}_template`;
}

export function seededTemplateDb(): string {
  return `${RUN_PREFIX}_seeded`;
}
export const APP_PASSWORD = 'swsp-app-test-password';

export async function canConnect(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Global setup hands the server to the test files (and any workers it spawns) through the environment. */
export function shareAdminUrl(adminUrl: string): void {
  process.env.SWSP_TEST_ADMIN_URL = adminUrl;
  process.env.SWSP_TEST_RUN = String(process.pid);
}

/** A run's process id from one of its database names, e.g. swsp_test_1234_template → 1234. */
export function runOf(database: string): number | undefined {
  const m = /^swsp_test_(\d+)_/.exec(database);
  return m ? Number(m[1]) : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readAdminUrl(): string {
  const url = process.env.SWSP_TEST_ADMIN_URL;
  if (!url) throw new Error('No test database server: run the tests through jest (global setup starts one)');
  return url;
}
