import { Client } from 'pg';
import { DataSource, MigrationInterface } from 'typeorm';
import { APP_ROLE } from './app-role';
import { databaseName, withDatabase } from './connection-urls';

/** A step run after the migrations every time, as the schema owner, in a transaction of its own. */
export type RepeatableStep = (
  q: { query(sql: string, params?: unknown[]): Promise<{ [column: string]: unknown }[]> },
  log: (line: string) => void,
) => Promise<unknown>;

/**
 * What a database is brought to: the migration classes in order, then the repeatable steps. The
 * caller names them (apps/cli/schema.ts): the platform, the base layer, imports no module, and
 * the migrations import the statistics catalogue.
 */
export interface SchemaSteps {
  migrations: readonly (new () => MigrationInterface)[];
  repeatable: readonly RepeatableStep[];
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` if the server lacks it. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withClient(withDatabase(url, 'postgres'), async (c) => {
    const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      const { rows } = await c.query('select format($$create database %I$$, $1::text) as sql', [name]);
      await c.query(rows[0].sql);
    }
  });
}

/**
 * Ensures the cluster-wide application role exists with a password and may log in.
 * The statement text is built by PostgreSQL's own format(%L), never by concatenation here.
 */
export async function ensureAppRole(ownerUrl: string, password: string): Promise<void> {
  await withClient(ownerUrl, async (c) => {
    const { rowCount } = await c.query('select 1 from pg_roles where rolname = $1', [APP_ROLE]);
    const verb = rowCount ? 'alter' : 'create';
    const { rows } = await c.query(
      `select format('${verb} role %I login password %L nosuperuser nocreatedb nocreaterole nobypassrls', $1::text, $2::text) as sql`,
      [APP_ROLE, password],
    );
    try {
      await c.query(rows[0].sql);
    } catch (e) {
      // Two processes provisioning at once (duplicate role, or "tuple concurrently updated"):
      // the other one has just done the same, which is all we need.
      const err = e as { code?: string; message?: string };
      if (err.code !== '23505' && err.code !== '42710' && !/concurrently updated/.test(err.message ?? '')) throw e;
    }
  });
}

/** Applies pending migrations as the owner; returns the names applied. */
export async function runMigrations(ownerUrl: string, schema: SchemaSteps, log: (line: string) => void = () => undefined): Promise<string[]> {
  const ds = new DataSource({
    type: 'postgres',
    url: ownerUrl,
    migrations: [...schema.migrations],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    logging: ['error'],
  });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations();
    // The repeatable steps, one transaction each; processes starting at once take turns.
    for (const step of schema.repeatable) {
      await ds.transaction(async (m) => {
        await m.query(`select pg_advisory_xact_lock(hashtext('swsp.repeatable'))`);
        await step(m, log);
      });
    }
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Everything a fresh database needs before the API can serve: database, role, schema. */
export async function provisionDatabase(ownerUrl: string, appPassword: string, schema: SchemaSteps): Promise<string[]> {
  await ensureDatabase(ownerUrl);
  await ensureAppRole(ownerUrl, appPassword);
  return runMigrations(ownerUrl, schema);
}
