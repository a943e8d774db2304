import { SidePool } from '../database/side-pool';
import { BucketTotal, CounterStore } from './rate-limiter';

/**
 * The replicas' request counts in PostgreSQL (rate_limit_hit, an UNLOGGED table, through
 * SECURITY DEFINER functions), on the side pool: one autocommitted statement per flush or check,
 * never inside a request's transaction.
 */
export class PgCounterStore implements CounterStore {
  constructor(private readonly pool: SidePool) {}

  async add(window: number, replica: string, hits: ReadonlyMap<string, number>): Promise<BucketTotal[]> {
    return this.pool.query<BucketTotal>(`select key, total, replicas from rate_limit_add($1, $2, $3, $4)`, [
      window,
      replica,
      [...hits.keys()],
      [...hits.values()],
    ]);
  }

  async sweep(beforeWindow: number): Promise<void> {
    await this.pool.query(`select rate_limit_sweep($1)`, [beforeWindow]);
  }
}
