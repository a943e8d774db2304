import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation of stations (评估): indicator schemes per city (dimension → indicator → rule, each
 * rule with a maximum, grade bands, the period kind and the station levels they apply to), rounds
 * over a period, one sheet per station and round moving self → district review → third party →
 * confirmed → published, a score per rule, every change logged, the evaluators assigned to a
 * round's stations, and the results written when a round is published.
 *
 * Schemes, their items, rounds and published results are the city's (tenant-wide policy: a
 * station reads the scheme it is scored on, and published results are public in the city);
 * sheets, scores, the log and assignments lie at their station's node (tenant + subtree policy).
 */
export class Evaluation1764900000000 implements MigrationInterface {
  name = 'Evaluation1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table eval_scheme (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        family_id uuid not null,
        version integer not null,
        name text not null,
        period_kind text not null,
        station_levels smallint[] not null,
        total numeric(6, 2) not null,
        grades jsonb not null,
        frozen_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_eval_scheme primary key (tenant_id, id),
        constraint uq_eval_scheme_version unique (tenant_id, family_id, version),
        constraint ck_eval_scheme_period check (period_kind in ('YEAR', 'QUARTER')),
        constraint ck_eval_scheme_total check (total > 0 and total <= 1000),
        constraint ck_eval_scheme_name check (length(name) between 1 and 100)
      )`);
    await q.query(`create index ix_eval_scheme_family on eval_scheme (tenant_id, family_id, version desc)`);
    await q.query(`
      create table eval_item (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        scheme_id uuid not null,
        parent_id uuid,
        level smallint not null,
        ord integer not null,
        code text not null,
        name text not null,
        max_score numeric(6, 2) not null,
        rule_kind text,
        metric text,
        scoring jsonb,
        constraint pk_eval_item primary key (tenant_id, id),
        constraint fk_eval_item_scheme foreign key (tenant_id, scheme_id) references eval_scheme(tenant_id, id) on delete cascade,
        constraint fk_eval_item_parent foreign key (tenant_id, parent_id) references eval_item(tenant_id, id) on delete cascade,
        constraint uq_eval_item_code unique (tenant_id, scheme_id, code),
        constraint ck_eval_item_level check (level between 1 and 3 and (level = 1) = (parent_id is null)),
        constraint ck_eval_item_rule check ((level = 3) = (rule_kind is not null) and (rule_kind is null or rule_kind in ('COMPUTED', 'MANUAL'))),
        constraint ck_eval_item_metric check ((rule_kind = 'COMPUTED') = (metric is not null and scoring is not null)),
        constraint ck_eval_item_max check (max_score >= 0)
      )`);
    await q.query(`create index ix_eval_item_scheme on eval_item (tenant_id, scheme_id, level, ord)`);
    await q.query(`create index ix_eval_item_parent on eval_item (tenant_id, parent_id)`);

    await q.query(`
      create table eval_round (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        scheme_id uuid not null,
        name text not null,
        period_kind text not null,
        year smallint not null,
        quarter smallint,
        period_start date not null,
        period_end date not null,
        root_id uuid not null,
        org_path ltree not null,
        status text not null default 'OPEN',
        created_by uuid,
        created_at timestamptz not null default now(),
        published_at timestamptz,
        constraint pk_eval_round primary key (tenant_id, id),
        constraint fk_eval_round_scheme foreign key (tenant_id, scheme_id) references eval_scheme(tenant_id, id),
        constraint fk_eval_round_root foreign key (tenant_id, root_id) references org_unit(tenant_id, id),
        constraint uq_eval_round_period unique (tenant_id, scheme_id, root_id, period_start),
        constraint ck_eval_round_status check (status in ('OPEN', 'PUBLISHED')),
        constraint ck_eval_round_period check ((period_kind = 'QUARTER') = (quarter is not null) and (quarter is null or quarter between 1 and 4)),
        constraint ck_eval_round_name check (length(name) between 1 and 100)
      )`);
    await q.query(`create index ix_eval_round_period on eval_round (tenant_id, period_start desc)`);
    await q.query(`create index ix_eval_round_scheme on eval_round (tenant_id, scheme_id)`);

    await q.query(`
      create table eval_sheet (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        round_id uuid not null,
        station_id uuid not null,
        org_path ltree not null,
        stage text not null default 'SELF',
        version integer not null default 1,
        returned_reason text,
        total numeric(7, 2) not null default 0,
        updated_at timestamptz not null default now(),
        constraint pk_eval_sheet primary key (tenant_id, id),
        constraint fk_eval_sheet_round foreign key (tenant_id, round_id) references eval_round(tenant_id, id),
        constraint fk_eval_sheet_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint uq_eval_sheet_station unique (tenant_id, round_id, station_id),
        constraint ck_eval_sheet_stage check (stage in ('SELF', 'DISTRICT_REVIEW', 'THIRD_PARTY', 'CONFIRMED', 'PUBLISHED'))
      )`);
    await q.query(`create index ix_eval_sheet_org_path on eval_sheet using gist (org_path)`);
    await q.query(`create index ix_eval_sheet_round_stage on eval_sheet (tenant_id, round_id, stage)`);
    await q.query(`create index ix_eval_sheet_station on eval_sheet (tenant_id, station_id)`);

    await q.query(`
      create table eval_score (
        tenant_id uuid not null references tenant(id),
        sheet_id uuid not null,
        item_id uuid not null,
        org_path ltree not null,
        score numeric(6, 2),
        figure numeric(14, 2),
        note text,
        updated_by uuid,
        updated_at timestamptz not null default now(),
        constraint pk_eval_score primary key (tenant_id, sheet_id, item_id),
        constraint fk_eval_score_sheet foreign key (tenant_id, sheet_id) references eval_sheet(tenant_id, id) on delete cascade,
        constraint fk_eval_score_item foreign key (tenant_id, item_id) references eval_item(tenant_id, id),
        constraint ck_eval_score_score check (score is null or score >= 0)
      )`);
    await q.query(`create index ix_eval_score_org_path on eval_score using gist (org_path)`);

    await q.query(`
      create table eval_sheet_log (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        sheet_id uuid not null,
        org_path ltree not null,
        kind text not null,
        item_id uuid,
        from_score numeric(6, 2),
        to_score numeric(6, 2),
        from_stage text,
        to_stage text,
        reason text,
        actor_id uuid,
        actor_role text,
        at timestamptz not null default clock_timestamp(),
        constraint pk_eval_sheet_log primary key (tenant_id, id),
        constraint fk_eval_sheet_log_sheet foreign key (tenant_id, sheet_id) references eval_sheet(tenant_id, id) on delete cascade,
        constraint fk_eval_sheet_log_item foreign key (tenant_id, item_id) references eval_item(tenant_id, id),
        constraint ck_eval_sheet_log_kind check (kind in ('SCORE', 'COMPUTED', 'SUBMIT', 'RETURN', 'PUBLISH'))
      )`);
    await q.query(`create index ix_eval_sheet_log_sheet on eval_sheet_log (tenant_id, sheet_id, at)`);
    await q.query(`create index ix_eval_sheet_log_org_path on eval_sheet_log using gist (org_path)`);

    await q.query(`
      create table eval_assignment (
        tenant_id uuid not null references tenant(id),
        round_id uuid not null,
        station_id uuid not null,
        user_id uuid not null,
        org_path ltree not null,
        created_at timestamptz not null default now(),
        constraint pk_eval_assignment primary key (tenant_id, round_id, station_id, user_id),
        constraint fk_eval_assignment_round foreign key (tenant_id, round_id) references eval_round(tenant_id, id),
        constraint fk_eval_assignment_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_eval_assignment_user foreign key (tenant_id, user_id) references user_account(tenant_id, id)
      )`);
    await q.query(`create index ix_eval_assignment_user on eval_assignment (tenant_id, user_id, round_id)`);
    await q.query(`create index ix_eval_assignment_org_path on eval_assignment using gist (org_path)`);

    await q.query(`
      create table eval_result (
        tenant_id uuid not null references tenant(id),
        round_id uuid not null,
        station_id uuid not null,
        org_path ltree not null,
        district_path ltree not null,
        -- Named as at publication: results are public in the city, the stations and districts not.
        station_name text not null,
        station_code text not null,
        district_name text not null,
        total numeric(7, 2) not null,
        dimensions jsonb not null,
        grade text,
        rank_city integer not null,
        rank_district integer not null,
        previous_total numeric(7, 2),
        constraint pk_eval_result primary key (tenant_id, round_id, station_id),
        constraint fk_eval_result_round foreign key (tenant_id, round_id) references eval_round(tenant_id, id),
        constraint fk_eval_result_station foreign key (tenant_id, station_id) references station(tenant_id, id)
      )`);
    await q.query(`create index ix_eval_result_rank on eval_result (tenant_id, round_id, rank_city)`);
    await q.query(`create index ix_eval_result_station on eval_result (tenant_id, station_id)`);
    await q.query(`create index ix_eval_result_district on eval_result using gist (district_path)`);

    const cityWide = ['eval_scheme', 'eval_item', 'eval_round', 'eval_result'];
    const scoped = ['eval_sheet', 'eval_score', 'eval_sheet_log', 'eval_assignment'];
    for (const table of [...cityWide, ...scoped]) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    for (const table of cityWide) await q.query(`create policy ${table}_access on ${table} using (tenant_id = app_tenant())`);
    for (const table of scoped) await q.query(`create policy ${table}_access on ${table} using (tenant_id = app_tenant() and org_path <@ app_scope())`);
    await q.query(`grant select, insert, update, delete on ${[...cityWide, ...scoped].join(', ')} to swsp_app`);
    // The log is history: the application adds to it and never rewrites it.
    await q.query(`revoke update, delete on eval_sheet_log from swsp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists eval_result, eval_assignment, eval_sheet_log, eval_score, eval_sheet, eval_round, eval_item, eval_scheme`);
  }
}
