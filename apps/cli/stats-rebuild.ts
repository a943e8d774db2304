import 'reflect-metadata';
import { ConfigError, loadConfig } from '@platform/config/app-config';
import { prepareDatabase } from '@platform/database/bootstrap';
import { withOwnerTransaction } from '@platform/database/owner-session';
import { SCHEMA } from './schema';

/**
 * npm run stats:rebuild -- <city code | --all> : recomputes a city's statistics totals from its
 * records (they are kept by triggers with every write; this is the remedy should they ever be
 * doubted, e.g. after a city's time zone changed). Writes wait while it runs.
 */
async function main(): Promise<void> {
  const [code] = process.argv.slice(2);
  if (!code) throw new ConfigError('usage: npm run stats:rebuild -- <city code> | --all');
  const db = await prepareDatabase(loadConfig(), SCHEMA);
  const rebuilt = await withOwnerTransaction(db.ownerUrl, { platform: true }, async (c) => {
    const { rows } = await c.query<{ code: string }>(`select t.code, stat_rebuild(t.id) from tenant t where $1 = '--all' or t.code = $1 order by t.code`, [
      code,
    ]);
    return rows.map((r) => r.code);
  });
  console.log(rebuilt.length ? `Rebuilt the statistics of ${rebuilt.join(', ')}` : `No city with code ${code}`);
  await db.embedded?.stop();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
