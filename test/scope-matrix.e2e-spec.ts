import { Client } from 'pg';
import { Actor } from '../libs/access/actor';
import { Action, ROLE_GRANTS, Subject } from '../libs/access/permissions';
import { Role, TenantRole } from '../libs/access/roles';
import { scopeOf, scopeSql, ScopeColumns } from '../libs/access/scope';
import { createTestDatabase } from './support/test-app';

type Row = Record<string, unknown>;

/**
 * For every role × subject × action the rules name, the scope compiled to SQL admits exactly the
 * records CASL allows: the caller's own subtree and below, never a sibling subtree, a parent or
 * another district, and under each grant's conditions (the caller's own cases, records they wrote)
 * only the records meeting them. Subjects, actions and conditions are read from the rules, so a
 * new subject or grant is covered the day it is added. (Other cities are row-level security's
 * wall, proved in tenancy.e2e-spec.ts.)
 */
describe('scopes compiled from the rules', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pg: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.ownerUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await db?.drop();
  });

  const me = '00000000-0000-4000-8000-000000000001';
  const someone = '00000000-0000-4000-8000-000000000002';
  const PATHS = ['c.d.s', 'c.d.s.v', 'c.d.t', 'c.d', 'c.e.x', 'c'];

  /** The conditions each subject's grants put on records, with the values they compare. */
  function conditionsOf(subject: Subject): Map<string, unknown[]> {
    const conditions = new Map<string, unknown[]>();
    for (const grants of Object.values(ROLE_GRANTS))
      for (const g of grants)
        if (g.subject === subject)
          for (const [k, v] of Object.entries(g.where ?? {})) conditions.set(k, [...new Set([...(conditions.get(k) ?? []), v === '$actorId' ? me : v])]);
    return conditions;
  }

  const isList = (key: string) => key.endsWith('Ids');
  /** Each condition's other values: someone else, or the opposite. */
  const alternatives = (values: unknown[]): unknown[] =>
    typeof values[0] === 'boolean' ? [true, false] : typeof values[0] === 'string' && values[0] !== me ? [...values, 'OTHER'] : [me, someone];

  /** Subjects granted city-wide (the tenant itself, its policies): their records are the city's, as row-level security shows them. */
  const tenantWide = (subject: Subject) => Object.values(ROLE_GRANTS).some((gs) => gs.some((g) => g.subject === subject && g.tenantWide));

  function records(subject: Subject): Row[] {
    let rows: Row[] = PATHS.map((path) => ({ path, ...(tenantWide(subject) ? { id: 'tenant' } : {}) }));
    for (const [key, values] of conditionsOf(subject)) {
      rows = rows.flatMap((r) => alternatives(values).map((v) => ({ ...r, [key]: isList(key) ? [v, someone] : v })));
    }
    return rows;
  }

  function sqlType(value: unknown): string {
    if (Array.isArray(value)) return 'text[]';
    return typeof value === 'boolean' ? 'boolean' : 'text';
  }

  it('admits in SQL exactly what CASL allows, for every role, subject and action', async () => {
    const subjects = [...new Set(Object.values(ROLE_GRANTS).flatMap((gs) => gs.map((g) => g.subject)))].sort();
    const actions = [...new Set(Object.values(ROLE_GRANTS).flatMap((gs) => gs.flatMap((g) => g.actions)))].sort() as Action[];
    expect(subjects.length).toBeGreaterThan(15);
    let compared = 0;
    for (const role of Object.keys(ROLE_GRANTS) as TenantRole[]) {
      // A user holding the role on one station (or the city, for the city admin).
      const at = role === Role.CITY_ADMIN ? 'c' : role === Role.DISTRICT_OFFICER ? 'c.d' : 'c.d.s';
      const actor = new Actor('user', me, 'tenant', 'u', 'U', [{ id: 'a', role, orgUnitId: 'n', path: at }]);
      for (const subject of subjects) {
        const rows = records(subject);
        const keys = [...conditionsOf(subject).keys()];
        const columns = Object.fromEntries(keys.map((k) => [k, isList(k) ? { anyOf: `r."${k}"` } : `r."${k}"`])) as ScopeColumns;
        columns.path = 'r.path';
        for (const action of actions) {
          const scope = scopeOf(actor, action, subject);
          const allowed = rows.map((r, i) => (actor.can(action, subject, r) ? i : -1)).filter((i) => i >= 0);
          const params: unknown[] = [];
          const param = (v: unknown) => `$${params.push(v)}`;
          const predicate = scopeSql(scope, columns, param);
          const values = rows
            .map((r, i) => `(${[`${param(i)}::int`, `${param(r.path)}::ltree`, ...keys.map((k) => `${param(r[k])}::${sqlType(r[k])}`)].join(', ')})`)
            .join(', ');
          const { rows: found } = await pg.query(
            `select coalesce(array_agg(r.i order by r.i), '{}') as ids from (values ${values}) r(i, path${keys.map((k) => `, "${k}"`).join('')}) where ${predicate}`,
            params,
          );
          expect([role, subject, action, found[0].ids]).toEqual([role, subject, action, allowed]);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('a station worker’s scopes: its station outright, its own records under conditions, nothing of a sibling', () => {
    const worker = new Actor('user', me, 'tenant', 'w', 'W', [{ id: 'a', role: Role.SOCIAL_WORKER, orgUnitId: 's', path: 'c.d.s' }]);
    expect(scopeOf(worker, 'read', 'CaseFile')).toMatchObject({ paths: ['c.d.s'], conditional: [] });
    expect(scopeOf(worker, 'update', 'CaseFile')).toMatchObject({ paths: [], conditional: [{ paths: ['c.d.s'], where: { workerId: me } }] });
    expect(scopeOf(worker, 'read', 'SupervisionComment')).toMatchObject({ paths: [], conditional: [{ where: { caseWorkerId: me } }] });
    expect(scopeOf(worker, 'read', 'AuditLog').isEmpty).toBe(true);
  });
});
