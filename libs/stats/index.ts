/**
 * The metric catalogue, the rollup generated from it and the statistics read from it (`@stats`).
 * Tables: stat_flow, stat_member, stat_member_count, stat_member_paths, stat_version, stat_catalogue.
 */
export { StatsModule } from './stats.module';
export { ADDITIVE_METRICS, DISTINCT_METRICS, STOCK_METRICS } from './metrics';
export { RollupReader } from './rollup.reader';
