import { RawBuilder, sql } from 'kysely';
import type { Actor } from './actor';
import { coveringPaths } from './actor';
import type { SqlFilter } from '@platform/database/sql-filter';
import { Action, ROLE_GRANTS, Subject } from './permissions';

/**
 * Where an actor may take an action on a subject, compiled from the same CASL grants the guard
 * uses (permissions.ts): the subtrees where some role allows it outright, and those where a role
 * allows it only under conditions on the record (a worker's own cases), with the caller's id put
 * in for '$actorId'. A repository's list and get take one, so a query that forgets to filter by
 * scope does not type-check, and the SQL filter cannot drift from the rules.
 */
export class Scope<S extends Subject = Subject> {
  constructor(
    readonly subject: S,
    readonly action: Action,
    /** Subtrees where the action is allowed on any record. */
    readonly paths: readonly string[],
    /** Subtrees where it is allowed on records meeting `where`. */
    readonly conditional: readonly { paths: readonly string[]; where: Readonly<Record<string, unknown>> }[],
  ) {}

  /** True when no record at all is in scope: a list answers nothing without asking. */
  get isEmpty(): boolean {
    return !this.paths.length && !this.conditional.length;
  }
}

/** The scope of `action` on `subject` for this actor. Tenant-wide grants cover the whole city (the empty path). */
export function scopeOf<S extends Subject>(actor: Actor, action: Action, subject: S): Scope<S> {
  const outright: string[] = [];
  const byCondition = new Map<string, { where: Record<string, unknown>; paths: string[] }>();
  for (const a of actor.assignments) {
    for (const g of ROLE_GRANTS[a.role]) {
      if (g.subject !== subject || !g.actions.includes(action)) continue;
      const path = g.tenantWide ? '' : a.path;
      if (!g.where) {
        outright.push(path);
        continue;
      }
      const where = Object.fromEntries(Object.entries(g.where).map(([k, v]) => [k, v === '$actorId' ? actor.id : v]));
      const key = JSON.stringify(Object.entries(where).sort());
      const entry = byCondition.get(key) ?? { where, paths: [] };
      entry.paths.push(path);
      byCondition.set(key, entry);
    }
  }
  const paths = coveringPaths(outright);
  // A conditional grant inside a subtree already allowed outright adds nothing.
  const conditional = [...byCondition.values()]
    .map((c) => ({ where: c.where, paths: coveringPaths(c.paths).filter((p) => !paths.some((q) => p === q || p.startsWith(`${q}.`) || q === '')) }))
    .filter((c) => c.paths.length);
  return new Scope(subject, action, paths, conditional);
}

/**
 * How a query names what the rules read: `path`, the record's node path (ltree); each condition
 * of the subject's grants, a column (`{ column }`) or an array column holding the value
 * (`{ anyOf }`, e.g. the workers responsible for a person). Columns are SQL references such as
 * `c.worker_id`.
 */
export type ScopeColumns = { path: string } & Record<string, string | { column: string } | { anyOf: string }>;

type Term =
  | { kind: 'within'; column: string; paths: readonly string[] }
  | { kind: 'equals'; column: string; value: unknown }
  | { kind: 'holds'; column: string; value: unknown };

/** The scope as a disjunction of conjunctions of terms. */
function plan(scope: Scope, columns: ScopeColumns): Term[][] {
  const clauses: Term[][] = [];
  if (scope.paths.length) clauses.push([{ kind: 'within', column: columns.path, paths: scope.paths }]);
  for (const c of scope.conditional) {
    const terms: Term[] = [{ kind: 'within', column: columns.path, paths: c.paths }];
    for (const [condition, value] of Object.entries(c.where)) {
      const mapped = columns[condition];
      if (!mapped) throw new Error(`${scope.subject}: the scope of ${scope.action} needs a column for "${condition}"`);
      if (typeof mapped === 'object' && 'anyOf' in mapped) terms.push({ kind: 'holds', column: mapped.anyOf, value });
      else terms.push({ kind: 'equals', column: typeof mapped === 'string' ? mapped : mapped.column, value });
    }
    clauses.push(terms);
  }
  return clauses;
}

/** The scope as a Kysely boolean expression over the query's columns (false when nothing is in scope). */
export function inScope(scope: Scope, columns: ScopeColumns): RawBuilder<boolean> {
  const clauses = plan(scope, columns);
  if (!clauses.length) return sql<boolean>`false`;
  const term = (t: Term) =>
    t.kind === 'within'
      ? sql`${sql.raw(t.column)} <@ ${sql.val(t.paths)}::ltree[]`
      : t.kind === 'equals'
        ? sql`${sql.raw(t.column)} = ${sql.val(t.value)}`
        : sql`${sql.val(t.value)} = any(${sql.raw(t.column)})`;
  return sql<boolean>`(${sql.join(
    clauses.map((c) => sql`(${sql.join(c.map(term), sql` and `)})`),
    sql` or `,
  )})`;
}

/** The same, for hand-written SQL: `param` gives the placeholder of a value (SqlFilter.param). */
export function scopeSql(scope: Scope, columns: ScopeColumns, param: (value: unknown) => string): string {
  const clauses = plan(scope, columns);
  if (!clauses.length) return 'false';
  const term = (t: Term) =>
    t.kind === 'within'
      ? `${t.column} <@ ${param(t.paths)}::ltree[]`
      : t.kind === 'equals'
        ? `${t.column} = ${param(t.value)}`
        : `${param(t.value)} = any(${t.column})`;
  return `(${clauses.map((c) => `(${c.map(term).join(' and ')})`).join(' or ')})`;
}

/** Adds the scope to a hand-written list's filter. */
export function filterByScope(f: SqlFilter, scope: Scope, columns: ScopeColumns): SqlFilter {
  return f.whereRaw(scopeSql(scope, columns, (v) => f.param(v)));
}

/**
 * The subtrees of a scope granted outright, for statements that filter by subtree alone (totals
 * over a subtree): refused when some grant of the scope has conditions, which only scopeSql or
 * inScope can express, so such a statement cannot silently widen or narrow the rule.
 */
export function outrightPaths(scope: Scope): string[] {
  if (scope.conditional.length) throw new Error(`${scope.subject}: ${scope.action} has conditional grants; filter with scopeSql or inScope`);
  return [...scope.paths];
}
