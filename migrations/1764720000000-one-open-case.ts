import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One person, one open case (一人一案): at most one case file per service object that is not
 * closed. The service checks it first for a clear message; this index holds it when two requests
 * open a case for the same person at once.
 */
export class OneOpenCase1764720000000 implements MigrationInterface {
  name = 'OneOpenCase1764720000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ people }] = await q.query(
      `select count(*)::int as people from (select 1 from case_file where stage <> 'CLOSED' group by tenant_id, service_object_id having count(*) > 1) d`,
    );
    if (people > 0) throw new Error(`${people} people have more than one open case; close or merge them before this migration (one person, one open case)`);
    await q.query(`create unique index uq_case_file_one_open on case_file (tenant_id, service_object_id) where stage <> 'CLOSED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists uq_case_file_one_open`);
  }
}
