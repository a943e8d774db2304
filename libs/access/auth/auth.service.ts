import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Db } from '@platform/database/db';
import { RequestContext, SessionStatement } from '@platform/database/request-context';
import { BadInputError, UnauthenticatedError } from '@platform/errors/domain-errors';
import { Actor, Assignment, coveringPaths } from '../actor';
import { TenantRole } from '../roles';
import { LoginThrottle } from './login-throttle';
import { hashPassword, passwordWeakness, timingDummyHash, verifyPassword } from './password';
import { IssuedTokens, TokenClaims, TokenService } from './tokens';

interface ActorRow {
  id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  token_version: number;
  tenant_status: string;
  assignment_id: string | null;
  role: TenantRole | null;
  org_unit_id: string | null;
  org_path: string | null;
  /** app.scope as LOAD_USER set it, e.g. '{p1,p2}'. */
  scope: string;
}

const BAD_CREDENTIALS = 'Wrong tenant, username or password';

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

/**
 * The caller's account ($1), tenant status and role assignments: row-level security shows a user
 * their own whatever the scope. In the same statement, to spare the round trip that would follow
 * it, it sets app.scope to the assignments' subtrees when the account may act: enabled, token
 * version $2, tenant active (the checks loadActor makes on the same rows); else it stays empty.
 * (set_config is volatile, so the `scope` CTE is evaluated once, over the rows returned.)
 */
const LOAD_USER: SessionStatement = {
  name: 'swsp_load_user',
  types: ['uuid', 'integer'],
  sql: `with account as (
          select u.id, u.username, u.display_name, u.disabled, u.token_version, t.status as tenant_status,
                 ra.id as assignment_id, ra.role, ra.org_unit_id, ra.org_path::text as org_path
            from user_account u
            join tenant t on t.id = u.tenant_id
            left join role_assignment ra on ra.tenant_id = u.tenant_id and ra.user_id = u.id
           where u.id = $1
        ), scope as (
          select set_config('app.scope', '{' || coalesce(string_agg(org_path, ','), '') || '}', true) as scope
            from account
           where not disabled and token_version = $2 and tenant_status = 'ACTIVE'
        )
        select account.*, scope.scope from account, scope`,
};

const LOAD_OPERATOR: SessionStatement = {
  name: 'swsp_load_operator',
  types: ['uuid'],
  sql: `select id, username, display_name, disabled, token_version from platform_operator where id = $1`,
};

@Injectable()
export class AuthService {
  private readonly throttle = new LoginThrottle();

  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
  ) {}

  /**
   * The actor behind a bearer token, loaded once per request inside its transaction. Sets the
   * row-level security settings to the actor's tenant and scope; null when the token is missing,
   * invalid, expired, or belongs to a disabled account or suspended tenant.
   */
  authenticate(request: RequestContext, authorization: string | undefined): Promise<Actor | null> {
    return request.once('actor', async () => {
      const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
      const claims = token ? this.tokens.verify(token, 'access') : undefined;
      return claims ? this.loadActor(request, claims) : null;
    });
  }

  async login(tenantCode: string | undefined, username: string, password: string, address: string): Promise<IssuedTokens> {
    const account = `${(tenantCode ?? '').toLowerCase()}/${username.toLowerCase()}`;
    this.throttle.check(account, address);
    const found = tenantCode ? await this.findUser(tenantCode, username) : await this.findOperator(username);
    const ok = await verifyPassword(found?.password_hash ?? (await timingDummyHash()), password);
    if (!found || !ok || found.disabled || found.tenant_status === 'SUSPENDED') {
      this.throttle.failed(account, address);
      throw new UnauthenticatedError(BAD_CREDENTIALS);
    }
    this.throttle.succeeded(account);
    if (tenantCode) {
      await this.db.request.setSettings({ tenantId: found.tenant_id, userId: found.id });
      await this.db.query(`update user_account set last_login_at = now() where id = $1`, [found.id]);
    }
    return this.tokens.issue({
      sub: found.id,
      tid: found.tenant_id ?? null,
      kind: tenantCode ? 'user' : 'operator',
      ver: found.token_version,
    });
  }

  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const claims = this.tokens.verify(refreshToken, 'refresh');
    const actor = claims ? await this.loadActor(this.db.request, claims) : null;
    if (!claims || !actor) throw new UnauthenticatedError('The refresh token is invalid or has expired; sign in again');
    return this.tokens.issue({ sub: claims.sub, tid: claims.tid, kind: claims.kind, ver: claims.ver });
  }

  /** Changes the caller's own password; every token issued before stops working. */
  async changePassword(actor: Actor, current: string, next: string): Promise<IssuedTokens> {
    const table = actor.isOperator ? 'platform_operator' : 'user_account';
    const [row] = await this.db.query<{ password_hash: string; token_version: number }>(
      `select password_hash, token_version from ${table} where id = $1 for update`,
      [actor.id],
    );
    if (!row || !(await verifyPassword(row.password_hash, current)))
      throw BadInputError.field('currentPassword', 'is not your current password');
    const weak = passwordWeakness(next, actor.username);
    if (weak) throw BadInputError.field('newPassword', weak);
    if (next === current) throw BadInputError.field('newPassword', 'must differ from the current password');
    const [{ token_version }] = await this.db.query<{ token_version: number }>(
      `update ${table} set password_hash = $2, token_version = token_version + 1 where id = $1 returning token_version`,
      [actor.id, await hashPassword(next)],
    );
    return this.tokens.issue({ sub: actor.id, tid: actor.tenantId, kind: actor.kind, ver: token_version });
  }

  private async findUser(tenantCode: string, username: string) {
    const [row] = await this.db.query<{
      id: string;
      tenant_id: string;
      password_hash: string;
      disabled: boolean;
      token_version: number;
      tenant_status: string;
    }>(`select * from auth_find_user($1, $2)`, [tenantCode, username]);
    return row;
  }

  private async findOperator(username: string) {
    const [row] = await this.db.query<{
      id: string;
      password_hash: string;
      disabled: boolean;
      token_version: number;
      tenant_id?: undefined;
      tenant_status?: undefined;
    }>(`select * from auth_find_operator($1)`, [username]);
    return row;
  }

  /**
   * Loads the account behind verified claims, afresh on every request, as its first statement: it
   * travels with BEGIN and the settings in one round trip (see RequestContext.firstQuery). The
   * tokens we sign carry uuids; anything else is refused before it comes near SQL.
   */
  private async loadActor(request: RequestContext, claims: TokenClaims): Promise<Actor | null> {
    if (!isUUID(claims.sub)) return null;
    if (claims.kind === 'operator') {
      await request.setSettings({ platform: true, userId: claims.sub });
      const [op] = await request.firstQuery<{ id: string; username: string; display_name: string; disabled: boolean; token_version: number }>(
        LOAD_OPERATOR,
        [claims.sub],
      );
      if (!op || op.disabled || op.token_version !== claims.ver) return null;
      return new Actor('operator', op.id, null, op.username, op.display_name, []);
    }
    if (!claims.tid || !isUUID(claims.tid) || !Number.isInteger(claims.ver)) return null;
    // Until the scope is known, row-level security shows only the caller's own account and grants.
    await request.setSettings({ tenantId: claims.tid, userId: claims.sub, scope: [] });
    const rows = await request.firstQuery<ActorRow>(LOAD_USER, [claims.sub, String(claims.ver)]);
    const u = rows[0];
    if (!u || u.disabled || u.tenant_status !== 'ACTIVE' || u.token_version !== claims.ver) return null;
    const assignments: Assignment[] = rows
      .filter((r) => r.assignment_id)
      .map((r) => ({ id: r.assignment_id!, role: r.role!, orgUnitId: r.org_unit_id!, path: r.org_path! }));
    const actor = new Actor('user', u.id, claims.tid, u.username, u.display_name, assignments);
    // LOAD_USER has set the scope from these same rows. Should it ever cover other subtrees than
    // the actor's (it cannot, unless the SQL and this code drift apart), set the actor's.
    const applied = u.scope.slice(1, -1).split(',').filter(Boolean);
    const settings = { tenantId: claims.tid, userId: u.id, scope: applied };
    if (sameSet(coveringPaths(applied), actor.scope)) request.settingsApplied(settings);
    else await request.setSettings({ ...settings, scope: actor.scope });
    return actor;
  }
}
