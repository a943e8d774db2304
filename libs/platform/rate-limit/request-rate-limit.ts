import { Logger, OnModuleDestroy } from '@nestjs/common';
import { SidePool } from '../database/side-pool';
import { PgCounterStore } from './pg-counter-store';
import { RateLimiter, Refusal } from './rate-limiter';

/** The general per-session request limit (RATE_LIMIT_PER_MINUTE), shared by the replicas through PostgreSQL. */
export class RequestRateLimit implements OnModuleDestroy {
  private readonly limiter?: RateLimiter;
  private readonly log = new Logger('RateLimit');
  private lastError = 0;

  constructor(
    pool: SidePool,
    readonly perMinute: number,
  ) {
    if (perMinute > 0) {
      this.limiter = new RateLimiter(new PgCounterStore(pool), {
        limitPerWindow: perMinute,
        onError: (e) => {
          // At most one line a minute while the database is unreachable.
          if (Date.now() - this.lastError < 60_000) return;
          this.lastError = Date.now();
          this.log.warn(`Request counts could not be shared: ${(e as Error).message}`);
        },
      });
    }
  }

  get enabled(): boolean {
    return this.limiter !== undefined;
  }

  /** Counts one request of `key`; undefined when it may run. */
  hit(key: string): Refusal | undefined | Promise<Refusal | undefined> {
    return this.limiter?.hit(key);
  }

  onModuleDestroy(): void {
    this.limiter?.stop();
  }
}
