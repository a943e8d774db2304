import 'reflect-metadata';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { Client, Pool } from 'pg';
import { loadConfig } from '@platform/config/app-config';
import { deriveAppUrl, withDatabase } from '@platform/database/connection-urls';
import { startEmbeddedPostgres } from '@platform/database/embedded';
import { ensureAppRole, ensureDatabase, runMigrations } from '@platform/database/provision';
import { Db } from '@platform/database/db';
import { ADDITIVE_METRICS, DISTINCT_METRICS, RollupReader, STOCK_METRICS } from '@stats';
import { RATES_SQL } from '@work-orders';
import { ComplianceService } from '@staffing';
import { FigureReader } from '@evaluation';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed-demo';
import { generateRecords } from './generate';
import { graphql, LoadResult, runLoad, summarise } from './load';
import { SCHEMA } from '../schema';

/**
 * npm run bench [-- --scale 1,10 --half-years 1 --seconds 10 --concurrency 8]
 * Builds the demo city at each scale in a database of its own, starts the API as a separate
 * process, loads it over HTTP on loopback, and prints each figure beside the same work done by
 * plain SQL through `pg` in the same run.
 */
const args = Object.fromEntries(
  process.argv.slice(2).reduce<[string, string][]>((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const SCALES = (args.scale ?? '1,10').split(',').map(Number);
const HALF_YEARS = Number(args['half-years'] ?? 1);
const SECONDS = Number(args.seconds ?? 10);
const CONCURRENCY = Number(args.concurrency ?? 8);
const APP_PASSWORD = 'swsp-bench-app-password';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function adminUrl(): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: withDatabase(process.env.DATABASE_URL, 'postgres') };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  const probe = new Client({ connectionString: local, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
    return { url: local };
  } catch {
    const server = await startEmbeddedPostgres({ dir: '.data/bench-pg', port: await freePort() });
    return { url: server.url, stop: server.stop };
  }
}

/** CPU time (user + system) a process has used, in milliseconds, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const ROOT = join(__dirname, '../../..');
let built = false;

/** Compiles the project as `npm run build` does, once per bench run, so the API measured is the current code. */
function build(): void {
  if (built) return;
  console.log('Building (tsc -p tsconfig.build.json)…');
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('the build failed; fix it or the bench would measure stale code');
  built = true;
}

/**
 * The API's heap limits, as in `npm run start:prod` and the Docker image: Node 24 lets the young
 * generation grow to 64 MB or more, which took RSS from about 210 MB to 290 under load for no
 * measurable gain; 16 MB semi-spaces (Node 20's default) keep it near 210.
 */
const API_HEAP_MB = 256;

/** Starts the compiled API as `npm run start:prod` does (not through ts-node). */
async function startApi(ownerUrl: string, appUrl: string, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  build();
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${API_HEAP_MB}`, '--max-semi-space-size=16', '-r', 'tsconfig-paths/register', join(ROOT, 'dist/apps/api/main.js')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TS_NODE_BASEURL: 'dist',
        NODE_ENV: 'development',
        DATABASE_URL: ownerUrl,
        APP_DATABASE_URL: appUrl,
        PORT: String(port),
        SEED_DEMO: 'false',
        LOG_LEVEL: 'error',
        ...env,
        // The bench drives each session far past any per-session limit a person would reach.
        RATE_LIMIT_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let i = 0; i < 120; i++) {
    try {
      await graphql(port, undefined, '{ __typename }');
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  child.kill();
  throw new Error('the API did not start');
}

/** The reference peer: PostGraphile 5 on the same database and role (see postgraphile.ts). */
async function startPostGraphile(appUrl: string, port: number, secret: string): Promise<ChildProcess> {
  build();
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/cli/bench/postgraphile.js'), appUrl, String(port), secret], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`PostGraphile exited with ${code}`)));
  });
  return child;
}

/**
 * The statistics query's own SQL — headline figures of the subtree and of each child, read from
 * the rollup — sent straight through a pool, without HTTP, authentication, the request
 * transaction or row-level security around it.
 */
function plainStatistics(pool: Pool, tenantId: string) {
  const reader = new RollupReader({ query: async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows } as unknown as Db);
  return (root: string, from: string, to: string) =>
    reader.read({
      tenantId,
      root,
      scope: [root],
      buckets: ['whole', 'child'],
      slices: [{ key: 'all', from, to }],
      flows: ADDITIVE_METRICS,
      distinct: DISTINCT_METRICS,
      stocks: { on: to, metrics: STOCK_METRICS },
    });
}

/**
 * Opening an evaluation round over the whole city scores every computed rule of the scheme for
 * every station from the statistics rollup (and staffing compliance). Each run opens a round of a
 * fresh copy of the Jinan-shaped scheme for one year through the API, timed alone; beside it, the
 * same figures read by the same reader over plain `pg` (no request, no transaction, no writes).
 */
async function benchEvaluation(
  port: number,
  token: string,
  pool: Pool,
  tenantId: string,
  cityPath: string,
  year: number,
  runs: number,
): Promise<[string, LoadResult, LoadResult]> {
  const SCHEMES = `{ evaluationSchemes(page: { limit: 20 }) { items { id name periodKind dimensions { indicators { rules { kind metric } } } } } }`;
  const schemes = (
    (await graphql(port, token, SCHEMES)).evaluationSchemes as {
      items: { id: string; name: string; periodKind: string; dimensions: { indicators: { rules: { kind: string; metric: string | null }[] }[] }[] }[];
    }
  ).items;
  const jinan = schemes.find((s) => s.periodKind === 'YEAR')!;
  const metrics = [
    ...new Set(
      jinan.dimensions
        .flatMap((d) => d.indicators.flatMap((i) => i.rules))
        .filter((r) => r.kind === 'COMPUTED')
        .map((r) => r.metric!),
    ),
  ];
  const api: number[] = [];
  for (let i = 0; i < runs; i++) {
    const copy = (
      await graphql(
        port,
        token,
        `
          mutation ($id: ID!, $n: String) {
            copyEvaluationScheme(id: $id, name: $n) {
              id
            }
          }
        `,
        { id: jinan.id, n: `基准评估方案${Date.now()}-${i}` },
      )
    ).copyEvaluationScheme as { id: string };
    const t0 = performance.now();
    await graphql(
      port,
      token,
      `
        mutation ($i: EvalRoundInput!) {
          createEvaluationRound(input: $i) {
            id
            sheetCount
          }
        }
      `,
      {
        i: { schemeId: copy.id, name: `基准评估${i}`, year },
      },
    );
    api.push(performance.now() - t0);
  }
  // The owner's pool with the city's tenant setting (the staffing functions read it), one statement per transaction.
  const db = {
    query: async (sql: string, params: unknown[] = []) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
        const rows = (await c.query(sql, params)).rows;
        await c.query('commit');
        return rows;
      } finally {
        c.release();
      }
    },
  } as unknown as Db;
  const stations = (
    await pool.query(`select s.id, s.org_path::text as path from station s join org_unit o on o.id = s.org_unit_id where o.level = 3 and s.status = 'ACTIVE'`)
  ).rows;
  const reader = new FigureReader(new RollupReader(db), new ComplianceService(db, null!, null!, null!, null!));
  const plain: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await reader.read(tenantId, cityPath, stations, metrics, `${year}-01-01`, `${year}-12-31`);
    plain.push(performance.now() - t0);
  }
  const secs = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / 1000;
  return [`evaluation round, city (${metrics.length} metrics)`, summarise(api, 0, secs(api)), summarise(plain, 0, secs(plain))];
}

function row(label: string, api: LoadResult, plain: LoadResult): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  return `| ${label.padEnd(34)} | ${f(api.p50).padStart(7)} | ${f(api.p99).padStart(7)} | ${f(api.rate).padStart(8)} | ${f(plain.p50).padStart(7)} | ${f(plain.rate).padStart(8)} | ${(api.rate / plain.rate).toFixed(2).padStart(5)} | ${String(api.errors).padStart(4)} |`;
}

/** POSTs a file body to the API on loopback; the response text, or a rejection on an HTTP error. */
function postFile(port: number, token: string, path: string, type: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': type, 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const IMPORT_ROWS = 10_000;
const WORK_ORDER_CATEGORIES = ['社会救助', '养老服务', '儿童关爱', '残疾人服务', '社区治理', '其他'];

/** A hotline export of `n` orders received in the first half of 2021, numbered under `prefix`. */
function workOrderCsv(prefix: string, n: number): string {
  const lines = ['工单编号,受理时间,诉求人,联系电话,地址,诉求分类,诉求内容,紧急程度'];
  for (let i = 0; i < n; i++) {
    const day = `2021-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, '0')} ${String(8 + (i % 10)).padStart(2, '0')}:00`;
    lines.push(
      `${prefix}-${i},${day},基准诉求人${i % 100},1380000${String(i % 10000).padStart(4, '0')},历下区基准路${i % 50}号,${WORK_ORDER_CATEGORIES[i % 6]},基准工单诉求内容${i},${i % 10 ? '一般' : '紧急'}`,
    );
  }
  return lines.join('\n');
}

async function benchScale(admin: string, scale: number): Promise<string[]> {
  const name = `swsp_bench_x${scale}_h${HALF_YEARS}`;
  const ownerUrl = withDatabase(admin, name);
  await ensureDatabase(ownerUrl);
  await ensureAppRole(ownerUrl, APP_PASSWORD);
  await runMigrations(ownerUrl, SCHEMA);
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  const [{ n }] = (await owner.query(`select count(*)::int as n from home_visit`)).rows;
  if (!n) {
    console.log(`Generating scale ${scale}x over ${HALF_YEARS} half-year(s) in ${name}…`);
    await seedDemo(ownerUrl);
    await generateRecords(owner, scale, HALF_YEARS, console.log);
  }
  const [counts] = (
    await owner.query(`select (select count(*) from case_note) + (select count(*) from group_session) + (select count(*) from community_activity)
                            + (select count(*) from home_visit) + (select count(*) from volunteer_service) as services`)
  ).rows;
  const [nodes] = (
    await owner.query(`select (select id from tenant where code = 'jinan') as tenant, (select id from org_unit where code = '370100') as city, (select id from org_unit where code = '370102') as district,
                              (select path::text from org_unit where code = '370100') as city_path, (select path::text from org_unit where code = '370102') as district_path,
                              (select s.id from station s join org_unit o on o.id = s.org_unit_id where o.code = '370102001') as station,
                              (select org_unit_id from station s join org_unit o on o.id = s.org_unit_id where o.code = '370102001') as node`)
  ).rows;
  await owner.end();

  const port = await freePort();
  const appUrl = deriveAppUrl(ownerUrl, APP_PASSWORD);
  const api = await startApi(ownerUrl, appUrl, port);
  const coldPort = await freePort();
  const cold = await startApi(ownerUrl, appUrl, coldPort, { STATS_KEPT_REPORTS: '0' });
  const peerPort = await freePort();
  const peerSecret = 'bench-postgraphile-secret-0123456789abcdef';
  const peer = await startPostGraphile(appUrl, peerPort, peerSecret);
  const lines: string[] = [];
  try {
    const login = async (username: string) =>
      (
        (
          await graphql(
            port,
            undefined,
            `
              mutation ($i: LoginInput!) {
                login(input: $i) {
                  accessToken
                }
              }
            `,
            { i: { tenant: 'jinan', username, password: DEMO_PASSWORD } },
          )
        ).login as { accessToken: string }
      ).accessToken;
    const [city, officer, worker] = [await login('city.admin'), await login('lixia.officer'), await login('jfl.worker')];
    // A district dispatcher (databases generated before the demo had one get it here).
    await graphql(
      port,
      city,
      `
        mutation ($i: CreateUserInput!) {
          createUser(input: $i) {
            id
          }
        }
      `,
      { i: { username: 'bench.dispatcher', displayName: '基准派单员', password: DEMO_PASSWORD, orgUnitId: nodes.district, role: 'DISPATCHER' } },
    ).catch(() => undefined);
    const dispatcher = await login('bench.dispatcher');
    const officerCold = officer;
    const from = '2021-01-01';
    const to = '2021-06-30';
    const FIGURES = `totalServices personTimes caseRecords casesOpened casesClosed casesActive groupSessions communityActivities homeVisits volunteerServices volunteerHours
                     volunteersActive volunteersRegistered serviceObjects highRiskObjects organizationsMobilized organizationsNewlyCultivated linkages charityMoney charityGoodsValue`;
    const STATS = `query($n: ID!, $f: Date!, $t: Date!) { statistics(nodeId: $n, from: $f, to: $t) { figures { ${FIGURES} } children { code figures { ${FIGURES} } } } }`;
    const pool = new Pool({ connectionString: ownerUrl, max: CONCURRENCY });
    const plainStats = plainStatistics(pool, nodes.tenant);
    const measure = (task: () => Promise<unknown>) => runLoad(async () => void (await task()), CONCURRENCY, SECONDS);
    /** A load on a server process, with the CPU it spent per request (µs). */
    const measureCpu = async (pid: number, task: () => Promise<unknown>) => {
      const before = cpuMs(pid);
      const result = await measure(task);
      return { result, cpuUs: ((cpuMs(pid) - before) * 1000) / Math.max(1, result.requests) };
    };
    // PostGraphile's JWT carries the settings themselves: the city admin's tenant, account and scope.
    const [cityAdmin] = (
      await pool.query(
        `select u.id, u.tenant_id, ra.org_path::text as path from user_account u join role_assignment ra on ra.user_id = u.id where u.username = 'city.admin'`,
      )
    ).rows;
    const peerToken = sign({ tid: cityAdmin.tenant_id, sub: cityAdmin.id, scope: [cityAdmin.path] }, peerSecret, { algorithm: 'HS256', expiresIn: 3600 });
    const PEER_STATION = `query($t: UUID!, $id: UUID!) { stationByTenantIdAndRowId(tenantId: $t, rowId: $id) { rowId name status } }`;
    const lookup = await measureCpu(api.pid!, () =>
      graphql(
        port,
        city,
        `
          query ($id: ID!) {
            station(id: $id) {
              id
              name
              status
            }
          }
        `,
        { id: nodes.station },
      ),
    );
    const peerLookup = await measureCpu(peer.pid!, () => graphql(peerPort, peerToken, PEER_STATION, { t: nodes.tenant, id: nodes.station }));
    // Citizen requests: 10,000 hotline orders imported through the API as one CSV (per-row checks,
    // deadlines, savepoints, history, audit), beside the same rows inserted by plain SQL in one transaction.
    const runId = Date.now().toString(36);
    const importStarted = performance.now();
    const imported = JSON.parse(
      await postFile(port, dispatcher, `/imports/work-orders?intakeNodeId=${nodes.district}`, 'text/csv', workOrderCsv(`B${runId}`, IMPORT_ROWS)),
    ) as { created: number };
    const importSeconds = (performance.now() - importStarted) / 1000;
    const plainClient = new Client({ connectionString: ownerUrl });
    await plainClient.connect();
    const plainStarted = performance.now();
    await plainClient.query('begin');
    const [category] = (await plainClient.query(`select id from work_order_category where tenant_id = $1 limit 1`, [nodes.tenant])).rows;
    for (let i = 0; i < IMPORT_ROWS; i++) {
      const {
        rows: [o],
      } = await plainClient.query(
        `insert into work_order (tenant_id, order_number, source, received_at, requester_name, category_id, content, urgency, intake_node_id, intake_path,
                                 org_path, status, contact_due, resolve_due)
         values ($1, $2, 'HOTLINE_12345', $3, '基准', $4, '基准', 'NORMAL', $5, $6::ltree, $6::ltree, 'RECEIVED', $3::timestamptz + interval '24 hours', $3::timestamptz + interval '7 days')
         returning id`,
        [nodes.tenant, `P${runId}-${i}`, `2021-0${1 + (i % 6)}-10T01:00:00Z`, category.id, nodes.district, nodes.district_path],
      );
      await plainClient.query(`insert into work_order_move (tenant_id, work_order_id, kind, at) values ($1, $2, 'RECEIVE', now())`, [nodes.tenant, o.id]);
    }
    await plainClient.query('commit');
    const plainSeconds = (performance.now() - plainStarted) / 1000;
    const [{ orders }] = (await plainClient.query(`select count(*)::int as orders from work_order`)).rows;
    await plainClient.end();
    const RATES = `query($n: ID!, $f: Date!, $t: Date!) { workOrderRates(nodeId: $n, from: $f, to: $t) {
      received closed overdue response { met due percent } resolution { met due percent } satisfaction { met due percent } } }`;
    let sequence = 0;
    const results: [string, LoadResult, LoadResult][] = [
      [
        'work-order three rates (city, half-year)',
        await measure(() => graphql(port, city, RATES, { n: nodes.city, f: from, t: to })),
        await measure(() => pool.query(RATES_SQL(), [nodes.city_path, [nodes.city_path], from, to, new Date()])),
      ],
      [
        'city statistics (half-year)',
        await measure(() => graphql(port, city, STATS, { n: nodes.city, f: from, t: to })),
        await measure(() => plainStats(nodes.city_path, from, to)),
      ],
      [
        // The same report from a second API process that keeps none: the rollup read every time.
        'city statistics (half-year), not kept',
        await measure(() => graphql(coldPort, city, STATS, { n: nodes.city, f: from, t: to })),
        await measure(() => plainStats(nodes.city_path, from, to)),
      ],
      [
        // A custom range of days (no whole months): many day totals to add up, nothing kept.
        'city statistics, custom day ranges, not kept',
        await measure(() => {
          const n = sequence++;
          const f = new Date(Date.UTC(2021, 0, 1 + (n % 170))).toISOString().slice(0, 10);
          const t = new Date(Date.UTC(2021, 5, 30 - (Math.floor(n / 170) % 60))).toISOString().slice(0, 10);
          return graphql(coldPort, city, STATS, { n: nodes.city, f, t });
        }),
        await measure(() => plainStats(nodes.city_path, '2021-01-17', '2021-06-13')),
      ],
      [
        'district statistics (half-year), not kept',
        await measure(() => graphql(coldPort, officerCold, STATS, { n: nodes.district, f: from, t: to })),
        await measure(() => plainStats(nodes.district_path, from, to)),
      ],
      [
        'district statistics (half-year)',
        await measure(() => graphql(port, officer, STATS, { n: nodes.district, f: from, t: to })),
        await measure(() => plainStats(nodes.district_path, from, to)),
      ],
      [
        'log a community activity',
        await measure(() =>
          graphql(
            port,
            worker,
            `
              mutation ($i: RecordCommunityActivityInput!) {
                recordCommunityActivity(input: $i) {
                  id
                }
              }
            `,
            {
              i: { stationId: nodes.station, nodeId: nodes.node, title: `基准活动${sequence++}`, activityDate: '2021-03-01', participantCount: 20 },
            },
          ),
        ),
        await measure(() =>
          pool.query(
            `insert into community_activity (tenant_id, station_id, org_path, node_id, title, activity_date, participant_count, created_by)
             select s.tenant_id, s.id, s.org_path, s.org_unit_id, 'plain', date '2021-03-01', 20, s.id from station s where s.id = $1`,
            [nodes.station],
          ),
        ),
      ],
      [
        'station lookup (auth, RLS, access)',
        lookup.result,
        await measure(() => pool.query(`select id, name, status from station where id = $1`, [nodes.station])),
      ],
      [
        'PostGraphile 5 point read (JWT, RLS)',
        peerLookup.result,
        await measure(() => pool.query(`select id, name, status from station where id = $1`, [nodes.station])),
      ],
    ];
    // Every computed rule of the Jinan-shaped scheme for every street station of the city over the data's first year.
    results.push(await benchEvaluation(port, city, pool, nodes.tenant, nodes.city_path, 2021, 3));
    await pool.end();
    lines.push(
      ``,
      `Scale ${scale}x, ${HALF_YEARS} half-year(s): ${Number(counts.services).toLocaleString('en')} service records; ${CONCURRENCY} concurrent clients, ${SECONDS} s each; API RSS ${rssMb(api.pid!).toFixed(0)} MB`,
    );
    lines.push(`| ${'work'.padEnd(34)} | API p50 | API p99 |  API r/s | SQL p50 |  SQL r/s | ratio | errs |`);
    lines.push(`|${'-'.repeat(36)}|---------|---------|----------|---------|----------|-------|------|`);
    for (const [label, a, p] of results) lines.push(row(label, a, p));
    lines.push(
      ``,
      `Importing ${IMPORT_ROWS.toLocaleString('en')} work orders (CSV, one request): API ${(imported.created / importSeconds).toFixed(0)} rows/s ` +
        `(${imported.created} created in ${importSeconds.toFixed(1)} s); plain SQL inserts ${(IMPORT_ROWS / plainSeconds).toFixed(0)} rows/s ` +
        `(${plainSeconds.toFixed(1)} s); ${Number(orders).toLocaleString('en')} work orders in the city for the rates`,
    );
    lines.push(
      ``,
      `Station lookup ÷ PostGraphile point read: ${(lookup.result.rate / peerLookup.result.rate).toFixed(2)}x requests/s; ` +
        `CPU per request: API ${lookup.cpuUs.toFixed(0)} µs, PostGraphile ${peerLookup.cpuUs.toFixed(0)} µs (Node ${process.version})`,
    );
  } finally {
    api.kill();
    cold.kill();
    peer.kill();
  }
  return lines;
}

async function main(): Promise<void> {
  loadConfig();
  const server = await adminUrl();
  const out: string[] = [];
  try {
    for (const scale of SCALES) out.push(...(await benchScale(server.url, scale)));
  } finally {
    await server.stop?.();
  }
  console.log(['', 'Latency in ms; ratio = API requests/s ÷ plain SQL requests/s.', ...out].join('\n'));
}

main().catch((e) => {
  process.stderr.write(`Bench failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
