import 'reflect-metadata';
import { ConfigError, loadConfig } from '@platform/config/app-config';
import { prepareDatabase } from '@platform/database/bootstrap';
import { ensureOperator } from './operators';
import { SCHEMA } from './schema';

/** npm run operator:create -- <username> <password> : the first platform operator. */
async function main(): Promise<void> {
  const [username, password] = process.argv.slice(2);
  if (!username || !password) throw new ConfigError('usage: npm run operator:create -- <username> <password>');
  const config = loadConfig();
  const db = await prepareDatabase(config, SCHEMA);
  const created = await ensureOperator(db.ownerUrl, username, password);
  console.log(created ? `Created platform operator ${username}` : `Platform operator ${username} already exists`);
  await db.embedded?.stop();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
