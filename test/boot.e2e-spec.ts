import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Starts the real entry point the way `npm start` does and returns how it ended. */
function boot(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe('boot-time configuration check', () => {
  it('stops with one clear line when a production secret is missing', () => {
    const r = boot({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/swsp', APP_DB_PASSWORD: 'x'.repeat(16) });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('Configuration error: JWT_SECRET is required when NODE_ENV=production');
  });

  it('stops with one clear line on a malformed DATABASE_URL', () => {
    const r = boot({ DATABASE_URL: 'not-a-url' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('Configuration error: DATABASE_URL must look like postgres://user:password@host:port/database');
  });

  it('stops with one clear line when the database cannot be reached', () => {
    const r = boot({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/swsp' });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^Configuration error: Cannot prepare the database at 127\.0\.0\.1:1\/swsp: .*ECONNREFUSED/);
  });
});
