import { Client } from 'pg';
import { DbSettings, SETTINGS_SQL, settingsParams } from './request-context';

/**
 * Runs work as the schema owner in one transaction with row-level security settings applied,
 * for command-line tasks (seeding, the first operator) that run outside any request.
 */
export async function withOwnerTransaction<T>(ownerUrl: string, settings: DbSettings, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(SETTINGS_SQL, settingsParams(settings));
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}
