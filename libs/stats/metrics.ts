/**
 * Where each headline figure comes from: the records themselves, so that a figure always equals
 * the count of rows a user could list. Flow figures count records dated in [from, to]; stock
 * figures count what stands on `to`. Voided records count for nothing. Every source row carries
 * the org_path of its station (or node), which decides whose subtree it belongs to.
 */
export interface FlowSource {
  metric: FlowMetric;
  /** `from … ` with the source aliased `x` (its org_path is x.org_path). */
  from: string;
  /** The record's local date. */
  date: string;
  value: string;
  where?: string;
}

export const FLOW_METRICS = [
  'caseRecords',
  'casesOpened',
  'casesClosed',
  'groupSessions',
  'groupPersonTimes',
  'communityActivities',
  'communityPersonTimes',
  'homeVisits',
  'volunteerServices',
  'volunteerHours',
  'volunteersActive',
  'organizationsMobilized',
  'organizationsNewlyCultivated',
  'linkages',
  'charityMoney',
  'charityGoodsValue',
] as const;
export type FlowMetric = (typeof FLOW_METRICS)[number];

export const STOCK_METRICS = ['casesActive', 'serviceObjects', 'highRiskObjects', 'volunteersRegistered'] as const;
export type StockMetric = (typeof STOCK_METRICS)[number];

/** Decimal figures (money, hours) are summed as numeric and kept as strings. */
export const DECIMAL_METRICS = new Set<string>(['volunteerHours', 'charityMoney', 'charityGoodsValue']);

const LIVE_GROUP = `x.voided_at is null and exists (select 1 from group_work g where g.tenant_id = x.tenant_id and g.id = x.group_id and g.voided_at is null)`;

/**
 * Charity money and goods: the contributions recorded in linkage records, plus donations recorded
 * on their own. A donation filed under a linkage details that linkage's contribution and is not
 * added a second time.
 */
export const FLOW_SOURCES: FlowSource[] = [
  { metric: 'caseRecords', from: 'from case_note x', date: 'x.note_date', value: 'count(*)' },
  { metric: 'casesOpened', from: 'from case_file x', date: 'x.opened_on', value: 'count(*)' },
  { metric: 'casesClosed', from: 'from case_file x', date: 'x.closed_on', value: 'count(*)' },
  { metric: 'groupSessions', from: 'from group_session x', date: 'x.session_date', value: 'count(*)', where: LIVE_GROUP },
  {
    metric: 'groupPersonTimes',
    from: 'from group_session x join session_attendance a on a.tenant_id = x.tenant_id and a.session_id = x.id',
    date: 'x.session_date',
    value: 'count(*)',
    where: LIVE_GROUP,
  },
  { metric: 'communityActivities', from: 'from community_activity x', date: 'x.activity_date', value: 'count(*)', where: 'x.voided_at is null' },
  {
    metric: 'communityPersonTimes',
    from: 'from community_activity x',
    date: 'x.activity_date',
    value: 'coalesce(sum(x.participant_count), 0)',
    where: 'x.voided_at is null',
  },
  { metric: 'homeVisits', from: 'from home_visit x', date: 'x.visit_date', value: 'count(*)', where: 'x.voided_at is null' },
  { metric: 'volunteerServices', from: 'from volunteer_service x', date: 'x.service_date', value: 'count(*)', where: 'x.voided_at is null' },
  { metric: 'volunteerHours', from: 'from volunteer_service x', date: 'x.service_date', value: 'round(coalesce(sum(x.hours), 0), 2)', where: 'x.voided_at is null' },
  { metric: 'volunteersActive', from: 'from volunteer_service x', date: 'x.service_date', value: 'count(distinct x.volunteer_id)', where: 'x.voided_at is null' },
  {
    metric: 'organizationsMobilized',
    from: 'from organization_mobilization x join community_activity a on a.tenant_id = x.tenant_id and a.id = x.activity_id',
    date: 'a.activity_date',
    value: 'count(distinct x.organization_id)',
    where: 'a.voided_at is null',
  },
  { metric: 'organizationsNewlyCultivated', from: 'from social_organization x', date: 'x.cultivated_since', value: 'count(*)' },
  { metric: 'linkages', from: 'from linkage x', date: 'x.linkage_date', value: 'count(*)', where: 'x.voided_at is null' },
  {
    metric: 'charityMoney',
    from: `from (select l.tenant_id, l.org_path, l.linkage_date as day, k.money as amount, l.voided_at
                  from linkage l join linkage_contribution k on k.tenant_id = l.tenant_id and k.linkage_id = l.id
                union all
                select c.tenant_id, c.org_path, c.received_on, c.amount, c.voided_at from charity_resource c where c.linkage_id is null) x`,
    date: 'x.day',
    value: 'round(coalesce(sum(x.amount), 0), 2)',
    where: 'x.voided_at is null',
  },
  {
    metric: 'charityGoodsValue',
    from: `from (select l.tenant_id, l.org_path, l.linkage_date as day, k.goods_value as amount, l.voided_at
                  from linkage l join linkage_contribution k on k.tenant_id = l.tenant_id and k.linkage_id = l.id
                union all
                select c.tenant_id, c.org_path, c.received_on, c.goods_value, c.voided_at from charity_resource c where c.linkage_id is null) x`,
    date: 'x.day',
    value: 'round(coalesce(sum(x.amount), 0), 2)',
    where: 'x.voided_at is null',
  },
];

/** A person's registration day in the city's time zone. */
const REGISTERED = `(x.created_at at time zone coalesce((select t.time_zone from tenant t where t.id = x.tenant_id), 'Asia/Shanghai'))::date`;

/** Stock figures as of day $TO (the placeholder is replaced). */
export const STOCK_SOURCES: { metric: StockMetric; from: string; where: string }[] = [
  { metric: 'casesActive', from: 'from case_file x', where: `x.opened_on <= $TO and (x.closed_on is null or x.closed_on > $TO)` },
  { metric: 'serviceObjects', from: 'from service_object x', where: `${REGISTERED} <= $TO` },
  { metric: 'highRiskObjects', from: 'from service_object x', where: `${REGISTERED} <= $TO and x.risk_level = 'HIGH'` },
  { metric: 'volunteersRegistered', from: 'from volunteer x', where: `x.registered_on <= $TO and x.status = 'ACTIVE'` },
];

export const REGISTERED_ON = REGISTERED;
