import { OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';

/**
 * A few connections of the application role kept apart from the request pool, for statements
 * that must commit on their own at once, outside any request's transaction: counting a sign-in
 * attempt before its password is checked, flushing request counts. Apart, because a request that
 * already holds a pooled connection and waited for a second one from the same pool could wait
 * forever once every connection is held that way; these statements hold a connection for one
 * round trip and never wait on a request.
 *
 * No row-level security settings are set here: what these statements touch is reached through
 * SECURITY DEFINER functions that take their keys as arguments.
 */
/** How the side pool's connections name themselves to PostgreSQL (pg_stat_activity.application_name). */
export const SIDE_POOL_APPLICATION_NAME = 'swsp-api-side';

export class SidePool implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(url: string, size = 2) {
    this.pool = new Pool({ connectionString: url, max: size, application_name: SIDE_POOL_APPLICATION_NAME, idleTimeoutMillis: 30_000 });
    // An idle connection the server dropped must not bring the process down; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query({ text: sql, values: params })).rows as T[];
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
