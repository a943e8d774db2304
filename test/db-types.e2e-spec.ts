import { spawnSync } from 'node:child_process';
import { codegenArgs, TYPES_FILE } from '../apps/cli/db-types';
import { createTestDatabase } from './support/test-app';

describe('generated table types', () => {
  it('libs/platform/database/schema.generated.ts is what the migrated database gives (npm run db:types)', async () => {
    const db = await createTestDatabase();
    try {
      const run = spawnSync(process.execPath, codegenArgs(db.ownerUrl, TYPES_FILE, true), { encoding: 'utf8' });
      expect([run.status, run.stdout.slice(-2000), run.stderr.slice(-2000)]).toEqual([0, expect.anything(), expect.anything()]);
    } finally {
      await db.drop();
    }
  });
});
