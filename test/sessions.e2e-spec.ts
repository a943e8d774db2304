import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DEMO_PASSWORD } from '../apps/cli/demo/seed-demo';
import { createSecondCity, createTestDatabase, errorCode, errorFields, GqlResult, Row, TestApp } from './support/test-app';
import { freePort } from './support/test-server';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresIn } }`;
const REFRESH = `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken expiresIn } }`;
const LOGOUT = `mutation { logout }`;
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken } }`;
const ME = `{ me { username } }`;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

interface Answer<T = Row> extends GqlResult<T> {
  status: number;
  retryAfter?: string;
}

/** A GraphQL request over HTTP to `target` (an app or a base URL), from a client address of our choosing. */
async function post<T = Row>(
  target: Parameters<typeof request>[0],
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; from?: string } = {},
): Promise<Answer<T>> {
  const req = request(target).post('/graphql').set('content-type', 'application/json');
  if (options.token) req.set('authorization', `Bearer ${options.token}`);
  // The API trusts X-Forwarded-For from loopback (a proxy in front of it): this is how a test
  // stands in for clients at different addresses.
  if (options.from) req.set('x-forwarded-for', options.from);
  const res = await req.send({ query, variables });
  return { ...(res.body as GqlResult<T>), status: res.status, retryAfter: res.headers['retry-after'] };
}

const retryAfterOf = (res: GqlResult) => res.errors?.[0]?.extensions?.retryAfterSeconds as number | undefined;

describe('sessions: logout, refresh rotation, reuse detection, suspension', () => {
  let t: TestApp;
  const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) => post(t.app.getHttpServer(), query, variables, { token });
  const signIn = async (username: string, password = DEMO_PASSWORD, tenant: string | null = 'jinan'): Promise<Tokens> => {
    const res = await gql(LOGIN, { input: { tenant, username, password } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.login;
  };
  const sessionOf = async (token: string) => {
    const { sid } = t.app.get(JwtService).decode<{ sid: string }>(token);
    const table = (await t.ownerQuery(`select 1 from operator_session where id = $1`, [sid])).length ? 'operator_session' : 'user_session';
    const [row] = await t.ownerQuery<{ ended: boolean; end_reason: string | null; generation: number }>(
      `select ended_at is not null as ended, end_reason, generation from ${table} where id = $1`,
      [sid],
    );
    return row;
  };

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('logout ends the session at once: its access and refresh tokens stop working, other sessions carry on', async () => {
    const phone = await signIn('jfl.head');
    const desk = await signIn('jfl.head');
    expect((await gql(ME, {}, phone.accessToken)).data!.me.username).toBe('jfl.head');

    const out = await gql(LOGOUT, {}, phone.accessToken);
    expect(out.errors).toBeUndefined();
    expect(out.data!.logout).toBe(true);
    expect(await sessionOf(phone.accessToken)).toMatchObject({ ended: true, end_reason: 'LOGOUT' });

    // The very next request with the access token is refused, long before it expires.
    expect(errorCode(await gql(ME, {}, phone.accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(REFRESH, { r: phone.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(LOGOUT, {}, phone.accessToken))).toBe('UNAUTHENTICATED');
    // The other sign-in of the same account is untouched.
    expect((await gql(ME, {}, desk.accessToken)).data!.me.username).toBe('jfl.head');
    expect((await gql(REFRESH, { r: desk.refreshToken })).errors).toBeUndefined();
    // Without a token there is nothing to end.
    expect(errorCode(await gql(LOGOUT))).toBe('UNAUTHENTICATED');
  });

  it('refresh tokens rotate on every use; presenting a spent one ends the whole family', async () => {
    const first = await signIn('qfs.worker');
    const other = await signIn('qfs.worker');
    const second = (await gql(REFRESH, { r: first.refreshToken })).data!.refreshToken as Tokens;
    const third = (await gql(REFRESH, { r: second.refreshToken })).data!.refreshToken as Tokens;
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
    expect((await gql(ME, {}, third.accessToken)).data!.me.username).toBe('qfs.worker');
    expect((await sessionOf(third.accessToken)).generation).toBe(2);

    // The first refresh token was spent: presenting it again is refused, and ends the session…
    const reused = await gql(REFRESH, { r: first.refreshToken });
    expect(errorCode(reused)).toBe('UNAUTHENTICATED');
    expect(reused.data).toBeNull();
    // …though the refused mutation rolled back, the ending stands.
    expect(await sessionOf(third.accessToken)).toMatchObject({ ended: true, end_reason: 'REUSE' });
    // So the newest tokens of the family, which the thief may hold, stop working too, at once.
    expect(errorCode(await gql(REFRESH, { r: third.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(ME, {}, third.accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(ME, {}, second.accessToken))).toBe('UNAUTHENTICATED');
    // Another sign-in of the account is another family.
    expect((await gql(ME, {}, other.accessToken)).data!.me.username).toBe('qfs.worker');
    expect((await gql(REFRESH, { r: other.refreshToken })).errors).toBeUndefined();
  });

  it('platform operators have sessions too: rotation, reuse detection and logout', async () => {
    const a = await signIn('operator', DEMO_PASSWORD, null);
    const b = (await gql(REFRESH, { r: a.refreshToken })).data!.refreshToken as Tokens;
    expect((await gql(`{ me { isPlatformOperator } }`, {}, b.accessToken)).data!.me.isPlatformOperator).toBe(true);
    expect(errorCode(await gql(REFRESH, { r: a.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(ME, {}, b.accessToken))).toBe('UNAUTHENTICATED');
    expect(await sessionOf(b.accessToken)).toMatchObject({ ended: true, end_reason: 'REUSE' });

    const c = await signIn('operator', DEMO_PASSWORD, null);
    expect((await gql(LOGOUT, {}, c.accessToken)).data!.logout).toBe(true);
    expect(errorCode(await gql(ME, {}, c.accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(REFRESH, { r: c.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('tokens issued before a tenant’s suspension stay dead after it is reactivated', async () => {
    const zibo = await createSecondCity(t, 'zibo', '370300', '淄博市');
    const before = await signIn('admin', 'Second@City2026', 'zibo');
    const operator = (await signIn('operator', DEMO_PASSWORD, null)).accessToken;
    expect((await gql(`mutation($id: ID!) { suspendTenant(id: $id) { status } }`, { id: zibo.tenantId }, operator)).errors).toBeUndefined();
    expect(await sessionOf(before.accessToken)).toMatchObject({ ended: true, end_reason: 'SUSPENDED' });
    expect((await gql(`mutation($id: ID!) { reactivateTenant(id: $id) { status } }`, { id: zibo.tenantId }, operator)).errors).toBeUndefined();

    for (const token of [zibo.adminToken, before.accessToken]) expect(errorCode(await gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(REFRESH, { r: before.refreshToken }))).toBe('UNAUTHENTICATED');
    // A new sign-in after reactivation works.
    const after = await signIn('admin', 'Second@City2026', 'zibo');
    expect((await gql(ME, {}, after.accessToken)).data!.me.username).toBe('admin');
  });

  it('a password change ends the account’s other sessions; the caller carries on in a new one', async () => {
    const here = await signIn('lixia.officer');
    const elsewhere = await signIn('lixia.officer');
    const changed = await gql(CHANGE_PASSWORD, { input: { currentPassword: DEMO_PASSWORD, newPassword: 'Officer@Lixia2026' } }, here.accessToken);
    expect(changed.errors).toBeUndefined();
    const next = changed.data!.changePassword as Tokens;
    for (const old of [here, elsewhere]) {
      expect(await sessionOf(old.accessToken)).toMatchObject({ ended: true, end_reason: 'CREDENTIALS' });
      expect(errorCode(await gql(REFRESH, { r: old.refreshToken }))).toBe('UNAUTHENTICATED');
    }
    expect(await sessionOf(next.accessToken)).toMatchObject({ ended: false });
    expect((await gql(ME, {}, next.accessToken)).data!.me.username).toBe('lixia.officer');
    expect((await gql(REFRESH, { r: next.refreshToken })).errors).toBeUndefined();
  });
});

describe('sign-in limits', () => {
  let t: TestApp;
  const login = (username: string, password: string, from: string, tenant: string | null = 'jinan') =>
    post(t.app.getHttpServer(), LOGIN, { input: { tenant, username, password } }, { from });
  /** Makes the counters of `like` keys look `seconds` older, as if that much time had passed. */
  const age = (like: string, seconds: number) =>
    t.ownerQuery(
      `update auth_throttle set first_failed_at = first_failed_at - make_interval(secs => $2), last_failed_at = last_failed_at - make_interval(secs => $2) where key like $1`,
      [like, seconds],
    );

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('five wrong passwords from one address hold back that address, not the owner signing in from another', async () => {
    for (let i = 0; i < 5; i++) expect(errorCode(await login('jfl.head', `Wrong@Guess${i}x`, '203.0.113.10'))).toBe('UNAUTHENTICATED');
    const held = await login('jfl.head', DEMO_PASSWORD, '203.0.113.10');
    expect(errorCode(held)).toBe('TOO_MANY_REQUESTS');
    expect(held.status).toBe(429);
    const wait = retryAfterOf(held)!;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(held.retryAfter).toBe(String(wait));

    const owner = await login('jfl.head', DEMO_PASSWORD, '198.51.100.20');
    expect(owner.errors).toBeUndefined();
    expect(owner.status).toBe(200);
    expect(owner.data!.login.accessToken).toBeTruthy();
    // The owner's success elsewhere does not free the guesser's address.
    expect(errorCode(await login('jfl.head', DEMO_PASSWORD, '203.0.113.10'))).toBe('TOO_MANY_REQUESTS');
    // An IPv6 client is counted by its /64: the next address of the same network is the same client.
    for (let i = 0; i < 5; i++) await login('jfl.head', `Wrong@Guess${i}x`, `2001:db8:1:2::${i + 1}`);
    expect(errorCode(await login('jfl.head', DEMO_PASSWORD, '2001:db8:1:2:ffff::9'))).toBe('TOO_MANY_REQUESTS');
    expect((await login('jfl.head', DEMO_PASSWORD, '2001:db8:1:3::1')).errors).toBeUndefined();
  });

  it('the wait grows: after five failures one minute, then each further failure doubles it', async () => {
    const from = '203.0.113.11';
    for (let i = 0; i < 5; i++) await login('qfs.worker', `Wrong@Guess${i}x`, from);
    expect(retryAfterOf(await login('qfs.worker', 'Wrong@Guess5x', from))).toBeLessThanOrEqual(60);
    await age('signin:jinan/qfs.worker@203.0.113.11', 61);
    // The minute is over: one more try, which fails, and the next wait is two minutes.
    expect(errorCode(await login('qfs.worker', 'Wrong@Guess6x', from))).toBe('UNAUTHENTICATED');
    const longer = retryAfterOf(await login('qfs.worker', DEMO_PASSWORD, from))!;
    expect(longer).toBeGreaterThan(60);
    expect(longer).toBeLessThanOrEqual(120);
    await age('signin:jinan/qfs.worker@203.0.113.11', 121);
    // After the wait the right password gets in, and ends the streak.
    expect((await login('qfs.worker', DEMO_PASSWORD, from)).errors).toBeUndefined();
    expect(errorCode(await login('qfs.worker', 'Wrong@Guess7x', from))).toBe('UNAUTHENTICATED');
    expect((await login('qfs.worker', DEMO_PASSWORD, from)).errors).toBeUndefined();
  });

  it('concurrent guesses cannot outrun the count', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => login('jfl.worker', `Wrong@Burst${i}x`, '203.0.113.12')));
    const codes = results.map(errorCode);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(7);
  });

  it('one address trying many accounts is held back after 50 failures in 15 minutes; other addresses are not', async () => {
    const from = '203.0.113.13';
    for (let batch = 0; batch < 5; batch++) {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => login(`nobody.${batch * 10 + i}`, 'Wrong@Spray1x', from)));
      expect(results.map(errorCode)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    }
    const held = await login('city.admin', DEMO_PASSWORD, from);
    expect(errorCode(held)).toBe('TOO_MANY_REQUESTS');
    expect(retryAfterOf(held)).toBeGreaterThan(14 * 60);
    expect((await login('city.admin', DEMO_PASSWORD, '198.51.100.13')).errors).toBeUndefined();
  });

  it('an account failing from many addresses waits everywhere only after 50 failures in 15 minutes', async () => {
    for (let a = 0; a < 10; a++) {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => login('shizhong.officer', `Wrong@Guess${i}x`, `192.0.2.${a + 1}`)));
      expect(results.map(errorCode)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    }
    const held = await login('shizhong.officer', DEMO_PASSWORD, '198.51.100.14');
    expect(errorCode(held)).toBe('TOO_MANY_REQUESTS');
    expect(held.status).toBe(429);
    await age('account:jinan/shizhong.officer', 15 * 60 + 1);
    expect((await login('shizhong.officer', DEMO_PASSWORD, '198.51.100.14')).errors).toBeUndefined();
  });

  it('wrong current passwords in changePassword are limited too, and counted though the mutation rolls back', async () => {
    const token = (await login('lixia.supervisor', DEMO_PASSWORD, '198.51.100.15')).data!.login.accessToken as string;
    const change = (currentPassword: string) =>
      post(t.app.getHttpServer(), CHANGE_PASSWORD, { input: { currentPassword, newPassword: 'Super@Visor2026' } }, { token });
    for (let i = 0; i < 5; i++) {
      const res = await change(`Wrong@Guess${i}x`);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(errorFields(res)).toEqual(['currentPassword']);
    }
    const held = await change(DEMO_PASSWORD);
    expect(errorCode(held)).toBe('TOO_MANY_REQUESTS');
    expect(held.status).toBe(429);
    expect(Number(held.retryAfter)).toBeGreaterThan(0);
    // Nothing changed: the right password still signs in.
    expect((await login('lixia.supervisor', DEMO_PASSWORD, '198.51.100.15')).errors).toBeUndefined();
  });
});

describe('production: the schema is not shown to strangers unless configured', () => {
  const prod = { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), APP_DB_PASSWORD: 'swsp-app-test-password' };
  let closed: TestApp;
  let open: TestApp;

  beforeAll(async () => {
    closed = await TestApp.start({ seed: false, env: prod });
    open = await TestApp.start({ seed: false, env: { ...prod, GRAPHQL_INTROSPECTION: 'true', GRAPHIQL: 'true', GRAPHQL_SUGGESTIONS: 'true' } });
  });
  afterAll(async () => {
    await closed?.close();
    await open?.close();
  });

  it('turns off introspection, GraphiQL and field suggestions, unless switched on', async () => {
    expect(errorCode(await closed.gql(`{ __schema { types { name } } }`))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errorCode(await closed.gql(`{ __type(name: "Query") { name } }`))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await closed.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });

    const typo = await closed.gql(`{ mee { username } }`);
    expect(errorCode(typo)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors![0].message).toBe('Cannot query field "mee" on type "Query".');
    const inputTypo = await closed.gql(LOGIN, { input: { username: 'x', password: 'y', tenantt: 'jinan' } });
    expect(errorCode(inputTypo)).toBe('BAD_USER_INPUT');
    expect(inputTypo.errors!.map((e) => e.message).join('\n')).toMatch(/Field "tenantt" is not defined by type "LoginInput"/);
    expect(inputTypo.errors!.map((e) => e.message).join('\n')).not.toMatch(/Did you mean/);

    const page = await closed.http.get('/graphql').set('accept', 'text/html');
    expect(page.text ?? '').not.toContain('GraphiQL');
    await closed.http.get('/graphiql/graphiql.js').expect(404);

    // Each can be switched on in config.
    expect((await open.gql(`{ __schema { queryType { name } } }`)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await open.gql(`{ mee { username } }`)).errors![0].message).toMatch(/Did you mean "me"\?/);
    const graphiql = await open.http.get('/graphql').set('accept', 'text/html').expect(200);
    expect(graphiql.text).toContain('GraphiQL');
  });
});

describe('the per-session request limit in one process', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('counts GraphQL and file exports alike, per session, and answers 429 with Retry-After past it', async () => {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((r) => setTimeout(r, left + 250));
    const token = await t.login('city.admin');
    const other = await t.login('city.admin');
    const node = await t.nodeId('370100');
    for (let i = 0; i < 2; i++) expect((await post(t.app.getHttpServer(), ME, {}, { token })).status).toBe(200);
    const file = await t.http
      .get('/exports/statistics.xlsx')
      .query({ nodeId: node, from: '2025-01-01', to: '2025-01-31' })
      .set('authorization', `Bearer ${token}`);
    expect(file.status).toBe(200);
    const refused = await t.http
      .get('/exports/statistics.xlsx')
      .query({ nodeId: node, from: '2025-01-01', to: '2025-01-31' })
      .set('authorization', `Bearer ${token}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const gql = await post(t.app.getHttpServer(), ME, {}, { token });
    expect(gql.status).toBe(429);
    expect(errorCode(gql)).toBe('TOO_MANY_REQUESTS');
    expect(gql.retryAfter).toBe(String(retryAfterOf(gql)));
    // Another session, and requests without a token (sign-in), are not held back by this one.
    expect((await post(t.app.getHttpServer(), ME, {}, { token: other })).status).toBe(200);
    expect(await t.login('city.admin')).toBeTruthy();
  });
});

/**
 * Two real API processes on one database, as replicas behind a load balancer: every request of
 * a client alternates between them. Whatever one counts or ends, the other must honour.
 */
describe('two API processes sharing one database', () => {
  const ROOT = join(__dirname, '..');
  const LIMIT = 40;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let home: string;
  const processes: ChildProcess[] = [];
  const urls: string[] = [];
  const at = (i: number) => urls[i % 2];

  async function startApi(port: number): Promise<void> {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        // Development (no NODE_ENV) and no JWT_SECRET: the processes must make and share one secret.
        DATABASE_URL: db.ownerUrl,
        APP_DATABASE_URL: db.appUrl,
        EMBEDDED_PG_DIR: join(home, 'pg'),
        SEED_DEMO: 'false',
        PORT: String(port),
        LOG_LEVEL: 'silent',
        RATE_LIMIT_PER_MINUTE: String(LIMIT),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    processes.push(child);
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`the API exited: ${stderr}`);
      const up = await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) {
        urls.push(url);
        return;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`the API did not start: ${stderr}`);
  }

  const signIn = async (i: number, username: string, from?: string): Promise<Tokens> => {
    const res = await post(at(i), LOGIN, { input: { tenant: 'jinan', username, password: DEMO_PASSWORD } }, { from });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.login;
  };

  beforeAll(async () => {
    db = await createTestDatabase(true);
    home = mkdtempSync(join(tmpdir(), 'swsp-replicas-'));
    // Started together, as replicas are: they race to make the secret, and must agree on one.
    await Promise.all([startApi(await freePort()), startApi(await freePort())]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      processes.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null) return resolve();
            p.once('exit', () => resolve());
            p.kill('SIGTERM');
          }),
      ),
    );
    await db?.drop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('without JWT_SECRET outside production, one random secret per install, owner-readable only, beside the embedded data', async () => {
    const file = join(home, 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);

    // Tokens from one process are good at the other: they share the secret.
    const tokens = await signIn(0, 'jfl.head');
    expect((await post(at(1), ME, {}, { token: tokens.accessToken })).data!.me.username).toBe('jfl.head');
    // Signed with that file's secret, the same claims are good; signed with the constant the
    // source used to fall back on, they are not.
    const claims = new JwtService().decode(tokens.accessToken) as Record<string, unknown>;
    delete claims.iat;
    delete claims.exp;
    const signed = (key: string) => new JwtService({ secret: key }).sign(claims, { expiresIn: 60 });
    expect((await post(at(0), ME, {}, { token: signed(secret) })).data!.me.username).toBe('jfl.head');
    const old = await post(at(0), ME, {}, { token: signed('development-only-secret-change-me-in-production-0123456789') });
    expect(errorCode(old)).toBe('UNAUTHENTICATED');
  });

  it('refresh rotation and reuse detection hold across both', async () => {
    const first = await signIn(0, 'qfs.worker');
    const second = (await post(at(1), REFRESH, { r: first.refreshToken })).data!.refreshToken as Tokens;
    const third = (await post(at(0), REFRESH, { r: second.refreshToken })).data!.refreshToken as Tokens;
    expect((await post(at(1), ME, {}, { token: third.accessToken })).data!.me.username).toBe('qfs.worker');
    // The spent first token, at the other process: refused, and the family ends everywhere.
    expect(errorCode(await post(at(1), REFRESH, { r: first.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await post(at(0), REFRESH, { r: third.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await post(at(1), ME, {}, { token: third.accessToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await post(at(0), ME, {}, { token: third.accessToken }))).toBe('UNAUTHENTICATED');
  });

  it('logout at one ends the session at the other on the next request', async () => {
    const tokens = await signIn(0, 'lixia.officer');
    expect((await post(at(1), ME, {}, { token: tokens.accessToken })).data!.me.username).toBe('lixia.officer');
    expect((await post(at(1), LOGOUT, {}, { token: tokens.accessToken })).data!.logout).toBe(true);
    expect(errorCode(await post(at(0), ME, {}, { token: tokens.accessToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await post(at(0), REFRESH, { r: tokens.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('the sign-in lockout holds across both, and only for the guessing address', async () => {
    const guess = (i: number, password: string, from: string) => post(at(i), LOGIN, { input: { tenant: 'jinan', username: 'jfl.worker', password } }, { from });
    for (let i = 0; i < 5; i++) expect(errorCode(await guess(i, `Wrong@Guess${i}x`, '203.0.113.20'))).toBe('UNAUTHENTICATED');
    for (const i of [0, 1]) {
      const held = await guess(i, DEMO_PASSWORD, '203.0.113.20');
      expect(errorCode(held)).toBe('TOO_MANY_REQUESTS');
      expect(held.status).toBe(429);
      expect(Number(held.retryAfter)).toBeGreaterThan(0);
    }
    expect((await guess(1, DEMO_PASSWORD, '198.51.100.20')).errors).toBeUndefined();
  });

  it(`the per-session request limit (${LIMIT} a minute) holds exactly across both: 429 with Retry-After`, async () => {
    // The limit counts per calendar minute: start early in one, so the run does not straddle two.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 25_000) await new Promise((r) => setTimeout(r, left + 250));
    const { accessToken } = await signIn(0, 'city.admin');
    const answers: Answer[] = [];
    for (let i = 0; i < LIMIT + 10; i++) answers.push(await post(at(i), ME, {}, { token: accessToken }));
    const statuses = answers.map((a) => a.status);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
    expect(statuses.slice(LIMIT)).toEqual(Array(10).fill(429));
    const refused = answers[LIMIT];
    expect(errorCode(refused)).toBe('TOO_MANY_REQUESTS');
    const wait = Number(refused.retryAfter);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(retryAfterOf(refused)).toBe(wait);
    // The limit is the session's: another sign-in of the same account has its own.
    const other = await signIn(1, 'city.admin');
    expect((await post(at(0), ME, {}, { token: other.accessToken })).status).toBe(200);
  });
});
