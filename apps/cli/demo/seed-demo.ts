import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { insertDefaultCatalog } from '@activities';
import { insertDefaultWorkOrderCategories } from '@work-orders';
import { hashPassword } from '@accounts';
import { Role } from '@access';
import { pathLabel } from '@org';
import { withOwnerTransaction } from '@platform/database/owner-session';
import { ensureOperator } from '../operators';
import { seedDemoRosters } from './demo-rosters';
import { DemoNode, JINAN } from './jinan-tree';
import { DEMO_SCHEMES, insertScheme } from '@evaluation';

export const DEMO_TENANT = 'jinan';
export const DEMO_PASSWORD = 'Demo@2026jn';

export interface DemoLogin {
  tenant: string | null;
  username: string;
  password: string;
  role: string;
  at: string;
}

interface PlacedNode {
  id: string;
  path: string;
  level: number;
  code: string;
  name: string;
}

const DEMO_USERS: { username: string; displayName: string; role: Role; at: string[]; home?: string }[] = [
  { username: 'city.admin', displayName: '市平台管理员', role: Role.CITY_ADMIN, at: ['370100'] },
  { username: 'lixia.officer', displayName: '历下区民政局', role: Role.DISTRICT_OFFICER, at: ['370102'] },
  { username: 'shizhong.officer', displayName: '市中区民政局', role: Role.DISTRICT_OFFICER, at: ['370103'] },
  { username: 'jfl.head', displayName: '解放路街道社工站站长', role: Role.STATION_HEAD, at: ['370102001'] },
  { username: 'jfl.worker', displayName: '解放路街道驻站社工', role: Role.SOCIAL_WORKER, at: ['370102001'] },
  { username: 'qfs.worker', displayName: '千佛山街道驻站社工', role: Role.SOCIAL_WORKER, at: ['370102002'] },
  { username: 'lixia.supervisor', displayName: '历下区督导', role: Role.SUPERVISOR, at: ['370102001', '370102002'], home: '370102' },
  { username: 'lixia.dispatcher', displayName: '历下区接诉即办派单员', role: Role.DISPATCHER, at: ['370102'] },
];

function stationName(level: number, name: string): string {
  return level === 1 ? `${name}社会工作指导服务中心` : level === 2 ? `${name}社会工作服务总站` : level === 3 ? `${name}社会工作服务站` : `${name}社会工作室`;
}

async function placeTree(c: Client, tenantId: string, node: DemoNode, parent: PlacedNode | undefined, out: Map<string, PlacedNode>, id: string = randomUUID()) {
  const placed = {
    id,
    path: parent ? `${parent.path}.${pathLabel(id)}` : pathLabel(id),
    level: parent ? parent.level + 1 : 1,
    code: node.code,
    name: node.name,
  };
  out.set(node.code, placed);
  await c.query(`insert into org_unit (tenant_id, id, parent_id, level, code, name, path) values ($1, $2, $3, $4, $5, $6, $7::ltree)`, [
    tenantId,
    id,
    parent?.id ?? null,
    placed.level,
    node.code,
    node.name,
    placed.path,
  ]);
  await c.query(
    `insert into station (tenant_id, org_unit_id, org_path, name, address, floor_area_m2, opened_on, operating_agency, function_rooms)
     values ($1, $2, $3::ltree, $4, $5, $6, $7, $8, $9)`,
    [
      tenantId,
      id,
      placed.path,
      stationName(placed.level, node.name),
      `山东省济南市${node.name}`,
      [400, 260, 200, 80][placed.level - 1],
      ['2020-06-01', '2021-03-15', '2021-07-01', '2022-01-10'][placed.level - 1],
      '济南市社会工作服务中心',
      placed.level === 4 ? ['CASE_ROOM', 'ACTIVITY_ROOM'] : ['CASE_ROOM', 'GROUP_ROOM', 'ACTIVITY_ROOM', 'RECEPTION'],
    ],
  );
  for (const child of node.children ?? []) await placeTree(c, tenantId, child, placed, out);
}

/**
 * Seeds the demo city shaped like Jinan (one city node, 15 districts/counties, 161 streets/towns,
 * a few communities, one station per node, rosters for the street stations) and a demo account
 * for every role. Does nothing if
 * the demo tenant exists. Returns the demo logins.
 */
export async function seedDemo(ownerUrl: string): Promise<{ created: boolean; logins: DemoLogin[] }> {
  const logins: DemoLogin[] = [
    { tenant: null, username: 'operator', password: DEMO_PASSWORD, role: Role.PLATFORM_ADMIN, at: '(platform)' },
    ...DEMO_USERS.map((u) => ({ tenant: DEMO_TENANT, username: u.username, password: DEMO_PASSWORD, role: u.role, at: u.at.join(', ') })),
  ];
  const exists = await withOwnerTransaction(ownerUrl, { platform: true }, async (c) =>
    Boolean((await c.query(`select 1 from tenant where code = $1`, [DEMO_TENANT])).rowCount),
  );
  if (exists) return { created: false, logins };

  await ensureOperator(ownerUrl, 'operator', DEMO_PASSWORD, '平台运营');
  const hash = await hashPassword(DEMO_PASSWORD);
  const tenantId = randomUUID();
  const cityId = randomUUID();
  await withOwnerTransaction(ownerUrl, { platform: true, tenantId, scope: [pathLabel(cityId)] }, async (c) => {
    await c.query(`insert into tenant (id, code, name) values ($1, $2, $3)`, [tenantId, DEMO_TENANT, '济南市']);
    const nodes = new Map<string, PlacedNode>();
    // The city's id is fixed in advance: its path is the scope row-level security checks the inserts against.
    await placeTree(c, tenantId, JINAN, undefined, nodes, cityId);
    const streets = await c.query<{ id: string; path: string; code: string }>(
      `select s.id, s.org_path::text as path, o.code from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
        where o.level = 3 order by o.code`,
    );
    await seedDemoRosters(c, tenantId, streets.rows);
    await insertDefaultCatalog((sql, params) => c.query(sql, params));
    await insertDefaultWorkOrderCategories((sql, params) => c.query(sql, params));
    // Two evaluation schemes a city can use or copy: Jinan's yearly assessment and Haining's quarterly SPPE contest.
    for (const scheme of DEMO_SCHEMES) await insertScheme((sql, params) => c.query(sql, params), scheme);
    for (const u of DEMO_USERS) {
      const home = nodes.get(u.home ?? u.at[0])!;
      const userId = randomUUID();
      await c.query(
        `insert into user_account (tenant_id, id, username, display_name, password_hash, org_unit_id, org_path) values ($1, $2, $3, $4, $5, $6, $7::ltree)`,
        [tenantId, userId, u.username, u.displayName, hash, home.id, home.path],
      );
      for (const code of u.at) {
        const node = nodes.get(code)!;
        await c.query(`insert into role_assignment (tenant_id, user_id, role, org_unit_id, org_path) values ($1, $2, $3, $4, $5::ltree)`, [
          tenantId,
          userId,
          u.role,
          node.id,
          node.path,
        ]);
      }
    }
  });
  return { created: true, logins };
}

export function formatLogins(logins: DemoLogin[]): string {
  const lines = logins.map((l) => `  ${(l.tenant ?? '-').padEnd(7)} ${l.username.padEnd(18)} ${l.password.padEnd(12)} ${l.role.padEnd(17)} ${l.at}`);
  return [`  ${'tenant'.padEnd(7)} ${'username'.padEnd(18)} ${'password'.padEnd(12)} ${'role'.padEnd(17)} node codes`, ...lines].join('\n');
}
