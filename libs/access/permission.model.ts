import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '@platform/graphql/json.scalar';
import { Actor } from './actor';
import { Action, Subject } from './permissions';

/** Every action of permissions.ts, as a GraphQL enum (the mapped type keeps the two in step). */
export const PermissionAction: { [A in Action]: A } = {
  read: 'read',
  create: 'create',
  update: 'update',
  correct: 'correct',
  delete: 'delete',
  readPersonalId: 'readPersonalId',
  readMaskedPersonalId: 'readMaskedPersonalId',
  readPersonalDetails: 'readPersonalDetails',
  readNarrative: 'readNarrative',
  approveClosure: 'approveClosure',
  transfer: 'transfer',
  dispatch: 'dispatch',
  handle: 'handle',
};
registerEnumType(PermissionAction, { name: 'PermissionAction', description: 'An action of the role rule (permissions.ts)' });

export const PermissionSubject: { [S in Subject]: S } = {
  Tenant: 'Tenant',
  OrgUnit: 'OrgUnit',
  Station: 'Station',
  UserAccount: 'UserAccount',
  RoleAssignment: 'RoleAssignment',
  StaffMember: 'StaffMember',
  StaffingPolicy: 'StaffingPolicy',
  StaffFiling: 'StaffFiling',
  ServiceObject: 'ServiceObject',
  CaseFile: 'CaseFile',
  SupervisionComment: 'SupervisionComment',
  AuditLog: 'AuditLog',
  ServiceCatalog: 'ServiceCatalog',
  Activity: 'Activity',
  HomeVisit: 'HomeVisit',
  Volunteer: 'Volunteer',
  SocialOrganization: 'SocialOrganization',
  Linkage: 'Linkage',
  CommunityPolicy: 'CommunityPolicy',
  Statistics: 'Statistics',
  WorkOrder: 'WorkOrder',
  WorkOrderPolicy: 'WorkOrderPolicy',
  EvalScheme: 'EvalScheme',
  EvalRound: 'EvalRound',
  EvalSheet: 'EvalSheet',
  EvalResult: 'EvalResult',
};
registerEnumType(PermissionSubject, { name: 'PermissionSubject', description: 'A subject of the role rule (permissions.ts)' });

@ObjectType({ description: 'Something your roles allow somewhere in your scope, from the same rules the API enforces' })
export class Permission {
  @Field(() => PermissionAction)
  action: Action;

  @Field(() => PermissionSubject)
  subject: Subject;

  @Field(() => [GraphQLJSON], {
    nullable: true,
    description:
      'When it is allowed only on some records: the record must match one of these field values (a list field must contain the value; your id stands for "you"). None when any record of your scope will do.',
  })
  conditions: Record<string, unknown>[] | null;
}

/**
 * The (action, subject) pairs the actor's CASL rules allow, each with the record conditions it
 * carries beyond the subtree (or tenant) every rule is bound to. Read from the actor's own rules,
 * so it says exactly what the guard and the services will allow.
 */
export function permissionsOf(actor: Actor): Permission[] {
  const byPair = new Map<string, Permission & { any: boolean; seen: Set<string> }>();
  for (const rule of actor.ability.rules) {
    const action = rule.action as Action;
    const subject = rule.subject as Subject;
    const { path: _path, id: _tenant, ...rest } = (rule.conditions ?? {}) as Record<string, unknown>;
    const key = `${action}/${subject}`;
    let p = byPair.get(key);
    if (!p) byPair.set(key, (p = { action, subject, conditions: [], any: false, seen: new Set() }));
    if (Object.keys(rest).length === 0) p.any = true;
    else if (!p.seen.has(JSON.stringify(rest))) {
      p.seen.add(JSON.stringify(rest));
      p.conditions!.push(rest);
    }
  }
  return [...byPair.values()]
    .map(({ action, subject, conditions, any }) => ({ action, subject, conditions: any ? null : conditions }))
    .sort((a, b) => a.subject.localeCompare(b.subject) || a.action.localeCompare(b.action));
}
