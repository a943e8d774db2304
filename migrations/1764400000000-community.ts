import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Volunteers (real-name, one per identity number per city), their teams and service hours,
 * community social organizations and the activities that mobilized them, the five-society
 * linkage ledger with each party's contribution, and charity resources. Money is numeric, never float.
 */
export class Community1764400000000 implements MigrationInterface {
  name = 'Community1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table community_policy (
        tenant_id uuid not null references tenant(id),
        regular_volunteers_per_worker integer not null,
        updated_at timestamptz not null default now(),
        constraint pk_community_policy primary key (tenant_id),
        constraint ck_community_policy_goal check (regular_volunteers_per_worker between 0 and 1000)
      )`);

    await q.query(`
      create table volunteer (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        station_id uuid not null,
        org_path ltree not null,
        node_id uuid not null,
        developer_id uuid,
        name varchar(50) not null,
        gender varchar(8) not null,
        id_number varchar(18) not null,
        phone varchar(20),
        skills text[] not null default '{}',
        availability varchar(200),
        registered_on date not null,
        status varchar(8) not null default 'ACTIVE',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_volunteer primary key (tenant_id, id),
        constraint uq_volunteer_id_number unique (tenant_id, id_number),
        constraint fk_volunteer_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_volunteer_node foreign key (tenant_id, node_id) references org_unit(tenant_id, id),
        constraint fk_volunteer_developer foreign key (tenant_id, developer_id) references user_account(tenant_id, id),
        constraint ck_volunteer_name check (length(btrim(name)) > 0),
        constraint ck_volunteer_gender check (gender in ('MALE', 'FEMALE')),
        constraint ck_volunteer_id_number check (id_number ~ '^[0-9]{17}[0-9X]$'),
        constraint ck_volunteer_status check (status in ('ACTIVE', 'INACTIVE'))
      )`);
    await q.query(`create index ix_volunteer_org_path on volunteer using gist (org_path)`);
    await q.query(`create index ix_volunteer_developer on volunteer (tenant_id, developer_id) where status = 'ACTIVE'`);
    await q.query(`create index ix_volunteer_name_trgm on volunteer using gin (name gin_trgm_ops)`);

    await q.query(`
      create table volunteer_team (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        station_id uuid not null,
        org_path ltree not null,
        name varchar(100) not null,
        member_ids uuid[] not null default '{}',
        created_at timestamptz not null default now(),
        constraint pk_volunteer_team primary key (tenant_id, id),
        constraint fk_volunteer_team_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint ck_volunteer_team_name check (length(btrim(name)) > 0)
      )`);
    await q.query(`create index ix_volunteer_team_org_path on volunteer_team using gist (org_path)`);

    await q.query(`
      create table volunteer_service (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        volunteer_id uuid not null,
        station_id uuid not null,
        org_path ltree not null,
        service_date date not null,
        hours numeric(5, 2) not null,
        source varchar(20) not null,
        source_id uuid,
        description varchar(500),
        voided_at timestamptz,
        void_reason text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        constraint pk_volunteer_service primary key (tenant_id, id),
        constraint fk_volunteer_service_volunteer foreign key (tenant_id, volunteer_id) references volunteer(tenant_id, id),
        constraint fk_volunteer_service_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint ck_volunteer_service_hours check (hours > 0 and hours <= 24),
        constraint ck_volunteer_service_source check (source in ('COMMUNITY_ACTIVITY', 'GROUP_SESSION', 'HOME_VISIT', 'STANDALONE')),
        constraint ck_volunteer_service_source_id check ((source = 'STANDALONE') = (source_id is null)),
        constraint ck_volunteer_service_void check ((voided_at is null) = (void_reason is null))
      )`);
    await q.query(`create index ix_volunteer_service_volunteer on volunteer_service (tenant_id, volunteer_id, service_date) where voided_at is null`);
    await q.query(`create index ix_volunteer_service_org_path on volunteer_service using gist (org_path)`);
    await q.query(`create index ix_volunteer_service_date on volunteer_service (tenant_id, service_date) where voided_at is null`);

    await q.query(`
      create table social_organization (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        node_id uuid not null,
        org_path ltree not null,
        name varchar(100) not null,
        type varchar(24) not null,
        legal_status varchar(12) not null,
        credit_code varchar(18),
        leader varchar(50),
        contact_phone varchar(20),
        member_count integer not null default 0,
        founded_on date,
        cultivating_station_id uuid,
        cultivated_since date,
        status varchar(10) not null default 'ACTIVE',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_social_organization primary key (tenant_id, id),
        constraint uq_social_organization_name unique (tenant_id, name),
        constraint fk_social_organization_node foreign key (tenant_id, node_id) references org_unit(tenant_id, id),
        constraint fk_social_organization_station foreign key (tenant_id, cultivating_station_id) references station(tenant_id, id),
        constraint ck_social_organization_name check (length(btrim(name)) > 0),
        constraint ck_social_organization_type check (type in ('ELDERLY_SERVICE', 'CHILDREN', 'CULTURE_SPORTS', 'MUTUAL_AID', 'PUBLIC_WELFARE', 'COMMUNITY_AFFAIRS', 'OTHER')),
        constraint ck_social_organization_legal check (legal_status in ('REGISTERED', 'FILED')),
        constraint ck_social_organization_credit check ((legal_status = 'REGISTERED') = (credit_code is not null)),
        constraint ck_social_organization_members check (member_count >= 0),
        constraint ck_social_organization_cultivated check ((cultivating_station_id is null) = (cultivated_since is null)),
        constraint ck_social_organization_status check (status in ('ACTIVE', 'DISSOLVED'))
      )`);
    await q.query(`create index ix_social_organization_org_path on social_organization using gist (org_path)`);
    await q.query(`create index ix_social_organization_cultivated on social_organization (tenant_id, cultivated_since) where cultivated_since is not null`);

    await q.query(`
      create table organization_mobilization (
        tenant_id uuid not null references tenant(id),
        organization_id uuid not null,
        activity_id uuid not null,
        org_path ltree not null,
        constraint pk_organization_mobilization primary key (tenant_id, organization_id, activity_id),
        constraint fk_organization_mobilization_org foreign key (tenant_id, organization_id) references social_organization(tenant_id, id),
        constraint fk_organization_mobilization_activity foreign key (tenant_id, activity_id) references community_activity(tenant_id, id)
      )`);
    await q.query(`create index ix_organization_mobilization_org_path on organization_mobilization using gist (org_path)`);

    await q.query(`
      create table linkage (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        station_id uuid not null,
        node_id uuid not null,
        org_path ltree not null,
        title varchar(200) not null,
        linkage_date date not null,
        description text,
        voided_at timestamptz,
        void_reason text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        constraint pk_linkage primary key (tenant_id, id),
        constraint fk_linkage_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_linkage_node foreign key (tenant_id, node_id) references org_unit(tenant_id, id),
        constraint ck_linkage_title check (length(btrim(title)) > 0),
        constraint ck_linkage_void check ((voided_at is null) = (void_reason is null))
      )`);
    await q.query(`create index ix_linkage_org_path on linkage using gist (org_path)`);
    await q.query(`create index ix_linkage_date on linkage (tenant_id, linkage_date) where voided_at is null`);

    await q.query(`
      create table linkage_contribution (
        tenant_id uuid not null references tenant(id),
        linkage_id uuid not null,
        party varchar(24) not null,
        org_path ltree not null,
        people integer not null default 0,
        hours numeric(10, 2) not null default 0,
        money numeric(14, 2) not null default 0,
        goods_description varchar(500),
        goods_value numeric(14, 2) not null default 0,
        note varchar(500),
        constraint pk_linkage_contribution primary key (tenant_id, linkage_id, party),
        constraint fk_linkage_contribution_linkage foreign key (tenant_id, linkage_id) references linkage(tenant_id, id) on delete cascade,
        constraint ck_linkage_contribution_party check (party in ('COMMUNITY', 'SOCIAL_WORKERS', 'SOCIAL_ORGANIZATIONS', 'VOLUNTEERS', 'CHARITY_RESOURCES')),
        constraint ck_linkage_contribution_amounts check (people >= 0 and hours >= 0 and money >= 0 and goods_value >= 0)
      )`);
    await q.query(`create index ix_linkage_contribution_org_path on linkage_contribution using gist (org_path)`);

    await q.query(`
      create table charity_resource (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        station_id uuid not null,
        org_path ltree not null,
        donor_name varchar(100) not null,
        donor_kind varchar(16) not null,
        amount numeric(14, 2) not null default 0,
        goods_description varchar(500),
        goods_value numeric(14, 2) not null default 0,
        received_on date not null,
        purpose varchar(500),
        linkage_id uuid,
        activity_id uuid,
        service_object_ids uuid[] not null default '{}',
        voided_at timestamptz,
        void_reason text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        constraint pk_charity_resource primary key (tenant_id, id),
        constraint fk_charity_resource_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_charity_resource_linkage foreign key (tenant_id, linkage_id) references linkage(tenant_id, id),
        constraint fk_charity_resource_activity foreign key (tenant_id, activity_id) references community_activity(tenant_id, id),
        constraint ck_charity_resource_donor check (length(btrim(donor_name)) > 0),
        constraint ck_charity_resource_kind check (donor_kind in ('PERSON', 'COMPANY', 'FOUNDATION', 'CHARITY_FUND', 'OTHER')),
        constraint ck_charity_resource_amounts check (amount >= 0 and goods_value >= 0 and (amount > 0 or goods_value > 0)),
        constraint ck_charity_resource_void check ((voided_at is null) = (void_reason is null))
      )`);
    await q.query(`create index ix_charity_resource_org_path on charity_resource using gist (org_path)`);
    await q.query(`create index ix_charity_resource_date on charity_resource (tenant_id, received_on) where voided_at is null`);

    const scoped = [
      'volunteer',
      'volunteer_team',
      'volunteer_service',
      'social_organization',
      'organization_mobilization',
      'linkage',
      'linkage_contribution',
      'charity_resource',
    ];
    for (const table of [...scoped, 'community_policy']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    for (const table of scoped) {
      await q.query(`create policy ${table}_access on ${table} using (tenant_id = app_tenant() and org_path <@ app_scope())`);
    }
    await q.query(`create policy community_policy_access on community_policy using (tenant_id = app_tenant())`);

    // Registering someone again must find the first registration even at a station the caller cannot see.
    const owner = (await q.query(`select current_user as name`))[0].name as string;
    const [{ sql }] = await q.query(
      `select format('create policy owner_duplicate_lookup on volunteer for select to %I using (true)', $1::text) as sql`,
      [owner],
    );
    await q.query(sql);
    await q.query(`
      create function volunteer_by_id_number(p_id_number text)
      returns table (id uuid, org_path ltree)
      language sql stable security definer set search_path = public as $$
        select v.id, v.org_path from volunteer v where v.tenant_id = app_tenant() and v.id_number = p_id_number
      $$`);
    await q.query(`revoke all on function volunteer_by_id_number(text) from public`);

    await q.query(
      `grant select, insert, update, delete on community_policy, volunteer, volunteer_team, volunteer_service, social_organization,
         organization_mobilization, linkage, linkage_contribution, charity_resource to swsp_app`,
    );
    await q.query(`grant execute on function volunteer_by_id_number(text) to swsp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists volunteer_by_id_number(text)`);
    await q.query(
      `drop table if exists charity_resource, linkage_contribution, linkage, organization_mobilization, social_organization,
         volunteer_service, volunteer_team, volunteer, community_policy`,
    );
  }
}
