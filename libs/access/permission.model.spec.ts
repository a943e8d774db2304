import { Actor } from './actor';
import { Action, Subject } from './permissions';
import { Role, TenantRole } from './roles';
import { PermissionAction, PermissionSubject, permissionsOf } from './permission.model';

const ACTIONS = Object.values(PermissionAction) as Action[];
const SUBJECTS = Object.values(PermissionSubject) as Subject[];

function actorWith(...roles: TenantRole[]): Actor {
  return new Actor(
    'user',
    'me',
    't',
    'u',
    'U',
    roles.map((role, i) => ({ id: `a${i}`, role, orgUnitId: `n${i}`, path: `c.n${i}` })),
  );
}

describe('permissionsOf', () => {
  it.each([Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.STATION_HEAD, Role.SOCIAL_WORKER, Role.SUPERVISOR] as TenantRole[])(
    'lists exactly the pairs the guard allows for %s',
    (role) => {
      const actor = actorWith(role);
      const listed = new Set(permissionsOf(actor).map((p) => `${p.action}/${p.subject}`));
      const allowed = new Set(ACTIONS.flatMap((a) => SUBJECTS.filter((s) => actor.canAny(a, s)).map((s) => `${a}/${s}`)));
      expect([...listed].sort()).toEqual([...allowed].sort());
    },
  );

  it('gives the record conditions of a grant that applies only to some records, with the caller for $actorId', () => {
    const worker = permissionsOf(actorWith(Role.SOCIAL_WORKER));
    const find = (action: Action, subject: Subject) => worker.find((p) => p.action === action && p.subject === subject);
    expect(find('read', 'CaseFile')?.conditions).toBeNull();
    expect(find('update', 'CaseFile')?.conditions).toEqual([{ workerId: 'me' }]);
    expect(find('create', 'SupervisionComment')?.conditions).toEqual([{ caseWorkerId: 'me', isReply: true }]);
    expect(find('approveClosure', 'CaseFile')).toBeUndefined();
  });

  it('drops the conditions where another role allows the pair on every record of its scope', () => {
    const both = permissionsOf(actorWith(Role.SOCIAL_WORKER, Role.STATION_HEAD));
    expect(both.find((p) => p.action === 'update' && p.subject === 'CaseFile')?.conditions).toBeNull();
  });

  it('gives a platform operator the tenant actions only', () => {
    const operator = new Actor('operator', 'op', null, 'operator', 'Op', []);
    expect(permissionsOf(operator).map((p) => `${p.action}/${p.subject}`)).toEqual(['create/Tenant', 'read/Tenant', 'update/Tenant']);
  });
});
