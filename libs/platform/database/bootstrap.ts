import { AppConfig, ConfigError } from '../config/app-config';
import { deriveAppUrl, withDatabase } from './connection-urls';
import { EmbeddedServer, startEmbeddedPostgres } from './embedded';
import { ensureAppRole, ensureDatabase, runMigrations, SchemaSteps } from './provision';

export interface PreparedDatabase {
  ownerUrl: string;
  appUrl: string;
  migrated: string[];
  embedded?: EmbeddedServer;
}

function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/**
 * Finds or starts the database and brings its schema up to date: the server at DATABASE_URL, or
 * an embedded PostgreSQL kept under EMBEDDED_PG_DIR when none is configured.
 */
export async function prepareDatabase(config: AppConfig, schema: SchemaSteps, log: (line: string) => void = () => undefined): Promise<PreparedDatabase> {
  let embedded: EmbeddedServer | undefined;
  let ownerUrl = config.DATABASE_URL;
  if (!ownerUrl) {
    log(`DATABASE_URL is not set: starting embedded PostgreSQL in ${config.EMBEDDED_PG_DIR} on port ${config.EMBEDDED_PG_PORT}`);
    try {
      embedded = await startEmbeddedPostgres({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT });
    } catch (e) {
      throw new ConfigError(`Cannot start embedded PostgreSQL in ${config.EMBEDDED_PG_DIR}: ${(e as Error).message}`);
    }
    ownerUrl = withDatabase(embedded.url, 'swsp');
  }
  try {
    await ensureDatabase(ownerUrl);
    if (!config.APP_DATABASE_URL) await ensureAppRole(ownerUrl, config.APP_DB_PASSWORD);
    const migrated = await runMigrations(ownerUrl, schema);
    const appUrl = config.APP_DATABASE_URL ?? deriveAppUrl(ownerUrl, config.APP_DB_PASSWORD);
    return { ownerUrl, appUrl, migrated, embedded };
  } catch (e) {
    await embedded?.stop().catch(() => undefined);
    const message = ((e as Error).message || String((e as { code?: string }).code ?? e)).split('\n')[0];
    throw new ConfigError(`Cannot prepare the database at ${where(ownerUrl)}: ${message}`);
  }
}
