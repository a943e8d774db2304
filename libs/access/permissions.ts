import { Role, TenantRole } from './roles';

/** `readPersonalId` shows identity numbers in full, `readMaskedPersonalId` masked; neither, not at all. */
export type Action = 'read' | 'create' | 'update' | 'delete' | 'readPersonalId' | 'readMaskedPersonalId';
export type Subject =
  | 'Tenant'
  | 'OrgUnit'
  | 'Station'
  | 'UserAccount'
  | 'RoleAssignment'
  | 'StaffMember'
  | 'StaffingPolicy'
  | 'StaffFiling';

export interface Grant {
  actions: readonly Action[];
  subject: Subject;
  /** Extra CASL conditions on the record, beyond lying inside the assignment's subtree. */
  where?: Record<string, unknown>;
  /** Tenant-wide subjects (the tenant itself) are matched by tenant id instead of subtree. */
  tenantWide?: boolean;
}

const READ_TREE: Grant[] = [
  { actions: ['read'], subject: 'OrgUnit' },
  { actions: ['read'], subject: 'Station' },
  { actions: ['read'], subject: 'StaffingPolicy', tenantWide: true },
];

/** Bureaus oversee rosters, compliance and filings of their subtree, without identity numbers. */
const OVERSEE_STAFFING: Grant[] = [
  { actions: ['read'], subject: 'StaffMember' },
  { actions: ['read'], subject: 'StaffFiling' },
];

/**
 * Wall 2: what each role may do inside the subtree of the node it was granted on.
 * Anything not listed is denied. Row-level security is wall 1 and already hides other tenants.
 */
export const ROLE_GRANTS: Record<TenantRole, readonly Grant[]> = {
  [Role.CITY_ADMIN]: [
    { actions: ['read', 'update'], subject: 'Tenant', tenantWide: true },
    { actions: ['read', 'update'], subject: 'StaffingPolicy', tenantWide: true },
    ...OVERSEE_STAFFING,
    { actions: ['read', 'create', 'update'], subject: 'OrgUnit' },
    { actions: ['read', 'create', 'update'], subject: 'Station' },
    { actions: ['read', 'create', 'update'], subject: 'UserAccount' },
    { actions: ['read', 'create', 'delete'], subject: 'RoleAssignment' },
  ],
  [Role.DISTRICT_OFFICER]: [
    ...READ_TREE,
    ...OVERSEE_STAFFING,
    { actions: ['read'], subject: 'UserAccount' },
    { actions: ['read'], subject: 'RoleAssignment' },
  ],
  [Role.STATION_HEAD]: [
    ...READ_TREE,
    { actions: ['update'], subject: 'Station' },
    { actions: ['read', 'create', 'update', 'readPersonalId'], subject: 'StaffMember' },
    { actions: ['read', 'update'], subject: 'StaffFiling' },
    { actions: ['read'], subject: 'UserAccount' },
    { actions: ['read'], subject: 'RoleAssignment' },
    // A station head manages the accounts of the station's social workers, and nobody else's.
    { actions: ['create', 'update'], subject: 'UserAccount', where: { privileged: false } },
    { actions: ['create', 'delete'], subject: 'RoleAssignment', where: { role: Role.SOCIAL_WORKER } },
  ],
  [Role.SOCIAL_WORKER]: [...READ_TREE, { actions: ['read', 'readMaskedPersonalId'], subject: 'StaffMember' }],
  [Role.SUPERVISOR]: READ_TREE,
};

/** The actions the platform operator may take: on tenants, never inside one. */
export const OPERATOR_GRANTS: readonly Grant[] = [{ actions: ['read', 'create', 'update'], subject: 'Tenant' }];
