import { Injectable } from '@nestjs/common';
import { Actor, ownedBy } from '@access';
import { TenantService } from '@org';
import { Db } from '@platform/database/db';
import { BadInputError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import { CaseFile, CaseGoal, CaseNote, CaseStage, GoalStatus, NoteKind, StageEvent, caseOwner } from './case-file.model';
import { CaseFileService } from './case-file.service';
import { CaseNoteInput, GoalInput, GoalProgressInput } from './dto/case.input';

interface GoalRow {
  id: string;
  case_id: string;
  description: string;
  target_date: string | null;
  planned_services: string | null;
  status: GoalStatus;
  attainment_note: string | null;
}

interface NoteRow {
  id: string;
  case_id: string;
  stage: CaseStage;
  note_date: string;
  kind: NoteKind;
  duration_minutes: number;
  narrative: string;
  author_id: string;
  created_at: Date;
}

const GOAL_COLUMNS = `id, case_id, description, to_char(target_date, 'YYYY-MM-DD') as target_date, planned_services, status, attainment_note`;
const NOTE_COLUMNS = `id, case_id, stage, to_char(note_date, 'YYYY-MM-DD') as note_date, kind, duration_minutes, narrative, author_id, created_at`;

const toGoal = (r: GoalRow): CaseGoal => ({
  id: r.id,
  description: r.description,
  targetDate: r.target_date,
  plannedServices: r.planned_services,
  status: r.status,
  attainmentNote: r.attainment_note,
});

const toNote = (r: NoteRow): CaseNote => ({
  id: r.id,
  caseId: r.case_id,
  stage: r.stage,
  noteDate: r.note_date,
  kind: r.kind,
  durationMinutes: r.duration_minutes,
  narrative: r.narrative,
  authorId: r.author_id,
  createdAt: r.created_at,
});

/** Plan goals, progress notes and stage history of case files. */
@Injectable()
export class CaseRecordsService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseFileService,
    private readonly tenants: TenantService,
  ) {}

  async addGoal(actor: Actor, caseId: string, input: GoalInput): Promise<CaseGoal> {
    const c = await this.cases.loadForChange(actor, caseId);
    this.cases.assertReached(c, CaseStage.PLAN, 'case.plan-stage');
    if (input.targetDate && input.targetDate < c.openedOn) throw BadInputError.field('targetDate', `must not be before the case opened (${c.openedOn})`);
    const [row] = await this.db.query<GoalRow>(
      `insert into case_goal (tenant_id, case_id, org_path, description, target_date, planned_services)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5) returning ${GOAL_COLUMNS}`,
      [caseId, c.path, input.description, input.targetDate ?? null, input.plannedServices ?? null],
    );
    await this.cases.changed(actor, c, 'goal');
    return ownedBy(toGoal(row), caseOwner(c));
  }

  async setGoalProgress(actor: Actor, goalId: string, input: GoalProgressInput): Promise<CaseGoal> {
    const [goal] = await this.db.query<GoalRow>(`select ${GOAL_COLUMNS} from case_goal where id = $1`, [goalId]);
    if (!goal) throw new NotFoundError('CaseGoal', goalId);
    const c = await this.cases.loadForChange(actor, goal.case_id);
    this.cases.assertReached(c, CaseStage.PLAN, 'case.plan-stage');
    const [row] = await this.db.query<GoalRow>(
      `update case_goal set status = $2, attainment_note = $3, updated_at = now() where id = $1 returning ${GOAL_COLUMNS}`,
      [goalId, input.status, input.attainmentNote ?? goal.attainment_note],
    );
    await this.cases.changed(actor, c, 'goal');
    return ownedBy(toGoal(row), caseOwner(c));
  }

  async addNote(actor: Actor, caseId: string, input: CaseNoteInput): Promise<CaseNote> {
    const c = await this.cases.loadForChange(actor, caseId);
    if (c.stage === CaseStage.CLOSED) throw new RuleViolatedError('case.closed', 'The case is closed; reopen it to add notes');
    const today = await this.tenants.today();
    if (input.noteDate < c.openedOn) throw BadInputError.field('noteDate', `must not be before the case opened (${c.openedOn})`);
    if (input.noteDate > today) throw BadInputError.field('noteDate', 'must not be in the future');
    const [row] = await this.db.query<NoteRow>(
      `insert into case_note (tenant_id, case_id, org_path, stage, note_date, kind, duration_minutes, narrative, author_id)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5, $6, $7, $8) returning ${NOTE_COLUMNS}`,
      [caseId, c.path, c.stage, input.noteDate, input.kind, input.durationMinutes, input.narrative, actor.id],
    );
    await this.cases.changed(actor, c, 'note');
    return ownedBy(toNote(row), caseOwner(c));
  }

  /** A note the actor may see, with its case, for comments on a specific record. */
  async noteOf(actor: Actor, noteId: string): Promise<{ note: CaseNote; caseFile: CaseFile }> {
    const [row] = await this.db.query<NoteRow>(`select ${NOTE_COLUMNS} from case_note where id = $1`, [noteId]);
    if (!row) throw new NotFoundError('CaseNote', noteId);
    return { note: toNote(row), caseFile: await this.cases.get(actor, row.case_id) };
  }

  goalsOf(caseId: string): Promise<CaseGoal[]> {
    return this.db.request
      .loader<string, CaseGoal[]>('casework.goals', async (ids) => {
        const rows = await this.db.query<GoalRow>(`select ${GOAL_COLUMNS} from case_goal where case_id = any($1::uuid[]) order by created_at, id`, [ids]);
        return ids.map((id) => rows.filter((r) => r.case_id === id).map(toGoal));
      })
      .load(caseId);
  }

  notesOf(caseId: string): Promise<CaseNote[]> {
    return this.db.request
      .loader<string, CaseNote[]>('casework.notes', async (ids) => {
        const rows = await this.db.query<NoteRow>(`select ${NOTE_COLUMNS} from case_note where case_id = any($1::uuid[]) order by note_date, created_at`, [
          ids,
        ]);
        return ids.map((id) => rows.filter((r) => r.case_id === id).map(toNote));
      })
      .load(caseId);
  }

  historyOf(caseId: string): Promise<StageEvent[]> {
    return this.db.request
      .loader<string, (StageEvent & { caseId: string })[]>('casework.history', async (ids) => {
        const rows = await this.db.query<{
          case_id: string;
          from_stage: CaseStage | null;
          to_stage: CaseStage;
          reason: string | null;
          moved_by: string;
          moved_at: Date;
        }>(`select case_id, from_stage, to_stage, reason, moved_by, moved_at from case_stage_event where case_id = any($1::uuid[]) order by moved_at, id`, [
          ids,
        ]);
        return ids.map((id) =>
          rows
            .filter((r) => r.case_id === id)
            .map((r) => ({ caseId: id, fromStage: r.from_stage, toStage: r.to_stage, reason: r.reason, movedBy: r.moved_by, movedAt: r.moved_at })),
        );
      })
      .load(caseId);
  }
}
