import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service objects (one person, one file), case files through the standard process, goals,
 * progress notes, stage history, closure approvals, supervision comments, and the audit log.
 */
export class Casework1764200000000 implements MigrationInterface {
  name = 'Casework1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table service_object (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        station_id uuid not null,
        org_path ltree not null,
        community_id uuid,
        name varchar(50) not null,
        gender varchar(8) not null,
        birth_date date,
        id_number varchar(18) not null,
        phone varchar(20),
        address varchar(200),
        categories text[] not null default '{}',
        risk_level varchar(8) not null default 'LOW',
        guardian_name varchar(50),
        guardian_phone varchar(20),
        guardian_relation varchar(20),
        notes text,
        registered_by uuid not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_service_object primary key (tenant_id, id),
        constraint fk_service_object_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_service_object_community foreign key (tenant_id, community_id) references org_unit(tenant_id, id),
        constraint uq_service_object_id_number unique (tenant_id, id_number),
        constraint ck_service_object_name check (length(btrim(name)) > 0),
        constraint ck_service_object_gender check (gender in ('MALE', 'FEMALE')),
        constraint ck_service_object_id_number check (id_number ~ '^[0-9]{17}[0-9X]$'),
        constraint ck_service_object_risk check (risk_level in ('LOW', 'MEDIUM', 'HIGH'))
      )`);
    await q.query(`create index ix_service_object_org_path on service_object using gist (org_path)`);
    await q.query(`create index ix_service_object_name_trgm on service_object using gin (name gin_trgm_ops)`);
    await q.query(`create index ix_service_object_categories on service_object using gin (categories)`);
    await q.query(`create index ix_service_object_id_tail on service_object (tenant_id, right(id_number, 4))`);
    await q.query(`create index ix_service_object_risk on service_object (tenant_id, risk_level)`);
    await q.query(`create index ix_service_object_community on service_object (tenant_id, community_id)`);

    await q.query(`
      create table case_counter (
        tenant_id uuid not null references tenant(id),
        year integer not null,
        last_number integer not null,
        constraint pk_case_counter primary key (tenant_id, year)
      )`);

    await q.query(`
      create table case_file (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_number varchar(20) not null,
        service_object_id uuid not null,
        station_id uuid not null,
        org_path ltree not null,
        worker_id uuid not null,
        stage varchar(16) not null default 'INTAKE',
        opened_on date not null,
        closed_on date,
        intake_source varchar(16) not null,
        presenting_problem text not null,
        assessment jsonb,
        plan_summary text,
        evaluation jsonb,
        closure_reason varchar(24),
        closure_summary text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_case_file primary key (tenant_id, id),
        constraint uq_case_file_number unique (tenant_id, case_number),
        constraint fk_case_file_object foreign key (tenant_id, service_object_id) references service_object(tenant_id, id),
        constraint fk_case_file_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_case_file_worker foreign key (tenant_id, worker_id) references user_account(tenant_id, id),
        constraint ck_case_file_stage check (stage in ('INTAKE', 'ASSESSMENT', 'PLAN', 'INTERVENTION', 'EVALUATION', 'CLOSED')),
        constraint ck_case_file_closed check ((stage = 'CLOSED') = (closed_on is not null)),
        constraint ck_case_file_source check (intake_source in ('WALK_IN', 'REFERRAL', 'OUTREACH', 'HOTLINE_12345', 'OTHER'))
      )`);
    await q.query(`create index ix_case_file_org_path on case_file using gist (org_path)`);
    await q.query(`create index ix_case_file_worker on case_file (tenant_id, worker_id, stage)`);
    await q.query(`create index ix_case_file_object on case_file (tenant_id, service_object_id)`);
    await q.query(`create index ix_case_file_opened on case_file (tenant_id, opened_on)`);

    await q.query(`
      create table case_goal (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        org_path ltree not null,
        description text not null,
        target_date date,
        planned_services text,
        status varchar(20) not null default 'OPEN',
        attainment_note text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_case_goal primary key (tenant_id, id),
        constraint fk_case_goal_case foreign key (tenant_id, case_id) references case_file(tenant_id, id) on delete cascade,
        constraint ck_case_goal_status check (status in ('OPEN', 'ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED', 'CANCELLED')),
        constraint ck_case_goal_description check (length(btrim(description)) > 0)
      )`);
    await q.query(`create index ix_case_goal_case on case_goal (tenant_id, case_id)`);
    await q.query(`create index ix_case_goal_org_path on case_goal using gist (org_path)`);

    await q.query(`
      create table case_note (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        org_path ltree not null,
        stage varchar(16) not null,
        note_date date not null,
        kind varchar(16) not null,
        duration_minutes integer not null,
        narrative text not null,
        author_id uuid not null,
        created_at timestamptz not null default now(),
        constraint pk_case_note primary key (tenant_id, id),
        constraint fk_case_note_case foreign key (tenant_id, case_id) references case_file(tenant_id, id) on delete cascade,
        constraint ck_case_note_kind check (kind in ('INTERVIEW', 'PHONE', 'HOME_VISIT', 'REFERRAL', 'RESOURCE_LINK', 'OTHER')),
        constraint ck_case_note_duration check (duration_minutes between 0 and 1440),
        constraint ck_case_note_narrative check (length(btrim(narrative)) > 0)
      )`);
    await q.query(`create index ix_case_note_case on case_note (tenant_id, case_id, note_date)`);
    await q.query(`create index ix_case_note_org_path on case_note using gist (org_path)`);

    await q.query(`
      create table case_stage_event (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        org_path ltree not null,
        from_stage varchar(16),
        to_stage varchar(16) not null,
        reason text,
        moved_by uuid not null,
        moved_at timestamptz not null default now(),
        constraint pk_case_stage_event primary key (tenant_id, id),
        constraint fk_case_stage_event_case foreign key (tenant_id, case_id) references case_file(tenant_id, id) on delete cascade
      )`);
    await q.query(`create index ix_case_stage_event_case on case_stage_event (tenant_id, case_id, moved_at)`);
    await q.query(`create index ix_case_stage_event_org_path on case_stage_event using gist (org_path)`);

    await q.query(`
      create table case_closure_request (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        org_path ltree not null,
        reason varchar(24) not null,
        summary text not null,
        status varchar(10) not null default 'PENDING',
        requested_by uuid not null,
        requested_at timestamptz not null default now(),
        decided_by uuid,
        decided_at timestamptz,
        decision_comment text,
        open_goals_accepted boolean not null default false,
        constraint pk_case_closure_request primary key (tenant_id, id),
        constraint fk_case_closure_request_case foreign key (tenant_id, case_id) references case_file(tenant_id, id) on delete cascade,
        constraint ck_case_closure_status check (status in ('PENDING', 'APPROVED', 'REJECTED')),
        constraint ck_case_closure_reason check (reason in ('GOALS_ACHIEVED', 'CLIENT_WITHDREW', 'REFERRED', 'MOVED_AWAY', 'DECEASED', 'OTHER'))
      )`);
    // At most one closure request awaits a decision per case.
    await q.query(`create unique index uq_case_closure_pending on case_closure_request (tenant_id, case_id) where status = 'PENDING'`);
    await q.query(`create index ix_case_closure_request_org_path on case_closure_request using gist (org_path)`);

    await q.query(`
      create table supervision_comment (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        org_path ltree not null,
        note_id uuid,
        parent_id uuid,
        author_id uuid not null,
        body text not null,
        resolved_at timestamptz,
        resolved_by uuid,
        created_at timestamptz not null default now(),
        constraint pk_supervision_comment primary key (tenant_id, id),
        constraint fk_supervision_comment_case foreign key (tenant_id, case_id) references case_file(tenant_id, id) on delete cascade,
        constraint fk_supervision_comment_note foreign key (tenant_id, note_id) references case_note(tenant_id, id) on delete cascade,
        constraint fk_supervision_comment_parent foreign key (tenant_id, parent_id) references supervision_comment(tenant_id, id) on delete cascade,
        constraint ck_supervision_comment_body check (length(btrim(body)) > 0)
      )`);
    await q.query(`create index ix_supervision_comment_case on supervision_comment (tenant_id, case_id, created_at)`);
    await q.query(`create index ix_supervision_comment_open on supervision_comment (tenant_id, case_id) where parent_id is null and resolved_at is null`);
    await q.query(`create index ix_supervision_comment_org_path on supervision_comment using gist (org_path)`);

    await q.query(`
      create table audit_log (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        org_path ltree not null,
        actor_id uuid not null,
        action varchar(32) not null,
        entity varchar(32) not null,
        entity_id uuid not null,
        detail jsonb,
        at timestamptz not null default now(),
        constraint pk_audit_log primary key (tenant_id, id)
      )`);
    await q.query(`create index ix_audit_log_org_path on audit_log using gist (org_path)`);
    await q.query(`create index ix_audit_log_entity on audit_log (tenant_id, entity_id, at)`);
    await q.query(`create index ix_audit_log_at on audit_log (tenant_id, at)`);

    const scoped = ['service_object', 'case_file', 'case_goal', 'case_note', 'case_stage_event', 'case_closure_request', 'supervision_comment', 'audit_log'];
    for (const table of [...scoped, 'case_counter']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    for (const table of scoped) {
      await q.query(`create policy ${table}_access on ${table} using (tenant_id = app_tenant() and org_path <@ app_scope())`);
    }
    await q.query(`create policy case_counter_access on case_counter using (tenant_id = app_tenant())`);

    // One person, one file per city: registering someone again must find the first file even when
    // another station holds it. Only the owner may look across stations, and only by exact number.
    const owner = (await q.query(`select current_user as name`))[0].name as string;
    const [{ sql }] = await q.query(
      `select format('create policy owner_duplicate_lookup on service_object for select to %I using (true)', $1::text) as sql`,
      [owner],
    );
    await q.query(sql);
    await q.query(`
      create function service_object_by_id_number(p_id_number text)
      returns table (id uuid, org_path ltree)
      language sql stable security definer set search_path = public as $$
        select s.id, s.org_path from service_object s where s.tenant_id = app_tenant() and s.id_number = p_id_number
      $$`);
    await q.query(`revoke all on function service_object_by_id_number(text) from public`);

    await q.query(
      `grant select, insert, update, delete on service_object, case_file, case_goal, case_note, case_stage_event,
         case_closure_request, supervision_comment, case_counter to swsp_app`,
    );
    // The audit log is append-only for the application.
    await q.query(`grant select, insert on audit_log to swsp_app`);
    await q.query(`grant execute on function service_object_by_id_number(text) to swsp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists service_object_by_id_number(text)`);
    await q.query(`drop table if exists audit_log, supervision_comment, case_closure_request, case_stage_event, case_note, case_goal, case_file, case_counter, service_object`);
  }
}
