import type { PermissionAction, PermissionSubject } from '../gql/graphql';

export interface PermissionGrant {
  action: PermissionAction;
  subject: PermissionSubject;
  conditions?: unknown[] | null;
}

/** A record field matches a condition value if equal, or if it is a list containing it. */
function matches(condition: Record<string, unknown>, record: Record<string, unknown>): boolean {
  return Object.entries(condition).every(([k, v]) => {
    const have = record[k];
    return Array.isArray(have) ? have.includes(v) : have === v;
  });
}

/**
 * Whether the caller's roles allow an action (me.permissions, from the API's own rules). Without a
 * record: allowed somewhere (to offer a menu or a button for records of the caller's own). With a
 * record: allowed on that record, judged by the conditions the API gave (e.g. `{ workerId: me }`).
 */
export function allows(
  permissions: readonly PermissionGrant[],
  action: PermissionAction,
  subject: PermissionSubject,
  record?: Record<string, unknown>,
): boolean {
  const p = permissions.find((x) => x.action === action && x.subject === subject);
  if (!p) return false;
  if (!p.conditions || !record) return true;
  return p.conditions.some((c) => matches(c as Record<string, unknown>, record));
}

/** Allowed on every record of the scope (no conditions), e.g. a head's closure approval. */
export function allowsAll(permissions: readonly PermissionGrant[], action: PermissionAction, subject: PermissionSubject): boolean {
  const p = permissions.find((x) => x.action === action && x.subject === subject);
  return Boolean(p && !p.conditions);
}
