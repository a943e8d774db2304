import 'reflect-metadata';
import { ConfigError, loadConfig } from '@platform/config/app-config';
import { prepareDatabase } from '@platform/database/bootstrap';
import { SCHEMA } from './schema';

/** npm run migration:run — creates the database and application role if needed, applies migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await prepareDatabase(config, SCHEMA, console.log);
  console.log(db.migrated.length ? `Applied: ${db.migrated.join(', ')}` : 'Schema is up to date');
  await db.embedded?.stop();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof ConfigError ? 'Configuration error' : 'Migration failed'}: ${(e as Error).message}\n`);
  process.exit(1);
});
