import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence files on the manual rules of an evaluation sheet (PDF, images, Office files), kept in
 * PostgreSQL beside the sheet and under its row-level security (tenant + the station's subtree).
 */
export class EvaluationEvidence1764900100000 implements MigrationInterface {
  name = 'EvaluationEvidence1764900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table eval_evidence (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        sheet_id uuid not null,
        item_id uuid not null,
        org_path ltree not null,
        filename text not null,
        content_type text not null,
        size integer not null,
        content bytea not null,
        uploaded_by uuid,
        uploaded_at timestamptz not null default now(),
        constraint pk_eval_evidence primary key (tenant_id, id),
        constraint fk_eval_evidence_sheet foreign key (tenant_id, sheet_id) references eval_sheet(tenant_id, id) on delete cascade,
        constraint fk_eval_evidence_item foreign key (tenant_id, item_id) references eval_item(tenant_id, id),
        constraint ck_eval_evidence_size check (size > 0 and size = octet_length(content)),
        constraint ck_eval_evidence_filename check (length(filename) between 1 and 200)
      )`);
    await q.query(`create index ix_eval_evidence_sheet on eval_evidence (tenant_id, sheet_id, item_id)`);
    await q.query(`create index ix_eval_evidence_org_path on eval_evidence using gist (org_path)`);
    await q.query(`alter table eval_evidence enable row level security`);
    await q.query(`alter table eval_evidence force row level security`);
    await q.query(`create policy eval_evidence_access on eval_evidence using (tenant_id = app_tenant() and org_path <@ app_scope())`);
    await q.query(`grant select, insert, delete on eval_evidence to swsp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists eval_evidence`);
  }
}
