import './pg-types';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import { escapeLiteral, Pool, PoolClient, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

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
 * A value as an SQL string literal, for the few statements that must go without parameters: the
 * simple protocol, the only one that runs several statements in one round trip, takes none.
 * pg's escapeLiteral doubles quotes and backslashes (E'' form when there are backslashes); a NUL
 * cannot be in a PostgreSQL string at all and is refused rather than dropped.
 */
export function sqlLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('A NUL character cannot be sent to PostgreSQL');
  return escapeLiteral(value);
}

/**
 * A statement each connection prepares once (SQL PREPARE) and then runs by EXECUTE, its arguments
 * written as literals (`sqlLiteral`) and cast by PostgreSQL to the declared parameter types.
 * EXECUTE is plain SQL, so unlike a protocol-level prepared statement it can share one
 * simple-protocol round trip with BEGIN and the settings; like one, it is planned once per
 * connection rather than on every request (planning, row-level security included, costs more
 * than running these small statements).
 */
export interface SessionStatement {
  /** Unique across the application. */
  readonly name: string;
  /** The types of $1, $2, …, e.g. ['uuid']. */
  readonly types: readonly string[];
  readonly sql: string;
}

/** How one statement is run. */
export interface QueryOptions {
  /**
   * Prepare the statement once per connection and reuse its plan (a protocol-level named statement).
   * For fixed lookups by key, where one plan suits every value: planning, row-level security
   * included, costs more than running them. Not for statements whose best plan depends on the
   * values (subtrees, date ranges), as PostgreSQL may settle on one generic plan for all of them.
   */
  prepare?: boolean;
}

/** Statement names by SQL text for `prepare`: the same text gets the same name on every connection. */
const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `swsp_q_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** Sets what row-level security reads; the opening statement of every transaction. */
const SETTINGS_STATEMENT: SessionStatement = { name: 'swsp_settings', types: ['text', 'text', 'text', 'text'], sql: SETTINGS_SQL };

/**
 * The statements each pooled connection has prepared. A prepared statement lasts as long as its
 * session (a rollback does not undo PREPARE), so this follows the connection object; a connection
 * whose round trip with a PREPARE failed is discarded rather than second-guessed.
 */
const preparedOn = new WeakMap<PoolClient, Set<string>>();

/**
 * One request's unit of work: a single connection holding a single transaction, opened on first
 * use. Its first statement sets the transaction-local settings row-level security reads, so
 * nothing leaks to the next request that borrows the pooled connection.
 *
 * Statements go straight to the pg client of the pool TypeORM made. Each round trip to the server
 * costs a small request more than its SQL does, so BEGIN, the settings and the request's first
 * statement (loading the caller) travel together (see `open` and `firstQuery`).
 */
export class RequestContext {
  private opening?: Promise<PoolClient>;
  /** BEGIN has run and neither COMMIT nor ROLLBACK yet. */
  private inTransaction = false;
  /** A PREPARE may have failed half-way: the connection's prepared statements are no longer known. */
  private discardConnection = false;
  private settings: DbSettings = {};
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly beforeCommitHooks = new Map<string, () => Promise<void>>();
  private readonly durableStatements: { sql: string; params: unknown[]; settings: DbSettings }[] = [];
  private readonly locals = new Map<string, unknown>();
  private queue: Promise<unknown> = Promise.resolve();
  private finishing?: Promise<void>;
  /** The transaction is ending or ended: no statement may start now. */
  private closed = false;
  failed = false;

  constructor(private readonly dataSource: DataSource) {}

  private get pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  /**
   * Runs one statement in the request's transaction. A connection runs one statement at a time,
   * so statements issued together (e.g. by sibling DataLoader batches) are queued, in order.
   */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<T[]> {
    const config = options.prepare ? { name: statementName(sql), text: sql, values: params } : { text: sql, values: params };
    return this.enqueue(async () => ((await (await this.open()).query(config)) as QueryResult<T & object>).rows);
  }

  /**
   * Runs a session statement in the request's transaction. As the request's first statement (the
   * one loading the caller) it shares the round trip that opens the transaction.
   */
  firstQuery<T = Record<string, unknown>>(statement: SessionStatement, args: readonly string[]): Promise<T[]> {
    return this.enqueue(async () => {
      if (this.opening || this.closed) {
        const client = await this.open();
        return this.lastRows<T>(await this.simpleQuery(client, this.execute(client, statement, args)));
      }
      let rows: T[] = [];
      await this.open(
        (client) => this.execute(client, statement, args),
        (results) => (rows = this.lastRows<T>(results)),
      );
      return rows;
    });
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** EXECUTE of a session statement, preceded by its PREPARE the first time the connection runs it. */
  private execute(client: PoolClient, statement: SessionStatement, args: readonly string[]): string {
    let prepared = preparedOn.get(client);
    if (!prepared) preparedOn.set(client, (prepared = new Set()));
    const execute = `execute ${statement.name}(${args.map(sqlLiteral).join(', ')})`;
    if (prepared.has(statement.name)) return execute;
    // Counted as prepared now; if the round trip fails, the connection is discarded (see simpleQuery).
    prepared.add(statement.name);
    return `prepare ${statement.name}(${statement.types.join(', ')}) as ${statement.sql};\n${execute}`;
  }

  /** A simple-protocol query (several statements, no parameters): on failure the connection is not reused. */
  private async simpleQuery(client: PoolClient, sql: string): Promise<QueryResult[]> {
    try {
      const results = (await client.query(sql)) as unknown as QueryResult | QueryResult[];
      return Array.isArray(results) ? results : [results];
    } catch (e) {
      this.discardConnection = true;
      throw e;
    }
  }

  private lastRows<T>(results: QueryResult[]): T[] {
    return results[results.length - 1].rows as T[];
  }

  /** Replaces the row-level security settings; applied at once if the transaction is open. */
  async setSettings(settings: DbSettings): Promise<void> {
    this.settings = { ...settings };
    if (this.opening) await this.query(SETTINGS_SQL, settingsParams(this.settings));
  }

  /**
   * Records settings that a statement of this request has just applied itself (with
   * set_config(…, true) inside the open transaction), so getSettings stays true without sending
   * them again. Only for the statement loading the caller (AuthService), which sets its scope.
   */
  settingsApplied(settings: DbSettings): void {
    this.settings = { ...settings };
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

  /**
   * A statement that stands whether the request commits or rolls back: what a refused attempt must
   * leave behind (a failed sign-in that a limit counts, the audit record of a refused look-up),
   * since a refused mutation rolls back whole. It runs with the settings in force now: inside the
   * transaction just before it commits, or after a rollback in a short transaction of its own on
   * the same connection.
   */
  durable(sql: string, params: unknown[] = []): void {
    if (this.closed) throw new Error('This request has ended; its transaction is closed');
    this.durableStatements.push({ sql, params, settings: { ...this.settings } });
  }

  /** Commits (or rolls back) and returns the connection to the pool. Safe to call twice. */
  finish(commit: boolean): Promise<void> {
    // The response hook and the socket's close event may both end the request: the first one wins.
    this.finishing ??= this.end(commit);
    return this.finishing;
  }

  private async end(commit: boolean): Promise<void> {
    const opening = this.opening;
    if (!opening) {
      this.closed = true;
      await this.writeDurable();
      return;
    }
    const client = await opening.catch(() => undefined);
    if (!client) {
      this.closed = true;
      this.opening = undefined;
      await this.writeDurable();
      return;
    }
    // Statements still queued (a resolver the client gave up on) run before the transaction ends.
    await this.queue;
    let ok = commit && !this.failed;
    let committed = false;
    try {
      // Hooks run while the transaction is still this request's; a failing hook undoes everything.
      if (ok && this.inTransaction) {
        for (const hook of this.beforeCommitHooks.values()) await hook();
        await this.runDurableIn(client);
      }
    } catch (e) {
      ok = false;
      throw e;
    } finally {
      this.closed = true;
      this.opening = undefined;
      let broken: Error | undefined = this.discardConnection ? new Error('connection state unknown; discarded') : undefined;
      try {
        if (this.inTransaction) await client.query(ok ? 'commit' : 'rollback');
        committed = ok && this.inTransaction;
        this.inTransaction = false;
        if (!committed && !broken) await this.writeDurable(client);
      } catch (e) {
        // A connection that could not end its transaction must not serve another request.
        broken = e as Error;
        throw e;
      } finally {
        client.release(broken);
      }
    }
  }

  /** The durable statements inside the open transaction, each under the settings it was queued with. */
  private async runDurableIn(client: PoolClient): Promise<void> {
    let applied = JSON.stringify(this.settings);
    for (const s of this.durableStatements.splice(0)) {
      const wanted = JSON.stringify(s.settings);
      if (wanted !== applied) await client.query({ text: SETTINGS_SQL, values: settingsParams(s.settings) });
      applied = wanted;
      await client.query({ text: s.sql, values: s.params });
    }
  }

  /** The durable statements after a rollback (or when nothing else ran): a short transaction of their own. */
  private async writeDurable(onClient?: PoolClient): Promise<void> {
    if (!this.durableStatements.length) return;
    const client = onClient ?? (await this.pool.connect());
    let broken: Error | undefined;
    try {
      await client.query('begin');
      await client.query({ text: SETTINGS_SQL, values: settingsParams(this.settings) });
      await this.runDurableIn(client);
      await client.query('commit');
    } catch (e) {
      broken = e as Error;
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      if (!onClient) client.release(broken);
    }
  }

  /**
   * Borrows a connection and opens the transaction: BEGIN and the settings in one simple-protocol
   * round trip, with the caller's `first` statement after them when given.
   */
  private open(first?: (client: PoolClient) => string, onResults?: (results: QueryResult[]) => void): Promise<PoolClient> {
    // Work arriving after the end (a resolver still running when the client went away) neither
    // runs outside the transaction nor opens a new one that nothing would ever finish.
    if (this.closed) return Promise.reject(new Error('This request has ended; its transaction is closed'));
    if (!this.opening) {
      this.opening = (async () => {
        const client = await this.pool.connect();
        try {
          const sql = ['begin', this.execute(client, SETTINGS_STATEMENT, settingsParams(this.settings)), ...(first ? [first(client)] : [])];
          this.inTransaction = true;
          const results = await this.simpleQuery(client, sql.join(';\n'));
          onResults?.(results);
        } catch (e) {
          // The transaction may be open, and the connection's prepared statements unknown: drop it.
          this.inTransaction = false;
          client.release(e as Error);
          throw e;
        }
        return client;
      })();
    }
    return this.opening;
  }
}

export const requestStorage = new AsyncLocalStorage<RequestContext>();

/** The request the calling code runs in; services use it instead of passing connections around. */
export function currentRequest(): RequestContext {
  const ctx = requestStorage.getStore();
  if (!ctx) throw new Error('No request context: database work must run inside a request or Db.run()');
  return ctx;
}
