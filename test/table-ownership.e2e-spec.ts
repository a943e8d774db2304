import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TestApp } from './support/test-app';

const LIBS = join(__dirname, '../libs');

/** The platform kernel has no index.ts; its tables are declared here. */
const KERNEL_TABLES = ['rate_limit_hit', 'schema_migrations'];

/**
 * Reads of another module's table that are still written as SQL joins, each with the reason it
 * stays for now. The list may only shrink: the test fails when an entry is no longer needed, and
 * on any other read of a table outside its module. Tables are reached through the owner's
 * exported services or SQL fragments (e.g. @org's CITY_TIME_ZONE).
 */
const KNOWN_JOINS: Record<string, string> = {
  // The audit trail is written by the revealer in the security kernel, which no module may import.
  'access → audit_log': 'the revealer batches its audit rows into the same statement as the read',
  // Sign-in loads account, session, tenant status and grants in one prepared round trip.
  'accounts → tenant': 'the sign-in statement checks the tenant status in the same round trip',
  'accounts → org_unit': 'a grant is listed with its node’s name and level in the same statement',
  // The generated rollup triggers read every metric's source table by design (libs/stats/catalogue.ts).
  'stats → tenant': 'the generated rollup reads each city time zone and rebuilds every city',
  'stats → org_unit': 'statistics break a subtree down by child node in the same statement as the figures',
  'stats → station': 'station rankings and staffing figures join stations to their nodes',
  'staffing → org_unit': 'compliance joins each station to its node in one statement for the failing list',
  'staffing → station': 'staffing changes lock the station row to serialize the head-count rule',
  'activities → service_object': 'the visit due list joins people, their risk and their visits in one statement',
  'activities → case_file': 'the visit due list finds a worker’s own people through their open cases',
  'community → community_activity': 'mobilization and linkage figures join the activity they belong to',
  'community → role_assignment': 'the volunteer goal report counts each station’s workers in one statement',
  'community → user_account': 'the volunteer goal report names each worker',
  'community → station': 'the volunteer export names the stations of its rows',
  'casework → user_account': 'the audit log page names each actor in the same page query',
  'work-orders → station': 'an order, its moves and the station ranking name their station in the page query',
  'evaluation → station': 'a round opens a sheet for every applicable station of its scope in one statement',
  'evaluation → org_unit': 'results rank each sheet within its district and name its node in the same statement',
};

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && entry.name !== 'schema.generated.ts') yield path;
  }
}

/** The tables each module declares as its own, in its index.ts ("Tables: a, b, c."). */
function declaredOwners(): Map<string, string> {
  const owners = new Map<string, string>(KERNEL_TABLES.map((t) => [t, 'platform']));
  for (const module of readdirSync(LIBS)) {
    let index: string;
    try {
      index = readFileSync(join(LIBS, module, 'index.ts'), 'utf8');
    } catch {
      continue;
    }
    const declared = /Tables:([^.]*)\./.exec(index.replace(/\n \* /g, ' '));
    if (!declared) throw new Error(`libs/${module}/index.ts does not say which tables it owns`);
    for (const table of declared[1].split(',').map((t) => t.trim())) {
      if (!/^[a-z_]+$/.test(table)) continue; // "none of its own"
      if (owners.has(table)) throw new Error(`${table} is declared by ${owners.get(table)} and ${module}`);
      owners.set(table, module);
    }
  }
  return owners;
}

describe('every table has one owner', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ seed: false });
  });
  afterAll(() => t.close());

  it('each table of the schema is declared by exactly one module', async () => {
    const tables = (
      await t.ownerQuery<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'migrations' order by 1`)
    ).map((r) => r.name);
    const owners = declaredOwners();
    expect(tables.filter((table) => !owners.has(table))).toEqual([]);
    expect([...owners.keys()].filter((table) => !tables.includes(table))).toEqual([]);
  });

  it('no module reads or writes another module’s table but the known joins, and each known join is still needed', () => {
    const owners = declaredOwners();
    const found = new Map<string, string[]>();
    for (const file of sources(LIBS)) {
      const module = relative(LIBS, file).split('/')[0];
      const text = readFileSync(file, 'utf8');
      for (const [table, owner] of owners) {
        if (owner === module) continue;
        const use = new RegExp(`\\b(from|join|into|update|selectFrom|insertInto|updateTable|deleteFrom)\\s*\\(?\\s*['"\`]?${table}\\b`, 'i');
        if (!use.test(text)) continue;
        const key = `${module} → ${table}`;
        found.set(key, [...(found.get(key) ?? []), relative(LIBS, file)]);
      }
    }
    const unexpected = [...found].filter(([key]) => !(key in KNOWN_JOINS)).map(([key, files]) => `${key} (${files.join(', ')})`);
    expect(unexpected).toEqual([]);
    expect(Object.keys(KNOWN_JOINS).filter((key) => !found.has(key))).toEqual([]);
  });
});
