import { MigrationInterface, QueryRunner } from 'typeorm';
import { syncRollup } from '../libs/stats/rollup-sql';

/**
 * The statistics metrics are declared once, in libs/stats/catalogue.ts; the rollup's trigger
 * functions and stat_rebuild are generated from it. `stat_catalogue` keeps the hash of each
 * metric's definition and of the generated functions as installed, so the repeatable step after
 * the migrations (syncRollup) knows what to replace and which totals to compute again. This
 * migration installs the generated functions for the first time (replacing the StatRollup
 * migration's, which say the same); stat_rebuild gains its metrics argument.
 */
export class MetricCatalogue1764730000000 implements MigrationInterface {
  name = 'MetricCatalogue1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table stat_catalogue (
        key text primary key,
        definition_hash text not null,
        installed_at timestamptz not null default now()
      )`);
    // The schema owner's alone: it says nothing of any city, and the application never reads it.
    // Row-level security is forced on it as on every table, with one policy: for the owner.
    await q.query(`revoke all on stat_catalogue from public`);
    await q.query(`alter table stat_catalogue enable row level security`);
    await q.query(`alter table stat_catalogue force row level security`);
    const [{ sql }] = await q.query(
      `select format('create policy stat_catalogue_owner on stat_catalogue to %I using (true) with check (true)', current_user) as sql`,
    );
    await q.query(sql);
    await syncRollup(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists stat_catalogue`);
  }
}
