import { Role, TenantRole } from './roles';

/**
 * The privacy actions, applied by the one Revealer (libs/access/privacy) to every field marked
 * personal or narrative: `readPersonalDetails` shows names in full (masked without it) and contact
 * details (absent without it); `readPersonalId` shows identity numbers in full, `readMaskedPersonalId`
 * masked, neither not at all; `readNarrative` shows free text written about a person or a session
 * (case narratives, visit findings, session records, descriptions, comments); without it a record
 * shows only its metadata.
 * `correct` corrects or voids a record: a worker's own records, any record of the station for its head.
 * `dispatch` sends a work order down the tree, re-dispatches it, decides extensions and calls the
 * requester back (the dispatcher); `handle` accepts it, sends it back, logs contacts and actions,
 * asks for an extension and closes it (the station).
 */
export type Action =
  | 'read'
  | 'create'
  | 'update'
  | 'correct'
  | 'delete'
  | 'readPersonalId'
  | 'readMaskedPersonalId'
  | 'readPersonalDetails'
  | 'readNarrative'
  | 'approveClosure'
  | 'transfer'
  | 'dispatch'
  | 'handle';
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
  | 'Statistics'
  | 'WorkOrder'
  | 'WorkOrderPolicy'
  | 'EvalScheme'
  | 'EvalRound'
  | 'EvalSheet'
  | 'EvalResult';

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
  { actions: ['read'], subject: 'WorkOrderPolicy', tenantWide: true },
];

/**
 * Bureaus follow the citizen requests of their subtree (the three rates, the overdue list):
 * requesters' names masked, no phone or address, no content (no privacy action).
 */
const OVERSEE_WORK_ORDERS: Grant[] = [{ actions: ['read'], subject: 'WorkOrder' }];

/** A station handles the requests dispatched to it and those it takes itself (walk-in, phone, 未诉先办). */
const STATION_WORK_ORDERS: Grant[] = [{ actions: ['read', 'create', 'handle', 'readPersonalDetails', 'readNarrative'], subject: 'WorkOrder' }];

/** Bureaus oversee rosters, compliance and filings of their subtree, without identity numbers. */
const OVERSEE_STAFFING: Grant[] = [
  { actions: ['read'], subject: 'StaffMember' },
  { actions: ['read'], subject: 'StaffFiling' },
];

/**
 * Bureaus see case metadata (stage, category, dates, station) and activity volumes: names masked,
 * no contact details, no narratives, no identity numbers (they hold none of the privacy actions).
 */
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

/**
 * Evaluation (评估): schemes and rounds are the city's, read by everyone taking part; a sheet lies
 * at its station; published results are public in the city. Who may change a sheet also depends
 * on its stage (the evaluation service: self → district review → third party → city).
 */
const READ_EVALUATION: Grant[] = [
  { actions: ['read'], subject: 'EvalScheme', tenantWide: true },
  { actions: ['read'], subject: 'EvalRound', tenantWide: true },
  { actions: ['read'], subject: 'EvalResult', tenantWide: true },
];

/** The station's own records: what they say, and the names and contacts in them, are the station's to read. */
const STATION_RECORDS = ['Activity', 'HomeVisit', 'Linkage', 'Volunteer'] as const;

/**
 * A station's own work: groups, community activities, home visits, volunteers, organizations and
 * linkage. A worker corrects or voids the records they wrote (or, for a group, lead); the station
 * head any record of the station (see STATION_HEAD).
 */
const STATION_WORK: Grant[] = [
  ...STATION_RECORDS.map((subject): Grant => ({ actions: ['read', 'create', 'readPersonalDetails', 'readNarrative'], subject })),
  ...STATION_RECORDS.map((subject): Grant => ({ actions: ['correct'], subject, where: { authorIds: '$actorId' } })),
  { actions: ['update', 'readMaskedPersonalId'], subject: 'Volunteer' },
  // The worker who develops a volunteer sees the identity number in full.
  { actions: ['readPersonalId'], subject: 'Volunteer', where: { developerId: '$actorId' } },
  { actions: ['read', 'create', 'update', 'readPersonalDetails'], subject: 'SocialOrganization' },
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
    { actions: ['read', 'update'], subject: 'WorkOrderPolicy', tenantWide: true },
    ...OVERSEE_STAFFING,
    ...OVERSEE_CASES,
    ...OVERSEE_WORK_ORDERS,
    { actions: ['read', 'create', 'update'], subject: 'OrgUnit' },
    { actions: ['read', 'create', 'update'], subject: 'Station' },
    // The city admin manages the accounts: it sees their holders' names and phones.
    { actions: ['read', 'create', 'update', 'readPersonalDetails'], subject: 'UserAccount' },
    { actions: ['read', 'create', 'delete'], subject: 'RoleAssignment' },
    { actions: ['read', 'create', 'update'], subject: 'EvalScheme', tenantWide: true },
    { actions: ['read', 'create', 'update'], subject: 'EvalRound', tenantWide: true },
    { actions: ['read'], subject: 'EvalResult', tenantWide: true },
    { actions: ['read', 'update'], subject: 'EvalSheet' },
  ],
  [Role.DISTRICT_OFFICER]: [
    ...READ_TREE,
    ...OVERSEE_STAFFING,
    ...OVERSEE_CASES,
    ...OVERSEE_WORK_ORDERS,
    { actions: ['read'], subject: 'UserAccount' },
    { actions: ['read'], subject: 'RoleAssignment' },
    ...READ_EVALUATION,
    { actions: ['read', 'update'], subject: 'EvalSheet' },
  ],
  [Role.STATION_HEAD]: [
    ...READ_TREE,
    { actions: ['update'], subject: 'Station' },
    { actions: ['read', 'create', 'update', 'readPersonalId', 'readPersonalDetails', 'readNarrative'], subject: 'StaffMember' },
    { actions: ['read', 'update', 'readPersonalDetails'], subject: 'StaffFiling' },
    { actions: ['read', 'create', 'update', 'readPersonalId', 'readPersonalDetails', 'readNarrative'], subject: 'ServiceObject' },
    { actions: ['read', 'create', 'update', 'readNarrative', 'readPersonalDetails', 'approveClosure', 'transfer'], subject: 'CaseFile' },
    { actions: ['read', 'create', 'update', 'readNarrative'], subject: 'SupervisionComment' },
    { actions: ['read', 'readPersonalDetails'], subject: 'AuditLog' },
    { actions: ['read'], subject: 'Statistics' },
    ...STATION_WORK,
    ...STATION_WORK_ORDERS,
    ...STATION_RECORDS.map((subject): Grant => ({ actions: ['correct'], subject })),
    { actions: ['readPersonalId'], subject: 'Volunteer' },
    { actions: ['read', 'readPersonalDetails'], subject: 'UserAccount' },
    { actions: ['read'], subject: 'RoleAssignment' },
    // A station head manages the accounts of the station's social workers, and nobody else's.
    { actions: ['create', 'update'], subject: 'UserAccount', where: { privileged: false } },
    { actions: ['create', 'delete'], subject: 'RoleAssignment', where: { role: Role.SOCIAL_WORKER } },
    ...READ_EVALUATION,
    { actions: ['read', 'update'], subject: 'EvalSheet' },
  ],
  [Role.SOCIAL_WORKER]: [
    ...READ_TREE,
    { actions: ['read', 'readMaskedPersonalId', 'readPersonalDetails'], subject: 'StaffMember' },
    { actions: ['read', 'create', 'update', 'readMaskedPersonalId', 'readPersonalDetails', 'readNarrative'], subject: 'ServiceObject' },
    // The worker responsible for a person's case sees the identity number in full.
    { actions: ['readPersonalId'], subject: 'ServiceObject', where: { responsibleWorkerIds: '$actorId' } },
    { actions: ['read', 'create', 'readNarrative', 'readPersonalDetails'], subject: 'CaseFile' },
    { actions: ['update'], subject: 'CaseFile', where: { workerId: '$actorId' } },
    // A worker reads and answers the supervision of their own cases.
    { actions: ['read', 'readNarrative'], subject: 'SupervisionComment', where: { caseWorkerId: '$actorId' } },
    { actions: ['create'], subject: 'SupervisionComment', where: { caseWorkerId: '$actorId', isReply: true } },
    ...STATION_WORK,
    ...STATION_WORK_ORDERS,
  ],
  [Role.SUPERVISOR]: [
    ...READ_TREE,
    { actions: ['read', 'readMaskedPersonalId', 'readPersonalDetails', 'readNarrative'], subject: 'ServiceObject' },
    { actions: ['read', 'readNarrative', 'readPersonalDetails'], subject: 'CaseFile' },
    { actions: ['read', 'create', 'readNarrative'], subject: 'SupervisionComment' },
    { actions: ['update'], subject: 'SupervisionComment', where: { authorId: '$actorId' } },
  ],
  // A third-party evaluator: granted on the stations of a round, it reads and scores only the
  // sheets of the rounds it is assigned to (no narrative, no identity number: no privacy action).
  [Role.EVALUATOR]: [
    ...READ_TREE,
    { actions: ['read'], subject: 'EvalScheme', tenantWide: true },
    { actions: ['read'], subject: 'EvalRound', tenantWide: true },
    { actions: ['read', 'update'], subject: 'EvalSheet', where: { evaluatorIds: '$actorId' } },
  ],
  // The dispatcher reads the request and the requester's contact to send it to the right station and call back.
  [Role.DISPATCHER]: [...READ_TREE, { actions: ['read', 'create', 'update', 'dispatch', 'readPersonalDetails', 'readNarrative'], subject: 'WorkOrder' }],
};

/** The actions the platform operator may take: on tenants, never inside one. */
export const OPERATOR_GRANTS: readonly Grant[] = [{ actions: ['read', 'create', 'update'], subject: 'Tenant' }];
