import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppConfig, ConfigError } from './app-config';

/** The generated secret's file, beside the embedded PostgreSQL's data: `.data/jwt-secret` by default. */
export function jwtSecretPath(config: Pick<AppConfig, 'EMBEDDED_PG_DIR'>): string {
  return join(dirname(resolve(config.EMBEDDED_PG_DIR)), 'jwt-secret');
}

/** Generated once per test process: its tokens need not outlive it, and no file is left behind. */
let testSecret: string | undefined;

/**
 * The key that signs tokens: JWT_SECRET when set (always, in production). Otherwise a random one
 * made for this install on first start and read back afterwards, so that tokens survive a
 * restart and every process of one install (several replicas on one machine) shares it, yet no
 * two installs do. The file is readable by its owner alone (0600); it is created whole or not at
 * all (written aside, then hard-linked into place), so processes starting together all end up
 * with the one that was linked first.
 */
export function resolveJwtSecret(config: Pick<AppConfig, 'JWT_SECRET' | 'NODE_ENV' | 'EMBEDDED_PG_DIR'>): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.NODE_ENV === 'production') throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  if (config.NODE_ENV === 'test') return (testSecret ??= randomBytes(32).toString('base64url'));
  const path = jwtSecretPath(config);
  const existing = readSecret(path);
  if (existing) return existing;
  mkdirSync(dirname(path), { recursive: true });
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, path);
    new Logger('Auth').log(`Generated a JWT secret for this install in ${path} (set JWT_SECRET to use your own)`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(aside);
  }
  const secret = readSecret(path);
  if (!secret) throw new ConfigError(`${path} holds no usable JWT secret (32+ characters); delete it or set JWT_SECRET`);
  return secret;
}

function readSecret(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  // A copy restored or unpacked with looser permissions is tightened rather than trusted as is.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const secret = text.trim();
  if (secret.length < 32) throw new ConfigError(`${path} holds no usable JWT secret (32+ characters); delete it or set JWT_SECRET`);
  return secret;
}
