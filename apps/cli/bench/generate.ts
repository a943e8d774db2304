import { Client } from 'pg';

/**
 * Fills the demo city with service records shaped like Jinan's first half of 2022, times `scale`,
 * for each of `halfYears` half-years: per half-year 366 cases (5 notes each), 3,000 group sessions
 * (8 attending), 2,295 community activities (~20 participants), 39,000 home visits and 50,000
 * volunteer services: about 96,000 services and 69,000 person-times. Stocks: 30,000 people
 * served and 10,000 volunteers, times `scale`. Runs as the owner, in bulk SQL.
 */
export async function generateRecords(c: Client, scale: number, halfYears: number, log: (line: string) => void): Promise<number> {
  const [{ tenant, admin }] = (
    await c.query(
      `select t.id as tenant, (select u.id from user_account u where u.tenant_id = t.id and u.username = 'jfl.worker') as admin from tenant t where t.code = 'jinan'`,
    )
  ).rows;
  const stations = `(select array_agg(s.id order by o.code) as ids, array_agg(s.org_path::text order by o.code) as paths, count(*)::int as n
                      from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id where o.level = 3)`;
  const step = async (label: string, sql: string, params: unknown[]) => {
    const t0 = Date.now();
    const { rowCount } = await c.query(sql, params);
    // Fresh statistics, so the next bulk statement (and the rollup triggers it fires) is planned for the rows now there.
    await c.query('analyze');
    log(`  ${label}: ${rowCount} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return rowCount ?? 0;
  };
  let services = 0;
  await step(
    'people served',
    `insert into service_object (tenant_id, station_id, org_path, name, gender, id_number, categories, risk_level, registered_by, created_at)
     select $1, st.ids[1 + g % st.n], st.paths[1 + g % st.n]::ltree, '服务对象' || g, case when g % 2 = 0 then 'MALE' else 'FEMALE' end,
            lpad(g::text, 17, '0') || 'X', array[(array['ELDERLY_LIVING_ALONE', 'SUBSISTENCE_ALLOWANCE', 'LEFT_BEHIND_CHILD', 'VERY_OLD', 'OTHER'])[1 + g % 5]],
            (array['LOW', 'LOW', 'MEDIUM', 'HIGH'])[1 + g % 4], $2, timestamptz '2020-12-01'
       from ${stations} st, generate_series(1, $3::int) g`,
    [tenant, admin, 30_000 * scale],
  );
  await step(
    'volunteers',
    `insert into volunteer (tenant_id, station_id, org_path, node_id, name, gender, id_number, registered_on)
     select $1, st.ids[1 + g % st.n], st.paths[1 + g % st.n]::ltree, s.org_unit_id, '志愿者' || g, 'FEMALE', lpad(g::text, 17, '0') || 'X', date '2020-12-01'
       from ${stations} st cross join generate_series(1, $2::int) g join station s on s.id = st.ids[1 + g % st.n]`,
    [tenant, 10_000 * scale],
  );
  for (let h = 0; h < halfYears; h++) {
    const start = new Date(Date.UTC(2021 + Math.floor(h / 2), (h % 2) * 6, 1)).toISOString().slice(0, 10);
    log(` half-year from ${start}`);
    const day = `(date '${start}' + (g % 181))`;
    await step(
      'cases',
      `insert into case_file (tenant_id, case_number, service_object_id, station_id, org_path, worker_id, stage, opened_on, intake_source, presenting_problem, created_by)
       select $1, 'B${h}-' || g, so.id, so.station_id, so.org_path, $2, 'INTERVENTION', ${day}, 'OUTREACH', '基准测试个案', $2
         from generate_series(1, $3::int) g join lateral (select id, station_id, org_path from service_object where tenant_id = $1 and id_number = lpad(((g * 7 + $5 * $3) % $4 + 1)::text, 17, '0') || 'X') so on true`,
      // Each half-year's cases go to other people: one person has one open case at a time.
      [tenant, admin, 366 * scale, 30_000 * scale, h],
    );
    services += await step(
      'case notes',
      `insert into case_note (tenant_id, case_id, org_path, stage, note_date, kind, duration_minutes, narrative, author_id)
       select c.tenant_id, c.id, c.org_path, 'INTERVENTION', c.opened_on + k, 'INTERVIEW', 45, '面谈记录', $2
         from case_file c cross join generate_series(1, 5) k where c.case_number like 'B${h}-%' and c.tenant_id = $1`,
      [tenant, admin],
    );
    await step(
      'groups',
      `insert into group_work (tenant_id, station_id, org_path, name, goal, planned_sessions, start_date, end_date, created_by)
       select $1, st.ids[1 + g % st.n], st.paths[1 + g % st.n]::ltree, '小组B${h}-' || g, '互助', 5, date '${start}', date '${start}' + 180, $2
         from ${stations} st, generate_series(1, $3::int) g`,
      [tenant, admin, 600 * scale],
    );
    services += await step(
      'group sessions',
      `insert into group_session (tenant_id, group_id, org_path, session_date, duration_minutes, topic, created_by)
       select w.tenant_id, w.id, w.org_path, w.start_date + k * 30, 90, '第' || k || '节', $2
         from group_work w cross join generate_series(1, 5) k where w.tenant_id = $1 and w.name like '小组B${h}-%'`,
      [tenant, admin],
    );
    await step(
      'group members and attendance',
      `with m as (
         insert into group_member (tenant_id, group_id, org_path, resident_name, joined_on)
         select w.tenant_id, w.id, w.org_path, '组员' || k, w.start_date from group_work w cross join generate_series(1, 8) k
          where w.tenant_id = $1 and w.name like '小组B${h}-%' returning tenant_id, id, group_id, org_path)
       insert into session_attendance (tenant_id, session_id, member_id, org_path)
       select $1, s.id, m.id, m.org_path from m join group_session s on s.tenant_id = m.tenant_id and s.group_id = m.group_id`,
      [tenant],
    );
    services += await step(
      'community activities',
      `insert into community_activity (tenant_id, station_id, org_path, node_id, title, activity_date, participant_count, created_by)
       select $1, s.id, s.org_path, s.org_unit_id, '社区活动' || g, ${day}, 10 + g % 21, $2
         from ${stations} st cross join generate_series(1, $3::int) g join station s on s.id = st.ids[1 + g % st.n]`,
      [tenant, admin, 2_295 * scale],
    );
    services += await step(
      'home visits',
      `insert into home_visit (tenant_id, service_object_id, station_id, org_path, visit_date, kind, worker_id)
       select $1, so.id, so.station_id, so.org_path, ${day}, 'HOME', $2
         from generate_series(1, $3::int) g join lateral (select id, station_id, org_path from service_object where tenant_id = $1 and id_number = lpad((g % $4 + 1)::text, 17, '0') || 'X') so on true`,
      [tenant, admin, 39_000 * scale, 30_000 * scale],
    );
    services += await step(
      'volunteer services',
      `insert into volunteer_service (tenant_id, volunteer_id, station_id, org_path, service_date, hours, source, created_by)
       select $1, v.id, v.station_id, v.org_path, ${day}, 2.5, 'STANDALONE', $2
         from generate_series(1, $3::int) g join lateral (select id, station_id, org_path from volunteer where tenant_id = $1 and id_number = lpad((g % $4 + 1)::text, 17, '0') || 'X') v on true`,
      [tenant, admin, 50_000 * scale, 10_000 * scale],
    );
  }
  // As autovacuum would have by then: visibility maps set, so the rollup's index-only scans stay index-only.
  await c.query('vacuum analyze');
  return services;
}
