import 'reflect-metadata';
import { loadConfig } from '@platform/config/app-config';
import { prepareDatabase } from '@platform/database/bootstrap';
import { demoRecordLogins, seedDemoRecords } from './demo/demo-records';
import { formatLogins, seedDemo } from './demo/seed-demo';
import { SCHEMA } from './schema';

/** npm run seed:demo — the demo city, if absent. */
async function main(): Promise<void> {
  const db = await prepareDatabase(loadConfig(), SCHEMA);
  const demo = await seedDemo(db.ownerUrl);
  if (demo.created) await seedDemoRecords(db.ownerUrl);
  console.log(`${demo.created ? 'Seeded' : 'Already present:'} demo tenant\n${formatLogins([...demo.logins, ...demoRecordLogins()])}`);
  await db.embedded?.stop();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
