import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { withOwnerTransaction } from '@platform/database/owner-session';
import { makeIdentityNumber } from '@platform/personal-data/identity-number';
import { DEMO_PASSWORD, DEMO_TENANT, DemoLogin } from './seed-demo';

/**
 * A few months of the demo stations' daily work, so every screen of the console shows something on
 * first start: people served, case files at every stage (with assessments, plans, goals, notes,
 * supervision and closure), home visits leaving some due and overdue this month, groups with
 * sessions and attendance, community activities, volunteers and their hours. The records of each
 * station are written by its demo worker (jfl.worker, qfs.worker), so their workbenches show
 * "my" records; the shapes follow the bench's generator (apps/cli/bench/generate.ts) at a small
 * scale, with the domain's rules kept: one open case per person, each case at the person's station
 * and held by a social worker of that station. Written as the owner in one transaction, relative to
 * today in the city; does nothing if the demo city already has people served.
 */

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段';
const ELDER_GIVEN = [
  '秀英',
  '桂兰',
  '玉兰',
  '淑珍',
  '凤英',
  '秀兰',
  '桂英',
  '德胜',
  '国华',
  '建国',
  '志刚',
  '长海',
  '凤兰',
  '玉珍',
  '广田',
  '振华',
  '秀珍',
  '文斌',
  '素芳',
  '明德',
];
const CHILD_GIVEN = ['子涵', '浩然', '欣怡', '梓萱', '宇轩', '一诺', '思远', '雨桐', '俊熙', '若汐'];
const ADULT_GIVEN = ['海燕', '丽娟', '志强', '晓梅', '建军', '红霞', '伟', '静', '磊', '婷婷'];

const PROBLEMS = [
  '独居高龄，行动不便，近期跌倒一次，子女在外地，需要生活照料与居家安全评估。',
  '低保家庭，家中主要劳动力患病，经济困难，孩子上学费用紧张。',
  '留守儿童，由祖父母照看，学习跟不上，性格内向，与同学交往少。',
  '重度残疾，长期卧床，照护者年迈，申请护理补贴遇到困难。',
  '空巢老人，老伴去世后情绪低落，很少出门，邻居反映多日未见。',
  '困难家庭，租住房屋漏雨，需要链接住房救助与社区资源。',
];
const NOTES = [
  '入户面谈，了解日常起居与用药情况，老人表示愿意接受助餐服务。',
  '电话联系子女，说明服务计划，子女同意每周视频通话一次。',
  '链接社区卫生服务站，预约上门体检，协助办理长护险申请。',
  '组织志愿者上门安装扶手和防滑垫，现场演示使用方法。',
  '陪同前往街道办理低保年审，材料已提交。',
  '与学校老师沟通孩子在校情况，约定每两周反馈一次。',
];
const FINDINGS = [
  '身体状况稳定，情绪良好，家中整洁。',
  '血压偏高，已提醒按时服药并联系家庭医生。',
  '冰箱食物不足，已联系助餐点送餐。',
  '居住环境有安全隐患，已记录，需跟进。',
  '电话回访，老人表示一切正常。',
];
const ACTIVITIES: [string, string, string][] = [
  ['重阳敬老文艺汇演', 'EC_GROUP', '社区广场'],
  ['长者健康义诊', 'EC_HEALTH', '社区卫生服务站'],
  ['防跌倒知识讲座', 'EC_HEALTH', '社区活动室'],
  ['四点半课堂', 'CW_STUDY', '社工站活动室'],
  ['儿童防溺水安全教育', 'CW_SAFETY', '社区活动室'],
  ['困难群众政策宣讲会', 'SA_POLICY', '街道会议室'],
  ['邻里议事会', 'CG_BUILDING', '社区议事厅'],
  ['志愿者服务培训', 'CG_VOLUNTEER', '社工站'],
  ['社区环境美化行动', 'CG_VOLUNTEER', '小区公共区域'],
  ['特困老人节日慰问', 'SA_CARE', '入户'],
];
const SKILLS = ['理发', '医疗护理', '心理疏导', '家电维修', '课业辅导', '文艺表演', '摄影', '法律咨询'];

/** Deterministic, so every demo install has the same people. */
function generator(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A timestamp on a day at an hour in China, never later than now. */
function at(day: string, hour = 10): string {
  return new Date(Math.min(Date.parse(`${day}T${String(hour - 8).padStart(2, '0')}:00:00Z`), Date.now() - 60_000)).toISOString();
}

interface StationPlan {
  code: string;
  worker: string;
  head?: string;
  /** Whether lixia.supervisor is assigned to the station (and so comments on its cases). */
  supervised?: boolean;
  /** A worker account made with the records (the demo password), for stations without a demo login. */
  newWorker?: string;
  index: number;
}

/** Four streets in 历下区 and two in 市中区, so district and city screens compare stations and districts. */
const STATIONS: StationPlan[] = [
  { code: '370102001', worker: 'jfl.worker', head: 'jfl.head', supervised: true, index: 1 },
  { code: '370102002', worker: 'qfs.worker', supervised: true, index: 2 },
  { code: '370102004', worker: 'qcl.worker', newWorker: '泉城路街道驻站社工', index: 3 },
  { code: '370103002', worker: 'gsq.worker', newWorker: '杆石桥街道驻站社工', index: 4 },
  { code: '370103003', worker: 'slc.worker', newWorker: '四里村街道驻站社工', index: 5 },
];

/** The demo logins the records add (README § Demo logins). */
export const DEMO_RECORD_WORKERS = STATIONS.filter((p) => p.newWorker).map((p) => ({ username: p.worker, displayName: p.newWorker!, code: p.code }));

export function demoRecordLogins(): DemoLogin[] {
  return DEMO_RECORD_WORKERS.map((w) => ({ tenant: DEMO_TENANT, username: w.username, password: DEMO_PASSWORD, role: 'SOCIAL_WORKER', at: w.code }));
}

type Stage = 'INTAKE' | 'ASSESSMENT' | 'PLAN' | 'INTERVENTION' | 'EVALUATION' | 'CLOSED';
const ORDER: Stage[] = ['INTAKE', 'ASSESSMENT', 'PLAN', 'INTERVENTION', 'EVALUATION', 'CLOSED'];

export async function seedDemoRecords(ownerUrl: string): Promise<boolean> {
  const found = await withOwnerTransaction(ownerUrl, { platform: true }, async (c) => {
    const { rows } = await c.query<{ id: string; path: string; today: string }>(
      `select t.id, o.path::text as path, to_char(now() at time zone t.time_zone, 'YYYY-MM-DD') as today
         from tenant t join org_unit o on o.tenant_id = t.id and o.level = 1 where t.code = $1`,
      [DEMO_TENANT],
    );
    return rows[0];
  });
  if (!found) return false;
  return withOwnerTransaction(ownerUrl, { tenantId: found.id, scope: [found.path] }, async (c) => {
    if ((await c.query(`select 1 from service_object where tenant_id = $1 limit 1`, [found.id])).rowCount) return false;
    // The extra stations' workers, signing in with the demo password (its hash copied from a demo login).
    for (const w of DEMO_RECORD_WORKERS)
      await c.query(
        `with node as (select id, path from org_unit where tenant_id = $1 and code = $4),
              account as (
                insert into user_account (tenant_id, id, username, display_name, password_hash, org_unit_id, org_path)
                select $1, gen_random_uuid(), $2, $3, (select password_hash from user_account where tenant_id = $1 and username = 'jfl.worker'), node.id, node.path
                  from node returning id, org_unit_id, org_path)
         insert into role_assignment (tenant_id, user_id, role, org_unit_id, org_path) select $1, id, 'SOCIAL_WORKER', org_unit_id, org_path from account`,
        [found.id, w.username, w.displayName, w.code],
      );
    const users = new Map(
      (await c.query<{ username: string; id: string }>(`select username, id from user_account where tenant_id = $1`, [found.id])).rows.map((r) => [
        r.username,
        r.id,
      ]),
    );
    const items = new Map(
      (await c.query<{ code: string; id: string }>(`select code, id from catalog_item where tenant_id = $1`, [found.id])).rows.map((r) => [r.code, r.id]),
    );
    const counters = new Map<number, number>();
    for (const plan of STATIONS) await seedStation(c, found.id, found.today, plan, users, items, counters);
    await seedWorkOrders(c, found.id, users);
    for (const [year, last] of counters)
      await c.query(
        `insert into case_counter (tenant_id, year, last_number) values ($1, $2, $3)
         on conflict (tenant_id, year) do update set last_number = greatest(case_counter.last_number, excluded.last_number)`,
        [found.id, year, last],
      );
    return true;
  });
}

async function seedStation(
  c: Client,
  tenant: string,
  today: string,
  plan: StationPlan,
  users: Map<string, string>,
  items: Map<string, string>,
  counters: Map<number, number>,
): Promise<void> {
  const random = generator(20260101 + plan.index);
  const pickOf = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const worker = users.get(plan.worker)!;
  const head = plan.head ? users.get(plan.head) : undefined;
  const supervisor = plan.supervised ? users.get('lixia.supervisor') : undefined;
  const [station] = (
    await c.query<{ id: string; path: string; node: string; name: string }>(
      `select s.id, s.org_path::text as path, o.id as node, o.name from station s join org_unit o on o.tenant_id = s.tenant_id and o.id = s.org_unit_id
        where s.tenant_id = $1 and o.code = $2`,
      [tenant, plan.code],
    )
  ).rows;
  if (!station || !worker) return;
  const communities = (
    await c.query<{ id: string; name: string }>(`select id, name from org_unit where tenant_id = $1 and parent_id = $2 order by code`, [tenant, station.node])
  ).rows;

  // People served: mostly elderly, some children and families; a few at high risk.
  type Person = { id: string; name: string; categories: string[]; risk: string; created: string; kind: 'elder' | 'child' | 'adult' };
  const people: Person[] = [];
  const used = new Set<string>();
  const CATS: [string[], Person['kind']][] = [
    [['ELDERLY_LIVING_ALONE'], 'elder'],
    [['EMPTY_NEST_ELDERLY'], 'elder'],
    [['VERY_OLD', 'ELDERLY_LIVING_ALONE'], 'elder'],
    [['SUBSISTENCE_ALLOWANCE', 'FAMILY_IN_DIFFICULTY'], 'adult'],
    [['LEFT_BEHIND_CHILD'], 'child'],
    [['CHILD_IN_DIFFICULTY'], 'child'],
    [['SEVERELY_DISABLED'], 'adult'],
    [['DISABLED_ELDERLY'], 'elder'],
    [['EXTREME_POVERTY'], 'elder'],
    [['OTHER'], 'adult'],
  ];
  for (let i = 0; i < 36; i++) {
    const [categories, kind] = CATS[i % CATS.length];
    let name: string;
    do name = pickOf([...SURNAMES]) + pickOf(kind === 'elder' ? ELDER_GIVEN : kind === 'child' ? CHILD_GIVEN : ADULT_GIVEN);
    while (used.has(name));
    used.add(name);
    const birthYear =
      kind === 'elder' ? 1932 + Math.floor(random() * 28) : kind === 'child' ? 2012 + Math.floor(random() * 8) : 1965 + Math.floor(random() * 25);
    const birth = `${birthYear}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    // The 17th digit (the sequence's last) is odd for a man, even for a woman.
    const male = i % 2 === 1;
    const sequence = `${plan.index}${String(i).padStart(2, '0')}`;
    const risk = i % 12 === 5 ? 'HIGH' : i % 4 === 1 ? 'MEDIUM' : 'LOW';
    const created = addDays(today, -150 + i);
    const community = communities.length ? communities[i % communities.length] : undefined;
    const id = randomUUID();
    await c.query(
      `insert into service_object (tenant_id, id, station_id, org_path, community_id, name, gender, birth_date, id_number, phone, address, categories, risk_level,
                                   guardian_name, guardian_phone, guardian_relation, registered_by, created_at, updated_at, risk_since)
       values ($1, $2, $3, $4::ltree, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19)`,
      [
        tenant,
        id,
        station.id,
        station.path,
        community?.id ?? null,
        name,
        male ? 'MALE' : 'FEMALE',
        birth,
        makeIdentityNumber(plan.code.slice(0, 6), birth, sequence),
        `13${String(805310000 + plan.index * 1000 + i * 37).padStart(9, '0')}`,
        `济南市历下区${station.name}${community?.name ?? ''}${1 + (i % 12)}号楼${1 + (i % 3)}单元${101 + i}室`,
        categories,
        risk,
        kind === 'elder' ? `${name[0]}${pickOf(ADULT_GIVEN)}` : kind === 'child' ? `${name[0]}${pickOf(ELDER_GIVEN)}` : null,
        kind === 'adult' ? null : `13${String(905310000 + plan.index * 1000 + i * 41).padStart(9, '0')}`,
        kind === 'elder' ? '子女' : kind === 'child' ? '监护人' : null,
        worker,
        at(created),
        risk === 'HIGH' ? created : null,
      ],
    );
    people.push({ id, name, categories, risk, created, kind });
  }

  // Case files at every stage, one per person, held by the station's worker.
  const stages: Stage[] = [
    'INTAKE',
    'INTAKE',
    'ASSESSMENT',
    'ASSESSMENT',
    'PLAN',
    'INTERVENTION',
    'INTERVENTION',
    'INTERVENTION',
    'EVALUATION',
    'EVALUATION',
    'CLOSED',
    'CLOSED',
  ];
  const cases: { id: string; stage: Stage; notes: string[]; path: string }[] = [];
  for (const [i, target] of stages.entries()) {
    const stage: Stage = target === 'CLOSED' && !head ? 'INTERVENTION' : target;
    const person = people[i];
    const openedOn = addDays(today, -(110 - i * 7));
    const year = Number(openedOn.slice(0, 4));
    const number = (counters.get(year) ?? 0) + 1;
    counters.set(year, number);
    const id = randomUUID();
    const reached = (s: Stage) => ORDER.indexOf(stage) >= ORDER.indexOf(s);
    const assessment = reached('ASSESSMENT')
      ? {
          needs: [
            { domain: 'DAILY_LIVING', description: '日常起居需要协助' },
            { domain: 'SOCIAL', description: '社会交往减少，需要陪伴' },
          ],
          strengths: '邻里关系融洽，社区资源较近',
          riskLevel: person.risk,
          riskNotes: person.risk === 'HIGH' ? '独自在家时有跌倒风险' : null,
        }
      : null;
    await c.query(
      `insert into case_file (tenant_id, id, case_number, service_object_id, station_id, org_path, worker_id, stage, opened_on, closed_on, intake_source,
                              presenting_problem, assessment, plan_summary, evaluation, closure_reason, closure_summary, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6::ltree, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $7, $18, $18)`,
      [
        tenant,
        id,
        `${year}-${String(number).padStart(6, '0')}`,
        person.id,
        station.id,
        station.path,
        worker,
        stage,
        openedOn,
        stage === 'CLOSED' ? addDays(openedOn, 80) : null,
        pickOf(['OUTREACH', 'HOTLINE_12345', 'WALK_IN', 'REFERRAL']),
        PROBLEMS[i % PROBLEMS.length],
        assessment && JSON.stringify(assessment),
        reached('PLAN') ? '链接助餐与居家适老化改造，每周探访一次，协助申请相关救助。' : null,
        reached('EVALUATION') ? JSON.stringify({ summary: '服务目标基本达成，服务对象生活状况改善，家属满意。' }) : null,
        stage === 'CLOSED' ? 'GOALS_ACHIEVED' : null,
        stage === 'CLOSED' ? '目标达成，转入常规探访。' : null,
        at(openedOn),
      ],
    );
    // The stage history, a step every week or two.
    let day = openedOn;
    let from: Stage | null = null;
    for (const s of ORDER.slice(0, ORDER.indexOf(stage) + 1)) {
      await c.query(
        `insert into case_stage_event (tenant_id, case_id, org_path, from_stage, to_stage, moved_by, moved_at) values ($1, $2, $3::ltree, $4, $5, $6, $7)`,
        [tenant, id, station.path, from, s, s === 'CLOSED' ? head : worker, at(day, 9 + ORDER.indexOf(s))],
      );
      from = s;
      day = addDays(day, s === 'INTERVENTION' ? 40 : 8);
    }
    if (reached('PLAN')) {
      for (const [g, text] of ['改善居家安全，防止再次跌倒', '建立稳定的社会支持网络'].entries())
        await c.query(
          `insert into case_goal (tenant_id, case_id, org_path, description, target_date, planned_services, status, attainment_note)
           values ($1, $2, $3::ltree, $4, $5, $6, $7, $8)`,
          [
            tenant,
            id,
            station.path,
            text,
            addDays(openedOn, 90),
            g === 0 ? '适老化改造、志愿者上门' : '邻里互助、小组活动',
            reached('EVALUATION') ? 'ACHIEVED' : 'OPEN',
            reached('EVALUATION') ? '已完成' : null,
          ],
        );
    }
    const notes: string[] = [];
    const noteCount = reached('INTERVENTION') ? 3 : 1;
    for (let n = 0; n < noteCount; n++) {
      const noteDay = n === 0 ? openedOn : addDays(openedOn, 30 + n * 9);
      const noteId = randomUUID();
      await c.query(
        `insert into case_note (tenant_id, id, case_id, org_path, stage, note_date, kind, duration_minutes, narrative, author_id, created_at)
         values ($1, $2, $3, $4::ltree, $5, $6, $7, $8, $9, $10, $11)`,
        [
          tenant,
          noteId,
          id,
          station.path,
          n === 0 ? 'INTAKE' : 'INTERVENTION',
          noteDay > today ? today : noteDay,
          n === 0 ? 'INTERVIEW' : pickOf(['HOME_VISIT', 'PHONE', 'RESOURCE_LINK']),
          30 + 15 * n,
          NOTES[(i + n) % NOTES.length],
          worker,
          at(noteDay > today ? today : noteDay, 15),
        ],
      );
      notes.push(noteId);
    }
    if (stage === 'EVALUATION' && i === 9)
      await c.query(
        `insert into case_closure_request (tenant_id, case_id, org_path, reason, summary, status, requested_by, requested_at) values ($1, $2, $3::ltree, 'GOALS_ACHIEVED', $4, 'PENDING', $5, $6)`,
        [tenant, id, station.path, '两个目标均已达成，服务对象同意结案。', worker, at(addDays(today, -3))],
      );
    if (stage === 'CLOSED' && head)
      await c.query(
        `insert into case_closure_request (tenant_id, case_id, org_path, reason, summary, status, requested_by, requested_at, decided_by, decided_at, decision_comment)
         values ($1, $2, $3::ltree, 'GOALS_ACHIEVED', '目标达成。', 'APPROVED', $4, $5, $6, $7, '同意结案')`,
        [tenant, id, station.path, worker, at(addDays(openedOn, 78)), head, at(addDays(openedOn, 80))],
      );
    cases.push({ id, stage, notes, path: station.path });
  }

  // Supervision: open threads on cases in intervention (one on a note, one answered), one resolved.
  if (supervisor) {
    const comment = async (caseIndex: number, body: string, options: { note?: boolean; reply?: string; resolved?: boolean; daysAgo: number }) => {
      const k = cases[caseIndex];
      const id = randomUUID();
      await c.query(
        `insert into supervision_comment (tenant_id, id, case_id, org_path, note_id, author_id, body, resolved_at, resolved_by, created_at)
         values ($1, $2, $3, $4::ltree, $5, $6, $7, $8, $9, $10)`,
        [
          tenant,
          id,
          k.id,
          k.path,
          options.note ? k.notes[k.notes.length - 1] : null,
          supervisor,
          body,
          options.resolved ? at(addDays(today, -options.daysAgo + 2)) : null,
          options.resolved ? supervisor : null,
          at(addDays(today, -options.daysAgo), 14),
        ],
      );
      if (options.reply)
        await c.query(
          `insert into supervision_comment (tenant_id, case_id, org_path, parent_id, author_id, body, created_at) values ($1, $2, $3::ltree, $4, $5, $6, $7)`,
          [tenant, k.id, k.path, id, worker, options.reply, at(addDays(today, -options.daysAgo + 1), 9)],
        );
    };
    await comment(5, '建议补充对家庭支持系统的评估，明确子女可承担的照护责任。', { daysAgo: 6, reply: '已与子女沟通，下次面谈时补充家庭会议记录。' });
    await comment(6, '此次资源链接记录较简略，请补充服务对象本人的意愿和反馈。', { note: true, daysAgo: 3 });
    await comment(7, '介入目标可进一步具体化、可测量，例如每周外出活动次数。', { daysAgo: 20, resolved: true });
  }

  // Home visits over the past months; this month only some done, so some are due and some overdue.
  const monthStart = `${today.slice(0, 8)}01`;
  for (const [i, person] of people.entries()) {
    const ruled = person.risk === 'HIGH' || person.categories.some((x) => x !== 'OTHER');
    if (!ruled) continue;
    const visits: string[] = [];
    // Weekly visits of people at high risk stopped twelve days ago: overdue now.
    const until = person.risk === 'HIGH' ? addDays(today, -12) : monthStart;
    for (
      let d = addDays(person.created, 10);
      d < until;
      d = addDays(d, person.risk === 'HIGH' ? 7 : person.categories.includes('ELDERLY_LIVING_ALONE') ? 14 : 28)
    )
      visits.push(d);
    if (i % 3 === 0 && person.risk !== 'HIGH') visits.push(addDays(monthStart, 1) > today ? today : addDays(monthStart, 1));
    for (const d of visits.filter((v) => v <= today && v >= addDays(today, -120))) {
      await c.query(
        `insert into home_visit (tenant_id, service_object_id, station_id, org_path, visit_date, kind, findings, follow_up_needed, worker_id, created_at)
         values ($1, $2, $3, $4::ltree, $5, $6, $7, $8, $9, $10)`,
        [tenant, person.id, station.id, station.path, d, random() < 0.7 ? 'HOME' : 'PHONE', pickOf(FINDINGS), random() < 0.15, worker, at(d, 16)],
      );
    }
  }

  // Groups with sessions every fortnight and most members attending.
  const groups: [string, string, string, Person['kind'] | 'resident'][] = [
    ['长者防跌倒互助小组', '通过运动训练与经验分享，降低长者跌倒风险', 'EC_GROUP', 'elder'],
    ['四点半课堂成长小组', '陪伴留守儿童完成作业，提升学习兴趣与自信', 'CW_STUDY', 'resident'],
  ];
  for (const [g, [name, goal, item, kind]] of groups.entries()) {
    const start = addDays(today, -84 + g * 14);
    const groupId = randomUUID();
    await c.query(
      `insert into group_work (tenant_id, id, station_id, org_path, name, goal, target_population, catalog_item_id, planned_sessions, start_date, end_date, stage,
                               facilitator_ids, created_by, created_at, updated_at)
       values ($1, $2, $3, $4::ltree, $5, $6, $7, $8, 8, $9, $10, 'MATURITY', $11, $12, $13, $13)`,
      [
        tenant,
        groupId,
        station.id,
        station.path,
        name,
        goal,
        kind === 'elder' ? '社区高龄、独居老人' : '辖区留守儿童',
        items.get(item) ?? null,
        start,
        addDays(start, 120),
        [worker],
        worker,
        at(start),
      ],
    );
    const members: string[] = [];
    const pool = kind === 'elder' ? people.filter((p) => p.kind === 'elder').slice(0, 8) : [];
    for (let m = 0; m < 8; m++) {
      const memberId = randomUUID();
      const person = pool[m];
      await c.query(
        `insert into group_member (tenant_id, id, group_id, org_path, service_object_id, resident_name, joined_on) values ($1, $2, $3, $4::ltree, $5, $6, $7)`,
        [tenant, memberId, groupId, station.path, person?.id ?? null, person ? null : pickOf([...SURNAMES]) + pickOf(CHILD_GIVEN), start],
      );
      members.push(memberId);
    }
    for (let s = 0; s < 6; s++) {
      const day = addDays(start, s * 14);
      if (day > today) break;
      const sessionId = randomUUID();
      await c.query(
        `insert into group_session (tenant_id, id, group_id, org_path, session_date, duration_minutes, topic, record, created_by, created_at)
         values ($1, $2, $3, $4::ltree, $5, 90, $6, $7, $8, $9)`,
        [tenant, sessionId, groupId, station.path, day, `第${s + 1}节`, '组员积极参与，分享了各自的经验。', worker, at(day, 15)],
      );
      for (const member of members) {
        if (random() < 0.2) continue;
        await c.query(`insert into session_attendance (tenant_id, session_id, member_id, org_path) values ($1, $2, $3, $4::ltree)`, [
          tenant,
          sessionId,
          member,
          station.path,
        ]);
      }
    }
  }

  // Community activities, one every week or so.
  for (let a = 0; a < 14; a++) {
    const [title, item, place] = ACTIVITIES[(a + plan.index) % ACTIVITIES.length];
    const day = addDays(today, -(a * 8 + 2));
    const participants = people.slice(a, a + 4).map((p) => ({ name: p.name, serviceObjectId: p.id }));
    await c.query(
      `insert into community_activity (tenant_id, station_id, org_path, node_id, title, activity_date, place, catalog_item_id, participant_count, participants,
                                       volunteers, photos, summary, created_by, created_at, updated_at)
       values ($1, $2, $3::ltree, $4, $5, $6, $7, $8, $9, $10, '[]', '{}', $11, $12, $13, $13)`,
      [
        tenant,
        station.id,
        station.path,
        communities.length ? communities[a % communities.length].id : station.node,
        title,
        day,
        place,
        items.get(item) ?? null,
        15 + Math.floor(random() * 45),
        JSON.stringify(participants),
        '活动顺利开展，居民反响良好。',
        worker,
        at(day, 17),
      ],
    );
  }

  // Volunteers developed by the worker, with hours served.
  for (let v = 0; v < 12; v++) {
    const birth = `${1960 + Math.floor(random() * 40)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const male = v % 2 === 1;
    const id = randomUUID();
    await c.query(
      `insert into volunteer (tenant_id, id, station_id, org_path, node_id, developer_id, name, gender, id_number, phone, skills, availability, registered_on, status, created_at, updated_at)
       values ($1, $2, $3, $4::ltree, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'ACTIVE', $14, $14)`,
      [
        tenant,
        id,
        station.id,
        station.path,
        station.node,
        worker,
        pickOf([...SURNAMES]) + pickOf(ADULT_GIVEN),
        male ? 'MALE' : 'FEMALE',
        makeIdentityNumber(plan.code.slice(0, 6), birth, `${(5 + plan.index) % 10}${String(v).padStart(2, '0')}`),
        `13${String(705310000 + plan.index * 1000 + v * 43).padStart(9, '0')}`,
        [pickOf(SKILLS), pickOf(SKILLS)].filter((x, k, xs) => xs.indexOf(x) === k),
        pickOf(['周末', '工作日晚上', '每周三下午', '随时']),
        addDays(today, -200 + v * 9),
        at(addDays(today, -200 + v * 9)),
      ],
    );
    for (let s = 0; s < 1 + (v % 4); s++) {
      const day = addDays(today, -(s * 17 + v + 1));
      await c.query(
        `insert into volunteer_service (tenant_id, volunteer_id, station_id, org_path, service_date, hours, source, description, created_by, created_at)
         values ($1, $2, $3, $4::ltree, $5, $6, 'STANDALONE', $7, $8, $9)`,
        [
          tenant,
          id,
          station.id,
          station.path,
          day,
          (1.5 + (s % 3)).toFixed(1),
          pickOf(['陪伴独居老人', '协助社区活动', '课业辅导', '环境清扫']),
          worker,
          at(day, 18),
        ],
      );
    }
  }
}

/** A few citizen requests in 历下区: waiting for dispatch, sent back, at 解放路 to accept, in hand, closed and called back. */
const DEMO_WORK_ORDERS: {
  n: number;
  hoursAgo: number;
  name: string;
  category: string;
  content: string;
  urgency: 'URGENT' | 'NORMAL';
  state: 'RECEIVED' | 'RETURNED' | 'DISPATCHED' | 'ACCEPTED' | 'CLOSED';
  satisfaction?: 'SATISFIED' | 'BASICALLY_SATISFIED' | 'UNSATISFIED';
}[] = [
  {
    n: 1,
    hoursAgo: 1,
    name: '刘桂兰',
    category: '养老服务',
    content: '独居老人近日行动不便，希望社区上门看望并链接助餐服务。',
    urgency: 'URGENT',
    state: 'RECEIVED',
  },
  {
    n: 2,
    hoursAgo: 5,
    name: '陈建国',
    category: '社区治理',
    content: '小区楼道堆放杂物，存在消防隐患，希望社区协调清理。',
    urgency: 'NORMAL',
    state: 'RECEIVED',
  },
  { n: 3, hoursAgo: 30, name: '赵丽', category: '儿童关爱', content: '邻居家孩子长期无人照看，放学后独自在家。', urgency: 'NORMAL', state: 'RETURNED' },
  { n: 4, hoursAgo: 3, name: '孙伟', category: '残疾人服务', content: '肢体残疾人申请辅具适配，不清楚办理流程。', urgency: 'NORMAL', state: 'DISPATCHED' },
  { n: 5, hoursAgo: 50, name: '周敏', category: '社会救助', content: '家庭突发变故，生活困难，咨询临时救助。', urgency: 'NORMAL', state: 'ACCEPTED' },
  {
    n: 6,
    hoursAgo: 200,
    name: '吴秀英',
    category: '养老服务',
    content: '高龄老人需要定期探访。',
    urgency: 'NORMAL',
    state: 'CLOSED',
    satisfaction: 'SATISFIED',
  },
  { n: 7, hoursAgo: 120, name: '郑强', category: '其他', content: '咨询社工站服务时间和活动安排。', urgency: 'NORMAL', state: 'CLOSED' },
];

async function seedWorkOrders(c: Client, tenant: string, users: Map<string, string>): Promise<void> {
  const dispatcher = users.get('lixia.dispatcher');
  const worker = users.get('jfl.worker');
  const [place] = (
    await c.query<{ district: string; district_path: string; station: string; station_path: string }>(
      `select d.id as district, d.path::text as district_path, s.id as station, s.org_path::text as station_path
         from org_unit d join org_unit o on o.tenant_id = d.tenant_id and o.code = '370102001'
         join station s on s.tenant_id = o.tenant_id and s.org_unit_id = o.id where d.tenant_id = $1 and d.code = '370102'`,
      [tenant],
    )
  ).rows;
  if (!place || !dispatcher || !worker) return;
  for (const o of DEMO_WORK_ORDERS) {
    const atStation = ['DISPATCHED', 'ACCEPTED', 'CLOSED'].includes(o.state);
    const [{ id, received }] = (
      await c.query<{ id: string; received: Date }>(
        `insert into work_order (tenant_id, order_number, source, received_at, requester_name, requester_phone, address, category_id, content, urgency,
                                 intake_node_id, intake_path, station_id, org_path, status, contact_due, resolve_due, first_contacted_at, accepted_at,
                                 closed_at, result, reply, satisfaction, callback_at, created_by)
         select $1, $2, 'HOTLINE_12345', r.at, $3, $4, $5, (select id from work_order_category where tenant_id = $1 and name = $6), $7, $8::text,
                $9, $10::ltree, $11, $12::ltree, $13::text, r.at + make_interval(hours => case when $8::text = 'URGENT' then 2 else 24 end),
                (((r.at at time zone 'Asia/Shanghai')::date + case when $8::text = 'URGENT' then 1 else 7 end + 1)::timestamp at time zone 'Asia/Shanghai'),
                case when $13::text in ('ACCEPTED', 'CLOSED') then r.at + interval '1 hour' end,
                case when $13::text in ('ACCEPTED', 'CLOSED') then r.at + interval '30 minutes' end,
                case when $13::text = 'CLOSED' then r.at + interval '2 days' end,
                case when $13::text = 'CLOSED' then '社工上门了解情况并链接相应服务。' end,
                case when $13::text = 'CLOSED' then '您反映的问题已由解放路街道社工站办理，感谢您的反映。' end,
                $14::text, case when $14::text is not null then r.at + interval '3 days' end, $15
           from (select now() - make_interval(hours => $16::int) as at) r
         returning id, received_at as received`,
        [
          tenant,
          `DEMO-12345-${String(o.n).padStart(4, '0')}`,
          o.name,
          `1380531${String(o.n).padStart(4, '0')}`,
          `历下区解放路${o.n}号`,
          o.category,
          o.content,
          o.urgency,
          place.district,
          place.district_path,
          atStation ? place.station : null,
          atStation ? place.station_path : place.district_path,
          o.state,
          o.satisfaction ?? null,
          dispatcher,
          o.hoursAgo,
        ],
      )
    ).rows;
    const moves: [string, string | null, string | null, string | null, number][] = [['RECEIVE', null, null, dispatcher, 0]];
    if (o.state !== 'RECEIVED') moves.push(['DISPATCH', place.station, null, dispatcher, 0.1]);
    if (o.state === 'RETURNED') moves.push(['RETURN', place.station, '诉求地址不在本街道辖区', worker, 0.3]);
    if (['ACCEPTED', 'CLOSED'].includes(o.state)) moves.push(['ACCEPT', place.station, null, worker, 0.5]);
    if (o.state === 'CLOSED') moves.push(['CLOSE', place.station, null, worker, 48]);
    if (o.satisfaction) moves.push(['CALLBACK', place.station, '电话回访', dispatcher, 72]);
    for (const [kind, station, reason, actor, hours] of moves)
      await c.query(
        `insert into work_order_move (tenant_id, work_order_id, kind, station_id, reason, actor_id, at) values ($1, $2, $3, $4, $5, $6, $7::timestamptz + make_interval(secs => $8::double precision))`,
        [tenant, id, kind, station, reason, actor, received, hours * 3600],
      );
    if (['ACCEPTED', 'CLOSED'].includes(o.state))
      await c.query(
        `insert into work_order_contact (tenant_id, work_order_id, kind, note, actor_id, at) values ($1, $2, 'CONTACT', '电话联系诉求人，了解具体情况', $3, $4::timestamptz + interval '1 hour')`,
        [tenant, id, worker, received],
      );
  }
}
