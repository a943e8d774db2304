import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service catalog, group work with sessions and attendance, community activities, home
 * visits with per-tenant visit rules, and the date a person's risk became HIGH.
 */
export class Activities1764300000000 implements MigrationInterface {
  name = 'Activities1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table catalog_field (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        code varchar(20) not null,
        name varchar(50) not null,
        sort integer not null default 0,
        constraint pk_catalog_field primary key (tenant_id, id),
        constraint uq_catalog_field_code unique (tenant_id, code),
        constraint ck_catalog_field_code check (code ~ '^[A-Z0-9_]{1,20}$'),
        constraint ck_catalog_field_name check (length(btrim(name)) > 0)
      )`);
    await q.query(`
      create table catalog_item (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        field_id uuid not null,
        code varchar(20) not null,
        name varchar(100) not null,
        active boolean not null default true,
        sort integer not null default 0,
        constraint pk_catalog_item primary key (tenant_id, id),
        constraint uq_catalog_item_code unique (tenant_id, code),
        constraint fk_catalog_item_field foreign key (tenant_id, field_id) references catalog_field(tenant_id, id),
        constraint ck_catalog_item_code check (code ~ '^[A-Z0-9_]{1,20}$'),
        constraint ck_catalog_item_name check (length(btrim(name)) > 0)
      )`);

    await q.query(`
      create table group_work (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        station_id uuid not null,
        org_path ltree not null,
        name varchar(100) not null,
        goal text not null,
        target_population varchar(200),
        catalog_item_id uuid,
        planned_sessions integer not null,
        start_date date not null,
        end_date date not null,
        stage varchar(12) not null default 'PREPARATION',
        facilitator_ids uuid[] not null default '{}',
        voided_at timestamptz,
        void_reason text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_group_work primary key (tenant_id, id),
        constraint fk_group_work_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_group_work_item foreign key (tenant_id, catalog_item_id) references catalog_item(tenant_id, id),
        constraint ck_group_work_name check (length(btrim(name)) > 0),
        constraint ck_group_work_sessions check (planned_sessions between 1 and 200),
        constraint ck_group_work_dates check (end_date >= start_date),
        constraint ck_group_work_stage check (stage in ('PREPARATION', 'FORMATION', 'TRANSITION', 'MATURITY', 'ENDING')),
        constraint ck_group_work_void check ((voided_at is null) = (void_reason is null))
      )`);
    await q.query(`create index ix_group_work_org_path on group_work using gist (org_path)`);

    await q.query(`
      create table group_member (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        group_id uuid not null,
        org_path ltree not null,
        service_object_id uuid,
        resident_name varchar(50),
        joined_on date not null,
        constraint pk_group_member primary key (tenant_id, id),
        constraint fk_group_member_group foreign key (tenant_id, group_id) references group_work(tenant_id, id) on delete cascade,
        constraint fk_group_member_object foreign key (tenant_id, service_object_id) references service_object(tenant_id, id),
        constraint ck_group_member_who check ((service_object_id is null) <> (resident_name is null))
      )`);
    await q.query(`create unique index uq_group_member_object on group_member (tenant_id, group_id, service_object_id) where service_object_id is not null`);
    await q.query(`create index ix_group_member_group on group_member (tenant_id, group_id)`);
    await q.query(`create index ix_group_member_org_path on group_member using gist (org_path)`);

    await q.query(`
      create table group_session (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        group_id uuid not null,
        org_path ltree not null,
        session_date date not null,
        duration_minutes integer not null,
        topic varchar(200) not null,
        record text,
        voided_at timestamptz,
        void_reason text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        constraint pk_group_session primary key (tenant_id, id),
        constraint fk_group_session_group foreign key (tenant_id, group_id) references group_work(tenant_id, id) on delete cascade,
        constraint ck_group_session_duration check (duration_minutes between 1 and 1440),
        constraint ck_group_session_topic check (length(btrim(topic)) > 0),
        constraint ck_group_session_void check ((voided_at is null) = (void_reason is null))
      )`);
    await q.query(`create index ix_group_session_group on group_session (tenant_id, group_id, session_date)`);
    await q.query(`create index ix_group_session_org_path on group_session using gist (org_path)`);
    await q.query(`create index ix_group_session_date on group_session (tenant_id, session_date) where voided_at is null`);

    await q.query(`
      create table session_attendance (
        tenant_id uuid not null references tenant(id),
        session_id uuid not null,
        member_id uuid not null,
        org_path ltree not null,
        constraint pk_session_attendance primary key (tenant_id, session_id, member_id),
        constraint fk_session_attendance_session foreign key (tenant_id, session_id) references group_session(tenant_id, id) on delete cascade,
        constraint fk_session_attendance_member foreign key (tenant_id, member_id) references group_member(tenant_id, id) on delete cascade
      )`);
    await q.query(`create index ix_session_attendance_org_path on session_attendance using gist (org_path)`);

    await q.query(`
      create table community_activity (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        station_id uuid not null,
        org_path ltree not null,
        node_id uuid not null,
        title varchar(200) not null,
        activity_date date not null,
        place varchar(200),
        catalog_item_id uuid,
        participant_count integer not null,
        participants jsonb not null default '[]',
        volunteers jsonb not null default '[]',
        photos text[] not null default '{}',
        summary text,
        voided_at timestamptz,
        void_reason text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_community_activity primary key (tenant_id, id),
        constraint fk_community_activity_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_community_activity_node foreign key (tenant_id, node_id) references org_unit(tenant_id, id),
        constraint fk_community_activity_item foreign key (tenant_id, catalog_item_id) references catalog_item(tenant_id, id),
        constraint ck_community_activity_title check (length(btrim(title)) > 0),
        constraint ck_community_activity_count check (participant_count >= 0),
        constraint ck_community_activity_named check (jsonb_array_length(participants) <= participant_count),
        constraint ck_community_activity_void check ((voided_at is null) = (void_reason is null))
      )`);
    await q.query(`create index ix_community_activity_org_path on community_activity using gist (org_path)`);
    await q.query(`create index ix_community_activity_date on community_activity (tenant_id, activity_date) where voided_at is null`);

    await q.query(`alter table service_object add column risk_since date`);
    await q.query(`update service_object set risk_since = created_at::date where risk_level = 'HIGH'`);

    await q.query(`
      create table home_visit (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        service_object_id uuid not null,
        station_id uuid not null,
        org_path ltree not null,
        visit_date date not null,
        kind varchar(8) not null,
        findings text,
        follow_up_needed boolean not null default false,
        worker_id uuid not null,
        voided_at timestamptz,
        void_reason text,
        created_at timestamptz not null default now(),
        constraint pk_home_visit primary key (tenant_id, id),
        constraint fk_home_visit_object foreign key (tenant_id, service_object_id) references service_object(tenant_id, id),
        constraint fk_home_visit_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint ck_home_visit_kind check (kind in ('HOME', 'PHONE', 'VIDEO')),
        constraint ck_home_visit_void check ((voided_at is null) = (void_reason is null))
      )`);
    await q.query(`create index ix_home_visit_object on home_visit (tenant_id, service_object_id, visit_date) where voided_at is null`);
    await q.query(`create index ix_home_visit_org_path on home_visit using gist (org_path)`);

    await q.query(`
      create table visit_rule (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        name varchar(100) not null,
        risk_level varchar(8),
        categories text[],
        period varchar(8) not null,
        min_visits integer not null,
        first_visit_within_days integer,
        constraint pk_visit_rule primary key (tenant_id, id),
        constraint ck_visit_rule_target check (risk_level is not null or categories is not null),
        constraint ck_visit_rule_risk check (risk_level is null or risk_level in ('LOW', 'MEDIUM', 'HIGH')),
        constraint ck_visit_rule_period check (period in ('WEEK', 'MONTH')),
        constraint ck_visit_rule_min check (min_visits between 1 and 31),
        constraint ck_visit_rule_first check (first_visit_within_days is null or first_visit_within_days between 0 and 60)
      )`);

    const scoped = ['group_work', 'group_member', 'group_session', 'session_attendance', 'community_activity', 'home_visit'];
    for (const table of [...scoped, 'catalog_field', 'catalog_item', 'visit_rule']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    for (const table of scoped) {
      await q.query(`create policy ${table}_access on ${table} using (tenant_id = app_tenant() and org_path <@ app_scope())`);
    }
    for (const table of ['catalog_field', 'catalog_item', 'visit_rule']) {
      await q.query(`create policy ${table}_access on ${table} using (tenant_id = app_tenant())`);
    }

    // The rules in force: the tenant's own, or by default Haining's and Chengdu's: a HIGH-risk person
    // within 3 days of being flagged and then weekly; key categories monthly; elderly living alone or
    // empty-nest at least twice a month.
    await q.query(`
      create function visit_rules()
      returns table (id uuid, name varchar, risk_level varchar, categories text[], period varchar, min_visits integer, first_visit_within_days integer)
      language sql stable as $$
        select r.id, r.name, r.risk_level, r.categories, r.period, r.min_visits, r.first_visit_within_days
          from visit_rule r where r.tenant_id = app_tenant()
        union all
        select null, d.name, d.risk_level, d.categories, d.period, d.min_visits, d.first_visit_within_days
          from (values
            ('高风险对象：标记后3日内首访，此后每周探访'::varchar, 'HIGH'::varchar, null::text[], 'WEEK'::varchar, 1, 3),
            ('重点对象：每月探访', null, '{EXTREME_POVERTY,SUBSISTENCE_ALLOWANCE,FAMILY_IN_DIFFICULTY,CHILD_IN_DIFFICULTY,LEFT_BEHIND_CHILD,SEVERELY_DISABLED,DISABLED_ELDERLY,VERY_OLD,ORPHAN,SERIOUSLY_ILL,HIGH_RISK_AFTER_EVENT}', 'MONTH', 1, null),
            ('独居/空巢老人：每月至少两次', null, '{ELDERLY_LIVING_ALONE,EMPTY_NEST_ELDERLY}', 'MONTH', 2, null)
          ) as d(name, risk_level, categories, period, min_visits, first_visit_within_days)
         where not exists (select 1 from visit_rule r where r.tenant_id = app_tenant())
      $$`);

    await q.query(
      `grant select, insert, update, delete on catalog_field, catalog_item, group_work, group_member, group_session, session_attendance,
         community_activity, home_visit, visit_rule to swsp_app`,
    );
    await q.query(`grant execute on function visit_rules() to swsp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists visit_rules()`);
    await q.query(`drop table if exists visit_rule, home_visit, community_activity, session_attendance, group_session, group_member, group_work, catalog_item, catalog_field`);
    await q.query(`alter table service_object drop column if exists risk_since`);
  }
}
