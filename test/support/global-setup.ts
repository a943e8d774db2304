import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../../libs/platform/database/connection-urls';
import { startEmbeddedPostgres } from '../../libs/platform/database/embedded';
import { ensureAppRole, runMigrations } from '../../libs/platform/database/provision';
import { APP_PASSWORD, canConnect, freePort, isAlive, runOf, seededTemplateDb, shareAdminUrl, templateDb } from './test-server';
import { SCHEMA } from '../../apps/cli/schema';

/** Seeds the demo city into a database, in a process of its own (see seed-template.ts). */
function seedInProcess(url: string): void {
  const root = join(__dirname, '../..');
  const run = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'seed-template.ts'), url],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (run.status !== 0) throw new Error(`seeding the test template failed (exit ${run.status})`);
}

/**
 * Finds a PostgreSQL for the suite: DATABASE_URL if set, else the local server on 127.0.0.1:5432,
 * else an embedded one started for this run. Builds a migrated template database that each test
 * file copies into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  let adminUrl: string;
  if (process.env.DATABASE_URL && process.env.SWSP_TEST_EMBEDDED !== '1') {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else if (process.env.SWSP_TEST_EMBEDDED !== '1' && (await canConnect(local))) {
    adminUrl = local;
  } else {
    const dir = join(mkdtempSync(join(tmpdir(), 'swsp-test-')), 'pg');
    const server = await startEmbeddedPostgres({ dir, port: await freePort(), persistent: false });
    (globalThis as { __swspEmbedded?: { stop(): Promise<void> } }).__swspEmbedded = server;
    adminUrl = server.url;
  }
  await ensureAppRole(adminUrl, APP_PASSWORD);

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Databases left behind by runs that ended without tearing down.
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'swsp\\_test\\_%'`);
    for (const { datname } of rows) {
      const run = runOf(datname);
      if (run !== undefined && run !== process.pid && !isAlive(run)) await admin.query(`drop database if exists "${datname}" with (force)`);
    }
    await admin.query(`drop database if exists ${templateDb()} with (force)`);
    await admin.query(`drop database if exists ${seededTemplateDb()} with (force)`);
    await admin.query(`create database ${templateDb()}`);
    shareAdminUrl(adminUrl);
    await runMigrations(withDatabase(adminUrl, templateDb()), SCHEMA);
    // The demo city is seeded once, into a second template: a test file copies it (a fraction of a
    // second) instead of seeding its own (a few seconds each, mostly hashing the demo passwords).
    await admin.query(`create database ${seededTemplateDb()} template ${templateDb()}`);
    seedInProcess(withDatabase(adminUrl, seededTemplateDb()));
  } finally {
    await admin.end();
  }
}
