import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizen requests (接诉即办): work orders received from the 12345 hotline, a walk-in, a phone call
 * to the station or found by the station itself (未诉先办), dispatched down the tree to a station,
 * with the city's classification tree and deadlines per urgency, every move kept, the contact log
 * and actions, extension requests, closing, the callback (回访), and the hotline system's API keys.
 *
 * A work order's `org_path` is where it is now: the receiving node's path while it waits for
 * dispatch (or after a station sent it back), the station's path once dispatched. Its history
 * rows (moves, contacts, actions, extensions) are visible exactly where the order is, so their
 * policy asks the order's own (row-level security applies inside the subquery).
 */
export class WorkOrders1764800000000 implements MigrationInterface {
  name = 'WorkOrders1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table work_order_category (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        parent_id uuid,
        name varchar(50) not null,
        sort_order integer not null default 0,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        constraint pk_work_order_category primary key (tenant_id, id),
        constraint uq_work_order_category_name unique (tenant_id, name),
        constraint fk_work_order_category_parent foreign key (tenant_id, parent_id) references work_order_category(tenant_id, id),
        constraint ck_work_order_category_name check (length(btrim(name)) > 0)
      )`);

    await q.query(`
      create table work_order_policy (
        tenant_id uuid not null references tenant(id),
        urgent_contact_hours integer not null,
        urgent_resolve_days integer not null,
        normal_contact_hours integer not null,
        normal_resolve_days integer not null,
        updated_at timestamptz not null default now(),
        constraint pk_work_order_policy primary key (tenant_id),
        constraint ck_work_order_policy_hours check (urgent_contact_hours between 1 and 720 and normal_contact_hours between 1 and 720),
        constraint ck_work_order_policy_days check (urgent_resolve_days between 1 and 365 and normal_resolve_days between 1 and 365)
      )`);

    await q.query(`
      create table work_order (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        order_number varchar(40),
        source varchar(16) not null,
        received_at timestamptz not null,
        requester_name varchar(50) not null,
        requester_phone varchar(20),
        address varchar(200),
        category_id uuid not null,
        content text not null,
        urgency varchar(8) not null,
        intake_node_id uuid not null,
        intake_path ltree not null,
        station_id uuid,
        org_path ltree not null,
        status varchar(12) not null,
        contact_due timestamptz not null,
        resolve_due timestamptz not null,
        first_contacted_at timestamptz,
        accepted_at timestamptz,
        closed_at timestamptz,
        result text,
        reply text,
        satisfaction varchar(20),
        callback_at timestamptz,
        reopen_count integer not null default 0,
        service_object_id uuid,
        case_file_id uuid,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint pk_work_order primary key (tenant_id, id),
        constraint uq_work_order_number unique (tenant_id, order_number),
        constraint fk_work_order_category foreign key (tenant_id, category_id) references work_order_category(tenant_id, id),
        constraint fk_work_order_intake_node foreign key (tenant_id, intake_node_id) references org_unit(tenant_id, id),
        constraint fk_work_order_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint fk_work_order_service_object foreign key (tenant_id, service_object_id) references service_object(tenant_id, id),
        constraint fk_work_order_case foreign key (tenant_id, case_file_id) references case_file(tenant_id, id),
        constraint ck_work_order_source check (source in ('HOTLINE_12345', 'WALK_IN', 'PHONE', 'PROACTIVE')),
        constraint ck_work_order_number check (order_number is null or length(btrim(order_number)) > 0),
        constraint ck_work_order_hotline_number check (source <> 'HOTLINE_12345' or order_number is not null),
        constraint ck_work_order_name check (length(btrim(requester_name)) > 0),
        constraint ck_work_order_content check (length(btrim(content)) > 0),
        constraint ck_work_order_urgency check (urgency in ('URGENT', 'NORMAL')),
        constraint ck_work_order_status check (status in ('RECEIVED', 'DISPATCHED', 'ACCEPTED', 'RETURNED', 'CLOSED')),
        constraint ck_work_order_station check ((status in ('DISPATCHED', 'ACCEPTED', 'CLOSED')) = (station_id is not null)),
        constraint ck_work_order_closed check ((status = 'CLOSED') = (closed_at is not null)),
        constraint ck_work_order_satisfaction check (satisfaction is null or satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED')),
        constraint ck_work_order_callback check ((satisfaction is null) = (callback_at is null))
      )`);
    await q.query(`create index ix_work_order_org_path on work_order using gist (org_path)`);
    await q.query(`create index ix_work_order_received on work_order (tenant_id, received_at)`);
    await q.query(`create index ix_work_order_status on work_order (tenant_id, status, received_at)`);
    await q.query(`create index ix_work_order_station on work_order (tenant_id, station_id, status) where station_id is not null`);
    await q.query(`create index ix_work_order_open_due on work_order (tenant_id, resolve_due) where status <> 'CLOSED'`);
    await q.query(`create index ix_work_order_category_id on work_order (tenant_id, category_id)`);

    await q.query(`
      create table work_order_move (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        work_order_id uuid not null,
        kind varchar(12) not null,
        station_id uuid,
        reason text,
        actor_id uuid,
        at timestamptz not null,
        recorded_at timestamptz not null default clock_timestamp(),
        constraint pk_work_order_move primary key (tenant_id, id),
        constraint fk_work_order_move_order foreign key (tenant_id, work_order_id) references work_order(tenant_id, id),
        constraint fk_work_order_move_station foreign key (tenant_id, station_id) references station(tenant_id, id),
        constraint ck_work_order_move_kind check (kind in ('RECEIVE', 'DISPATCH', 'ACCEPT', 'RETURN', 'CLOSE', 'CALLBACK', 'REOPEN', 'EXTEND'))
      )`);
    await q.query(`create index ix_work_order_move_order on work_order_move (tenant_id, work_order_id, at)`);

    await q.query(`
      create table work_order_contact (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        work_order_id uuid not null,
        kind varchar(12) not null,
        note text,
        actor_id uuid not null,
        at timestamptz not null,
        recorded_at timestamptz not null default clock_timestamp(),
        constraint pk_work_order_contact primary key (tenant_id, id),
        constraint fk_work_order_contact_order foreign key (tenant_id, work_order_id) references work_order(tenant_id, id),
        constraint ck_work_order_contact_kind check (kind in ('CONTACT', 'ACTION'))
      )`);
    await q.query(`create index ix_work_order_contact_order on work_order_contact (tenant_id, work_order_id, at)`);

    await q.query(`
      create table work_order_extension (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        work_order_id uuid not null,
        requested_due timestamptz not null,
        reason text not null,
        requested_by uuid not null,
        requested_at timestamptz not null,
        status varchar(10) not null default 'PENDING',
        decided_by uuid,
        decided_at timestamptz,
        constraint pk_work_order_extension primary key (tenant_id, id),
        constraint fk_work_order_extension_order foreign key (tenant_id, work_order_id) references work_order(tenant_id, id),
        constraint ck_work_order_extension_status check (status in ('PENDING', 'APPROVED', 'REJECTED')),
        constraint ck_work_order_extension_reason check (length(btrim(reason)) > 0)
      )`);
    await q.query(`create index ix_work_order_extension_order on work_order_extension (tenant_id, work_order_id)`);
    // At most one pending request per order, under racing requests too.
    await q.query(`create unique index uq_work_order_extension_pending on work_order_extension (tenant_id, work_order_id) where status = 'PENDING'`);

    await q.query(`
      create table work_order_intake_key (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        name varchar(100) not null,
        key_hash char(64) not null,
        key_prefix varchar(12) not null,
        created_by uuid,
        created_at timestamptz not null default now(),
        revoked_at timestamptz,
        constraint pk_work_order_intake_key primary key (tenant_id, id),
        constraint uq_work_order_intake_key_hash unique (tenant_id, key_hash),
        constraint ck_work_order_intake_key_name check (length(btrim(name)) > 0)
      )`);
    await q.query(`create index ix_work_order_intake_key_hash on work_order_intake_key (key_hash) where revoked_at is null`);

    const tables = [
      'work_order_category',
      'work_order_policy',
      'work_order',
      'work_order_move',
      'work_order_contact',
      'work_order_extension',
      'work_order_intake_key',
    ];
    for (const table of tables) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    for (const table of ['work_order_category', 'work_order_policy', 'work_order_intake_key'])
      await q.query(`create policy ${table}_access on ${table} using (tenant_id = app_tenant())`);
    await q.query(`create policy work_order_access on work_order using (tenant_id = app_tenant() and org_path <@ app_scope())`);
    for (const table of ['work_order_move', 'work_order_contact', 'work_order_extension'])
      await q.query(`
        create policy ${table}_access on ${table} using (tenant_id = app_tenant() and exists (
          select 1 from work_order w where w.tenant_id = ${table}.tenant_id and w.id = ${table}.work_order_id))`);

    // The hotline system calls before any tenant is known: its key, hashed, names the city.
    const owner = (await q.query(`select current_user as name`))[0].name as string;
    const [{ sql }] = await q.query(`select format('create policy owner_key_lookup on work_order_intake_key for select to %I using (true)', $1::text) as sql`, [
      owner,
    ]);
    await q.query(sql);
    await q.query(`
      create function work_order_intake_key_find(p_hash text)
      returns table (key_id uuid, tenant_id uuid, city_id uuid, city_path ltree)
      language sql stable security definer set search_path = public as $$
        select k.id, k.tenant_id, o.id, o.path
          from work_order_intake_key k join tenant t on t.id = k.tenant_id and t.status = 'ACTIVE'
          join org_unit o on o.tenant_id = k.tenant_id and o.level = 1
         where k.key_hash = p_hash and k.revoked_at is null
      $$`);
    await q.query(`revoke all on function work_order_intake_key_find(text) from public`);

    // Sending an order back (退单) moves it out of the station's subtree, to the node that received
    // it: a row the station may no longer see, so the owner writes it, for an order the caller sees.
    for (const command of ['select', 'update']) {
      const [{ sql: policy }] = await q.query(
        `select format('create policy owner_send_back_${command} on work_order for ${command} to %I using (true)', $1::text) as sql`,
        [owner],
      );
      await q.query(policy);
    }
    await q.query(`
      create function work_order_send_back(p_id uuid) returns boolean
      language sql volatile security definer set search_path = public as $$
        with moved as (
          update work_order w set status = 'RETURNED', station_id = null, org_path = w.intake_path, accepted_at = null, updated_at = now()
           where w.tenant_id = app_tenant() and w.id = p_id and w.org_path <@ app_scope() and w.status in ('DISPATCHED', 'ACCEPTED')
          returning 1)
        select exists (select 1 from moved)
      $$`);
    await q.query(`revoke all on function work_order_send_back(uuid) from public`);

    await q.query(`grant select, insert, update, delete on ${tables.join(', ')} to swsp_app`);
    await q.query(`grant execute on function work_order_intake_key_find(text), work_order_send_back(uuid) to swsp_app`);

    // The default classification of every city already there (new cities get it when provisioned).
    await q.query(`
      insert into work_order_category (tenant_id, name, sort_order)
      select t.id, c.name, c.n from tenant t
       cross join unnest(array['社会救助', '养老服务', '儿童关爱', '残疾人服务', '社区治理', '其他']) with ordinality as c(name, n)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists work_order_intake_key_find(text)`);
    await q.query(`drop function if exists work_order_send_back(uuid)`);
    await q.query(
      `drop table if exists work_order_intake_key, work_order_extension, work_order_contact, work_order_move, work_order, work_order_policy, work_order_category`,
    );
  }
}
