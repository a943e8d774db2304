import { createMongoAbility, MongoAbility, RawRuleOf, subject as asSubject } from '@casl/ability';
import { Action, Grant, OPERATOR_GRANTS, ROLE_GRANTS, Subject } from './permissions';
import { Role, TenantRole } from './roles';

export interface Assignment {
  id: string;
  role: TenantRole;
  orgUnitId: string;
  path: string;
}

type AppAbility = MongoAbility<[Action, Subject | Record<string, unknown>]>;

/** Paths are ids joined by dots: a path and everything below it. */
function subtreePattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/\./g, '\\.')}(\\.|$)`);
}

/** True when `path` lies at or below `ancestor`. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}

/** The fewest paths covering all given ones (drops any path inside another). */
export function coveringPaths(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const result: string[] = [];
  for (const p of sorted) if (!result.some((r) => isWithin(p, r))) result.push(p);
  return result;
}

/**
 * Abilities already built, by everything their rules are made of (see `abilityKey`): the rules are
 * a pure function of it, so an entry can never be stale. The actor itself is loaded afresh by
 * every request; a changed role changes the key. Bounded: the oldest entry goes first.
 */
const abilities = new Map<string, AppAbility>();
const MAX_ABILITIES = 1000;

/** Who is calling, with the role assignments that decide what they may do. */
export class Actor {
  private abilityCache?: AppAbility;

  constructor(
    readonly kind: 'user' | 'operator',
    readonly id: string,
    readonly tenantId: string | null,
    readonly username: string,
    readonly displayName: string,
    readonly assignments: readonly Assignment[],
    /** The session (sign-in) the request's token belongs to. */
    readonly sessionId: string | null = null,
  ) {}

  get isOperator(): boolean {
    return this.kind === 'operator';
  }

  hasRole(role: Role): boolean {
    if (role === Role.PLATFORM_ADMIN) return this.isOperator;
    return this.assignments.some((a) => a.role === role);
  }

  /** The subtrees row-level security lets this actor see at all. */
  get scope(): string[] {
    return coveringPaths(this.assignments.map((a) => a.path));
  }

  /** Whether any role allows the action on the subject type anywhere (the resolver-level check). */
  canAny(action: Action, subject: Subject): boolean {
    return this.ability.can(action, subject);
  }

  /** Whether the action is allowed on this particular record (which carries its `path`). */
  can(action: Action, subject: Subject, record: Record<string, unknown>): boolean {
    return this.ability.can(action, asSubject(subject, { ...record }));
  }

  get ability(): AppAbility {
    if (!this.abilityCache) {
      const key = this.abilityKey();
      let ability = abilities.get(key);
      if (!ability) {
        ability = createMongoAbility<AppAbility>(this.rules());
        if (abilities.size >= MAX_ABILITIES) abilities.delete(abilities.keys().next().value!);
        abilities.set(key, ability);
      }
      this.abilityCache = ability;
    }
    return this.abilityCache;
  }

  /** What `rules()` reads: kind, id ('$actorId'), tenant (tenant-wide grants) and each assignment's role and path. */
  private abilityKey(): string {
    return JSON.stringify([this.kind, this.id, this.tenantId, this.assignments.map((a) => [a.role, a.path])]);
  }

  private rules(): RawRuleOf<AppAbility>[] {
    const rules: RawRuleOf<AppAbility>[] = [];
    const where = (g: Grant) => Object.fromEntries(Object.entries(g.where ?? {}).map(([k, v]) => [k, v === '$actorId' ? this.id : v]));
    const add = (g: Grant, conditions: Record<string, unknown>) => {
      for (const action of g.actions) rules.push({ action, subject: g.subject, conditions: { ...conditions, ...where(g) } });
    };
    if (this.isOperator) {
      for (const g of OPERATOR_GRANTS) add(g, {});
      return rules;
    }
    for (const a of this.assignments) {
      for (const g of ROLE_GRANTS[a.role]) {
        add(g, g.tenantWide ? { id: this.tenantId } : { path: { $regex: subtreePattern(a.path) } });
      }
    }
    return rules;
  }
}
