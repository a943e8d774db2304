/**
 * The security kernel (`@access`): who is calling (Actor), what roles may do (permissions, roles),
 * the deny-by-default guard and its decorators, record-level checks, scopes compiled for SQL,
 * the personal-data revealer and the file exports' request handling. It imports only
 * `@platform`; every other module imports it. Tables: none of its own (the revealer writes its
 * audit rows into casework's audit_log, see privacy/revealer.ts); who the caller is comes from an `Authenticator` the accounts module provides.
 */
export { AccessModule } from './access.module';
export { AccessService } from './access.service';
export { Allow, CurrentActor, Public, SignedIn } from './access.decorators';
export { Actor, coveringPaths, isWithin } from './actor';
export type { Assignment } from './actor';
export { Authenticator } from './authenticator';
export type { WithHeaders } from './authenticator';
export { ExportErrorFilter, HttpExport } from './http-export';
export type { FileResult } from './http-export';
export { Permission, permissionsOf } from './permission.model';
export type { Action, Subject } from './permissions';
export { Role, ROLE_LEVELS } from './roles';
export type { TenantRole } from './roles';
export { filterByScope, inScope, outrightPaths, Scope, scopeOf, scopeSql } from './scope';
export { Narrative, ownedBy, Personal, PersonalData, Reveal } from './privacy/personal-data';
export type { PrivacyOwner } from './privacy/personal-data';
export { applyPersonalData, revealedField } from './privacy/privacy-schema';
export { changedInRequest, noteAuditRead } from './privacy/revealer';
export type { AuditRead } from './privacy/revealer';
