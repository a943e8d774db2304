import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig, ConfigError } from '@platform/config/app-config';
import { prepareDatabase } from '@platform/database/bootstrap';
import { demoRecordLogins, seedDemoRecords } from '../cli/demo/demo-records';
import { formatLogins, seedDemo } from '../cli/demo/seed-demo';
import { ensureOperator } from '../cli/operators';
import { createApp } from './create-app';
import { SCHEMA } from '../cli/schema';

async function main(): Promise<void> {
  const log = new Logger('Bootstrap');
  // The project pins its runtime (Node 24, from the npm registry, first on PATH for npm scripts).
  log.log(`Node ${process.version} (${process.execPath})`);
  const config = loadConfig();
  const db = await prepareDatabase(config, SCHEMA, (line) => log.log(line));
  if (db.migrated.length) log.log(`Applied migrations: ${db.migrated.join(', ')}`);

  if (config.PLATFORM_OPERATOR_USERNAME && config.PLATFORM_OPERATOR_PASSWORD) {
    if (await ensureOperator(db.ownerUrl, config.PLATFORM_OPERATOR_USERNAME, config.PLATFORM_OPERATOR_PASSWORD))
      log.log(`Created platform operator ${config.PLATFORM_OPERATOR_USERNAME}`);
  }
  if (config.SEED_DEMO && !config.isProduction) {
    const demo = await seedDemo(db.ownerUrl);
    // Months of the demo stations' records, so every console screen shows something (first start only).
    if (demo.created && (await seedDemoRecords(db.ownerUrl)))
      log.log('Seeded the demo stations’ records (历下区: 解放路, 千佛山, 泉城路; 市中区: 杆石桥, 四里村)');
    log.log(`${demo.created ? 'Seeded' : 'Found'} the demo tenant. Demo logins:\n${formatLogins([...demo.logins, ...demoRecordLogins()])}`);
  }

  const app = await createApp(config, db.appUrl);
  // Every interface, as a server in a container must (Fastify alone would listen on 127.0.0.1 only).
  await app.listen(config.PORT, '0.0.0.0');
  log.log(`Console at http://localhost:${config.PORT}/ ; API at /graphql (GraphiQL in a browser), health at /health`);
}

main().catch((e) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${e.message}\n`);
  } else {
    process.stderr.write(`Startup failed: ${(e as Error)?.stack ?? e}\n`);
  }
  process.exit(1);
});
