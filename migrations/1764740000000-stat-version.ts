import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version of each city's statistics, moved by every change to a figure in the same
 * transaction: reports may then be kept and served again until it moves (RollupReader). Kept in
 * 64 shards per city, each writer moving the shard of its connection, so concurrent writers do
 * not queue on one row; the version is the sum. The trigger functions that move it are generated
 * (libs/stats/rollup-sql.ts) and installed by the repeatable step after the migrations.
 */
export class StatVersion1764740000000 implements MigrationInterface {
  name = 'StatVersion1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table stat_version (
        tenant_id uuid not null references tenant (id) on delete cascade,
        shard smallint not null,
        version bigint not null,
        constraint pk_stat_version primary key (tenant_id, shard),
        constraint ck_stat_version_shard check (shard between 0 and 63)
      )`);
    await q.query(`alter table stat_version enable row level security`);
    await q.query(`alter table stat_version force row level security`);
    await q.query(`create policy stat_version_access on stat_version using (tenant_id = (select app_tenant()))`);
    await q.query(`grant select, insert, update on stat_version to swsp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists stat_version`);
  }
}
