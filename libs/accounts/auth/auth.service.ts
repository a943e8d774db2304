import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Db } from '@platform/database/db';
import { RequestContext, SessionStatement } from '@platform/database/request-context';
import { BadInputError, UnauthenticatedError } from '@platform/errors/domain-errors';
import { Actor, Assignment, Authenticator, coveringPaths, TenantRole, WithHeaders } from '@access';
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
  session_live: boolean;
  assignment_id: string | null;
  role: TenantRole | null;
  org_unit_id: string | null;
  org_path: string | null;
  /** app.scope as LOAD_USER set it, e.g. '{p1,p2}'. */
  scope: string;
}

interface OperatorRow {
  id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  token_version: number;
  session_live: boolean;
}

const BAD_CREDENTIALS = 'Wrong tenant, username or password';
const BAD_REFRESH = 'The refresh token is invalid or has expired; sign in again';

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

/**
 * The caller's account ($1), tenant status, session ($3) and role assignments: row-level
 * security shows a user their own whatever the scope. In the same statement, to spare the round
 * trip that would follow it, it sets app.scope to the assignments' subtrees when the account may
 * act: enabled, token version $2, tenant active, session not ended (the checks loadActor makes
 * on the same rows); else it stays empty. The session check rides in this statement, which
 * already travels with BEGIN, so logout, reuse detection and suspension take effect on the next
 * request at no extra round trip; row-level security limits the session lookup to the caller's
 * tenant and account, so it is a primary-key probe. (set_config is volatile, so the `scope` CTE
 * is evaluated once, over the rows returned.)
 */
const LOAD_USER: SessionStatement = {
  name: 'swsp_load_user_session',
  types: ['uuid', 'integer', 'uuid'],
  sql: `with account as (
          select u.id, u.username, u.display_name, u.disabled, u.token_version, t.status as tenant_status,
                 ra.id as assignment_id, ra.role, ra.org_unit_id, ra.org_path::text as org_path
            from user_account u
            join tenant t on t.id = u.tenant_id
            left join role_assignment ra on ra.tenant_id = u.tenant_id and ra.user_id = u.id
           where u.id = $1
        ), session as (
          select exists (select 1 from user_session s where s.id = $3 and s.user_id = $1 and s.ended_at is null) as session_live
        ), scope as (
          select set_config('app.scope', '{' || coalesce(string_agg(org_path, ','), '') || '}', true) as scope
            from account, session
           where not disabled and token_version = $2 and tenant_status = 'ACTIVE' and session_live
        )
        select account.*, session.session_live, scope.scope from account, session, scope`,
};

const LOAD_OPERATOR: SessionStatement = {
  name: 'swsp_load_operator_session',
  types: ['uuid', 'uuid'],
  sql: `select o.id, o.username, o.display_name, o.disabled, o.token_version,
               exists (select 1 from operator_session s where s.id = $2 and s.operator_id = o.id and s.ended_at is null) as session_live
          from platform_operator o where o.id = $1`,
};

/** Where an account's sessions are kept, and what names the account in them. */
const SESSIONS = {
  user: { table: 'user_session', owner: 'user_id' },
  operator: { table: 'operator_session', owner: 'operator_id' },
} as const;

@Injectable()
export class AuthService implements Authenticator {
  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * The actor behind a request's bearer token, loaded once per request inside its transaction.
   * Sets the row-level security settings to the actor's tenant and scope; null when the token is
   * missing, invalid or expired, its session has ended, or it belongs to a disabled account or a
   * suspended tenant.
   */
  authenticate(request: RequestContext, req: WithHeaders): Promise<Actor | null> {
    return request.once('actor', async () => {
      const claims = this.tokens.bearer(req);
      return claims ? this.loadActor(request, claims) : null;
    });
  }

  async login(tenantCode: string | undefined, username: string, password: string, address: string): Promise<IssuedTokens> {
    const account = `${(tenantCode ?? '').toLowerCase()}/${username.toLowerCase()}`;
    const attempt = await this.throttle.signIn(account, address);
    const found = tenantCode ? await this.findUser(tenantCode, username) : await this.findOperator(username);
    const ok = await verifyPassword(found?.password_hash ?? (await timingDummyHash()), password);
    // A failure needs nothing written: the attempt was counted as one before the check.
    if (!found || !ok) throw new UnauthenticatedError(BAD_CREDENTIALS, { reason: 'BAD_CREDENTIALS' });
    // With the right password the caller may learn why they cannot go in (the console says so in Chinese).
    if (found.tenant_status === 'SUSPENDED')
      throw new UnauthenticatedError('This city is suspended; sign-in is closed until it is reactivated', { reason: 'TENANT_SUSPENDED' });
    if (found.disabled) throw new UnauthenticatedError('This account is disabled; ask whoever manages it', { reason: 'ACCOUNT_DISABLED' });
    attempt.succeeded();
    const kind = tenantCode ? 'user' : 'operator';
    const tid = found.tenant_id ?? null;
    await this.db.request.setSettings(kind === 'user' ? { tenantId: tid, userId: found.id } : { platform: true, userId: found.id });
    const sid = await this.startSession(kind, found.id);
    return this.tokens.issue({ sub: found.id, tid, kind, ver: found.token_version, sid }, 0);
  }

  /**
   * Rotates the session's refresh token: the one presented is spent, and new tokens come back.
   * A spent one presented again means two parties hold the session's tokens (one of them
   * stole it): the whole session ends, so the thief's tokens stop working along with the owner's,
   * who signs in again.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const claims = this.tokens.verify(refreshToken, 'refresh');
    const actor = claims && Number.isInteger(claims.gen) ? await this.loadActor(this.db.request, claims) : null;
    if (!claims || !actor) throw new UnauthenticatedError(BAD_REFRESH);
    const { table } = SESSIONS[claims.kind];
    const [rotated] = await this.db.query<{ generation: number }>(
      `update ${table} set generation = generation + 1, refreshed_at = now()
        where id = $1 and generation = $2 and ended_at is null returning generation`,
      [claims.sid, claims.gen],
    );
    if (!rotated) {
      // Durable: the refused mutation rolls back, and the session must end all the same.
      this.db.durable(`update ${table} set ended_at = now(), end_reason = 'REUSE' where id = $1 and ended_at is null`, [claims.sid]);
      throw new UnauthenticatedError(BAD_REFRESH);
    }
    return this.tokens.issue({ sub: claims.sub, tid: claims.tid, kind: claims.kind, ver: claims.ver, sid: claims.sid }, rotated.generation);
  }

  /** Ends the caller's session: its access token and refresh token stop working at once. */
  async logout(actor: Actor): Promise<boolean> {
    const { table } = SESSIONS[actor.kind];
    await this.db.query(`update ${table} set ended_at = now(), end_reason = 'LOGOUT' where id = $1 and ended_at is null`, [actor.sessionId]);
    return true;
  }

  /**
   * Changes the caller's own password. Every session of the account ends (the token version
   * bump does that, by trigger), and the caller carries on in a new one, with the tokens returned.
   * Wrong current passwords are limited like sign-ins: a stolen access token must not become a
   * way to guess the password and take the account over.
   */
  async changePassword(actor: Actor, current: string, next: string): Promise<IssuedTokens> {
    const table = actor.isOperator ? 'platform_operator' : 'user_account';
    const attempt = await this.throttle.passwordCheck(actor.kind, actor.id);
    const [row] = await this.db.query<{ password_hash: string; token_version: number }>(
      `select password_hash, token_version from ${table} where id = $1 for update`,
      [actor.id],
    );
    if (!row || !(await verifyPassword(row.password_hash, current))) throw BadInputError.field('currentPassword', 'is not your current password');
    attempt.succeeded();
    const weak = passwordWeakness(next, actor.username);
    if (weak) throw BadInputError.field('newPassword', weak);
    if (next === current) throw BadInputError.field('newPassword', 'must differ from the current password');
    const [{ token_version }] = await this.db.query<{ token_version: number }>(
      `update ${table} set password_hash = $2, token_version = token_version + 1 where id = $1 returning token_version`,
      [actor.id, await hashPassword(next)],
    );
    const sid = await this.startSession(actor.kind, actor.id);
    return this.tokens.issue({ sub: actor.id, tid: actor.tenantId, kind: actor.kind, ver: token_version, sid }, 0);
  }

  /**
   * A new session for the account, under the settings of the account itself. The account's
   * sessions that no token can still use (ended, or idle past the refresh token's lifetime) are
   * deleted in the same statement, so the table holds about one row per device in use.
   */
  private async startSession(kind: 'user' | 'operator', accountId: string): Promise<string> {
    const { table, owner } = SESSIONS[kind];
    const tenantColumn = kind === 'user' ? 'tenant_id, ' : '';
    const tenantValue = kind === 'user' ? 'app_tenant(), ' : '';
    const lastLogin = kind === 'user' ? `, seen as (update user_account set last_login_at = now() where id = $1)` : '';
    const [{ id }] = await this.db.query<{ id: string }>(
      `with gone as (
         delete from ${table} where ${owner} = $1 and (ended_at < now() - make_interval(secs => $2) or refreshed_at < now() - make_interval(secs => $2))
       )${lastLogin}
       insert into ${table} (${tenantColumn}${owner}) values (${tenantValue}$1) returning id`,
      [accountId, this.tokens.refreshTtl],
    );
    return id;
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
   * Loads the account and session behind verified claims, afresh on every request, as its first
   * statement: it travels with BEGIN and the settings in one round trip (see
   * RequestContext.firstQuery). The tokens we sign carry uuids; anything else is refused before
   * it comes near SQL.
   */
  private async loadActor(request: RequestContext, claims: TokenClaims): Promise<Actor | null> {
    if (!isUUID(claims.sub) || !isUUID(claims.sid) || !Number.isInteger(claims.ver)) return null;
    if (claims.kind === 'operator') {
      await request.setSettings({ platform: true, userId: claims.sub });
      const [op] = await request.firstQuery<OperatorRow>(LOAD_OPERATOR, [claims.sub, claims.sid]);
      if (!op || op.disabled || op.token_version !== claims.ver || !op.session_live) return null;
      return new Actor('operator', op.id, null, op.username, op.display_name, [], claims.sid);
    }
    if (!claims.tid || !isUUID(claims.tid)) return null;
    // Until the scope is known, row-level security shows only the caller's own account and grants.
    await request.setSettings({ tenantId: claims.tid, userId: claims.sub, scope: [] });
    const rows = await request.firstQuery<ActorRow>(LOAD_USER, [claims.sub, String(claims.ver), claims.sid]);
    const u = rows[0];
    if (!u || u.disabled || u.tenant_status !== 'ACTIVE' || u.token_version !== claims.ver || !u.session_live) return null;
    const assignments: Assignment[] = rows
      .filter((r) => r.assignment_id)
      .map((r) => ({ id: r.assignment_id!, role: r.role!, orgUnitId: r.org_unit_id!, path: r.org_path! }));
    const actor = new Actor('user', u.id, claims.tid, u.username, u.display_name, assignments, claims.sid);
    // LOAD_USER has set the scope from these same rows. Should it ever cover other subtrees than
    // the actor's (it cannot, unless the SQL and this code drift apart), set the actor's.
    const applied = u.scope.slice(1, -1).split(',').filter(Boolean);
    const settings = { tenantId: claims.tid, userId: u.id, scope: applied };
    if (sameSet(coveringPaths(applied), actor.scope)) request.settingsApplied(settings);
    else await request.setSettings({ ...settings, scope: actor.scope });
    return actor;
  }
}
