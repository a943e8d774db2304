import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { currentRequest, DbSettings, QueryOptions, RequestContext, requestStorage } from './request-context';

/**
 * The services' door to the database: everything goes through the current request's
 * transaction, so row-level security settings always apply.
 */
@Injectable()
export class Db {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  newRequest(): RequestContext {
    return new RequestContext(this.dataSource);
  }

  get request(): RequestContext {
    return currentRequest();
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<T[]> {
    return currentRequest().query<T>(sql, params, options);
  }

  /** A statement that stands even if the request rolls back (see RequestContext.durable). */
  durable(sql: string, params: unknown[] = []): void {
    currentRequest().durable(sql, params);
  }

  /** Runs work outside an HTTP request (CLI, jobs) in its own transaction with the given settings. */
  async run<T>(settings: DbSettings, work: () => Promise<T>): Promise<T> {
    const ctx = this.newRequest();
    await ctx.setSettings(settings);
    let ok = false;
    try {
      const result = await requestStorage.run(ctx, work);
      ok = true;
      return result;
    } finally {
      await ctx.finish(ok);
    }
  }
}
