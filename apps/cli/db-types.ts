import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '@platform/database/connection-urls';
import { ensureAppRole, runMigrations } from '@platform/database/provision';
import { SCHEMA } from './schema';

/** Where the generated table types live. */
export const TYPES_FILE = join(__dirname, '../../libs/platform/database/schema.generated.ts');

/**
 * kysely-codegen's flags: dates and numerics as the pg driver gives them here (strings), ltree as
 * text, and the migrations' bookkeeping left out.
 */
export function codegenArgs(url: string, outFile: string, verify = false): string[] {
  return [
    require.resolve('kysely-codegen/dist/cli/bin.js'),
    '--dialect',
    'postgres',
    '--url',
    url,
    '--out-file',
    outFile,
    '--date-parser',
    'string',
    '--numeric-parser',
    'string',
    '--type-mapping',
    '{"ltree":"string"}',
    '--exclude-pattern',
    'schema_migrations',
    '--log-level',
    'error',
    ...(verify ? ['--verify'] : []),
  ];
}

/** npm run db:types — migrates a scratch database and writes the table types from it. */
async function main(): Promise<void> {
  const admin = process.env.DATABASE_URL ? withDatabase(process.env.DATABASE_URL, 'postgres') : 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `swsp_types_${randomBytes(4).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  try {
    const url = withDatabase(admin, name);
    await ensureAppRole(url, process.env.APP_DB_PASSWORD ?? 'swsp-app-development');
    await runMigrations(url, SCHEMA);
    const run = spawnSync(process.execPath, codegenArgs(url, TYPES_FILE), { stdio: 'inherit' });
    if (run.status !== 0) throw new Error('kysely-codegen failed');
    console.log(`wrote ${TYPES_FILE}`);
  } finally {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  });
}
