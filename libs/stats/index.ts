/**
 * The metric catalogue, the rollup generated from it and the statistics read from it (`@stats`).
 * Tables: stat_flow, stat_member, stat_member_count, stat_member_paths, stat_version, stat_catalogue.
 */
export { StatsModule } from './stats.module';
export { ADDITIVE_METRICS, DISTINCT_METRICS, SERVICE_METRICS, STOCK_METRICS, SUM_METRICS } from './metrics';
export { METRICS } from './catalogue';
export type { MetricDefinition } from './catalogue';
export { months } from './periods';
export { RollupReader } from './rollup.reader';
