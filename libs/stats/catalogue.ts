/**
 * The statistics metrics, declared once. From this list come the rollup's trigger functions and
 * `stat_rebuild` (rollup-sql.ts, applied by a hash-checked step of the migrations), the GraphQL
 * figures (StatFigures) and the ranking metrics, the Excel export's columns, and the totals.
 *
 * Every figure is kept in the statistics rollup by triggers on the records, in the same
 * transaction as the record: flows count records dated in [from, to]; stocks stand on `to` (kept
 * as their changes on the day they happen); distinct flows count members once over the period;
 * sums add other figures. Voided records count for nothing. A record's org_path decides whose
 * subtree it belongs to.
 *
 * A source is SQL over the records, each source table written `{table}`, joining from one changed row: it yields
 * (tenant_id, org_path, day, value) for flows and stocks, (tenant_id, org_path, day, member_id)
 * for distinct flows. Adding a metric is one entry here: the next `migration:run` (and every
 * start) sees its definition hash change, installs the triggers and fills its totals from the
 * records already there.
 */
export type MetricShape = 'flow' | 'distinct' | 'stock' | 'sum';

export interface MetricSource {
  /** The tables the SQL reads (each written {table}); a change to any of them moves the figure. */
  tables: readonly string[];
  sql: string;
}

export interface MetricDefinition {
  name: string;
  /** The Chinese label (the Excel column, the console). */
  label: string;
  unit: '条' | '次' | '人次' | '人' | '个' | '节' | '项' | '小时' | '元';
  shape: MetricShape;
  /** Money and hours: summed as numeric, travelling as Decimal strings. */
  decimal?: boolean;
  /** What the GraphQL field says of itself. */
  description?: string;
  /**
   * Where it comes from. A change's effect is computed per changed table from its transition rows,
   * so a source reads one changed table at a time: figures fed by independent tables (linkage
   * contributions and donations) have one source each.
   */
  source?: MetricSource;
  sources?: readonly MetricSource[];
  /** For sums: the figures added up. */
  of?: readonly string[];
}

const TZ_DAY = (column: string) => `(${column} at time zone coalesce((select t.time_zone from tenant t where t.id = x.tenant_id), 'Asia/Shanghai'))::date`;

/** In the order of the Excel table. */
export const METRICS: readonly MetricDefinition[] = [
  {
    name: 'totalServices',
    label: '服务总量',
    unit: '次',
    shape: 'sum',
    of: ['caseRecords', 'groupSessions', 'communityActivities', 'homeVisits', 'volunteerServices'],
    description: 'All service records: case records, group sessions, community activities, home visits, volunteer services',
  },
  {
    name: 'caseRecords',
    label: '个案记录',
    unit: '条',
    shape: 'flow',
    description: '个案记录 written in the period',
    source: { tables: ['case_note'], sql: `select x.tenant_id, x.org_path, x.note_date, 1::numeric from {case_note} x` },
  },
  {
    name: 'casesOpened',
    label: '新开个案',
    unit: '个',
    shape: 'flow',
    source: { tables: ['case_file'], sql: `select x.tenant_id, x.org_path, x.opened_on, 1::numeric from {case_file} x` },
  },
  {
    name: 'casesClosed',
    label: '结案',
    unit: '个',
    shape: 'flow',
    source: { tables: ['case_file'], sql: `select x.tenant_id, x.org_path, x.closed_on, 1::numeric from {case_file} x where x.closed_on is not null` },
  },
  {
    name: 'casesActive',
    label: '在案个案',
    unit: '个',
    shape: 'stock',
    description: 'Cases open on the last day',
    source: {
      tables: ['case_file'],
      sql: `select x.tenant_id, x.org_path, x.opened_on, 1::numeric from {case_file} x
            union all select x.tenant_id, x.org_path, greatest(x.opened_on, x.closed_on), -1 from {case_file} x where x.closed_on is not null`,
    },
  },
  {
    name: 'groupSessions',
    label: '小组节次',
    unit: '节',
    shape: 'flow',
    source: {
      tables: ['group_session', 'group_work'],
      sql: `select x.tenant_id, x.org_path, x.session_date, 1::numeric
              from {group_session} x join {group_work} g on g.tenant_id = x.tenant_id and g.id = x.group_id
             where x.voided_at is null and g.voided_at is null`,
    },
  },
  {
    name: 'groupPersonTimes',
    label: '小组参与人次',
    unit: '人次',
    shape: 'flow',
    source: {
      tables: ['group_session', 'group_work', 'session_attendance'],
      sql: `select x.tenant_id, x.org_path, x.session_date, 1::numeric
              from {group_session} x join {group_work} g on g.tenant_id = x.tenant_id and g.id = x.group_id
              join {session_attendance} a on a.tenant_id = x.tenant_id and a.session_id = x.id
             where x.voided_at is null and g.voided_at is null`,
    },
  },
  {
    name: 'communityActivities',
    label: '社区活动',
    unit: '次',
    shape: 'flow',
    source: {
      tables: ['community_activity'],
      sql: `select x.tenant_id, x.org_path, x.activity_date, 1::numeric from {community_activity} x where x.voided_at is null`,
    },
  },
  {
    name: 'communityPersonTimes',
    label: '社区活动参与人次',
    unit: '人次',
    shape: 'flow',
    source: {
      tables: ['community_activity'],
      sql: `select x.tenant_id, x.org_path, x.activity_date, coalesce(x.participant_count, 0)::numeric from {community_activity} x where x.voided_at is null`,
    },
  },
  {
    name: 'personTimes',
    label: '参与人次合计',
    unit: '人次',
    shape: 'sum',
    of: ['groupPersonTimes', 'communityPersonTimes'],
    description: 'Participant person-times: group attendances plus community participants',
  },
  {
    name: 'homeVisits',
    label: '探访',
    unit: '次',
    shape: 'flow',
    source: { tables: ['home_visit'], sql: `select x.tenant_id, x.org_path, x.visit_date, 1::numeric from {home_visit} x where x.voided_at is null` },
  },
  {
    name: 'volunteerServices',
    label: '志愿服务次数',
    unit: '次',
    shape: 'flow',
    source: {
      tables: ['volunteer_service'],
      sql: `select x.tenant_id, x.org_path, x.service_date, 1::numeric from {volunteer_service} x where x.voided_at is null`,
    },
  },
  {
    name: 'volunteerHours',
    label: '志愿服务时长(小时)',
    unit: '小时',
    shape: 'flow',
    decimal: true,
    source: {
      tables: ['volunteer_service'],
      sql: `select x.tenant_id, x.org_path, x.service_date, x.hours from {volunteer_service} x where x.voided_at is null`,
    },
  },
  {
    name: 'volunteersActive',
    label: '参与服务志愿者',
    unit: '人',
    shape: 'distinct',
    description: 'Volunteers who served in the period',
    source: {
      tables: ['volunteer_service'],
      sql: `select x.tenant_id, x.org_path, x.service_date, x.volunteer_id from {volunteer_service} x where x.voided_at is null`,
    },
  },
  {
    name: 'volunteersRegistered',
    label: '登记志愿者',
    unit: '人',
    shape: 'stock',
    description: 'Active volunteers registered by the last day',
    source: { tables: ['volunteer'], sql: `select x.tenant_id, x.org_path, x.registered_on, 1::numeric from {volunteer} x where x.status = 'ACTIVE'` },
  },
  {
    name: 'serviceObjects',
    label: '服务对象',
    unit: '人',
    shape: 'stock',
    description: 'People served registered by the last day',
    // People served count from their registration day in the city's time zone.
    source: { tables: ['service_object'], sql: `select x.tenant_id, x.org_path, ${TZ_DAY('x.created_at')}, 1::numeric from {service_object} x` },
  },
  {
    name: 'highRiskObjects',
    label: '高风险服务对象',
    unit: '人',
    shape: 'stock',
    source: {
      tables: ['service_object'],
      sql: `select x.tenant_id, x.org_path, ${TZ_DAY('x.created_at')}, 1::numeric from {service_object} x where x.risk_level = 'HIGH'`,
    },
  },
  {
    name: 'organizationsMobilized',
    label: '动员社区社会组织',
    unit: '个',
    shape: 'distinct',
    source: {
      tables: ['organization_mobilization', 'community_activity'],
      sql: `select x.tenant_id, x.org_path, a.activity_date, x.organization_id
              from {organization_mobilization} x join {community_activity} a on a.tenant_id = x.tenant_id and a.id = x.activity_id
             where a.voided_at is null`,
    },
  },
  {
    name: 'organizationsNewlyCultivated',
    label: '新培育社区社会组织',
    unit: '个',
    shape: 'flow',
    source: {
      tables: ['social_organization'],
      sql: `select x.tenant_id, x.org_path, x.cultivated_since, 1::numeric from {social_organization} x where x.cultivated_since is not null`,
    },
  },
  {
    name: 'linkages',
    label: '五社联动',
    unit: '项',
    shape: 'flow',
    source: { tables: ['linkage'], sql: `select x.tenant_id, x.org_path, x.linkage_date, 1::numeric from {linkage} x where x.voided_at is null` },
  },
  {
    name: 'charityMoney',
    label: '链接慈善资金(元)',
    unit: '元',
    shape: 'flow',
    decimal: true,
    description: 'Charity money linked (linkage contributions and charity resources), yuan',
    // A donation filed under a linkage details that linkage's contribution and is not added twice.
    sources: [
      {
        tables: ['linkage', 'linkage_contribution'],
        sql: `select l.tenant_id, l.org_path, l.linkage_date, coalesce(k.money, 0)
                from {linkage} l join {linkage_contribution} k on k.tenant_id = l.tenant_id and k.linkage_id = l.id where l.voided_at is null`,
      },
      {
        tables: ['charity_resource'],
        sql: `select x.tenant_id, x.org_path, x.received_on, coalesce(x.amount, 0) from {charity_resource} x where x.linkage_id is null and x.voided_at is null`,
      },
    ],
  },
  {
    name: 'charityGoodsValue',
    label: '链接慈善物资价值(元)',
    unit: '元',
    shape: 'flow',
    decimal: true,
    sources: [
      {
        tables: ['linkage', 'linkage_contribution'],
        sql: `select l.tenant_id, l.org_path, l.linkage_date, coalesce(k.goods_value, 0)
                from {linkage} l join {linkage_contribution} k on k.tenant_id = l.tenant_id and k.linkage_id = l.id where l.voided_at is null`,
      },
      {
        tables: ['charity_resource'],
        sql: `select x.tenant_id, x.org_path, x.received_on, coalesce(x.goods_value, 0) from {charity_resource} x where x.linkage_id is null and x.voided_at is null`,
      },
    ],
  },
  {
    name: 'supervisionComments',
    label: '督导意见',
    unit: '条',
    shape: 'flow',
    description: 'Supervision comments and replies written in the period (督导意见)',
    source: { tables: ['supervision_comment'], sql: `select x.tenant_id, x.org_path, ${TZ_DAY('x.created_at')}, 1::numeric from {supervision_comment} x` },
  },
  // Citizen requests (接诉即办), counted where each order is now (the station once dispatched).
  {
    name: 'workOrdersReceived',
    label: '受理工单',
    unit: '条',
    shape: 'flow',
    description: 'Work orders received in the period (by the city’s day of receipt), where they are now',
    source: { tables: ['work_order'], sql: `select x.tenant_id, x.org_path, ${TZ_DAY('x.received_at')}, 1::numeric from {work_order} x` },
  },
  {
    name: 'workOrdersClosed',
    label: '办结工单',
    unit: '条',
    shape: 'flow',
    description: 'Work orders closed in the period',
    source: {
      tables: ['work_order'],
      sql: `select x.tenant_id, x.org_path, ${TZ_DAY('x.closed_at')}, 1::numeric from {work_order} x where x.closed_at is not null`,
    },
  },
  {
    name: 'workOrdersClosedInTime',
    label: '按时办结工单',
    unit: '条',
    shape: 'flow',
    description: 'Work orders closed in the period by their resolve deadline',
    source: {
      tables: ['work_order'],
      sql: `select x.tenant_id, x.org_path, ${TZ_DAY('x.closed_at')}, 1::numeric from {work_order} x where x.closed_at is not null and x.closed_at <= x.resolve_due`,
    },
  },
  {
    name: 'workOrdersSatisfied',
    label: '回访满意工单',
    unit: '条',
    shape: 'flow',
    description: 'Work orders called back in the period with 满意 or 基本满意',
    source: {
      tables: ['work_order'],
      sql: `select x.tenant_id, x.org_path, ${TZ_DAY('x.callback_at')}, 1::numeric from {work_order} x where x.satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED')`,
    },
  },
];

/**
 * Stocks kept per value of a person's attribute (`category:…`, `risk:…`): not headline figures,
 * the breakdown of people served. Their source yields (tenant_id, org_path, day, key, value).
 */
export interface DimensionDefinition {
  prefix: string;
  source: MetricSource;
}

export const DIMENSIONS: readonly DimensionDefinition[] = [
  {
    prefix: 'risk',
    source: {
      tables: ['service_object'],
      sql: `select x.tenant_id, x.org_path, ${TZ_DAY('x.created_at')}, x.risk_level::text, 1::numeric from {service_object} x`,
    },
  },
  {
    prefix: 'category',
    source: {
      tables: ['service_object'],
      sql: `select x.tenant_id, x.org_path, ${TZ_DAY('x.created_at')}, c, 1::numeric from {service_object} x cross join unnest(x.categories) c`,
    },
  },
];

export const metric = (name: string): MetricDefinition => {
  const m = METRICS.find((d) => d.name === name);
  if (!m) throw new Error(`no metric ${name}`);
  return m;
};
