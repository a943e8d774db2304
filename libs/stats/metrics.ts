/**
 * The headline figures and how each is kept. Every figure is maintained in the statistics rollup
 * (see the StatRollup migration) by triggers on the records, in the same transaction as the
 * record: flow figures count records dated in [from, to]; stock figures stand on `to`; voided
 * records count for nothing. A record's org_path decides whose subtree it belongs to.
 */
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

/** Flows counted as distinct members over the period (kept in stat_member), not summed. */
export const DISTINCT_METRICS: readonly FlowMetric[] = ['volunteersActive', 'organizationsMobilized'];
export const ADDITIVE_METRICS: readonly FlowMetric[] = FLOW_METRICS.filter((m) => !DISTINCT_METRICS.includes(m));

/** Stocks, kept as their changes on the day they happen. */
export const STOCK_METRICS = ['casesActive', 'serviceObjects', 'highRiskObjects', 'volunteersRegistered'] as const;
export type StockMetric = (typeof STOCK_METRICS)[number];

/** The service records that make a station count as reporting in a month, and add up to total services. */
export const SERVICE_METRICS: readonly FlowMetric[] = ['caseRecords', 'groupSessions', 'communityActivities', 'homeVisits', 'volunteerServices'];

/** Decimal figures (money, hours) are summed as numeric and kept as strings. */
export const DECIMAL_METRICS = new Set<string>(['volunteerHours', 'charityMoney', 'charityGoodsValue']);

/** People served by category and by risk level are stocks named `category:…` and `risk:…`. */
export const categoryMetric = (category: string) => `category:${category}`;
export const riskMetric = (risk: string) => `risk:${risk}`;
