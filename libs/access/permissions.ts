import { Role, TenantRole } from './roles';

/**
 * `readPersonalId` shows identity numbers in full, `readMaskedPersonalId` masked; neither, not at
 * all. `readNarrative` shows what a case file says (problems, assessments, notes, comments);
 * without it a case shows only its metadata.
 */
export type Action =
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'readPersonalId'
  | 'readMaskedPersonalId'
  | 'readPersonalDetails'
  | 'readNarrative'
  | 'approveClosure'
  | 'transfer';
export type Subject =
  | 'Tenant'
  | 'OrgUnit'
  | 'Station'
  | 'UserAccount'
  | 'RoleAssignment'
  | 'StaffMember'
  | 'StaffingPolicy'
  | 'StaffFiling'
  | 'ServiceObject'
  | 'CaseFile'
  | 'SupervisionComment'
  | 'AuditLog'
  | 'ServiceCatalog'
  | 'Activity'
  | 'HomeVisit'
  | 'Volunteer'
  | 'SocialOrganization'
  | 'Linkage'
  | 'CommunityPolicy'
  | 'Statistics';

export interface Grant {
  actions: readonly Action[];
  subject: Subject;
  /** Extra CASL conditions on the record, beyond lying inside the assignment's subtree; '$actorId' stands for the caller. */
  where?: Record<string, unknown>;
  /** Tenant-wide subjects (the tenant itself) are matched by tenant id instead of subtree. */
  tenantWide?: boolean;
}

const READ_TREE: Grant[] = [
  { actions: ['read'], subject: 'OrgUnit' },
  { actions: ['read'], subject: 'Station' },
  { actions: ['read'], subject: 'StaffingPolicy', tenantWide: true },
  { actions: ['read'], subject: 'ServiceCatalog', tenantWide: true },
  { actions: ['read'], subject: 'CommunityPolicy', tenantWide: true },
];

/** Bureaus oversee rosters, compliance and filings of their subtree, without identity numbers. */
const OVERSEE_STAFFING: Grant[] = [
  { actions: ['read'], subject: 'StaffMember' },
  { actions: ['read'], subject: 'StaffFiling' },
];

/** Bureaus see case metadata (stage, category, dates, worker, station): no narratives, no identity numbers. */
const OVERSEE_CASES: Grant[] = [
  { actions: ['read'], subject: 'Statistics' },
  { actions: ['read'], subject: 'ServiceObject' },
  { actions: ['read'], subject: 'CaseFile' },
  { actions: ['read'], subject: 'Activity' },
  { actions: ['read'], subject: 'HomeVisit' },
  { actions: ['read'], subject: 'Volunteer' },
  { actions: ['read'], subject: 'SocialOrganization' },
  { actions: ['read'], subject: 'Linkage' },
];

/** A station's own work: groups, community activities and home visits, corrected or voided by the station. */
const STATION_WORK: Grant[] = [
  { actions: ['read', 'create', 'update'], subject: 'Activity' },
  { actions: ['read', 'create', 'update'], subject: 'HomeVisit' },
  { actions: ['read', 'create', 'update', 'readMaskedPersonalId'], subject: 'Volunteer' },
  // The worker who develops a volunteer sees the identity number in full.
  { actions: ['readPersonalId'], subject: 'Volunteer', where: { developerId: '$actorId' } },
  { actions: ['read', 'create', 'update'], subject: 'SocialOrganization' },
  { actions: ['read', 'create', 'update'], subject: 'Linkage' },
];

/**
 * Wall 2: what each role may do inside the subtree of the node it was granted on.
 * Anything not listed is denied. Row-level security is wall 1 and already hides other tenants.
 */
export const ROLE_GRANTS: Record<TenantRole, readonly Grant[]> = {
  [Role.CITY_ADMIN]: [
    { actions: ['read', 'update'], subject: 'Tenant', tenantWide: true },
    { actions: ['read', 'update'], subject: 'StaffingPolicy', tenantWide: true },
    { actions: ['read', 'update'], subject: 'ServiceCatalog', tenantWide: true },
    { actions: ['read', 'update'], subject: 'CommunityPolicy', tenantWide: true },
    ...OVERSEE_STAFFING,
    ...OVERSEE_CASES,
    { actions: ['read', 'create', 'update'], subject: 'OrgUnit' },
    { actions: ['read', 'create', 'update'], subject: 'Station' },
    { actions: ['read', 'create', 'update'], subject: 'UserAccount' },
    { actions: ['read', 'create', 'delete'], subject: 'RoleAssignment' },
  ],
  [Role.DISTRICT_OFFICER]: [
    ...READ_TREE,
    ...OVERSEE_STAFFING,
    ...OVERSEE_CASES,
    { actions: ['read'], subject: 'UserAccount' },
    { actions: ['read'], subject: 'RoleAssignment' },
  ],
  [Role.STATION_HEAD]: [
    ...READ_TREE,
    { actions: ['update'], subject: 'Station' },
    { actions: ['read', 'create', 'update', 'readPersonalId'], subject: 'StaffMember' },
    { actions: ['read', 'update'], subject: 'StaffFiling' },
    { actions: ['read', 'create', 'update', 'readPersonalId', 'readPersonalDetails'], subject: 'ServiceObject' },
    { actions: ['read', 'create', 'update', 'readNarrative', 'approveClosure', 'transfer'], subject: 'CaseFile' },
    { actions: ['read', 'create', 'update'], subject: 'SupervisionComment' },
    { actions: ['read'], subject: 'AuditLog' },
    { actions: ['read'], subject: 'Statistics' },
    ...STATION_WORK,
    { actions: ['readPersonalId'], subject: 'Volunteer' },
    { actions: ['read'], subject: 'UserAccount' },
    { actions: ['read'], subject: 'RoleAssignment' },
    // A station head manages the accounts of the station's social workers, and nobody else's.
    { actions: ['create', 'update'], subject: 'UserAccount', where: { privileged: false } },
    { actions: ['create', 'delete'], subject: 'RoleAssignment', where: { role: Role.SOCIAL_WORKER } },
  ],
  [Role.SOCIAL_WORKER]: [
    ...READ_TREE,
    { actions: ['read', 'readMaskedPersonalId'], subject: 'StaffMember' },
    { actions: ['read', 'create', 'update', 'readMaskedPersonalId', 'readPersonalDetails'], subject: 'ServiceObject' },
    // The worker responsible for a person's case sees the identity number in full.
    { actions: ['readPersonalId'], subject: 'ServiceObject', where: { responsibleWorkerIds: '$actorId' } },
    { actions: ['read', 'create', 'readNarrative'], subject: 'CaseFile' },
    { actions: ['update'], subject: 'CaseFile', where: { workerId: '$actorId' } },
    // A worker reads and answers the supervision of their own cases.
    { actions: ['read'], subject: 'SupervisionComment', where: { caseWorkerId: '$actorId' } },
    { actions: ['create'], subject: 'SupervisionComment', where: { caseWorkerId: '$actorId', isReply: true } },
    ...STATION_WORK,
  ],
  [Role.SUPERVISOR]: [
    ...READ_TREE,
    { actions: ['read', 'readMaskedPersonalId', 'readPersonalDetails'], subject: 'ServiceObject' },
    { actions: ['read', 'readNarrative'], subject: 'CaseFile' },
    { actions: ['read', 'create'], subject: 'SupervisionComment' },
    { actions: ['update'], subject: 'SupervisionComment', where: { authorId: '$actorId' } },
  ],
};

/** The actions the platform operator may take: on tenants, never inside one. */
export const OPERATOR_GRANTS: readonly Grant[] = [{ actions: ['read', 'create', 'update'], subject: 'Tenant' }];
