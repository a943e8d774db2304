import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff rosters, certificates, the per-tenant staffing policy with its history, staff-change
 * filings (备案), and SQL functions that judge a station's staffing on any date.
 */
export class Staffing1764100000000 implements MigrationInterface {
  name = 'Staffing1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table staffing_policy (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        effective_from date not null,
        min_staff integer not null,
        certified_share_num integer not null,
        certified_share_den integer not null,
        min_full_time integer,
        min_certified integer,
        applies_to_levels smallint[] not null,
        filing_deadline_days integer not null,
        created_by uuid,
        created_at timestamptz not null default now(),
        constraint pk_staffing_policy primary key (tenant_id, id),
        constraint uq_staffing_policy_date unique (tenant_id, effective_from),
        constraint ck_staffing_policy_min_staff check (min_staff between 1 and 1000),
        constraint ck_staffing_policy_share check (certified_share_num >= 0 and certified_share_den > 0 and certified_share_num <= certified_share_den),
        constraint ck_staffing_policy_full_time check (min_full_time is null or min_full_time between 0 and 1000),
        constraint ck_staffing_policy_certified check (min_certified is null or min_certified between 0 and 1000),
        constraint ck_staffing_policy_levels check (cardinality(applies_to_levels) > 0 and applies_to_levels <@ '{1,2,3,4}'::smallint[]),
        constraint ck_staffing_policy_deadline check (filing_deadline_days between 1 and 365)
      )`);

    await q.query(`
      create table staff_member (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        station_id uuid not null,
        org_path ltree not null,
        name varchar(50) not null,
        gender varchar(8) not null,
        phone varchar(20),
        id_number varchar(18) not null,
        education varchar(16),
        employment_type varchar(16) not null,
        position varchar(24) not null,
        employer_agency varchar(100),
        start_date date not null,
        end_date date,
        end_reason varchar(200),
        user_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_staff_member primary key (tenant_id, id),
        constraint fk_staff_member_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_staff_member_user foreign key (tenant_id, user_id) references user_account(tenant_id, id),
        constraint ck_staff_member_name check (length(btrim(name)) > 0),
        constraint ck_staff_member_gender check (gender in ('MALE', 'FEMALE')),
        constraint ck_staff_member_id_number check (id_number ~ '^[0-9]{17}[0-9X]$'),
        constraint ck_staff_member_employment check (employment_type in ('FULL_TIME', 'PART_TIME')),
        constraint ck_staff_member_dates check (end_date is null or end_date >= start_date)
      )`);
    // A person is on a station's roster once at a time; after leaving they may be hired again.
    await q.query(`create unique index uq_staff_member_person on staff_member (tenant_id, station_id, id_number) where end_date is null`);
    await q.query(`create index ix_staff_member_station on staff_member (tenant_id, station_id, start_date)`);
    await q.query(`create index ix_staff_member_org_path on staff_member using gist (org_path)`);

    await q.query(`
      create table staff_certificate (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        staff_id uuid not null,
        org_path ltree not null,
        level varchar(32) not null,
        number varchar(40) not null,
        issued_on date not null,
        expires_on date,
        created_at timestamptz not null default now(),
        constraint pk_staff_certificate primary key (tenant_id, id),
        constraint fk_staff_certificate_staff foreign key (tenant_id, staff_id) references staff_member(tenant_id, id) on delete cascade,
        constraint uq_staff_certificate_number unique (tenant_id, level, number),
        constraint ck_staff_certificate_level check (level in ('ASSISTANT_SOCIAL_WORKER', 'SOCIAL_WORKER', 'SENIOR_SOCIAL_WORKER')),
        constraint ck_staff_certificate_number check (length(btrim(number)) > 0),
        constraint ck_staff_certificate_dates check (expires_on is null or expires_on >= issued_on)
      )`);
    await q.query(`create index ix_staff_certificate_staff on staff_certificate (tenant_id, staff_id)`);
    await q.query(`create index ix_staff_certificate_org_path on staff_certificate using gist (org_path)`);

    await q.query(`
      create table staff_filing (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        station_id uuid not null,
        staff_id uuid not null,
        org_path ltree not null,
        kind varchar(8) not null,
        change_date date not null,
        due_on date not null,
        filed_on date,
        filed_by uuid,
        created_at timestamptz not null default now(),
        constraint pk_staff_filing primary key (tenant_id, id),
        constraint fk_staff_filing_staff foreign key (tenant_id, staff_id) references staff_member(tenant_id, id) on delete cascade,
        constraint uq_staff_filing_change unique (tenant_id, staff_id, kind),
        constraint ck_staff_filing_kind check (kind in ('JOIN', 'LEAVE')),
        constraint ck_staff_filing_due check (due_on >= change_date)
      )`);
    await q.query(`create index ix_staff_filing_org_path on staff_filing using gist (org_path)`);
    await q.query(`create index ix_staff_filing_pending on staff_filing (tenant_id, due_on) where filed_on is null`);

    for (const table of ['staffing_policy', 'staff_member', 'staff_certificate', 'staff_filing']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    await q.query(`create policy staffing_policy_access on staffing_policy using (tenant_id = app_tenant())`);
    for (const table of ['staff_member', 'staff_certificate', 'staff_filing']) {
      await q.query(`create policy ${table}_access on ${table} using (tenant_id = app_tenant() and org_path <@ app_scope())`);
    }

    // The policy in force on a day: the latest one effective by then, else Jinan's rule
    // (at least 3 staff, at least two-thirds certified, street/town stations, file within 7 days).
    await q.query(`
      create function staffing_policy_at(p_day date)
      returns table (id uuid, effective_from date, min_staff integer, certified_share_num integer, certified_share_den integer,
                     min_full_time integer, min_certified integer, applies_to_levels smallint[], filing_deadline_days integer)
      language sql stable as $$
        (select p.id, p.effective_from, p.min_staff, p.certified_share_num, p.certified_share_den, p.min_full_time,
                p.min_certified, p.applies_to_levels, p.filing_deadline_days
           from staffing_policy p
          where p.tenant_id = app_tenant() and p.effective_from <= p_day
          order by p.effective_from desc limit 1)
        union all
        select null, null, 3, 2, 3, null, null, '{3}'::smallint[], 7
         where not exists (select 1 from staffing_policy p where p.tenant_id = app_tenant() and p.effective_from <= p_day)
      $$`);

    // A station's staff on a day: employed from start_date through end_date (the last day served),
    // certified when a certificate is issued by then and not expired before it (expires_on is the last valid day).
    await q.query(`
      create function station_staffing_at(p_station uuid, p_day date)
      returns table (staff integer, full_time integer, certified integer)
      language sql stable as $$
        select count(*)::int,
               (count(*) filter (where m.employment_type = 'FULL_TIME'))::int,
               (count(*) filter (where exists (
                 select 1 from staff_certificate c
                  where c.tenant_id = m.tenant_id and c.staff_id = m.id
                    and c.issued_on <= p_day and (c.expires_on is null or c.expires_on >= p_day))))::int
          from staff_member m
         where m.tenant_id = app_tenant() and m.station_id = p_station
           and m.start_date <= p_day and (m.end_date is null or m.end_date >= p_day)
      $$`);

    // The one place the rules are judged. The certified share compares exactly, in integers:
    // certified / staff >= num / den  <=>  certified * den >= num * staff.
    await q.query(`
      create function staffing_evaluation(p_station uuid, p_day date)
      returns table (staff integer, full_time integer, certified integer, policy_id uuid,
                     min_staff integer, certified_share_num integer, certified_share_den integer, min_full_time integer, min_certified integer,
                     staff_ok boolean, share_ok boolean, full_time_ok boolean, certified_ok boolean, complies boolean)
      language sql stable as $$
        select f.staff, f.full_time, f.certified, p.id, p.min_staff, p.certified_share_num, p.certified_share_den,
               p.min_full_time, p.min_certified,
               r.staff_ok, r.share_ok, r.full_time_ok, r.certified_ok,
               r.staff_ok and r.share_ok and r.full_time_ok and r.certified_ok
          from station_staffing_at(p_station, p_day) f
         cross join staffing_policy_at(p_day) p
         cross join lateral (select
               f.staff >= p.min_staff as staff_ok,
               f.certified::bigint * p.certified_share_den >= p.certified_share_num::bigint * f.staff as share_ok,
               p.min_full_time is null or f.full_time >= p.min_full_time as full_time_ok,
               p.min_certified is null or f.certified >= p.min_certified as certified_ok) r
      $$`);

    // The days on or before p_day when a station's staffing can change: where a run of failure can begin.
    await q.query(`
      create function staffing_change_days(p_station uuid, p_day date)
      returns setof date language sql stable as $$
        select d from (
          select m.start_date as d from staff_member m where m.tenant_id = app_tenant() and m.station_id = p_station
          union select m.end_date + 1 from staff_member m where m.tenant_id = app_tenant() and m.station_id = p_station and m.end_date is not null
          union select c.issued_on from staff_certificate c join staff_member m on m.tenant_id = c.tenant_id and m.id = c.staff_id
                 where m.tenant_id = app_tenant() and m.station_id = p_station
          union select c.expires_on + 1 from staff_certificate c join staff_member m on m.tenant_id = c.tenant_id and m.id = c.staff_id
                 where m.tenant_id = app_tenant() and m.station_id = p_station and c.expires_on is not null
          union select p.effective_from from staffing_policy p where p.tenant_id = app_tenant()
          union select s.opened_on from station s where s.tenant_id = app_tenant() and s.id = p_station and s.opened_on is not null
        ) days
        where d <= p_day
          -- Nothing counts from before the station opened.
          and d >= coalesce((select s.opened_on from station s where s.tenant_id = app_tenant() and s.id = p_station), '-infinity'::date)
      $$`);

    await q.query(
      `grant select, insert, update, delete on staffing_policy, staff_member, staff_certificate, staff_filing to swsp_app`,
    );
    await q.query(
      `grant execute on function staffing_policy_at(date), station_staffing_at(uuid, date), staffing_evaluation(uuid, date), staffing_change_days(uuid, date) to swsp_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists staffing_change_days(uuid, date), staffing_evaluation(uuid, date), station_staffing_at(uuid, date), staffing_policy_at(date)`);
    await q.query(`drop table if exists staff_filing, staff_certificate, staff_member, staffing_policy`);
  }
}
