import { Injectable } from '@nestjs/common';
import { AccessService, Actor, scopeOf, scopeSql } from '@access';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, ForbiddenError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { Page, PageInput } from '@platform/graphql/pagination';
import { AuditAction, AuditEntity } from '../audit/audit.model';
import { AuditService } from '../audit/audit.service';
import { CaseFileService } from '../cases/case-file.service';
import { CaseRecordsService } from '../cases/case-records.service';
import { CommentFilter, SupervisionComment } from './supervision.model';

interface CommentRow {
  id: string;
  case_id: string;
  note_id: string | null;
  parent_id: string | null;
  author_id: string;
  body: string;
  resolved_at: Date | null;
  created_at: Date;
  org_path: string;
  case_worker_id: string;
}

const COLUMNS = `m.id, m.case_id, m.note_id, m.parent_id, m.author_id, m.body, m.resolved_at, m.created_at, m.org_path::text as org_path,
  c.worker_id as case_worker_id`;
const FROM = `from supervision_comment m join case_file c on c.tenant_id = m.tenant_id and c.id = m.case_id`;

/** What the supervision grants' conditions read, in the list's query. */
const COMMENT_SCOPE = { path: 'm.org_path', caseWorkerId: 'c.worker_id', authorId: 'm.author_id' };

const toComment = (r: CommentRow): SupervisionComment => ({
  id: r.id,
  caseId: r.case_id,
  noteId: r.note_id,
  parentId: r.parent_id,
  authorId: r.author_id,
  body: r.body,
  resolved: r.resolved_at !== null,
  resolvedAt: r.resolved_at,
  createdAt: r.created_at,
  path: r.org_path,
  caseWorkerId: r.case_worker_id,
});

const subject = (c: { id?: string; path: string; caseWorkerId: string; authorId?: string }, isReply = false) => ({
  id: c.id,
  path: c.path,
  caseWorkerId: c.caseWorkerId,
  authorId: c.authorId,
  isReply,
});

/**
 * Supervision (督导): supervisors comment on case files and their notes; the worker answers in
 * the thread; a comment is resolved by its author or the station head.
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly cases: CaseFileService,
    private readonly records: CaseRecordsService,
    private readonly audit: AuditService,
  ) {}

  async comment(actor: Actor, caseId: string, body: string, noteId?: string): Promise<SupervisionComment> {
    const c = await this.cases.get(actor, caseId);
    if (noteId) {
      const { note } = await this.records.noteOf(actor, noteId);
      if (note.caseId !== caseId) throw BadInputError.field('noteId', 'is not a note of this case');
    }
    // The case is visible to the caller (cases.get answered NOT_FOUND otherwise), so a refusal is
    // FORBIDDEN, as for every other comment refused: the thread the comment would open is not
    // something the caller could read yet, and that must not turn the answer into NOT_FOUND.
    if (!actor.can('create', 'SupervisionComment', subject({ path: c.path, caseWorkerId: c.workerId }))) throw new ForbiddenError();
    return this.insert(actor, { caseId, path: c.path, noteId: noteId ?? null, parentId: null }, body);
  }

  async reply(actor: Actor, commentId: string, body: string): Promise<SupervisionComment> {
    const parent = await this.load(actor, commentId);
    // Threads are one level deep: a reply answers the comment that opened the thread.
    const rootId = parent.parentId ?? parent.id;
    this.access.assert(actor, 'create', 'SupervisionComment', subject(parent, true));
    return this.insert(actor, { caseId: parent.caseId, path: parent.path, noteId: parent.noteId, parentId: rootId }, body);
  }

  async resolve(actor: Actor, commentId: string): Promise<SupervisionComment> {
    const comment = await this.load(actor, commentId);
    if (comment.parentId) throw new RuleViolatedError('supervision.resolve-thread', 'Resolve the comment that opened the thread, not a reply');
    this.access.assert(actor, 'update', 'SupervisionComment', subject(comment));
    await this.db.query(`update supervision_comment set resolved_at = coalesce(resolved_at, now()), resolved_by = coalesce(resolved_by, $2) where id = $1`, [
      commentId,
      actor.id,
    ]);
    return this.load(actor, commentId);
  }

  /** Comments the actor may read: all of a station for its head and supervisors, a worker's own cases for the worker. */
  async list(actor: Actor, filter: CommentFilter = {}, page?: PageInput, rootPath?: string): Promise<Page<SupervisionComment>> {
    // All comments where a role reads them all; on the caller's own cases where a role reads only
    // those: the scope compiled from the grants, the conditions on the columns they read.
    const f = new SqlFilter();
    f.whereRaw(scopeSql(scopeOf(actor, 'read', 'SupervisionComment'), COMMENT_SCOPE, (v) => f.param(v)));
    if (rootPath) f.where((p) => `m.org_path <@ ${p}::ltree`, rootPath);
    if (filter.workerId) f.where((p) => `c.worker_id = ${p}`, filter.workerId);
    if (filter.caseId) f.where((p) => `m.case_id = ${p}`, filter.caseId);
    if (filter.openOnly) f.whereRaw('m.parent_id is null and m.resolved_at is null');
    return pagedQuery<CommentRow, SupervisionComment>(
      { select: COLUMNS, from: `${FROM} where ${f.sql}`, params: f.params, orderBy: 'm.created_at, m.id' },
      page,
      toComment,
    );
  }

  /** The comments of each case (threads in order) the actor may read, batched per request. */
  commentsOf(actor: Actor, caseId: string): Promise<SupervisionComment[]> {
    return this.db.request
      .loader<string, SupervisionComment[]>('casework.comments', async (ids) => {
        const rows = await this.db.query<CommentRow>(`select ${COLUMNS} ${FROM} where m.case_id = any($1::uuid[]) order by m.created_at, m.id`, [ids]);
        const visible = rows.map(toComment).filter((m) => actor.can('read', 'SupervisionComment', subject(m)));
        return ids.map((id) => visible.filter((m) => m.caseId === id));
      })
      .load(caseId);
  }

  /** Counts of comments and of open threads per case, batched per request: metadata, no text. */
  countsOf(caseId: string): Promise<{ total: number; open: number }> {
    return this.db.request
      .loader<string, { total: number; open: number }>('casework.commentCounts', async (ids) => {
        const rows = await this.db.query<{ case_id: string; total: number; open: number }>(
          `select case_id, count(*)::int as total, (count(*) filter (where parent_id is null and resolved_at is null))::int as open
             from supervision_comment where case_id = any($1::uuid[]) group by case_id`,
          [ids],
        );
        const byCase = new Map(rows.map((r) => [r.case_id, r]));
        return ids.map((id) => ({ total: byCase.get(id)?.total ?? 0, open: byCase.get(id)?.open ?? 0 }));
      })
      .load(caseId);
  }

  private async load(actor: Actor, id: string): Promise<SupervisionComment> {
    const [row] = await this.db.query<CommentRow>(`select ${COLUMNS} ${FROM} where m.id = $1`, [id]);
    if (!row) throw new NotFoundError('SupervisionComment', id);
    const comment = toComment(row);
    this.access.assertVisible(actor, 'SupervisionComment', subject(comment));
    return comment;
  }

  private async insert(
    actor: Actor,
    at: { caseId: string; path: string; noteId: string | null; parentId: string | null },
    body: string,
  ): Promise<SupervisionComment> {
    const [{ id }] = await this.db.query<{ id: string }>(
      `insert into supervision_comment (tenant_id, case_id, org_path, note_id, parent_id, author_id, body)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5, $6) returning id`,
      [at.caseId, at.path, at.noteId, at.parentId, actor.id, body],
    );
    await this.audit.changed(actor, { action: AuditAction.COMMENT, entity: AuditEntity.CASE_FILE, entityId: at.caseId, path: at.path });
    return this.load(actor, id);
  }
}
