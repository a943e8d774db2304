import { METRICS } from './catalogue';

/**
 * The metric catalogue (catalogue.ts) by use: what each part of the reports reads. Nothing here
 * names a metric; adding one to the catalogue adds it everywhere.
 */
const names = (shape: string) => METRICS.filter((m) => m.shape === shape).map((m) => m.name);

/** Flows summed over the period. */
export const ADDITIVE_METRICS: readonly string[] = names('flow');
/** Flows counted as distinct members over the period (kept in stat_member), not summed. */
export const DISTINCT_METRICS: readonly string[] = names('distinct');
/** Every figure over a period: what stations can be ranked by, and what the monthly series shows. */
export const FLOW_METRICS: readonly string[] = [...ADDITIVE_METRICS, ...DISTINCT_METRICS];
export type FlowMetric = string;

/** Stocks, kept as their changes on the day they happen, standing on a day. */
export const STOCK_METRICS: readonly string[] = names('stock');

/** Sums of other figures (total services, person-times), computed from those. */
export const SUM_METRICS = METRICS.filter((m) => m.shape === 'sum').map((m) => ({ name: m.name, of: m.of ?? [] }));

/** The service records that make a station count as reporting in a month, and add up to total services. */
export const SERVICE_METRICS: readonly string[] = METRICS.find((m) => m.name === 'totalServices')!.of!;

/** Decimal figures (money, hours) are summed as numeric and kept as strings. */
export const DECIMAL_METRICS = new Set<string>(METRICS.filter((m) => m.decimal).map((m) => m.name));

/** People served by category and by risk level are stocks named `category:…` and `risk:…` (catalogue DIMENSIONS). */
export const categoryMetric = (category: string) => `category:${category}`;
export const riskMetric = (risk: string) => `risk:${risk}`;
