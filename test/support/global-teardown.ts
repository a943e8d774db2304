import { Client } from 'pg';
import { readAdminUrl, seededTemplateDb, templateDb } from './test-server';

/** Drops this run's templates and stops the embedded PostgreSQL if global setup started one. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: readAdminUrl() });
  await admin.connect();
  await admin.query(`drop database if exists ${templateDb()} with (force)`);
  await admin.query(`drop database if exists ${seededTemplateDb()} with (force)`);
  await admin.end();
  const embedded = (globalThis as { __swspEmbedded?: { stop(): Promise<void> } }).__swspEmbedded;
  if (embedded) await embedded.stop();
}
