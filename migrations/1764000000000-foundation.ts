import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants, the four-level org tree, stations, accounts and role assignments, with row-level
 * security on every tenant table. Runs as the schema owner; the application role only gets DML.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists ltree`);
    await q.query(`create extension if not exists pg_trgm`);

    // Request settings, read by every policy. Empty or missing settings match nothing.
    await q.query(`
      create function app_tenant() returns uuid language sql stable parallel safe as
      $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$`);
    await q.query(`
      create function app_user() returns uuid language sql stable parallel safe as
      $$ select nullif(current_setting('app.user_id', true), '')::uuid $$`);
    await q.query(`
      create function app_scope() returns ltree[] language sql stable parallel safe as
      $$ select coalesce(nullif(current_setting('app.scope', true), ''), '{}')::ltree[] $$`);
    await q.query(`
      create function app_is_platform() returns boolean language sql stable parallel safe as
      $$ select coalesce(current_setting('app.platform', true), '') = 'on' $$`);

    await q.query(`
      create table tenant (
        id uuid primary key default gen_random_uuid(),
        code varchar(32) not null,
        name varchar(100) not null,
        time_zone varchar(64) not null default 'Asia/Shanghai',
        status varchar(16) not null default 'ACTIVE',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint uq_tenant_code unique (code),
        constraint ck_tenant_code check (code ~ '^[a-z][a-z0-9-]{1,31}$'),
        constraint ck_tenant_name check (length(btrim(name)) > 0),
        constraint ck_tenant_status check (status in ('ACTIVE', 'SUSPENDED'))
      )`);

    await q.query(`
      create table platform_operator (
        id uuid primary key default gen_random_uuid(),
        username varchar(64) not null,
        display_name varchar(100) not null,
        password_hash text not null,
        disabled boolean not null default false,
        token_version integer not null default 0,
        created_at timestamptz not null default now(),
        constraint uq_platform_operator_username unique (username)
      )`);

    await q.query(`
      create table org_unit (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        parent_id uuid,
        level smallint not null,
        code varchar(12) not null,
        name varchar(100) not null,
        path ltree not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_org_unit primary key (tenant_id, id),
        constraint uq_org_unit_code unique (tenant_id, code),
        constraint fk_org_unit_parent foreign key (tenant_id, parent_id) references org_unit(tenant_id, id),
        constraint ck_org_unit_level check (level between 1 and 4),
        constraint ck_org_unit_root check ((parent_id is null) = (level = 1)),
        constraint ck_org_unit_code check (
          (level in (1, 2) and code ~ '^[0-9]{6}$') or (level = 3 and code ~ '^[0-9]{9}$') or (level = 4 and code ~ '^[0-9]{12}$')),
        constraint ck_org_unit_name check (length(btrim(name)) > 0),
        constraint ck_org_unit_path check (nlevel(path) = level)
      )`);
    await q.query(`create unique index uq_org_unit_one_city on org_unit (tenant_id) where level = 1`);
    await q.query(`create index ix_org_unit_path on org_unit using gist (path)`);
    await q.query(`create index ix_org_unit_parent on org_unit (tenant_id, parent_id)`);
    await q.query(`create index ix_org_unit_name_trgm on org_unit using gin (name gin_trgm_ops)`);

    await q.query(`
      create table station (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        org_unit_id uuid not null,
        org_path ltree not null,
        name varchar(100) not null,
        address varchar(200),
        floor_area_m2 numeric(10, 2),
        opened_on date,
        operating_agency varchar(100),
        function_rooms text[] not null default '{}',
        status varchar(16) not null default 'ACTIVE',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_station primary key (tenant_id, id),
        constraint uq_station_org_unit unique (tenant_id, org_unit_id),
        constraint fk_station_org_unit foreign key (tenant_id, org_unit_id) references org_unit(tenant_id, id),
        constraint ck_station_name check (length(btrim(name)) > 0),
        constraint ck_station_floor_area check (floor_area_m2 is null or floor_area_m2 >= 0),
        constraint ck_station_status check (status in ('PLANNED', 'ACTIVE', 'SUSPENDED', 'CLOSED'))
      )`);
    await q.query(`create index ix_station_org_path on station using gist (org_path)`);
    await q.query(`create index ix_station_name_trgm on station using gin (name gin_trgm_ops)`);

    await q.query(`
      create table user_account (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        username varchar(64) not null,
        display_name varchar(100) not null,
        phone varchar(20),
        password_hash text not null,
        disabled boolean not null default false,
        token_version integer not null default 0,
        org_unit_id uuid not null,
        org_path ltree not null,
        last_login_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_user_account primary key (tenant_id, id),
        constraint uq_user_account_username unique (tenant_id, username),
        constraint fk_user_account_org_unit foreign key (tenant_id, org_unit_id) references org_unit(tenant_id, id),
        constraint ck_user_account_username check (username ~ '^[a-z0-9][a-z0-9_.-]{2,63}$'),
        constraint ck_user_account_display_name check (length(btrim(display_name)) > 0)
      )`);
    await q.query(`create index ix_user_account_org_path on user_account using gist (org_path)`);

    await q.query(`
      create table role_assignment (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        user_id uuid not null,
        role varchar(32) not null,
        org_unit_id uuid not null,
        org_path ltree not null,
        granted_by uuid,
        created_at timestamptz not null default now(),
        constraint pk_role_assignment primary key (tenant_id, id),
        constraint uq_role_assignment unique (tenant_id, user_id, role, org_unit_id),
        constraint fk_role_assignment_user foreign key (tenant_id, user_id) references user_account(tenant_id, id) on delete cascade,
        constraint fk_role_assignment_org_unit foreign key (tenant_id, org_unit_id) references org_unit(tenant_id, id),
        constraint ck_role_assignment_role check (role in ('CITY_ADMIN', 'DISTRICT_OFFICER', 'STATION_HEAD', 'SOCIAL_WORKER', 'SUPERVISOR'))
      )`);
    await q.query(`create index ix_role_assignment_user on role_assignment (tenant_id, user_id)`);
    await q.query(`create index ix_role_assignment_org_path on role_assignment using gist (org_path)`);

    // Wall 1: row-level security, forced so that not even the owner reads across tenants by accident.
    for (const table of ['tenant', 'platform_operator', 'org_unit', 'station', 'user_account', 'role_assignment']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    await q.query(`create policy tenant_access on tenant using (id = app_tenant() or app_is_platform())`);
    await q.query(`create policy operator_access on platform_operator using (app_is_platform())`);
    await q.query(`
      create policy org_unit_access on org_unit
      using (tenant_id = app_tenant() and path <@ app_scope())`);
    await q.query(`
      create policy station_access on station
      using (tenant_id = app_tenant() and org_path <@ app_scope())`);
    await q.query(`
      create policy user_account_access on user_account
      using (tenant_id = app_tenant() and (org_path <@ app_scope() or id = app_user()))`);
    await q.query(`
      create policy role_assignment_access on role_assignment
      using (tenant_id = app_tenant() and (org_path <@ app_scope() or user_id = app_user()))`);

    // Login happens before any tenant is known. These functions run as the owner, who alone may
    // read credentials across tenants, and return only the one account asked for.
    const owner = (await q.query(`select current_user as name`))[0].name as string;
    for (const table of ['tenant', 'platform_operator', 'user_account']) {
      const [{ sql }] = await q.query(
        `select format('create policy owner_credential_lookup on %I for select to %I using (true)', $1::text, $2::text) as sql`,
        [table, owner],
      );
      await q.query(sql);
    }
    await q.query(`
      create function auth_find_user(p_tenant_code text, p_username text)
      returns table (id uuid, tenant_id uuid, password_hash text, disabled boolean, token_version integer, tenant_status varchar)
      language sql stable security definer set search_path = public as $$
        select u.id, u.tenant_id, u.password_hash, u.disabled, u.token_version, t.status
        from user_account u join tenant t on t.id = u.tenant_id
        where t.code = lower(p_tenant_code) and u.username = lower(p_username)
      $$`);
    await q.query(`
      create function auth_find_operator(p_username text)
      returns table (id uuid, password_hash text, disabled boolean, token_version integer)
      language sql stable security definer set search_path = public as $$
        select o.id, o.password_hash, o.disabled, o.token_version
        from platform_operator o where o.username = lower(p_username)
      $$`);
    await q.query(`revoke all on function auth_find_user(text, text), auth_find_operator(text) from public`);

    await q.query(`grant usage on schema public to swsp_app`);
    await q.query(
      `grant select, insert, update, delete on tenant, platform_operator, org_unit, station, user_account, role_assignment to swsp_app`,
    );
    await q.query(`grant execute on function auth_find_user(text, text), auth_find_operator(text) to swsp_app`);
    await q.query(`grant execute on function app_tenant(), app_user(), app_scope(), app_is_platform() to swsp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists auth_find_user(text, text), auth_find_operator(text)`);
    await q.query(`drop table if exists role_assignment, user_account, station, org_unit, platform_operator, tenant`);
    await q.query(`drop function if exists app_tenant(), app_user(), app_scope(), app_is_platform()`);
  }
}
