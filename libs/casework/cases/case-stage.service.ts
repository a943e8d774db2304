import { Injectable } from '@nestjs/common';
import { Actor, ownedBy } from '@access';
import { TenantService } from '@org';
import { Db } from '@platform/database/db';
import { RuleViolatedError } from '@platform/errors/domain-errors';
import { AuditAction, AuditEntity } from '../audit/audit.model';
import { AuditService } from '../audit/audit.service';
import { caseOwner, CaseFile, CaseStage, ClosureReason, ClosureRequest, ClosureStatus, STAGE_ORDER } from './case-file.model';
import { CaseFileService } from './case-file.service';
import { ClosureDecisionInput, ClosureRequestInput, ReopenCaseInput } from './dto/case.input';

interface ClosureRow {
  id: string;
  case_id: string;
  reason: ClosureReason;
  summary: string;
  status: ClosureStatus;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  open_goals_accepted: boolean;
}

const CLOSURE_COLUMNS = `id, case_id, reason, summary, status, requested_by, requested_at, decided_by, decided_at, decision_comment, open_goals_accepted`;

export function toClosure(r: ClosureRow): ClosureRequest {
  return {
    id: r.id,
    reason: r.reason,
    summary: r.summary,
    status: r.status,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionComment: r.decision_comment,
    openGoalsAccepted: r.open_goals_accepted,
  };
}

/**
 * The standard process as a state machine: intake → assessment → plan → intervention →
 * evaluation, one step at a time and only forward; closure only through the station head's
 * approval; back only by an explicit reopening with a reason.
 */
@Injectable()
export class CaseStageService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseFileService,
    private readonly tenants: TenantService,
    private readonly audit: AuditService,
  ) {}

  async advance(actor: Actor, id: string, to: CaseStage): Promise<CaseFile> {
    const c = await this.cases.loadForChange(actor, id);
    const from = STAGE_ORDER.indexOf(c.stage);
    const target = STAGE_ORDER.indexOf(to);
    if (c.stage === CaseStage.CLOSED) throw new RuleViolatedError('case.closed', 'The case is closed; reopen it with a reason');
    if (to === CaseStage.CLOSED)
      throw new RuleViolatedError('case.closure-needs-approval', 'A case closes only when the station head approves a closure request');
    if (target <= from)
      throw new RuleViolatedError('case.stage-forward-only', `A case moves only forward; going back from ${c.stage} to ${to} is a reopening, with a reason`);
    if (target > from + 1) throw new RuleViolatedError('case.stage-one-step', `From ${c.stage} the next stage is ${STAGE_ORDER[from + 1]}, not ${to}`);
    await this.assertReadyFor(c, to);
    await this.move(actor, c, to);
    return this.cases.get(actor, id);
  }

  async reopen(actor: Actor, id: string, input: ReopenCaseInput): Promise<CaseFile> {
    const c = await this.cases.loadForChange(actor, id);
    if (input.toStage === CaseStage.CLOSED || STAGE_ORDER.indexOf(input.toStage) >= STAGE_ORDER.indexOf(c.stage))
      throw new RuleViolatedError('case.reopen-backward', `Reopening returns to a stage before ${c.stage}`);
    await this.db.query(
      `update case_closure_request set status = 'REJECTED', decided_by = $2, decided_at = now(), decision_comment = 'Withdrawn: the case was reopened'
        where case_id = $1 and status = 'PENDING'`,
      [id, actor.id],
    );
    await this.move(actor, c, input.toStage, input.reason);
    return this.cases.get(actor, id);
  }

  async requestClosure(actor: Actor, id: string, input: ClosureRequestInput): Promise<ClosureRequest> {
    const c = await this.cases.loadForChange(actor, id);
    if (c.stage !== CaseStage.EVALUATION)
      throw new RuleViolatedError('case.closure-from-evaluation', `Closure is requested at EVALUATION; the case is at ${c.stage}`);
    if (!c.evaluation) throw new RuleViolatedError('case.evaluation-required', 'Record the evaluation before requesting closure');
    if (await this.pending(id)) throw new RuleViolatedError('case.closure-pending', 'A closure request already awaits the station head');
    const [row] = await this.db.query<ClosureRow>(
      `insert into case_closure_request (tenant_id, case_id, org_path, reason, summary, requested_by)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5) returning ${CLOSURE_COLUMNS}`,
      [id, c.path, input.reason, input.summary, actor.id],
    );
    await this.audit.changed(actor, { action: AuditAction.CLOSURE_REQUEST, entity: AuditEntity.CASE_FILE, entityId: id, path: c.path });
    return ownedBy(toClosure(row), caseOwner(c));
  }

  /** The station head approves (closing the case) or rejects a pending closure request. */
  async decideClosure(actor: Actor, id: string, input: ClosureDecisionInput): Promise<ClosureRequest> {
    const c = await this.cases.loadForChange(actor, id, 'approveClosure');
    const request = await this.pending(id);
    if (!request) throw new RuleViolatedError('case.no-pending-closure', 'No closure request awaits a decision');
    if (input.approve && c.openGoalCount > 0 && !input.acceptOpenGoals)
      throw new RuleViolatedError('case.closure-open-goals', `${c.openGoalCount} plan goal(s) are still open; settle them or approve with acceptOpenGoals`, {
        openGoals: c.openGoalCount,
      });
    const status = input.approve ? ClosureStatus.APPROVED : ClosureStatus.REJECTED;
    const [row] = await this.db.query<ClosureRow>(
      `update case_closure_request set status = $2, decided_by = $3, decided_at = now(), decision_comment = $4, open_goals_accepted = $5
        where id = $1 returning ${CLOSURE_COLUMNS}`,
      [request.id, status, actor.id, input.comment ?? null, input.approve && c.openGoalCount > 0],
    );
    if (input.approve) {
      await this.db.query(
        `update case_file set stage = 'CLOSED', closed_on = $2, closure_reason = $3, closure_summary = $4, updated_at = now() where id = $1`,
        [id, await this.tenants.today(), request.reason, request.summary],
      );
      await this.cases.recordStage(actor, c, c.stage, CaseStage.CLOSED);
    }
    await this.audit.changed(actor, {
      action: AuditAction.CLOSURE_DECISION,
      entity: AuditEntity.CASE_FILE,
      entityId: id,
      path: c.path,
      detail: { approved: input.approve },
    });
    return ownedBy(toClosure(row), caseOwner(c));
  }

  /** The closure requests of a case, newest first. */
  async closureRequests(caseId: string): Promise<ClosureRequest[]> {
    const rows = await this.db.query<ClosureRow>(`select ${CLOSURE_COLUMNS} from case_closure_request where case_id = $1 order by requested_at desc`, [caseId]);
    return rows.map((r) => toClosure(r));
  }

  private async pending(caseId: string): Promise<ClosureRow | undefined> {
    const [row] = await this.db.query<ClosureRow>(`select ${CLOSURE_COLUMNS} from case_closure_request where case_id = $1 and status = 'PENDING'`, [caseId]);
    return row;
  }

  /** What each stage needs before the case may enter it. */
  private async assertReadyFor(c: CaseFile, to: CaseStage): Promise<void> {
    if (to === CaseStage.PLAN && !c.assessment) throw new RuleViolatedError('case.assessment-required', 'Record the assessment before planning');
    if (to === CaseStage.INTERVENTION) {
      const [{ goals }] = await this.db.query<{ goals: number }>(`select count(*)::int as goals from case_goal where case_id = $1 and status <> 'CANCELLED'`, [
        c.id,
      ]);
      if (!goals) throw new RuleViolatedError('case.plan-goals-required', 'The plan needs at least one goal before intervention');
    }
    if (to === CaseStage.EVALUATION) {
      const [{ notes }] = await this.db.query<{ notes: number }>(`select count(*)::int as notes from case_note where case_id = $1 and stage = 'INTERVENTION'`, [
        c.id,
      ]);
      if (!notes) throw new RuleViolatedError('case.service-record-required', 'Record at least one service during intervention before evaluating');
    }
  }

  private async move(actor: Actor, c: CaseFile, to: CaseStage, reason?: string): Promise<void> {
    await this.db.query(
      // Leaving CLOSED (a reopening) clears what the closure recorded; the request keeps its history.
      `update case_file set stage = $2, closed_on = null, closure_reason = null, closure_summary = null, updated_at = now() where id = $1`,
      [c.id, to],
    );
    await this.cases.recordStage(actor, c, c.stage, to, reason);
    await this.audit.changed(actor, {
      action: AuditAction.STAGE_CHANGE,
      entity: AuditEntity.CASE_FILE,
      entityId: c.id,
      path: c.path,
      detail: { from: c.stage, to, ...(reason ? { reason } : {}) },
    });
  }
}
