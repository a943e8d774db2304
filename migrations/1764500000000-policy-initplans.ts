import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security policies read the request settings through app_tenant(), app_scope(),
 * app_user() and app_is_platform(). Called bare, PostgreSQL evaluates them (parsing the scope
 * into ltree[]) for every row; wrapped in a sub-select they are evaluated once per statement.
 * Same rules, measured 2–6x faster on statistics over ~100,000 records. New policies should use
 * the `(select app_…())` form too.
 */
export class PolicyInitplans1764500000000 implements MigrationInterface {
  name = 'PolicyInitplans1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await this.rewrite(q, `app_(tenant|scope|user|is_platform)\\(\\)`, `(select app_\\1())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.rewrite(q, `\\( *SELECT app_(tenant|scope|user|is_platform)\\(\\) AS app_\\w+\\)`, `app_\\1()`);
  }

  private async rewrite(q: QueryRunner, pattern: string, replacement: string): Promise<void> {
    await q.query(`
      do $$
      declare r record;
      begin
        for r in select tablename, policyname, qual from pg_policies where schemaname = 'public' and policyname like '%\\_access' loop
          execute format('alter policy %I on %I using (%s)', r.policyname, r.tablename, regexp_replace(r.qual, '${pattern}', '${replacement}', 'g'));
        end loop;
      end $$`);
  }
}
