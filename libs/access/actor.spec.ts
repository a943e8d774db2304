import { Actor, coveringPaths, isWithin } from './actor';
import { Role } from './roles';
import { scopeOf } from './scope';

describe('Actor', () => {
  const head = new Actor('user', 'u', 't', 'h', 'Head', [
    { id: 'a', role: Role.STATION_HEAD, orgUnitId: 's', path: 'c.d.s' },
    { id: 'b', role: Role.SUPERVISOR, orgUnitId: 'x', path: 'c.e.x' },
  ]);

  it('scopes by subtree, never by name prefix', () => {
    expect(isWithin('c.d.s.v', 'c.d.s')).toBe(true);
    expect(isWithin('c.d.s', 'c.d.s')).toBe(true);
    expect(isWithin('c.d.s2', 'c.d.s')).toBe(false);
    expect(coveringPaths(['c.d', 'c.d.s', 'c.e', 'c.d.s.v'])).toEqual(['c.d', 'c.e']);
  });

  it('allows a role’s actions only inside its assignment’s subtree', () => {
    expect(head.can('update', 'Station', { path: 'c.d.s' })).toBe(true);
    expect(head.can('update', 'Station', { path: 'c.d.s.v' })).toBe(true);
    expect(head.can('update', 'Station', { path: 'c.d.t' })).toBe(false);
    expect(head.can('read', 'Station', { path: 'c.e.x' })).toBe(true);
    expect(head.can('update', 'Station', { path: 'c.e.x' })).toBe(false);
  });

  it('limits a station head to social-worker accounts and grants', () => {
    expect(head.can('update', 'UserAccount', { path: 'c.d.s', privileged: false })).toBe(true);
    expect(head.can('update', 'UserAccount', { path: 'c.d.s', privileged: true })).toBe(false);
    expect(head.can('create', 'RoleAssignment', { path: 'c.d.s', role: Role.SOCIAL_WORKER })).toBe(true);
    expect(head.can('create', 'RoleAssignment', { path: 'c.d.s', role: Role.STATION_HEAD })).toBe(false);
  });

  it('lists, for SQL filters, only subtrees where some role grants the action unconditionally', () => {
    expect(scopeOf(head, 'read', 'Station').paths).toEqual(['c.d.s', 'c.e.x']);
    expect(scopeOf(head, 'read', 'UserAccount').paths).toEqual(['c.d.s']);
    expect(scopeOf(head, 'create', 'OrgUnit').paths).toEqual([]);
    expect(head.scope).toEqual(['c.d.s', 'c.e.x']);
  });

  it('gives a platform operator tenants and nothing inside', () => {
    const op = new Actor('operator', 'o', null, 'op', 'Op', []);
    expect(op.canAny('create', 'Tenant')).toBe(true);
    expect(op.canAny('read', 'OrgUnit')).toBe(false);
    expect(op.scope).toEqual([]);
  });
});
