import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { createApp } from '../../apps/api/create-app';
import { DEMO_PASSWORD } from '../../apps/cli/demo/seed-demo';
import { loadConfig } from '../../libs/platform/config/app-config';
import { deriveAppUrl, withDatabase } from '../../libs/platform/database/connection-urls';
import { DbSettings, SETTINGS_SQL, settingsParams } from '../../libs/platform/database/request-context';
import { SIDE_POOL_APPLICATION_NAME } from '../../libs/platform/database/side-pool';
import { APP_PASSWORD, readAdminUrl, RUN_PREFIX, seededTemplateDb, templateDb } from './test-server';

export { DEMO_PASSWORD };

/**
 * A GraphQL answer or SQL row read loosely: tests look into shapes the schema and the database
 * already check, and say what they expect of each value.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one loose JSON type of the tests
export type Json = any;
export type Row = Record<string, Json>;

export interface GqlResult<T = Row> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; fields?: { field: string; message: string }[]; [k: string]: unknown } }[];
}

/** A database of its own, copied from the migrated template, with the demo city unless `seeded` is false. */
export async function createTestDatabase(seeded = false): Promise<{ ownerUrl: string; appUrl: string; drop(): Promise<void> }> {
  const adminUrl = readAdminUrl();
  const name = `${RUN_PREFIX}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${seeded ? seededTemplateDb() : templateDb()}`);
  await admin.end();
  const ownerUrl = withDatabase(adminUrl, name);
  return {
    ownerUrl,
    appUrl: deriveAppUrl(ownerUrl, APP_PASSWORD),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** One test file's world: its own database with the demo city, and the API over HTTP. */
export class TestApp {
  private constructor(
    readonly app: INestApplication,
    readonly ownerUrl: string,
    readonly appUrl: string,
    private readonly dropDb: () => Promise<void>,
  ) {}

  /** `logStream`: the app's logs go there instead of standard output (set LOG_LEVEL in `env` to have any). */
  static async start(options: { seed?: boolean; env?: Record<string, string>; logStream?: DestinationStream } = {}): Promise<TestApp> {
    const db = await createTestDatabase(options.seed !== false);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATABASE_URL: db.ownerUrl, ...options.env });
    const app = await createApp(config, db.appUrl, { logStream: options.logStream });
    return new TestApp(app, db.ownerUrl, db.appUrl, db.drop);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.dropDb();
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  async gql<T = Row>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResult<T>> {
    const req = this.http.post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return res.body as GqlResult<T>;
  }

  /** Like gql, but fails the test on any error and returns the data. */
  async ok<T = Row>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const res = await this.gql<T>(query, variables, token);
    if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data as T;
  }

  /** Signs each demo user in (the demo password, the demo city); their tokens by username. */
  async loginAll<U extends string>(usernames: readonly U[]): Promise<Record<U, string>> {
    const tokens = await Promise.all(usernames.map((u) => this.login(u)));
    return Object.fromEntries(usernames.map((u, i) => [u, tokens[i]])) as Record<U, string>;
  }

  async login(username: string, password = DEMO_PASSWORD, tenant: string | null = 'jinan'): Promise<string> {
    const data = await this.ok<{ login: { accessToken: string } }>(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, {
      input: { tenant, username, password },
    });
    return data.login.accessToken;
  }

  /** SQL as the owner (row-level security bypassed for a superuser; for fixtures and counts). */
  async ownerQuery<T = Json>(sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.ownerUrl });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  /** SQL as the application role inside a transaction with the given settings: what row-level security lets through. */
  async appQuery<T = Json>(settings: DbSettings | null, sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.appUrl });
    await c.connect();
    try {
      await c.query('begin');
      if (settings) await c.query(SETTINGS_SQL, settingsParams(settings));
      const rows = (await c.query(sql, params)).rows as T[];
      await c.query('rollback');
      return rows;
    } finally {
      await c.end();
    }
  }

  /** The id of the demo node with this division code. */
  async nodeId(code: string, tenant = 'jinan'): Promise<string> {
    const [row] = await this.ownerQuery<{ id: string }>(`select o.id from org_unit o join tenant t on t.id = o.tenant_id where t.code = $1 and o.code = $2`, [
      tenant,
      code,
    ]);
    if (!row) throw new Error(`no node ${code} in ${tenant}`);
    return row.id;
  }

  async stationId(code: string, tenant = 'jinan'): Promise<string> {
    const [row] = await this.ownerQuery<{ id: string }>(
      `select s.id from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
        join tenant t on t.id = o.tenant_id where t.code = $1 and o.code = $2`,
      [tenant, code],
    );
    if (!row) throw new Error(`no station at ${code} in ${tenant}`);
    return row.id;
  }
}

export function errorCode(res: GqlResult): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

export function errorFields(res: GqlResult): string[] {
  return (res.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
}

/** The request failed with this code and answered no data. */
export function expectCode(res: GqlResult, code: string): void {
  expect(res.errors?.[0]?.message).toBeDefined();
  expect(errorCode(res)).toBe(code);
  expect(res.data ?? null).toBeNull();
}

/** The request was refused as bad input naming exactly this field. */
export function expectBadInput(res: GqlResult, field: string): void {
  expectCode(res, 'BAD_USER_INPUT');
  expect(errorFields(res)).toEqual([field]);
}

/** The request was refused by this domain rule. */
export function expectRule(res: GqlResult, rule: string): void {
  expect(errorCode(res)).toBe('RULE_VIOLATED');
  expect(res.errors?.[0]?.extensions?.rule).toBe(rule);
}

/**
 * A check that a request fails and writes nothing (`app` gives the test file's app once started): `counts` reads the row counts of the tables
 * the request could touch, before and after.
 */
export function failsCleanlyWith(app: () => TestApp, counts: () => Promise<unknown>) {
  return async (query: string, variables: Row, token: string): Promise<GqlResult> => {
    const before = await counts();
    const res = await app().gql(query, variables, token);
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.data ?? null).toBeNull();
    expect(await counts()).toEqual(before);
    return res;
  };
}

export const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id username } }`;

export const CREATE_TENANT = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { id code name status } }`;

/** A second city, made by the platform operator through the API; returns its id and its admin's token. */
export async function createSecondCity(t: TestApp, code = 'qingdao', cityCode = '370200', name = '青岛市') {
  const operator = await t.login('operator', DEMO_PASSWORD, null);
  const data = await t.ok<{ createTenant: { id: string } }>(
    CREATE_TENANT,
    { input: { code, name, cityCode, admin: { username: 'admin', displayName: `${name}管理员`, password: 'Second@City2026' } } },
    operator,
  );
  const adminToken = await t.login('admin', 'Second@City2026', code);
  return { tenantId: data.createTenant.id, adminToken };
}

/**
 * Records the SQL statements the app sends while answering requests, on the connections of its
 * request pool. The side pool's statements are left out: the rate limiter flushes its counts there
 * every 100 ms in the background, whatever request happens to be running, so they belong to none.
 */
export function spyOnRequestStatements() {
  const spy = jest.spyOn(Client.prototype, 'query');
  const onRequestPool = (i: number) =>
    (spy.mock.contexts[i] as { connectionParameters?: { application_name?: string } } | undefined)?.connectionParameters?.application_name !==
    SIDE_POOL_APPLICATION_NAME;
  return {
    get calls(): unknown[][] {
      return spy.mock.calls.filter((_, i) => onRequestPool(i));
    },
    mockRestore: () => spy.mockRestore(),
  };
}
