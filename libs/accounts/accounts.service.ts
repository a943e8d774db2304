import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OrgNode, OrgUnitService, StationService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { containsPattern, pagedQuery } from '@platform/database/paged-query';
import { BadInputError, ForbiddenError, NotFoundError } from '@platform/errors/domain-errors';
import { registerUniqueField } from '@platform/errors/unique-violations';
import { Page, PageInput } from '@platform/graphql/pagination';
import { AccessService, Actor, filterByScope, isWithin, outrightPaths, permissionsOf, Role, ROLE_LEVELS, scopeOf, TenantRole } from '@access';
import { hashPassword, passwordWeakness } from './auth/password';
import { CreateUserInput, GrantRoleInput, UserFilter } from './dto/account.input';
import { Me, RoleAssignment, UserAccount } from './account.model';

registerUniqueField('uq_user_account_username', 'username', 'is already taken');
registerUniqueField('uq_role_assignment', 'role', 'is already granted to this user on this node');

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  phone: string | null;
  disabled: boolean;
  org_unit_id: string;
  org_path: string;
  last_login_at: Date | null;
  created_at: Date;
  privileged: boolean;
}

interface AssignmentRow {
  id: string;
  user_id: string;
  role: Role;
  org_unit_id: string;
  org_unit_name: string;
  org_path: string;
  created_at: Date;
}

// A user's roles all lie in the subtree of their home node, so whoever sees the account sees all of its roles.
const USER_COLUMNS = `u.id, u.username, u.display_name, u.phone, u.disabled, u.org_unit_id, u.org_path::text as org_path,
  u.last_login_at, u.created_at,
  exists(select 1 from role_assignment r where r.tenant_id = u.tenant_id and r.user_id = u.id and r.role <> 'SOCIAL_WORKER') as privileged`;

const ASSIGNMENT_SQL = `select ra.id, ra.user_id, ra.role, ra.org_unit_id, o.name as org_unit_name, ra.org_path::text as org_path, ra.created_at
  from role_assignment ra join org_unit o on o.tenant_id = ra.tenant_id and o.id = ra.org_unit_id`;

function toUser(r: UserRow): UserAccount {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    phone: r.phone,
    disabled: r.disabled,
    orgUnitId: r.org_unit_id,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    path: r.org_path,
  };
}

function toAssignment(r: AssignmentRow): RoleAssignment {
  return { id: r.id, userId: r.user_id, role: r.role, orgUnitId: r.org_unit_id, orgUnitName: r.org_unit_name, createdAt: r.created_at, path: r.org_path };
}

/** What access checks need to know of an account: where it lives and whether it holds more than a worker's role. */
function accountSubject(r: UserRow) {
  return { id: r.id, path: r.org_path, privileged: r.privileged };
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly orgUnits: OrgUnitService,
    private readonly stations: StationService,
  ) {}

  async me(actor: Actor): Promise<Me> {
    const assignments = actor.isOperator
      ? []
      : (await this.db.query<AssignmentRow>(`${ASSIGNMENT_SQL} where ra.user_id = $1 order by ra.org_path, ra.role`, [actor.id])).map(toAssignment);
    const [tenant] = actor.tenantId
      ? await this.db.query<{ name: string; time_zone: string }>(`select name, time_zone from tenant where id = $1`, [actor.tenantId])
      : [];
    return {
      id: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      isPlatformOperator: actor.isOperator,
      tenantId: actor.tenantId,
      assignments,
      tenantName: tenant?.name ?? null,
      timeZone: tenant?.time_zone ?? 'Asia/Shanghai',
      permissions: permissionsOf(actor),
    };
  }

  async get(actor: Actor, id: string): Promise<UserAccount> {
    return toUser(await this.loadVisible(actor, id));
  }

  async list(actor: Actor, filter: UserFilter = {}, page?: PageInput): Promise<Page<UserAccount>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'UserAccount'), { path: 'u.org_path' });
    if (filter.rootId) f.where((p) => `u.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    // A display name the caller sees masked is not searched: the match would confirm it.
    if (filter.search)
      f.whereRaw(
        `(u.username ilike ${f.param(containsPattern(filter.search))} or (u.org_path <@ ${f.param(outrightPaths(scopeOf(actor, 'readPersonalDetails', 'UserAccount')))}::ltree[] and u.display_name ilike ${f.param(containsPattern(filter.search))}))`,
      );
    if (filter.includeDisabled === false) f.whereRaw('not u.disabled');
    return pagedQuery<UserRow, UserAccount>(
      { select: USER_COLUMNS, from: `from user_account u where ${f.sql}`, params: f.params, orderBy: 'u.username' },
      page,
      toUser,
    );
  }

  /** Role assignments of each user, batched per request. */
  assignmentsOf(userId: string): Promise<RoleAssignment[]> {
    return this.db.request
      .loader<string, RoleAssignment[]>('accounts.assignments', async (ids) => {
        const rows = await this.db.query<AssignmentRow>(`${ASSIGNMENT_SQL} where ra.user_id = any($1::uuid[]) order by ra.org_path, ra.role`, [ids]);
        return ids.map((id) => rows.filter((r) => r.user_id === id).map(toAssignment));
      })
      .load(userId);
  }

  /** Whether the user holds one of `roles` on a node at or above `path` (e.g. works at that station). */
  async holdsRoleCovering(userId: string, roles: Role[], path: string): Promise<boolean> {
    const [{ holds }] = await this.db.query<{ holds: boolean }>(
      `select exists(select 1 from role_assignment ra join user_account u on u.tenant_id = ra.tenant_id and u.id = ra.user_id
                      where ra.user_id = $1 and ra.role = any($2::text[]) and $3::ltree <@ ra.org_path and not u.disabled) as holds`,
      [userId, roles, path],
    );
    return holds;
  }

  /** Display names of accounts the caller can see, batched per request; null for the others. */
  displayNameOf(userId: string): Promise<string | null> {
    return this.db.request
      .loader<string, string | null>('accounts.displayNames', async (ids) => {
        const rows = await this.db.query<{ id: string; display_name: string }>(`select id, display_name from user_account where id = any($1::uuid[])`, [ids]);
        const byId = new Map(rows.map((r) => [r.id, r.display_name]));
        return ids.map((id) => byId.get(id) ?? null);
      })
      .load(userId);
  }

  async create(actor: Actor, input: CreateUserInput): Promise<UserAccount> {
    const node = await this.orgUnits.get(actor, input.orgUnitId);
    this.access.assert(actor, 'create', 'UserAccount', { path: node.path, privileged: false });
    const id = await this.insertUser(actor.tenantId!, { ...input, orgUnitId: node.id }, node.path);
    if (input.role) await this.grant(actor, { userId: id, role: input.role, orgUnitId: node.id });
    return this.get(actor, id);
  }

  /** The first city admin of a new tenant; provisioning has already set the tenant's settings. */
  async createInitialAdmin(city: OrgNode, admin: { username: string; displayName: string; password: string }): Promise<string> {
    const id = await this.insertUser(city.tenantId, { ...admin, orgUnitId: city.id }, city.path);
    await this.db.query(`insert into role_assignment (tenant_id, id, user_id, role, org_unit_id, org_path) values ($1, $2, $3, $4, $5, $6::ltree)`, [
      city.tenantId,
      randomUUID(),
      id,
      Role.CITY_ADMIN,
      city.id,
      city.path,
    ]);
    return id;
  }

  async grant(actor: Actor, input: GrantRoleInput): Promise<RoleAssignment> {
    if (input.role === Role.PLATFORM_ADMIN) throw BadInputError.field('role', 'platform operators are not tenant users');
    const role = input.role as TenantRole;
    const user = await this.loadVisible(actor, input.userId);
    const node = await this.orgUnits.get(actor, input.orgUnitId);
    this.access.assert(actor, 'create', 'RoleAssignment', { path: node.path, role });
    this.access.assert(actor, 'update', 'UserAccount', accountSubject(user));
    const level = (await this.orgUnits.findNode(node.id))!.level;
    if (!ROLE_LEVELS[role].includes(level))
      throw BadInputError.field('orgUnitId', `${role} is granted on a node of level ${ROLE_LEVELS[role].join(' or ')}, not ${level}`);
    if (!isWithin(node.path, user.org_path)) throw BadInputError.field('orgUnitId', "must lie within the subtree of the user's home node");
    if ([Role.STATION_HEAD, Role.SOCIAL_WORKER, Role.SUPERVISOR].includes(role) && !(await this.stations.forOrgUnit(node.id)))
      throw BadInputError.field('orgUnitId', `${role} is granted on a node that hosts a station`);
    const [{ taken }] = await this.db.query<{ taken: boolean }>(
      `select exists(select 1 from role_assignment where user_id = $1 and role = $2 and org_unit_id = $3) as taken`,
      [user.id, role, node.id],
    );
    if (taken) throw BadInputError.field('role', 'is already granted to this user on this node');
    const id = randomUUID();
    await this.db.query(
      `insert into role_assignment (tenant_id, id, user_id, role, org_unit_id, org_path, granted_by) values ($1, $2, $3, $4, $5, $6::ltree, $7)`,
      [actor.tenantId, id, user.id, role, node.id, node.path, actor.id],
    );
    const [row] = await this.db.query<AssignmentRow>(`${ASSIGNMENT_SQL} where ra.id = $1`, [id]);
    return toAssignment(row);
  }

  async revoke(actor: Actor, assignmentId: string): Promise<RoleAssignment> {
    const [row] = await this.db.query<AssignmentRow>(`${ASSIGNMENT_SQL} where ra.id = $1`, [assignmentId]);
    if (!row) throw new NotFoundError('RoleAssignment', assignmentId);
    this.access.assert(actor, 'delete', 'RoleAssignment', { id: row.id, path: row.org_path, role: row.role });
    // As with granting: only someone who manages the account may change its roles.
    this.access.assert(actor, 'update', 'UserAccount', accountSubject(await this.loadVisible(actor, row.user_id)));
    if (row.user_id === actor.id && row.role === Role.CITY_ADMIN) throw new ForbiddenError('A city admin cannot revoke their own city admin role');
    await this.db.query(`delete from role_assignment where id = $1`, [assignmentId]);
    return toAssignment(row);
  }

  /** Disabling ends the account's tokens at once; enabling lets it sign in again. */
  async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<UserAccount> {
    const user = await this.loadVisible(actor, id);
    this.access.assert(actor, 'update', 'UserAccount', accountSubject(user));
    if (id === actor.id) throw BadInputError.field('id', 'you cannot disable or enable your own account');
    await this.db.query(
      `update user_account set disabled = $2, token_version = token_version + (case when $2 then 1 else 0 end), updated_at = now() where id = $1`,
      [id, disabled],
    );
    return this.get(actor, id);
  }

  async resetPassword(actor: Actor, id: string, password: string): Promise<UserAccount> {
    const user = await this.loadVisible(actor, id);
    this.access.assert(actor, 'update', 'UserAccount', accountSubject(user));
    const weak = passwordWeakness(password, user.username);
    if (weak) throw BadInputError.field('password', weak);
    await this.db.query(`update user_account set password_hash = $2, token_version = token_version + 1, updated_at = now() where id = $1`, [
      id,
      await hashPassword(password),
    ]);
    return this.get(actor, id);
  }

  private async loadVisible(actor: Actor, id: string): Promise<UserRow> {
    const [row] = await this.db.query<UserRow>(`select ${USER_COLUMNS} from user_account u where u.id = $1`, [id]);
    if (!row) throw new NotFoundError('UserAccount', id);
    this.access.assertVisible(actor, 'UserAccount', accountSubject(row));
    return row;
  }

  private async insertUser(
    tenantId: string,
    input: { username: string; displayName: string; password: string; phone?: string; orgUnitId: string },
    path: string,
  ): Promise<string> {
    const weak = passwordWeakness(input.password, input.username);
    if (weak) throw BadInputError.field('password', weak);
    const id = randomUUID();
    await this.db.query(
      `insert into user_account (tenant_id, id, username, display_name, phone, password_hash, org_unit_id, org_path)
       values ($1, $2, $3, $4, $5, $6, $7, $8::ltree)`,
      [tenantId, id, input.username.toLowerCase(), input.displayName, input.phone ?? null, await hashPassword(input.password), input.orgUnitId, path],
    );
    return id;
  }
}
