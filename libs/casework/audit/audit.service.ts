import { Injectable } from '@nestjs/common';
import { Actor, AuditRead, changedInRequest, filterByScope, noteAuditRead, scopeOf } from '@access';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { Page, PageInput } from '@platform/graphql/pagination';
import { AuditAction, AuditEntity, AuditFilter, AuditRecord } from './audit.model';

interface AuditEntry {
  action: AuditAction;
  entity: AuditEntity;
  entityId: string;
  path: string;
  detail?: Record<string, unknown>;
}

interface AuditRow {
  id: string;
  actor_id: string;
  actor_name: string | null;
  action: AuditAction;
  entity: AuditEntity;
  entity_id: string;
  detail: Record<string, unknown> | null;
  at: Date;
  org_path: string;
}

/**
 * The audit trail of personal data: every change, and every read of a case narrative or an
 * unmasked identity number. Reads are gathered per request and written in one statement just
 * before the request commits, once per record and kind however often it was read.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  /** Records a change now, inside the change's own transaction. */
  async changed(actor: Actor, entry: AuditEntry): Promise<void> {
    changedInRequest(this.db.request).add(entry.entityId);
    await this.db.query(
      `insert into audit_log (tenant_id, org_path, actor_id, action, entity, entity_id, detail) values (app_tenant(), $1::ltree, $2, $3, $4, $5, $6)`,
      [entry.path, actor.id, entry.action, entry.entity, entry.entityId, entry.detail ?? null],
    );
  }

  /** Notes a read, written with the request's commit. */
  read(actor: Actor, entry: AuditEntry): void {
    noteAuditRead(this.db.request, {
      actorId: actor.id,
      action: entry.action as AuditRead['action'],
      entity: entry.entity,
      entityId: entry.entityId,
      path: entry.path,
    });
  }

  async list(actor: Actor, filter: AuditFilter = {}, page?: PageInput, rootPath?: string): Promise<Page<AuditRecord>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'AuditLog'), { path: `a.org_path` });
    if (rootPath) f.where((p) => `a.org_path <@ ${p}::ltree`, rootPath);
    for (const [column, value] of [
      ['a.entity_id', filter.entityId],
      ['a.actor_id', filter.actorId],
      ['a.action', filter.action],
    ] as const) {
      if (value) f.where((p) => `${column} = ${p}`, value);
    }
    return pagedQuery<AuditRow, AuditRecord>(
      {
        select: `a.id, a.actor_id, u.display_name as actor_name, a.action, a.entity, a.entity_id, a.detail, a.at, a.org_path::text as org_path`,
        from: `from audit_log a left join user_account u on u.tenant_id = a.tenant_id and u.id = a.actor_id where ${f.sql}`,
        params: f.params,
        orderBy: 'a.at desc, a.id',
      },
      page,
      (r) => ({
        id: r.id,
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        detail: r.detail,
        at: r.at,
        path: r.org_path,
      }),
    );
  }
}
