import {
  CompiledQuery,
  DatabaseConnection,
  Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import './pg-types';
import type { DB } from './schema.generated';
import { currentRequest } from './request-context';

/** Statements go to the current request's transaction, with its row-level security settings. */
class RequestConnection implements DatabaseConnection {
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return { rows: await currentRequest().query<R & object>(compiled.sql, [...compiled.parameters]) };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported on the request connection');
  }
}

/**
 * Kysely's driver on the request's one connection: there is no pool here and no transaction to
 * begin; the request context holds both (see RequestContext), so the typed builder and hand-written
 * SQL run in the same transaction, under the same settings.
 */
class RequestDriver implements Driver {
  private readonly connection = new RequestConnection();
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(_c: DatabaseConnection, _s: TransactionSettings): Promise<void> {
    throw new Error('A request already runs in one transaction; nest nothing inside it');
  }
  async commitTransaction(): Promise<void> {
    throw new Error('The request commits its own transaction');
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error('The request rolls back its own transaction');
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/**
 * The typed SQL builder, its table types generated from the migrated database
 * (`npm run db:types`, checked by a test). Use it inside a request (or Db.run) only.
 */
export const q = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new RequestDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export type Database = DB;
