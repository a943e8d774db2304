import { randomUUID } from 'node:crypto';

/** A bucket's standing after counts were added: the total over all replicas, and how many replicas counted it. */
export interface BucketTotal {
  key: string;
  total: number;
  replicas: number;
}

/** Where the replicas' counts meet (PostgreSQL in the application; a map in unit tests). */
export interface CounterStore {
  /** Adds `hits` per bucket to the window's counts of this replica; answers each bucket's totals. */
  add(window: number, replica: string, hits: ReadonlyMap<string, number>): Promise<BucketTotal[]>;
  /** Forgets windows before this one. */
  sweep(beforeWindow: number): Promise<void>;
}

/** Refused: the limit is reached for the rest of the window. */
export interface Refusal {
  retryAfterSeconds: number;
}

interface Entry {
  window: number;
  /** The bucket's total over all replicas as last read (this replica's flushed counts included). */
  known: number;
  /** Replicas that have counted the bucket this window, as last read (at least this one). */
  replicas: number;
  /** Requests this replica let through and has not yet sent. */
  pending: number;
  /** Requests sent in a flush or check whose answer has not come back. */
  sending: number;
}

export interface RateLimiterOptions {
  limitPerWindow: number;
  windowMs?: number;
  flushMs?: number;
  /** From this share of the limit on, each request is checked against the store before it runs. */
  exactFrom?: number;
  now?: () => number;
  onError?: (e: unknown) => void;
}

/**
 * A per-key request limit per fixed window (a minute), shared by every replica through a
 * CounterStore, without a write in any request's transaction and without a lock held while a
 * request runs.
 *
 * Far from the limit, a request costs a map update: each replica counts locally and flushes its
 * counts in one batch every `flushMs` (100 ms), reading back each bucket's total over replicas.
 * A bucket seen for the first time in a window is flushed at once, so its totals are known by
 * the next request. Near the limit, when the estimate reaches `exactFrom` (80%) of it, every
 * request adds itself to the store synchronously and runs only if the total is still within the
 * limit: the store serializes those additions, so from there on the limit holds exactly.
 *
 * The estimate assumes each replica counting the bucket has let through as many unsent requests
 * as this one (load balancers spread a client's requests evenly; when they do not, the estimate
 * runs high and the exact check only starts sooner). So the fast path ends while the unsent
 * counts of all replicas together still fit in the remaining fifth of the limit. What escapes
 * the count is bounded by one flush interval of another replica's traffic, and only when that
 * replica carries a bucket's traffic while this one sees a stray request of it.
 */
export class RateLimiter {
  readonly replica = randomUUID();
  private readonly entries = new Map<string, Entry>();
  /** Keys with counts not yet sent: a flush looks at these only, not at every key of the window. */
  private readonly dirty = new Set<string>();
  private entriesWindow = 0;
  private readonly windowMs: number;
  private readonly exactAt: number;
  private readonly now: () => number;
  private readonly timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private soon = false;
  private sweptWindow = 0;
  private stopped = false;

  constructor(
    private readonly store: CounterStore,
    private readonly options: RateLimiterOptions,
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.exactAt = options.limitPerWindow * (options.exactFrom ?? 0.8);
    this.now = options.now ?? Date.now;
    if (options.flushMs !== 0) {
      this.timer = setInterval(() => void this.flush(), options.flushMs ?? 100);
      this.timer.unref();
    }
  }

  get limit(): number {
    return this.options.limitPerWindow;
  }

  /**
   * Counts one request for `key`: undefined when it may run, a Refusal when the limit is reached.
   * Synchronous far from the limit; a promise near it.
   */
  hit(key: string): Refusal | undefined | Promise<Refusal | undefined> {
    const window = this.window();
    let entry = this.entries.get(key);
    if (!entry || entry.window !== window) {
      entry = { window, known: 0, replicas: 1, pending: 0, sending: 0 };
      this.entries.set(key, entry);
      this.flushSoon();
    }
    if (entry.known >= this.limit) return this.refusal(window);
    const unsent = entry.pending + entry.sending + 1;
    if (entry.known + entry.replicas * unsent < this.exactAt) {
      entry.pending += 1;
      this.dirty.add(key);
      return undefined;
    }
    return this.check(key, entry);
  }

  /** Adds this request (and the bucket's unsent ones) to the store and decides by the total. */
  private async check(key: string, entry: Entry): Promise<Refusal | undefined> {
    const n = entry.pending + 1;
    entry.pending = 0;
    entry.sending += n;
    let result: BucketTotal | undefined;
    try {
      [result] = await this.store.add(entry.window, this.replica, new Map([[key, n]]));
    } catch (e) {
      // The store is out of reach: the request goes ahead (it would fail on the same database
      // anyway), and its count is sent with the next flush.
      this.options.onError?.(e);
      entry.pending += n;
      this.dirty.add(key);
      return undefined;
    } finally {
      entry.sending -= n;
    }
    if (!result) return undefined;
    this.learn(entry, result);
    return result.total > this.limit ? this.refusal(entry.window) : undefined;
  }

  /** Sends every bucket's unsent counts in one batch and reads back their totals. */
  flush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const window = this.window();
    if (window !== this.entriesWindow) {
      // Counts of a window gone by limit nothing any more (once a window, not at every flush).
      for (const [key, entry] of this.entries) if (entry.window !== window) this.entries.delete(key);
      this.entriesWindow = window;
    }
    const batch = new Map<string, number>();
    for (const key of this.dirty) {
      const entry = this.entries.get(key);
      if (entry && entry.window === window && entry.pending > 0) {
        batch.set(key, entry.pending);
        entry.sending += entry.pending;
        entry.pending = 0;
      }
    }
    this.dirty.clear();
    try {
      if (batch.size) {
        const totals = await this.store.add(window, this.replica, batch);
        for (const t of totals) {
          const entry = this.entries.get(t.key);
          if (entry && entry.window === window) this.learn(entry, t);
        }
      }
      if (this.sweptWindow < window - 1) {
        await this.store.sweep(window - 1);
        this.sweptWindow = window - 1;
      }
    } catch (e) {
      this.options.onError?.(e);
      for (const [key, n] of batch) {
        const entry = this.entries.get(key);
        if (entry && entry.window === window) {
          entry.pending += n;
          this.dirty.add(key);
        }
      }
    } finally {
      for (const [key, n] of batch) {
        const entry = this.entries.get(key);
        if (entry && entry.window === window) entry.sending -= n;
      }
    }
  }

  /** A new bucket's first count goes out now rather than at the next tick, and brings back what others counted. */
  private flushSoon(): void {
    if (this.soon || !this.timer) return;
    this.soon = true;
    setImmediate(() => {
      this.soon = false;
      void this.flush();
    });
  }

  private learn(entry: Entry, t: BucketTotal): void {
    // Answers may come back out of order; within a window the total only grows.
    entry.known = Math.max(entry.known, t.total);
    entry.replicas = Math.max(entry.replicas, t.replicas);
  }

  private window(): number {
    return Math.floor(this.now() / this.windowMs);
  }

  private refusal(window: number): Refusal {
    return { retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * this.windowMs - this.now()) / 1000)) };
  }

  /** Stops flushing; counts not yet sent are dropped (they would expire within the minute anyway). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }
}
