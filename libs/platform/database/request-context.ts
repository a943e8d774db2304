import { AsyncLocalStorage } from 'node:async_hooks';
import DataLoader from 'dataloader';
import { DataSource, EntityManager, QueryResult, QueryRunner } from 'typeorm';

/** What row-level security sees for the rest of the transaction. */
export interface DbSettings {
  tenantId?: string | null;
  userId?: string | null;
  scope?: readonly string[];
  platform?: boolean;
}

/** Transaction-local (third argument true): the settings end with the transaction. */
export const SETTINGS_SQL = `select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true),
  set_config('app.scope', $3, true), set_config('app.platform', $4, true)`;

export function settingsParams(s: DbSettings): string[] {
  return [s.tenantId ?? '', s.userId ?? '', `{${(s.scope ?? []).join(',')}}`, s.platform ? 'on' : ''];
}

/**
 * One request's unit of work: a single connection holding a single transaction, opened on first
 * use. Its first statement sets the transaction-local settings row-level security reads, so
 * nothing leaks to the next request that borrows the pooled connection.
 */
export class RequestContext {
  private runner?: QueryRunner;
  private opening?: Promise<QueryRunner>;
  private settings: DbSettings = {};
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly beforeCommitHooks = new Map<string, () => Promise<void>>();
  private readonly locals = new Map<string, unknown>();
  private queue: Promise<unknown> = Promise.resolve();
  private finishing?: Promise<void>;
  failed = false;

  constructor(private readonly dataSource: DataSource) {}

  async manager(): Promise<EntityManager> {
    return (await this.open()).manager;
  }

  /**
   * Runs one statement in the request's transaction. A connection runs one statement at a time,
   * so statements issued together (e.g. by sibling DataLoader batches) are queued, in order.
   */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const run = () => this.run<T>(sql, params);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async run<T>(sql: string, params: unknown[]): Promise<T[]> {
    // Structured: TypeORM's plain result for UPDATE/DELETE is [rows, rowCount], which breaks `update … returning`.
    return ((await (await this.open()).query(sql, params, true)) as QueryResult<T>).records;
  }

  /** Replaces the row-level security settings; applied at once if the transaction is open. */
  async setSettings(settings: DbSettings): Promise<void> {
    this.settings = { ...settings };
    if (this.runner) await this.query(SETTINGS_SQL, settingsParams(this.settings));
  }

  getSettings(): Readonly<DbSettings> {
    return this.settings;
  }

  /** A per-request DataLoader, created once per key, so sibling fields batch into one query. */
  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let l = this.loaders.get(key);
    if (!l) {
      l = new DataLoader<K, V>(batch, { cache: true }) as DataLoader<unknown, unknown>;
      this.loaders.set(key, l);
    }
    return l as DataLoader<K, V>;
  }

  /** Computes a value once per request (e.g. the authenticated actor). */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key);
    if (!p) {
      p = compute();
      this.memo.set(key, p);
    }
    return p as Promise<T>;
  }

  /** A value kept for the rest of this request, created on first use (e.g. reads to audit). */
  local<T>(key: string, create: () => T): T {
    if (!this.locals.has(key)) this.locals.set(key, create());
    return this.locals.get(key) as T;
  }

  /** Work to run once, last, inside the transaction before it commits (e.g. writing batched audit records). */
  beforeCommit(key: string, hook: () => Promise<void>): void {
    if (!this.beforeCommitHooks.has(key)) this.beforeCommitHooks.set(key, hook);
  }

  /** Commits (or rolls back) and returns the connection to the pool. Safe to call twice. */
  finish(commit: boolean): Promise<void> {
    // The response hook and the socket's close event may both end the request: the first one wins.
    this.finishing ??= this.end(commit);
    return this.finishing;
  }

  private async end(commit: boolean): Promise<void> {
    const opening = this.opening;
    if (!opening) return;
    const runner = await opening.catch(() => undefined);
    if (!runner) {
      this.opening = undefined;
      return;
    }
    let ok = commit && !this.failed;
    try {
      // Hooks run while the transaction is still this request's; a failing hook undoes everything.
      if (ok && runner.isTransactionActive) for (const hook of this.beforeCommitHooks.values()) await hook();
    } catch (e) {
      ok = false;
      throw e;
    } finally {
      this.opening = undefined;
      this.runner = undefined;
      try {
        if (runner.isTransactionActive) {
          if (ok) await runner.commitTransaction();
          else await runner.rollbackTransaction();
        }
      } finally {
        await runner.release();
      }
    }
  }

  private open(): Promise<QueryRunner> {
    if (!this.opening) {
      this.opening = (async () => {
        const runner = this.dataSource.createQueryRunner();
        await runner.connect();
        try {
          await runner.startTransaction();
          await this.applySettings(runner);
        } catch (e) {
          await runner.release();
          throw e;
        }
        this.runner = runner;
        return runner;
      })();
    }
    return this.opening;
  }

  private async applySettings(runner: QueryRunner): Promise<void> {
    await runner.query(SETTINGS_SQL, settingsParams(this.settings));
  }
}

export const requestStorage = new AsyncLocalStorage<RequestContext>();

/** The request the calling code runs in; services use it instead of passing connections around. */
export function currentRequest(): RequestContext {
  const ctx = requestStorage.getStore();
  if (!ctx) throw new Error('No request context: database work must run inside a request or Db.run()');
  return ctx;
}
