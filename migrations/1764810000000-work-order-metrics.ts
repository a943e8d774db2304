import { MigrationInterface, QueryRunner } from 'typeorm';
import { syncRollup } from '../libs/stats/rollup-sql';

/**
 * Work-order figures join the statistics (received, closed, closed in time, called back
 * satisfied; libs/stats/catalogue.ts): the generated rollup triggers now watch work_order, and
 * the new metrics' totals are computed from the orders already there.
 */
export class WorkOrderMetrics1764810000000 implements MigrationInterface {
  name = 'WorkOrderMetrics1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await syncRollup(q);
  }

  async down(): Promise<void> {
    // The repeatable step follows the catalogue of the code that runs it.
  }
}
