import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { errorCode, GqlResult, TestApp } from './support/test-app';

const REGISTER = `mutation($i: RegisterServiceObjectInput!) { registerServiceObject(input: $i) { id } }`;
const OPEN = `mutation($i: OpenCaseInput!) { openCase(input: $i) { id caseNumber stage } }`;
const ADVANCE = `mutation($id: ID!, $to: CaseStage!) { advanceCase(caseId: $id, toStage: $to) { stage } }`;
const ASSESS = `mutation($id: ID!, $i: AssessmentInput!) { recordAssessment(caseId: $id, input: $i) { id } }`;
const GOAL = `mutation($id: ID!, $i: GoalInput!) { addCaseGoal(caseId: $id, input: $i) { id status } }`;
const PROGRESS = `mutation($id: ID!, $i: GoalProgressInput!) { setCaseGoalProgress(goalId: $id, input: $i) { id status } }`;
const NOTE = `mutation($id: ID!, $i: CaseNoteInput!) { addCaseNote(caseId: $id, input: $i) { id stage } }`;
const EVALUATE = `mutation($id: ID!, $s: String!) { recordEvaluation(caseId: $id, input: { summary: $s }) { id } }`;
const REQUEST = `mutation($id: ID!, $i: ClosureRequestInput!) { requestCaseClosure(caseId: $id, input: $i) { id status } }`;
const DECIDE = `mutation($id: ID!, $i: ClosureDecisionInput!) { decideCaseClosure(caseId: $id, input: $i) { status openGoalsAccepted decisionComment } }`;
const REOPEN = `mutation($id: ID!, $i: ReopenCaseInput!) { reopenCase(caseId: $id, input: $i) { stage closedOn } }`;
const CASE = `query($id: ID!) { caseFile(id: $id) { stage openedOn closedOn closureReason closureSummary openGoalCount
  history { fromStage toStage reason movedBy } closureRequests { status } } }`;

function rule(res: GqlResult): string | undefined {
  return res.errors?.[0]?.extensions?.rule as string | undefined;
}

describe('case files through the standard process', () => {
  let t: TestApp;
  let worker: string;
  let head: string;
  let workerId: string;
  let headId: string;
  let station: string;
  let sequence = 500;

  async function newCase(): Promise<string> {
    const { registerServiceObject } = await t.ok(
      REGISTER,
      {
        i: {
          stationId: station,
          name: '李阿姨',
          gender: 'FEMALE',
          idNumber: makeIdentityNumber('370102', '1938-03-08', String((sequence += 2))) /* even: a woman's number */,
          categories: ['ELDERLY_LIVING_ALONE'],
        },
      },
      worker,
    );
    const { openCase } = await t.ok(
      OPEN,
      { i: { serviceObjectId: registerServiceObject.id, intakeSource: 'OUTREACH', presentingProblem: '独居高龄，近期跌倒', openedOn: '2026-01-05' } },
      worker,
    );
    return openCase.id;
  }

  /** Runs a case from intake to evaluation with the records each step needs; returns its goal id. */
  async function toEvaluation(id: string): Promise<string> {
    await t.ok(ADVANCE, { id, to: 'ASSESSMENT' }, worker);
    await t.ok(ASSESS, { id, i: { needs: [{ domain: 'HEALTH', description: '行动不便' }], riskLevel: 'MEDIUM', strengths: '子女关心' } }, worker);
    await t.ok(ADVANCE, { id, to: 'PLAN' }, worker);
    const { addCaseGoal } = await t.ok(GOAL, { id, i: { description: '每周两次上门探访', targetDate: '2026-06-30' } }, worker);
    await t.ok(ADVANCE, { id, to: 'INTERVENTION' }, worker);
    await t.ok(NOTE, { id, i: { noteDate: '2026-02-01', kind: 'HOME_VISIT', durationMinutes: 60, narrative: '上门探访，安装扶手' } }, worker);
    await t.ok(ADVANCE, { id, to: 'EVALUATION' }, worker);
    await t.ok(EVALUATE, { id, s: '跌倒风险下降' }, worker);
    return addCaseGoal.id;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    worker = await t.login('jfl.worker');
    head = await t.login('jfl.head');
    station = await t.stationId('370102001');
    [{ id: workerId }] = await t.ownerQuery(`select id from user_account where username = 'jfl.worker'`);
    [{ id: headId }] = await t.ownerQuery(`select id from user_account where username = 'jfl.head'`);
  });
  afterAll(() => t.close());

  it('opens a case at intake with a number, the intake record and the first history entry', async () => {
    const id = await newCase();
    const data = await t.ok(
      `query($id: ID!) { caseFile(id: $id) { caseNumber stage openedOn intakeSource presentingProblem workerId
      history { fromStage toStage movedBy } } }`,
      { id },
      worker,
    );
    expect(data.caseFile).toMatchObject({
      stage: 'INTAKE',
      openedOn: '2026-01-05',
      intakeSource: 'OUTREACH',
      presentingProblem: '独居高龄，近期跌倒',
      workerId,
    });
    expect(data.caseFile.caseNumber).toMatch(/^2026-\d{6}$/);
    expect(data.caseFile.history).toEqual([{ fromStage: null, toStage: 'INTAKE', movedBy: workerId }]);
  });

  it('refuses illegal moves with RULE_VIOLATED naming the rule, and changes nothing', async () => {
    const id = await newCase();
    const skip = await t.gql(ADVANCE, { id, to: 'PLAN' }, worker);
    expect([errorCode(skip), rule(skip)]).toEqual(['RULE_VIOLATED', 'case.stage-one-step']);
    const close = await t.gql(ADVANCE, { id, to: 'CLOSED' }, worker);
    expect(rule(close)).toBe('case.closure-needs-approval');
    const same = await t.gql(ADVANCE, { id, to: 'INTAKE' }, worker);
    expect(rule(same)).toBe('case.stage-forward-only');

    await t.ok(ADVANCE, { id, to: 'ASSESSMENT' }, worker);
    const back = await t.gql(ADVANCE, { id, to: 'INTAKE' }, worker);
    expect(rule(back)).toBe('case.stage-forward-only');
    expect(rule(await t.gql(ADVANCE, { id, to: 'PLAN' }, worker))).toBe('case.assessment-required');
    // A plan goal before the plan stage is refused too.
    expect(rule(await t.gql(GOAL, { id, i: { description: '早了' } }, worker))).toBe('case.plan-stage');

    await t.ok(ASSESS, { id, i: { needs: [], riskLevel: 'LOW' } }, worker);
    await t.ok(ADVANCE, { id, to: 'PLAN' }, worker);
    expect(rule(await t.gql(ADVANCE, { id, to: 'INTERVENTION' }, worker))).toBe('case.plan-goals-required');
    await t.ok(GOAL, { id, i: { description: '改善居家安全' } }, worker);
    await t.ok(ADVANCE, { id, to: 'INTERVENTION' }, worker);
    expect(rule(await t.gql(ADVANCE, { id, to: 'EVALUATION' }, worker))).toBe('case.service-record-required');
    // A note written before intervention does not count as a service record.
    const [{ stage }] = await t.ownerQuery(`select stage from case_file where id = $1`, [id]);
    expect(stage).toBe('INTERVENTION');
    const history = (await t.ok(CASE, { id }, worker)).caseFile.history;
    expect(history.map((h: { toStage: string }) => h.toStage)).toEqual(['INTAKE', 'ASSESSMENT', 'PLAN', 'INTERVENTION']);
    for (const h of history) expect(h.movedBy).toBe(workerId);
  });

  it('closes only on the station head’s approval, and not with open goals unless the head accepts them', async () => {
    const id = await newCase();
    const goalId = await toEvaluation(id);
    // Only at evaluation, once evaluated, and one request at a time.
    const request = await t.ok(REQUEST, { id, i: { reason: 'GOALS_ACHIEVED', summary: '目标基本达成' } }, worker);
    expect(request.requestCaseClosure.status).toBe('PENDING');
    expect(rule(await t.gql(REQUEST, { id, i: { reason: 'OTHER', summary: '再来一次' } }, worker))).toBe('case.closure-pending');
    // The worker cannot approve their own request.
    expect(errorCode(await t.gql(DECIDE, { id, i: { approve: true } }, worker))).toBe('FORBIDDEN');

    // One goal is still open: approval is refused unless the head accepts it explicitly.
    const refused = await t.gql(DECIDE, { id, i: { approve: true } }, head);
    expect([errorCode(refused), rule(refused)]).toEqual(['RULE_VIOLATED', 'case.closure-open-goals']);
    expect(refused.errors![0].extensions!.openGoals).toBe(1);
    expect((await t.ok(CASE, { id }, head)).caseFile.stage).toBe('EVALUATION');

    // Rejected: the case stays at evaluation and a new request may follow.
    const rejected = await t.ok(DECIDE, { id, i: { approve: false, comment: '请先完成目标评估' } }, head);
    expect(rejected.decideCaseClosure).toMatchObject({ status: 'REJECTED', decisionComment: '请先完成目标评估' });
    expect(rule(await t.gql(DECIDE, { id, i: { approve: true } }, head))).toBe('case.no-pending-closure');

    await t.ok(PROGRESS, { id: goalId, i: { status: 'ACHIEVED', attainmentNote: '已每周探访' } }, worker);
    await t.ok(REQUEST, { id, i: { reason: 'GOALS_ACHIEVED', summary: '目标达成，结案' } }, worker);
    const approved = await t.ok(DECIDE, { id, i: { approve: true, comment: '同意结案' } }, head);
    expect(approved.decideCaseClosure).toMatchObject({ status: 'APPROVED', openGoalsAccepted: false });
    const closed = (await t.ok(CASE, { id }, head)).caseFile;
    expect(closed).toMatchObject({ stage: 'CLOSED', closureReason: 'GOALS_ACHIEVED', closureSummary: '目标达成，结案', openGoalCount: 0 });
    expect(closed.closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(closed.history.at(-1)).toMatchObject({ fromStage: 'EVALUATION', toStage: 'CLOSED', movedBy: headId });
    expect(closed.closureRequests.map((r: { status: string }) => r.status)).toEqual(['APPROVED', 'REJECTED']);

    // A closed case takes no more notes or moves.
    expect(rule(await t.gql(NOTE, { id, i: { noteDate: '2026-03-01', kind: 'PHONE', durationMinutes: 5, narrative: '回访' } }, worker))).toBe('case.closed');
    expect(rule(await t.gql(ADVANCE, { id, to: 'EVALUATION' }, worker))).toBe('case.closed');
  });

  it('approves with open goals when the head accepts them explicitly', async () => {
    const id = await newCase();
    await toEvaluation(id);
    await t.ok(REQUEST, { id, i: { reason: 'MOVED_AWAY', summary: '服务对象搬离辖区' } }, worker);
    const approved = await t.ok(DECIDE, { id, i: { approve: true, acceptOpenGoals: true } }, head);
    expect(approved.decideCaseClosure).toMatchObject({ status: 'APPROVED', openGoalsAccepted: true });
    expect((await t.ok(CASE, { id }, head)).caseFile).toMatchObject({ stage: 'CLOSED', openGoalCount: 1, closureReason: 'MOVED_AWAY' });
  });

  it('reopens only backwards and only with a reason, recorded in the history', async () => {
    const id = await newCase();
    await toEvaluation(id);
    await t.ok(REQUEST, { id, i: { reason: 'GOALS_ACHIEVED', summary: '结案' } }, worker);
    await t.ok(DECIDE, { id, i: { approve: true, acceptOpenGoals: true } }, head);

    const noReason = await t.gql(REOPEN, { id, i: { toStage: 'ASSESSMENT', reason: '  ' } }, worker);
    expect(errorCode(noReason)).toBe('BAD_USER_INPUT');
    expect(rule(await t.gql(REOPEN, { id, i: { toStage: 'CLOSED', reason: '无' } }, worker))).toBe('case.reopen-backward');

    const reopened = await t.ok(REOPEN, { id, i: { toStage: 'ASSESSMENT', reason: '再次跌倒，需重新预估' } }, worker);
    expect(reopened.reopenCase).toEqual({ stage: 'ASSESSMENT', closedOn: null });
    const c = (await t.ok(CASE, { id }, worker)).caseFile;
    expect(c).toMatchObject({ closureReason: null, closureSummary: null });
    expect(c.history.at(-1)).toMatchObject({ fromStage: 'CLOSED', toStage: 'ASSESSMENT', reason: '再次跌倒，需重新预估', movedBy: workerId });
    // From an open stage, too: back to intake; forward by reopening is refused.
    expect(rule(await t.gql(REOPEN, { id, i: { toStage: 'PLAN', reason: '跳过' } }, worker))).toBe('case.reopen-backward');
    await t.ok(REOPEN, { id, i: { toStage: 'INTAKE', reason: '重新接案' } }, worker);
    // Reopening withdraws a pending closure request.
    const id2 = await newCase();
    await toEvaluation(id2);
    await t.ok(REQUEST, { id: id2, i: { reason: 'OTHER', summary: '申请' } }, worker);
    await t.ok(REOPEN, { id: id2, i: { toStage: 'INTERVENTION', reason: '仍需服务' } }, worker);
    expect((await t.ok(CASE, { id: id2 }, worker)).caseFile.closureRequests[0].status).toBe('REJECTED');
  });

  it('validates records: dates within the case, durations, empty texts; nothing written on error', async () => {
    const id = await newCase();
    const notes = async () => (await t.ownerQuery(`select count(*)::int as n from case_note where case_id = $1`, [id]))[0].n;
    const before = await notes();
    for (const [input, field] of [
      [{ noteDate: '2025-12-31', kind: 'PHONE', durationMinutes: 10, narrative: '开案前' }, 'noteDate'],
      [{ noteDate: '2099-01-01', kind: 'PHONE', durationMinutes: 10, narrative: '未来' }, 'noteDate'],
      [{ noteDate: '2026-01-06', kind: 'PHONE', durationMinutes: -1, narrative: '负数' }, 'durationMinutes'],
      [{ noteDate: '2026-01-06', kind: 'PHONE', durationMinutes: 1441, narrative: '超过一天' }, 'durationMinutes'],
      [{ noteDate: '2026-01-06', kind: 'PHONE', durationMinutes: 10, narrative: '   ' }, 'narrative'],
    ] as const) {
      const res = await t.gql(NOTE, { id, i: input }, worker);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.fields!.map((f) => f.field)).toContain(field);
    }
    expect(await notes()).toBe(before);
    const future = await t.gql(
      OPEN,
      {
        i: {
          serviceObjectId: (await t.ownerQuery(`select service_object_id from case_file where id = $1`, [id]))[0].service_object_id,
          intakeSource: 'WALK_IN',
          presentingProblem: 'x',
          openedOn: '2099-01-01',
        },
      },
      worker,
    );
    expect(errorCode(future)).toBe('BAD_USER_INPUT');
    const note = await t.ok(NOTE, { id, i: { noteDate: '2026-01-06', kind: 'INTERVIEW', durationMinutes: 45, narrative: '首次面谈' } }, worker);
    expect(note.addCaseNote.stage).toBe('INTAKE');
  });

  it('serialises concurrent moves of one case: two advances to the same stage leave one move in the history', async () => {
    const id = await newCase();
    const [a, b] = await Promise.all([t.gql(ADVANCE, { id, to: 'ASSESSMENT' }, worker), t.gql(ADVANCE, { id, to: 'ASSESSMENT' }, worker)]);
    const outcomes = [a, b].map((r) => (r.errors ? rule(r) : 'ok')).sort();
    expect(outcomes).toEqual(['case.stage-forward-only', 'ok']);
    const events = await t.ownerQuery(`select count(*)::int as n from case_stage_event where case_id = $1 and to_stage = 'ASSESSMENT'`, [id]);
    expect(events[0].n).toBe(1);
  });

  it('leaves an audit record for every change', async () => {
    const id = await newCase();
    await toEvaluation(id);
    const rows = await t.ownerQuery(`select action, detail from audit_log where entity_id = $1 and action <> 'READ_NARRATIVE' order by at, id`, [id]);
    const actions = rows.map((r) => r.action);
    expect(actions[0]).toBe('CREATE');
    expect(actions.filter((a) => a === 'STAGE_CHANGE')).toHaveLength(4);
    expect(actions.filter((a) => a === 'UPDATE').length).toBeGreaterThanOrEqual(4);
    const audit = await t.ok(`query($id: ID!) { auditLog(filter: { entityId: $id }) { total items { action actorId } } }`, { id }, head);
    expect(audit.auditLog.total).toBeGreaterThanOrEqual(rows.length);
    expect(audit.auditLog.items.every((r: { actorId: string }) => r.actorId === workerId || r.actorId === headId)).toBe(true);
  });
});
