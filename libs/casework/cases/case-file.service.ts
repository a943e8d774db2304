import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { registerUniqueRule } from '@platform/errors/unique-violations';
import { AccessService, Actor, filterByScope, outrightPaths, Role, scopeOf } from '@access';
import { AccountsService } from '@accounts';
import { OrgUnitService, TenantService } from '@org';
import { Db } from '@platform/database/db';
import { SqlFilter } from '@platform/database/sql-filter';
import { pagedQuery } from '@platform/database/paged-query';
import { BadInputError, ForbiddenError, NotFoundError, RuleViolatedError } from '@platform/errors/domain-errors';
import type { RuleCode } from '@platform/errors/rule-codes';
import { Page, PageInput } from '@platform/graphql/pagination';
import { AuditAction, AuditEntity } from '../audit/audit.model';
import { AuditService } from '../audit/audit.service';
import { ServiceObjectService } from '../service-objects/service-object.service';
import { Assessment, CaseFile, CaseStage, ClosureReason, Evaluation, IntakeSource } from './case-file.model';
import { AssessmentInput, CaseFilter, OpenCaseInput } from './dto/case.input';

registerUniqueRule('uq_case_file_one_open', 'case.one-open-case', 'This person already has an open case: one person, one open case');

export interface CaseRow {
  id: string;
  case_number: string;
  service_object_id: string;
  station_id: string;
  org_path: string;
  worker_id: string;
  stage: CaseStage;
  opened_on: string;
  closed_on: string | null;
  intake_source: IntakeSource;
  presenting_problem: string;
  assessment: Assessment | null;
  plan_summary: string | null;
  evaluation: Evaluation | null;
  closure_reason: ClosureReason | null;
  closure_summary: string | null;
  open_goal_count: number;
}

const COLUMNS = `c.id, c.case_number, c.service_object_id, c.station_id, c.org_path::text as org_path, c.worker_id, c.stage,
  to_char(c.opened_on, 'YYYY-MM-DD') as opened_on, to_char(c.closed_on, 'YYYY-MM-DD') as closed_on, c.intake_source,
  c.presenting_problem, c.assessment, c.plan_summary, c.evaluation, c.closure_reason, c.closure_summary,
  (select count(*)::int from case_goal g where g.tenant_id = c.tenant_id and g.case_id = c.id and g.status = 'OPEN') as open_goal_count`;

/** What access rules need to know of a case. */
export function caseSubject(c: { id: string; path: string; workerId: string }) {
  return { id: c.id, path: c.path, workerId: c.workerId };
}

export function toCase(r: CaseRow): CaseFile {
  return {
    id: r.id,
    caseNumber: r.case_number,
    stage: r.stage,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    stationId: r.station_id,
    serviceObjectId: r.service_object_id,
    workerId: r.worker_id,
    intakeSource: r.intake_source,
    closureReason: r.closure_reason,
    openGoalCount: r.open_goal_count,
    path: r.org_path,
    presentingProblem: r.presenting_problem,
    assessment: r.assessment,
    planSummary: r.plan_summary,
    evaluation: r.evaluation,
    closureSummary: r.closure_summary,
  };
}

const WORKER_ROLES = [Role.SOCIAL_WORKER, Role.STATION_HEAD];

@Injectable()
export class CaseFileService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly accounts: AccountsService,
    private readonly orgUnits: OrgUnitService,
    private readonly tenants: TenantService,
    private readonly serviceObjects: ServiceObjectService,
    private readonly audit: AuditService,
  ) {}

  async get(actor: Actor, id: string): Promise<CaseFile> {
    return toCase(await this.loadVisible(actor, id));
  }

  /** A case the actor may read, optionally locked for a change so concurrent changes queue. */
  async loadVisible(actor: Actor, id: string, lock = false): Promise<CaseRow> {
    const [row] = await this.db.query<CaseRow>(`select ${COLUMNS} from case_file c where c.id = $1${lock ? ' for update of c' : ''}`, [id]);
    if (!row) throw new NotFoundError('CaseFile', id);
    this.access.assertVisible(actor, 'CaseFile', caseSubject(toCase(row)));
    return row;
  }

  /** Loads a case for a change by the actor: visible, then allowed (`update` unless said otherwise), locked. */
  async loadForChange(actor: Actor, id: string, action: 'update' | 'approveClosure' | 'transfer' = 'update'): Promise<CaseFile> {
    const current = toCase(await this.loadVisible(actor, id, true));
    this.access.assert(actor, action, 'CaseFile', caseSubject(current));
    return current;
  }

  async list(actor: Actor, filter: CaseFilter = {}, page?: PageInput): Promise<Page<CaseFile>> {
    const f = filterByScope(new SqlFilter(), scopeOf(actor, 'read', 'CaseFile'), { path: 'c.org_path', workerId: 'c.worker_id' });
    if (filter.rootId) f.where((p) => `c.org_path <@ ${p}::ltree`, (await this.orgUnits.get(actor, filter.rootId)).path);
    if (filter.stage) f.where((p) => `c.stage = ${p}`, filter.stage);
    if (filter.openOnly) f.whereRaw(`c.stage <> 'CLOSED'`);
    if (filter.workerId) f.where((p) => `c.worker_id = ${p}`, filter.workerId);
    if (filter.serviceObjectId) f.where((p) => `c.service_object_id = ${p}`, filter.serviceObjectId);
    if (filter.pendingClosure)
      f.whereRaw(`exists (select 1 from case_closure_request r where r.tenant_id = c.tenant_id and r.case_id = c.id and r.status = 'PENDING')`);
    if (filter.category)
      f.where(
        (p) => `exists (select 1 from service_object s where s.tenant_id = c.tenant_id and s.id = c.service_object_id and s.categories @> array[${p}]::text[])`,
        filter.category,
      );
    return pagedQuery<CaseRow, CaseFile>(
      { select: COLUMNS, from: `from case_file c where ${f.sql}`, params: f.params, orderBy: 'c.opened_on desc, c.case_number desc' },
      page,
      toCase,
    );
  }

  async open(actor: Actor, input: OpenCaseInput): Promise<CaseFile> {
    const person = await this.serviceObjects.loadVisible(actor, input.serviceObjectId);
    this.access.assert(actor, 'create', 'CaseFile', { path: person.org_path, workerId: input.workerId ?? actor.id });
    const workerId = input.workerId ?? actor.id;
    // Assigning a case to someone else is the station head's call.
    const assigns = actor.can('transfer', 'CaseFile', { path: person.org_path, workerId });
    if (workerId !== actor.id && !assigns) throw new ForbiddenError('Only the station head assigns a case to another worker');
    await this.assertWorksAt(workerId, person.org_path, 'workerId');
    const today = await this.tenants.today();
    const openedOn = input.openedOn ?? today;
    if (openedOn > today) throw BadInputError.field('openedOn', 'must not be in the future');
    await this.assertOpenable(person.id, workerId, assigns);
    const id = randomUUID();
    const year = Number(openedOn.slice(0, 4));
    const [{ last_number }] = await this.db.query<{ last_number: number }>(
      `insert into case_counter (tenant_id, year, last_number) values (app_tenant(), $1, 1)
       on conflict (tenant_id, year) do update set last_number = case_counter.last_number + 1 returning last_number`,
      [year],
    );
    await this.db.query(
      `insert into case_file (tenant_id, id, case_number, service_object_id, station_id, org_path, worker_id, stage, opened_on,
                              intake_source, presenting_problem, created_by)
       values (app_tenant(), $1, $2, $3, $4, $5::ltree, $6, 'INTAKE', $7, $8, $9, $10)`,
      [
        id,
        `${year}-${String(last_number).padStart(6, '0')}`,
        person.id,
        person.station_id,
        person.org_path,
        workerId,
        openedOn,
        input.intakeSource,
        input.presentingProblem,
        actor.id,
      ],
    );
    await this.recordStage(actor, { id, path: person.org_path }, null, CaseStage.INTAKE);
    await this.audit.changed(actor, { action: AuditAction.CREATE, entity: AuditEntity.CASE_FILE, entityId: id, path: person.org_path });
    return this.get(actor, id);
  }

  async recordAssessment(actor: Actor, id: string, input: AssessmentInput): Promise<CaseFile> {
    const c = await this.loadForChange(actor, id);
    this.assertReached(c, CaseStage.ASSESSMENT, 'case.assessment-stage');
    const assessment: Assessment = {
      needs: input.needs.map((n) => ({ domain: n.domain, description: n.description })),
      strengths: input.strengths ?? null,
      riskLevel: input.riskLevel,
      riskNotes: input.riskNotes ?? null,
    };
    await this.db.query(`update case_file set assessment = $2, updated_at = now() where id = $1`, [id, assessment]);
    return this.changed(actor, c, 'assessment');
  }

  async recordPlan(actor: Actor, id: string, summary: string): Promise<CaseFile> {
    const c = await this.loadForChange(actor, id);
    this.assertReached(c, CaseStage.PLAN, 'case.plan-stage');
    await this.db.query(`update case_file set plan_summary = $2, updated_at = now() where id = $1`, [id, summary]);
    return this.changed(actor, c, 'plan');
  }

  async recordEvaluation(actor: Actor, id: string, summary: string): Promise<CaseFile> {
    const c = await this.loadForChange(actor, id);
    this.assertReached(c, CaseStage.EVALUATION, 'case.evaluation-stage');
    await this.db.query(`update case_file set evaluation = $2, updated_at = now() where id = $1`, [id, { summary }]);
    return this.changed(actor, c, 'evaluation');
  }

  /** Hands one case to another worker of its station. */
  async transfer(actor: Actor, id: string, toWorkerId: string): Promise<CaseFile> {
    const c = await this.loadForChange(actor, id, 'transfer');
    if (c.stage === CaseStage.CLOSED) throw new RuleViolatedError('case.transfer-closed', 'A closed case is not transferred; reopen it first');
    if (toWorkerId === c.workerId) throw BadInputError.field('toWorkerId', 'is already the responsible worker');
    await this.assertWorksAt(toWorkerId, c.path, 'toWorkerId');
    await this.db.query(`update case_file set worker_id = $2, updated_at = now() where id = $1`, [id, toWorkerId]);
    await this.audit.changed(actor, {
      action: AuditAction.TRANSFER,
      entity: AuditEntity.CASE_FILE,
      entityId: id,
      path: c.path,
      detail: { from: c.workerId, to: toWorkerId },
    });
    return this.get(actor, id);
  }

  /** Hands every open case a worker holds at a station (and below) to another worker there, in one action. */
  async transferAll(actor: Actor, stationPath: string, fromWorkerId: string, toWorkerId: string): Promise<CaseFile[]> {
    this.access.assert(actor, 'transfer', 'CaseFile', { path: stationPath, workerId: fromWorkerId });
    if (fromWorkerId === toWorkerId) throw BadInputError.field('toWorkerId', 'must differ from fromWorkerId');
    await this.assertWorksAt(toWorkerId, stationPath, 'toWorkerId');
    const rows = await this.db.query<{ id: string; org_path: string }>(
      `select id, org_path::text as org_path from case_file
        where worker_id = $1 and stage <> 'CLOSED' and org_path <@ $2::ltree and org_path <@ $3::ltree[]
        order by case_number for update`,
      [fromWorkerId, stationPath, outrightPaths(scopeOf(actor, 'transfer', 'CaseFile'))],
    );
    for (const r of rows) await this.assertWorksAt(toWorkerId, r.org_path, 'toWorkerId');
    await this.db.query(`update case_file set worker_id = $2, updated_at = now() where id = any($1::uuid[])`, [rows.map((r) => r.id), toWorkerId]);
    for (const r of rows) {
      await this.audit.changed(actor, {
        action: AuditAction.TRANSFER,
        entity: AuditEntity.CASE_FILE,
        entityId: r.id,
        path: r.org_path,
        detail: { from: fromWorkerId, to: toWorkerId },
      });
    }
    return Promise.all(rows.map((r) => this.get(actor, r.id)));
  }

  /** Records a move between stages: who and when, and why for a reopening. */
  async recordStage(actor: Actor, c: { id: string; path: string }, from: CaseStage | null, to: CaseStage, reason?: string): Promise<void> {
    await this.db.query(
      `insert into case_stage_event (tenant_id, case_id, org_path, from_stage, to_stage, reason, moved_by)
       values (app_tenant(), $1, $2::ltree, $3, $4, $5, $6)`,
      [c.id, c.path, from, to, reason ?? null, actor.id],
    );
  }

  /** A stage's record may be written once the case has reached that stage, and until it closes. */
  assertReached(c: CaseFile, stage: CaseStage, rule: RuleCode): void {
    const order = [CaseStage.INTAKE, CaseStage.ASSESSMENT, CaseStage.PLAN, CaseStage.INTERVENTION, CaseStage.EVALUATION, CaseStage.CLOSED];
    if (c.stage === CaseStage.CLOSED) throw new RuleViolatedError('case.closed', 'The case is closed; reopen it to change it');
    if (order.indexOf(c.stage) < order.indexOf(stage))
      throw new RuleViolatedError(rule, `The case is at ${c.stage}; this record belongs to ${stage} and later`, { stage: c.stage });
  }

  async changed(actor: Actor, c: CaseFile, what: string): Promise<CaseFile> {
    await this.audit.changed(actor, { action: AuditAction.UPDATE, entity: AuditEntity.CASE_FILE, entityId: c.id, path: c.path, detail: { changed: what } });
    return this.get(actor, c.id);
  }

  /**
   * One person, one open case (一人一案); and a person whose file a colleague holds (the worker of
   * their latest case, or who registered them) gets a new case only from the station head, who
   * assigns it, or through a transfer: opening one must not be a way to the full identity number.
   */
  private async assertOpenable(serviceObjectId: string, workerId: string, assigns: boolean): Promise<void> {
    const [file] = await this.db.query<{ open_case: string | null; holder: string | null }>(
      `select (select c.case_number from case_file c where c.tenant_id = s.tenant_id and c.service_object_id = s.id and c.stage <> 'CLOSED' limit 1) as open_case,
              coalesce((select c.worker_id from case_file c where c.tenant_id = s.tenant_id and c.service_object_id = s.id
                         order by c.opened_on desc, c.created_at desc limit 1), s.registered_by) as holder
         from service_object s where s.id = $1 for update of s`,
      [serviceObjectId],
    );
    if (file?.open_case)
      throw new RuleViolatedError('case.one-open-case', `This person already has an open case (${file.open_case}): one person, one open case`);
    if (!assigns && file?.holder && file.holder !== workerId)
      throw new RuleViolatedError('case.file-held', 'Another worker holds this person’s file: the station head opens the case and assigns it, or transfers it');
  }

  private async assertWorksAt(userId: string, path: string, field: string): Promise<void> {
    if (!(await this.accounts.holdsRoleCovering(userId, WORKER_ROLES, path)))
      throw BadInputError.field(field, 'must be an active social worker or head of this station');
  }
}
