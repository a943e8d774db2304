import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './app-config';
import { jwtSecretPath, resolveJwtSecret } from './jwt-secret';

describe('resolveJwtSecret', () => {
  let dir: string;
  const dev = () => ({ NODE_ENV: 'development' as const, EMBEDDED_PG_DIR: join(dir, 'data', 'pg') });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'swsp-secret-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses JWT_SECRET when set, and requires it in production', () => {
    expect(resolveJwtSecret({ ...dev(), JWT_SECRET: 's'.repeat(40) })).toBe('s'.repeat(40));
    expect(() => resolveJwtSecret({ ...dev(), NODE_ENV: 'production' })).toThrow(ConfigError);
  });

  it('otherwise makes a random one per install, beside the embedded data, readable by its owner only, and keeps it', () => {
    const first = resolveJwtSecret(dev());
    const file = jwtSecretPath(dev());
    expect(file).toBe(join(dir, 'data', 'jwt-secret'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    // The next start reads the same one back; another install gets its own.
    expect(resolveJwtSecret(dev())).toBe(first);
    const other = mkdtempSync(join(tmpdir(), 'swsp-secret-'));
    try {
      expect(resolveJwtSecret({ NODE_ENV: 'development', EMBEDDED_PG_DIR: join(other, 'pg') })).not.toBe(first);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('tightens a secret file others could read, and refuses one too short to be a key', () => {
    const secret = resolveJwtSecret(dev());
    const file = jwtSecretPath(dev());
    chmodSync(file, 0o644);
    expect(resolveJwtSecret(dev())).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'short\n');
    expect(() => resolveJwtSecret(dev())).toThrow(/holds no usable JWT secret/);
  });

  it('under test, a random one per process and no file', () => {
    const a = resolveJwtSecret({ NODE_ENV: 'test', EMBEDDED_PG_DIR: join(dir, 'pg') });
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(resolveJwtSecret({ NODE_ENV: 'test', EMBEDDED_PG_DIR: join(dir, 'pg') })).toBe(a);
    expect(() => statSync(join(dir, 'jwt-secret'))).toThrow();
  });
});
