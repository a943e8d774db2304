import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions, sign-in throttling and the shared request-rate counters: state every API replica
 * must agree on, so it lives here rather than in any one process's memory.
 *
 * - `user_session` / `operator_session`: one row per sign-in (a token family). Access and refresh
 *   tokens name their session; the per-request account load checks it has not ended, so logout,
 *   reuse detection, a credential change or a tenant's suspension end its tokens on the very next
 *   request. `generation` counts refresh-token rotations: only the newest refresh token of a
 *   session is good, and presenting a spent one ends the session (reuse detection). Operators have
 *   no tenant, so their sessions sit beside `platform_operator` as user sessions sit beside
 *   `user_account`, each under its own kind of policy.
 * - Ending is done by triggers as well as by the code, so that no path can forget it: a bumped
 *   token version (password change or reset, disabling) ends the account's sessions, and
 *   suspending a tenant ends all of its sessions, so that reactivating it revives none of them.
 * - `auth_throttle`: failed sign-in and password-check counters by key (account and address, address,
 *   account, password change). They are counted before anyone is known, across tenants, so the
 *   application role reaches them only through SECURITY DEFINER functions, as with auth_find_user.
 * - `rate_limit_hit`: per-session request counts per minute, summed over replicas. UNLOGGED: a
 *   crash may forget the current minute's counts, which costs nothing worth a WAL write per flush.
 */
export class Sessions1764700000000 implements MigrationInterface {
  name = 'Sessions1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table user_session (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        user_id uuid not null,
        generation integer not null default 0,
        created_at timestamptz not null default now(),
        refreshed_at timestamptz not null default now(),
        ended_at timestamptz,
        end_reason varchar(16),
        constraint pk_user_session primary key (tenant_id, id),
        constraint fk_user_session_user foreign key (tenant_id, user_id) references user_account(tenant_id, id) on delete cascade,
        constraint ck_user_session_end check ((ended_at is null) = (end_reason is null)),
        constraint ck_user_session_end_reason check (end_reason in ('LOGOUT', 'REUSE', 'CREDENTIALS', 'SUSPENDED'))
      )`);
    // The per-request check probes the primary key (tenant_id, id); suspension, rare, walks the
    // tenant's part of it. (A partial index of live sessions by tenant tempted the planner away
    // from the primary key for the per-request probe.)
    await q.query(`create index ix_user_session_user on user_session (tenant_id, user_id)`);

    await q.query(`
      create table operator_session (
        id uuid primary key default gen_random_uuid(),
        operator_id uuid not null references platform_operator(id) on delete cascade,
        generation integer not null default 0,
        created_at timestamptz not null default now(),
        refreshed_at timestamptz not null default now(),
        ended_at timestamptz,
        end_reason varchar(16),
        constraint ck_operator_session_end check ((ended_at is null) = (end_reason is null)),
        constraint ck_operator_session_end_reason check (end_reason in ('LOGOUT', 'REUSE', 'CREDENTIALS'))
      )`);
    await q.query(`create index ix_operator_session_operator on operator_session (operator_id)`);

    await q.query(`
      create table auth_throttle (
        key text primary key,
        failures integer not null,
        first_failed_at timestamptz not null,
        last_failed_at timestamptz not null
      )`);
    await q.query(`create index ix_auth_throttle_last_failed on auth_throttle (last_failed_at)`);

    await q.query(`
      create unlogged table rate_limit_hit (
        bucket text not null,
        win bigint not null,
        hits integer not null,
        replicas uuid[] not null,
        constraint pk_rate_limit_hit primary key (bucket, win)
      )`);

    for (const table of ['user_session', 'operator_session', 'auth_throttle', 'rate_limit_hit']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    // A session is its own account's: no role reads or ends another account's sessions directly
    // (admins end them by changing the account, which the triggers below turn into ended sessions).
    await q.query(`
      create policy user_session_access on user_session
      using (tenant_id = (select app_tenant()) and user_id = (select app_user()))`);
    await q.query(`
      create policy operator_session_access on operator_session
      using ((select app_is_platform()) and operator_id = (select app_user()))`);
    // No policy for the application role on auth_throttle and rate_limit_hit: it reaches them only
    // through the functions below, which run as the owner.
    const owner = (await q.query(`select current_user as name`))[0].name as string;
    for (const table of ['user_session', 'operator_session', 'auth_throttle', 'rate_limit_hit']) {
      const [{ sql }] = await q.query(
        `select format('create policy owner_maintenance on %I to %I using (true) with check (true)', $1::text, $2::text) as sql`,
        [table, owner],
      );
      await q.query(sql);
    }

    // A changed token version (password change or reset, disabling) ends every session of the
    // account. SECURITY DEFINER: a city admin disabling a worker may not see the worker's sessions.
    await q.query(`
      create function auth_end_account_sessions() returns trigger
      language plpgsql security definer set search_path = public as $$
      begin
        if tg_table_name = 'user_account' then
          update user_session set ended_at = now(), end_reason = 'CREDENTIALS'
           where tenant_id = new.tenant_id and user_id = new.id and ended_at is null;
        else
          update operator_session set ended_at = now(), end_reason = 'CREDENTIALS'
           where operator_id = new.id and ended_at is null;
        end if;
        return null;
      end $$`);
    for (const table of ['user_account', 'platform_operator']) {
      await q.query(`
        create trigger ${table}_end_sessions after update of token_version on ${table}
        for each row when (new.token_version is distinct from old.token_version)
        execute function auth_end_account_sessions()`);
    }
    // Suspension ends the tenant's sessions for good: reactivation does not bring them back.
    await q.query(`
      create function auth_end_tenant_sessions() returns trigger
      language plpgsql security definer set search_path = public as $$
      begin
        update user_session set ended_at = now(), end_reason = 'SUSPENDED'
         where tenant_id = new.id and ended_at is null;
        return null;
      end $$`);
    await q.query(`
      create trigger tenant_suspended_end_sessions after update of status on tenant
      for each row when (new.status = 'SUSPENDED' and old.status is distinct from 'SUSPENDED')
      execute function auth_end_tenant_sessions()`);

    // Whether a counter has nothing left to say: no failures, or (growing) quiet for `forget`
    // seconds since the last failure, or (window) its window of `delay` seconds is over.
    await q.query(`
      create function auth_throttle_stale(p_growing boolean, p_failures integer, p_first timestamptz, p_last timestamptz, p_delay integer, p_forget integer)
      returns boolean language sql stable as $$
        select p_failures = 0 or case when p_growing then p_last + make_interval(secs => p_forget) < now()
                                      else p_first + make_interval(secs => p_delay) < now() end
      $$`);
    // One attempt against throttle rules given as [{key, growing, threshold, delay, cap, forget}]:
    // 0 when it may go ahead, and then it is already counted as a failure (the caller forgives it
    // on success); else the seconds to wait, and nothing is counted. Counting before the password
    // is checked, in a statement that commits at once, is what keeps concurrent guesses from all
    // passing a check that none of them has yet written. Rows are created and locked in key order,
    // so concurrent attempts on a key queue here and never deadlock.
    //   growing: after `threshold` failures, wait delay·2^(failures−threshold) seconds (at most
    //            `cap`) after the last one; forgotten `forget` seconds after the last failure.
    //   window:  `threshold` failures in a window of `delay` seconds from the first: wait until
    //            the window ends.
    await q.query(`
      create function auth_throttle_attempt(p_rules jsonb) returns integer
      language plpgsql volatile security definer set search_path = public as $$
      declare
        r record;
        wait numeric := 0;
      begin
        insert into auth_throttle (key, failures, first_failed_at, last_failed_at)
        select x.key, 0, now(), now() from jsonb_to_recordset(p_rules) as x(key text) order by x.key
        on conflict (key) do nothing;
        for r in
          select t.failures, t.first_failed_at, t.last_failed_at, x.growing, x.threshold, x.delay, x.cap, x.forget
            from jsonb_to_recordset(p_rules) as x(key text, growing boolean, threshold integer, delay integer, cap integer, forget integer)
            join auth_throttle t on t.key = x.key
           order by t.key
             for update of t
        loop
          if r.failures >= r.threshold and not auth_throttle_stale(r.growing, r.failures, r.first_failed_at, r.last_failed_at, r.delay, r.forget) then
            wait := greatest(wait, extract(epoch from case
              when r.growing then r.last_failed_at + make_interval(secs => least(r.delay * power(2, least(r.failures - r.threshold, 30)), r.cap))
              else r.first_failed_at + make_interval(secs => r.delay) end - clock_timestamp()));
          end if;
        end loop;
        if wait > 0 then
          return ceil(wait)::integer;
        end if;
        update auth_throttle t
           set failures = case when s.stale then 1 else t.failures + 1 end,
               first_failed_at = case when s.stale then now() else t.first_failed_at end,
               last_failed_at = now()
          from (select x.key, auth_throttle_stale(x.growing, c.failures, c.first_failed_at, c.last_failed_at, x.delay, x.forget) as stale
                  from jsonb_to_recordset(p_rules) as x(key text, growing boolean, delay integer, forget integer)
                  join auth_throttle c on c.key = x.key) s
         where t.key = s.key;
        -- Rows long forgotten go a few at a time, so the table stays the size of recent attempts.
        delete from auth_throttle where key in (
          select key from auth_throttle where last_failed_at < now() - interval '2 days' limit 20);
        return 0;
      end $$`);
    // After a successful attempt: `clear` keys start afresh, `uncount` keys take the attempt back.
    await q.query(`
      create function auth_throttle_forgive(p_clear text[], p_uncount text[]) returns void
      language sql volatile security definer set search_path = public as $$
        delete from auth_throttle where key = any(p_clear);
        update auth_throttle set failures = greatest(failures - 1, 0) where key = any(p_uncount);
      $$`);

    // Adds each replica's request counts for one minute window and answers, per bucket, the total
    // over all replicas and how many replicas have counted it. One row per bucket and window:
    // rows are upserted in bucket order, so concurrent flushes queue on a row lock for the
    // statement's duration only, and a synchronous check sees every count committed before it.
    await q.query(`
      create function rate_limit_add(p_window bigint, p_replica uuid, p_buckets text[], p_hits integer[])
      returns table (key text, total integer, replicas integer)
      language sql volatile security definer set search_path = public as $$
        insert into rate_limit_hit as h (bucket, win, hits, replicas)
        select i.b, p_window, i.n, array[p_replica] from unnest(p_buckets, p_hits) as i(b, n) order by i.b
        on conflict (bucket, win) do update
          set hits = h.hits + excluded.hits,
              replicas = case when p_replica = any(h.replicas) then h.replicas else h.replicas || p_replica end
        returning h.bucket, h.hits, cardinality(h.replicas)
      $$`);
    await q.query(`
      create function rate_limit_sweep(p_before bigint) returns void
      language sql volatile security definer set search_path = public as $$
        delete from rate_limit_hit where win < p_before
      $$`);

    const functions = [
      'auth_throttle_attempt(jsonb)',
      'auth_throttle_forgive(text[], text[])',
      'rate_limit_add(bigint, uuid, text[], integer[])',
      'rate_limit_sweep(bigint)',
    ].join(', ');
    await q.query(`revoke all on function ${functions} from public`);
    await q.query(`grant execute on function ${functions} to swsp_app`);
    await q.query(`grant select, insert, update, delete on user_session, operator_session to swsp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger if exists tenant_suspended_end_sessions on tenant`);
    await q.query(`drop trigger if exists user_account_end_sessions on user_account`);
    await q.query(`drop trigger if exists platform_operator_end_sessions on platform_operator`);
    await q.query(`drop function if exists auth_end_tenant_sessions(), auth_end_account_sessions()`);
    await q.query(
      `drop function if exists auth_throttle_attempt(jsonb), auth_throttle_stale(boolean, integer, timestamptz, timestamptz, integer, integer), auth_throttle_forgive(text[], text[]), rate_limit_add(bigint, uuid, text[], integer[]), rate_limit_sweep(bigint)`,
    );
    await q.query(`drop table if exists rate_limit_hit, auth_throttle, operator_session, user_session`);
  }
}
