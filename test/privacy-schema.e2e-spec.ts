import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, GraphQLObjectType, GraphQLSchema, isNonNullType, isObjectType } from 'graphql';
import { personalTypes, Reveal } from '../libs/access/privacy/personal-data';
import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { errorCode, GqlResult, Row, TestApp } from './support/test-app';

/**
 * Object types with text fields that carry nobody's personal data, each with the reason. A new
 * type with a String field is neither here nor declared @PersonalData until someone decides.
 */
const NO_PERSON: Record<string, string> = {
  AuthPayload: 'tokens, issued to the caller',
  CatalogField: 'the city’s service catalogue',
  CatalogItem: 'the city’s service catalogue',
  DueVisit: 'the name of the visit rule',
  EvalDimension: 'a dimension of an evaluation scheme',
  EvalDimensionResult: 'a dimension’s name',
  EvalEvidence: 'an evidence file’s name and type (the file is served under the sheet’s access)',
  EvalYearRow: 'a station’s name and quarterly totals',
  EvalDimensionScore: 'a dimension’s name',
  EvalGradeBand: 'a grade’s name',
  EvalIndicator: 'an indicator of an evaluation scheme',
  EvalLogEntry: 'a score change: the reason is about the station’s work, the actor an id and a role',
  EvalMetric: 'a statistics metric',
  EvalResult: 'a station’s and district’s names and scores',
  EvalRound: 'a round’s name and period',
  EvalRule: 'a rule of an evaluation scheme',
  EvalScheme: 'the city’s evaluation scheme',
  EvalScore: 'a figure and a scorer’s note on the station’s work, no person',
  EvalSheet: 'a station’s name, grade and why the sheet was returned',
  EvalStationGrade: 'a grade and a period',
  MonthFigures: 'a month',
  NodeFigures: 'a node’s code and name',
  OrgUnit: 'a node of the tree',
  Permission: 'what the caller’s own roles allow (conditions name the caller’s id)',
  ReportingCompleteness: 'a month',
  RoleAssignment: 'the node a role is granted on',
  RuleDescription: 'a domain rule and its message',
  StaffingFailure: 'counts against the staffing policy',
  Station: 'a station’s public details',
  StationCompliance: 'a station’s code and name',
  StationRank: 'a station’s code and name',
  StatMetric: 'a figure of the statistics catalogue: its name, Chinese label, unit and shape',
  StationRef: 'a station’s code and name',
  Tenant: 'a city',
  VisitRate: 'a month',
  VisitRule: 'the name of a rule',
  WorkOrderPolicy: 'the city’s deadlines and time zone',
  IntakeKey: 'the hotline system’s API key: its name and first characters',
  NewIntakeKey: 'a new API key, shown once to the city admin who made it',
};

const TEXT_SCALARS = new Set(['String', 'JSON']);

/** What a role above the station sees in full by its own rule: the city admin manages the accounts, so it sees their holders' names and phones. */
const SEES_IN_FULL: Record<string, { fields: string[]; texts: string[] }> = {
  'city.admin': { fields: ['UserAccount.displayName', 'UserAccount.phone'], texts: ['账号隐私'] },
};

/** What each marked field is: type → field → how it is revealed. */
function marks(): Map<string, Map<string, Reveal>> {
  return new Map(
    personalTypes()
      .filter((s) => s.fields.size > 0)
      .map((s) => [s.typeName, s.fields]),
  );
}

/** Types from which some marked field can be reached. */
function reaching(schema: GraphQLSchema, marked: Map<string, Map<string, Reveal>>): Set<string> {
  const result = new Set(marked.keys());
  for (let changed = true; changed;) {
    changed = false;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || result.has(type.name)) continue;
      if (Object.values(type.getFields()).some((f) => result.has(getNamedType(f.type).name))) {
        result.add(type.name);
        changed = true;
      }
    }
  }
  return result;
}

/** A selection of every path from `type` to a marked field, with __typename on each object to read the answer back. */
function selection(type: GraphQLObjectType, marked: Map<string, Map<string, Reveal>>, reach: Set<string>, stack: string[] = []): string {
  const parts = ['__typename'];
  const fields = type.getFields();
  if (fields.id) parts.push('id');
  for (const field of Object.values(fields)) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    const kind = marked.get(type.name)?.get(field.name);
    if (isObjectType(named)) {
      if ((kind || reach.has(named.name)) && !stack.includes(named.name) && stack.length < 6)
        parts.push(`${field.name} { ${selection(named, marked, reach, [...stack, type.name])} }`);
    } else if (kind) {
      parts.push(field.name);
    }
  }
  return parts.join(' ');
}

interface Seen {
  /** `Type.field` → every value met at it. */
  values: Map<string, unknown[]>;
  ids: Set<string>;
}

/** Walks an answer and collects the value of every marked field, by the object's __typename. */
function collect(value: unknown, marked: Map<string, Map<string, Reveal>>, seen: Seen): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, marked, seen);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const obj = value as Row;
  if (typeof obj.id === 'string') seen.ids.add(obj.id);
  const fields = marked.get(obj.__typename);
  for (const [key, v] of Object.entries(obj)) {
    if (fields?.has(key)) {
      const at = `${obj.__typename}.${key}`;
      seen.values.set(at, [...(seen.values.get(at) ?? []), v]);
    }
    if (v && typeof v === 'object') collect(v, marked, seen);
  }
}

/** Fixture texts in fields declared plain (a group's name, an activity's title…): bureaus oversee them. */
const PLAIN_TEXTS = ['隐私小组', '隐私活动', '隐私联动', '隐私互助会'];

const isEmpty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);
const isMaskedName = (v: unknown) => v === null || (typeof v === 'string' && /^(.\*+|\*)$/u.test(v));
const FULL_ID = /^[0-9]{17}[0-9X]$/;

describe('personal data on every path of the schema', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const ok = (query: string, variables: Row, token: string) => t.ok(query, variables, token);

  beforeAll(async () => {
    // Whole answers are asked for at once: room for deep, wide queries.
    t = await TestApp.start({ env: { GRAPHQL_MAX_DEPTH: '20', GRAPHQL_MAX_COMPLEXITY: '1000000' } });
    Object.assign(tokens, await t.loginAll(['jfl.head', 'jfl.worker', 'lixia.officer', 'city.admin', 'qfs.worker', 'lixia.supervisor']));
    const jfl = await t.nodeId('370102001');
    const station = await t.stationId('370102001');
    ids.jflNode = jfl;
    ids.cityNode = await t.nodeId('370100');
    const head = tokens['jfl.head'];
    const worker = tokens['jfl.worker'];

    // A supervisor assigned elsewhere (a station of 市中区): jfl is outside its stations.
    const password = 'Privacy@2026x';
    await ok(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { username: 'sz.supervisor', displayName: '市中区督导', password, orgUnitId: await t.nodeId('370103001'), role: 'SUPERVISOR' } },
      tokens['city.admin'],
    );
    tokens['other.supervisor'] = await t.login('sz.supervisor', password);

    // Every kind of record at 解放路, each field filled.
    const today = (await t.ownerQuery(`select (now() at time zone 'Asia/Shanghai')::date::text as d`))[0].d as string;
    const personId = makeIdentityNumber('370102', '1950-02-03', '124'); // 17th digit 4: female
    const person = await ok(
      `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { id } }`,
      {
        input: {
          stationId: station,
          name: '隐私甲',
          gender: 'FEMALE',
          idNumber: personId,
          phone: '13812340001',
          address: '历下区隐私路1号',
          categories: ['ELDERLY_LIVING_ALONE'],
          riskLevel: 'HIGH',
          notes: '对象备注隐私',
          emergencyContact: { name: '隐私乙', phone: '13812340002', relation: '女儿' },
        },
      },
      worker,
    );
    ids.person = person.registerServiceObject.id;
    const kase = await ok(
      `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
      { input: { serviceObjectId: ids.person, intakeSource: 'WALK_IN', presentingProblem: '主诉隐私' } },
      worker,
    );
    ids.case = kase.openCase.id;
    const move = (toStage: string) =>
      ok(`mutation($id: ID!, $s: CaseStage!) { advanceCase(caseId: $id, toStage: $s) { id } }`, { id: ids.case, s: toStage }, worker);
    await move('ASSESSMENT');
    await ok(
      `mutation($id: ID!, $i: AssessmentInput!) { recordAssessment(caseId: $id, input: $i) { id } }`,
      { id: ids.case, i: { needs: [{ domain: 'HEALTH', description: '需求隐私' }], strengths: '优势隐私', riskLevel: 'HIGH', riskNotes: '风险隐私' } },
      worker,
    );
    await move('PLAN');
    await ok(`mutation($id: ID!) { recordPlan(caseId: $id, summary: "计划隐私") { id } }`, { id: ids.case }, worker);
    const goal = await ok(
      `mutation($id: ID!, $i: GoalInput!) { addCaseGoal(caseId: $id, input: $i) { id } }`,
      { id: ids.case, i: { description: '目标隐私', plannedServices: '服务隐私' } },
      worker,
    );
    await move('INTERVENTION');
    const note = await ok(
      `mutation($id: ID!, $i: CaseNoteInput!) { addCaseNote(caseId: $id, input: $i) { id } }`,
      { id: ids.case, i: { noteDate: today, kind: 'INTERVIEW', durationMinutes: 30, narrative: '记录隐私' } },
      worker,
    );
    await move('EVALUATION');
    await ok(
      `mutation($id: ID!, $i: GoalProgressInput!) { setCaseGoalProgress(goalId: $id, input: $i) { id } }`,
      { id: goal.addCaseGoal.id, i: { status: 'ACHIEVED', attainmentNote: '达成隐私' } },
      worker,
    );
    await ok(`mutation($id: ID!) { recordEvaluation(caseId: $id, input: { summary: "评估隐私" }) { id } }`, { id: ids.case }, worker);
    await ok(`mutation($id: ID!) { requestCaseClosure(caseId: $id, input: { reason: GOALS_ACHIEVED, summary: "结案隐私" }) { id } }`, { id: ids.case }, worker);
    await ok(`mutation($id: ID!) { decideCaseClosure(caseId: $id, input: { approve: true, comment: "审批隐私" }) { id } }`, { id: ids.case }, head);
    await ok(`mutation($id: ID!) { reopenCase(caseId: $id, input: { toStage: EVALUATION, reason: "重开隐私" }) { id } }`, { id: ids.case }, worker);
    await ok(
      `mutation($id: ID!) { requestCaseClosure(caseId: $id, input: { reason: GOALS_ACHIEVED, summary: "再次结案隐私" }) { id } }`,
      { id: ids.case },
      worker,
    );
    await ok(`mutation($id: ID!) { decideCaseClosure(caseId: $id, input: { approve: true }) { id } }`, { id: ids.case }, head);
    const comment = await ok(
      `mutation($id: ID!, $i: NewCommentInput!) { addSupervisionComment(caseId: $id, input: $i) { id } }`,
      { id: ids.case, i: { body: '督导隐私', noteId: note.addCaseNote.id } },
      tokens['lixia.supervisor'],
    );
    await ok(
      `mutation($id: ID!) { replyToSupervisionComment(commentId: $id, input: { body: "回复隐私" }) { id } }`,
      { id: comment.addSupervisionComment.id },
      worker,
    );

    const visit = `mutation($i: HomeVisitInput!) { recordHomeVisit(input: $i) { id } }`;
    await ok(visit, { i: { serviceObjectId: ids.person, visitDate: today, kind: 'HOME', findings: '探访隐私' } }, worker);
    const voided = await ok(visit, { i: { serviceObjectId: ids.person, visitDate: today, kind: 'PHONE', findings: '作废探访隐私' } }, worker);
    await ok(`mutation($id: ID!) { voidHomeVisit(id: $id, input: { reason: "作废原因隐私" }) { id } }`, { id: voided.recordHomeVisit.id }, worker);

    const group = await ok(
      `mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }`,
      { i: { stationId: station, name: '隐私小组', goal: '互助', plannedSessions: 4, startDate: '2025-01-01', endDate: today } },
      worker,
    );
    ids.group = group.createGroup.id;
    const member = await ok(
      `mutation($g: ID!, $i: GroupMemberInput!) { addGroupMember(groupId: $g, input: $i) { id } }`,
      { g: ids.group, i: { residentName: '组员隐私', joinedOn: '2025-01-01' } },
      worker,
    );
    const session = `mutation($g: ID!, $i: GroupSessionInput!) { recordGroupSession(groupId: $g, input: $i) { id } }`;
    await ok(
      session,
      { g: ids.group, i: { sessionDate: today, durationMinutes: 60, topic: '第一节', record: '节次隐私', attendeeIds: [member.addGroupMember.id] } },
      worker,
    );
    const gone = await ok(
      session,
      { g: ids.group, i: { sessionDate: today, durationMinutes: 60, topic: '第二节', record: '作废节次隐私', attendeeIds: [] } },
      worker,
    );
    await ok(`mutation($id: ID!) { voidGroupSession(sessionId: $id, input: { reason: "节次作废隐私" }) { id } }`, { id: gone.recordGroupSession.id }, worker);

    const activity = await ok(
      `mutation($i: RecordCommunityActivityInput!) { recordCommunityActivity(input: $i) { id } }`,
      {
        i: {
          stationId: station,
          nodeId: jfl,
          title: '隐私活动',
          activityDate: today,
          participantCount: 5,
          summary: '活动隐私',
          photos: ['photo-privacy.jpg'],
          participants: [{ name: '参与者隐私', serviceObjectId: ids.person }],
          volunteers: [{ name: '志愿时长隐私', hours: 2 }],
        },
      },
      worker,
    );
    ids.activity = activity.recordCommunityActivity.id;
    const dropped = await ok(
      `mutation($i: RecordCommunityActivityInput!) { recordCommunityActivity(input: $i) { id } }`,
      { i: { stationId: station, nodeId: jfl, title: '作废活动', activityDate: today, participantCount: 1 } },
      worker,
    );
    await ok(
      `mutation($id: ID!) { voidCommunityActivity(id: $id, input: { reason: "活动作废隐私" }) { id } }`,
      { id: dropped.recordCommunityActivity.id },
      worker,
    );
    const droppedGroup = await ok(
      `mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }`,
      { i: { stationId: station, name: '作废小组', goal: '互助', plannedSessions: 1, startDate: '2025-01-01', endDate: today } },
      worker,
    );
    await ok(`mutation($id: ID!) { voidGroup(id: $id, input: { reason: "小组作废隐私" }) { id } }`, { id: droppedGroup.createGroup.id }, worker);
    await ok(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { username: 'jfl.privacy', displayName: '账号隐私', phone: '13812340006', password, orgUnitId: jfl, role: 'SOCIAL_WORKER' } },
      head,
    );
    const volunteerId = makeIdentityNumber('370102', '1990-04-05', '233'); // 17th digit 3: male
    const volunteer = await ok(
      `mutation($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id } }`,
      {
        i: {
          stationId: station,
          nodeId: jfl,
          name: '志愿者隐私',
          gender: 'MALE',
          idNumber: volunteerId,
          phone: '13812340003',
          skills: ['技能隐私'],
          availability: '周末隐私',
          registeredOn: '2025-01-01',
          developerId: (await t.ownerQuery(`select id from user_account where username = 'jfl.worker'`))[0].id,
        },
      },
      worker,
    );
    ids.volunteer = volunteer.registerVolunteer.id;
    await ok(
      `mutation($i: VolunteerServiceInput!) { recordVolunteerService(input: $i) { id } }`,
      { i: { volunteerId: ids.volunteer, serviceDate: today, hours: '2', source: 'STANDALONE', description: '志愿服务隐私' } },
      worker,
    );
    ids.organization = (
      await ok(
        `mutation($i: OrganizationInput!) { createSocialOrganization(input: $i) { id } }`,
        { i: { nodeId: jfl, name: '隐私互助会', type: 'MUTUAL_AID', legalStatus: 'FILED', leader: '负责人隐私', contactPhone: '13812340004', memberCount: 9 } },
        worker,
      )
    ).createSocialOrganization.id;
    ids.linkage = (
      await ok(
        `mutation($i: LinkageInput!) { recordLinkage(input: $i) { id } }`,
        {
          i: {
            stationId: station,
            nodeId: jfl,
            title: '隐私联动',
            linkageDate: today,
            description: '联动隐私',
            contributions: [{ party: 'VOLUNTEERS', people: 2, note: '贡献隐私' }],
          },
        },
        worker,
      )
    ).recordLinkage.id;
    await ok(
      `mutation($i: CharityResourceInput!) { recordCharityResource(input: $i) { id } }`,
      { i: { stationId: station, donorKind: 'PERSON', donorName: '捐赠人隐私', amount: '100', receivedOn: today, purpose: '用途隐私' } },
      worker,
    );
    const staffId = makeIdentityNumber('370102', '1988-07-08', '342'); // 17th digit 4: female
    const staff = await ok(
      `mutation($i: AddStaffMemberInput!) { addStaffMember(input: $i) { id } }`,
      {
        i: {
          stationId: station,
          name: '员工隐私',
          gender: 'FEMALE',
          idNumber: staffId,
          phone: '13812340005',
          employmentType: 'FULL_TIME',
          position: 'SOCIAL_WORKER',
          startDate: '2024-01-01',
        },
      },
      head,
    );
    ids.staff = staff.addStaffMember.id;
    await ok(
      `mutation($id: ID!, $i: CertificateInput!) { addCertificate(staffId: $id, input: $i) { id } }`,
      { id: ids.staff, i: { level: 'SOCIAL_WORKER', number: 'ZS-PRIVACY-1', issuedOn: '2024-01-01' } },
      head,
    );
    await ok(`mutation($id: ID!) { endStaffMember(id: $id, input: { endDate: "${today}", reason: "离职隐私" }) { id } }`, { id: ids.staff }, head);
    ids.user = (await t.ownerQuery(`select id from user_account where username = 'jfl.worker'`))[0].id;
    // A citizen request dispatched to the station, sent back, dispatched again, handled, extended and closed.
    const dispatcher = await t.login('lixia.dispatcher');
    const [category] = (await ok(`{ workOrderCategories { id } }`, {}, dispatcher)).workOrderCategories;
    ids.workOrder = (
      await ok(
        `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }`,
        {
          input: {
            intakeNodeId: await t.nodeId('370102'),
            source: 'HOTLINE_12345',
            orderNumber: 'PRIVACY-1',
            requesterName: '诉求隐私人',
            requesterPhone: '13812349999',
            address: '诉求地址隐私',
            categoryId: category.id,
            content: '诉求隐私',
          },
        },
        dispatcher,
      )
    ).createWorkOrder.id;
    const wo = { id: ids.workOrder, stationId: station };
    await ok(`mutation($id: ID!, $stationId: ID!) { dispatchWorkOrder(id: $id, stationId: $stationId) { id } }`, wo, dispatcher);
    await ok(`mutation($id: ID!) { sendBackWorkOrder(id: $id, input: { reason: "退单隐私" }) { id } }`, wo, head);
    await ok(`mutation($id: ID!, $stationId: ID!) { dispatchWorkOrder(id: $id, stationId: $stationId) { id } }`, wo, dispatcher);
    await ok(`mutation($id: ID!) { acceptWorkOrder(id: $id) { id } }`, wo, worker);
    await ok(`mutation($id: ID!) { logWorkOrder(id: $id, input: { kind: CONTACT, note: "联系隐私" }) { id } }`, wo, worker);
    await ok(
      `mutation($id: ID!) { requestWorkOrderExtension(id: $id, input: { requestedDue: "2099-01-01T00:00:00Z", reason: "延期隐私" }) { id } }`,
      wo,
      worker,
    );
    await ok(`mutation($id: ID!) { closeWorkOrder(id: $id, input: { result: "结果隐私", reply: "答复隐私" }) { id } }`, wo, head);
    // Audit records to list (written by the reads above and the changes).
    await ok(`query($id: ID!) { serviceObject(id: $id) { notes } }`, { id: ids.person }, head);
  });
  afterAll(() => t?.close());

  /** Each root query that reaches a marked field, with the arguments that reach the fixture. */
  const rootArgs = (): Record<string, string> => {
    const root = `rootId: "${ids.jflNode}"`;
    const page = `page: { limit: 100 }`;
    return {
      auditLog: `(filter: { ${root} }, ${page})`,
      caseFile: `(id: "${ids.case}")`,
      caseFiles: `(filter: { serviceObjectId: "${ids.person}" }, ${page})`,
      charityResources: `(filter: { ${root} }, ${page})`,
      communityActivities: `(filter: { ${root}, includeVoided: true }, ${page})`,
      communityActivity: `(id: "${ids.activity}")`,
      dueVisits: `(filter: { ${root}, withinDays: 31 }, ${page})`,
      myDueVisits: `(filter: { withinDays: 31 }, ${page})`,
      group: `(id: "${ids.group}")`,
      groups: `(filter: { ${root}, includeVoided: true }, ${page})`,
      homeVisits: `(filter: { ${root}, serviceObjectId: "${ids.person}", includeVoided: true }, ${page})`,
      linkage: `(id: "${ids.linkage}")`,
      linkageLedger: `(filter: { ${root} }, ${page})`,
      myOpenSupervisionComments: `(${page})`,
      serviceObject: `(id: "${ids.person}")`,
      serviceObjects: `(filter: { ${root} }, ${page})`,
      socialOrganization: `(id: "${ids.organization}")`,
      socialOrganizations: `(filter: { ${root} }, ${page})`,
      staffFilings: `(filter: { ${root} }, ${page})`,
      staffMember: `(id: "${ids.staff}")`,
      staffMembers: `(filter: { ${root} }, ${page})`,
      supervisionComments: `(filter: { ${root} }, ${page})`,
      user: `(id: "${ids.user}")`,
      users: `(filter: { ${root} }, ${page})`,
      volunteer: `(id: "${ids.volunteer}")`,
      volunteerGoalShortfall: `(${root})`,
      volunteerTeams: `(${root})`,
      volunteers: `(filter: { ${root} }, ${page})`,
      workOrder: `(id: "${ids.workOrder}")`,
      workOrders: `(filter: { ${root} }, ${page})`,
    };
  };

  it('every text field of a type that carries a person is marked personal or narrative, or declared plain; every other text type says why', () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const specs = new Map(personalTypes().map((s) => [s.typeName, s]));
    const undecided: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || ['Query', 'Mutation'].includes(type.name) || type.name.endsWith('Page')) continue;
      const text = Object.values(type.getFields()).filter((f) => TEXT_SCALARS.has(getNamedType(f.type).name));
      const spec = specs.get(type.name);
      if (!spec) {
        if (text.length && !NO_PERSON[type.name]) undecided.push(`${type.name} (${text.map((f) => f.name).join(', ')})`);
        continue;
      }
      for (const f of text) if (!spec.fields.has(f.name) && !spec.plain.has(f.name)) undecided.push(`${type.name}.${f.name}`);
    }
    expect(undecided).toEqual([]);
    // The marks are many and on the types the issue names.
    const marked = marks();
    for (const [type, field] of [
      ['HomeVisit', 'findings'],
      ['GroupSession', 'record'],
      ['CommunityActivity', 'summary'],
      ['Linkage', 'description'],
      ['ServiceObject', 'notes'],
      ['SupervisionComment', 'body'],
      ['NamedParticipant', 'name'],
      ['GroupMember', 'residentName'],
      ['Volunteer', 'name'],
      ['StaffMember', 'phone'],
      ['StaffMember', 'idNumber'],
      ['Volunteer', 'idNumber'],
      ['ServiceObject', 'idNumber'],
    ])
      expect(marked.get(type)?.has(field)).toBe(true);
  });

  it('on every query path, bureaus, another station’s worker and an unassigned supervisor get each marked field null or masked, and no audit record; the head gets it in full, audited', async () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const marked = marks();
    const reach = reaching(schema, marked);
    const args = rootArgs();
    const roots = Object.values(schema.getQueryType()!.getFields()).filter((f) => reach.has(getNamedType(f.type).name));
    // A new query that reaches personal data must be walked here too.
    expect(roots.map((f) => f.name).filter((n) => !(n in args))).toEqual([]);

    const run = async (token: string) => {
      const byRoot = new Map<string, { res: GqlResult; seen: Seen }>();
      for (const root of roots) {
        const a = args[root.name];
        const query = `{ ${root.name}${a} { ${selection(getNamedType(root.type) as GraphQLObjectType, marked, reach)} } }`;
        const res = await t.gql(query, {}, token);
        const seen: Seen = { values: new Map(), ids: new Set() };
        collect(res.data, marked, seen);
        byRoot.set(root.name, { res, seen });
      }
      return byRoot;
    };

    const full = await run(tokens['jfl.head']);
    const fullValues = new Map<string, unknown[]>();
    for (const [root, { res, seen }] of full) {
      expect([root, res.errors]).toEqual([root, undefined]);
      for (const [at, vs] of seen.values) fullValues.set(at, [...(fullValues.get(at) ?? []), ...vs]);
    }
    // Every marked field of the schema is reached by some query, and the head sees it filled in.
    const everyMark = [...marked].flatMap(([type, fields]) => [...fields.keys()].map((f) => `${type}.${f}`));
    const unreached = everyMark.filter((at) => !(fullValues.get(at) ?? []).some((v) => !isEmpty(v)));
    expect(unreached).toEqual([]);
    for (const at of ['ServiceObject.idNumber', 'StaffMember.idNumber'])
      expect(fullValues.get(at)!.some((v) => typeof v === 'string' && FULL_ID.test(v))).toBe(true);

    const userIds = Object.fromEntries(
      (
        await t.ownerQuery(`select username, id from user_account where username = any($1)`, [
          ['jfl.head', 'lixia.officer', 'city.admin', 'qfs.worker', 'sz.supervisor'],
        ])
      ).map((r) => [r.username, r.id]),
    );
    const reads = async (userId: string) =>
      (await t.ownerQuery(`select action, entity, entity_id from audit_log where actor_id = $1 and action in ('READ_NARRATIVE', 'READ_ID_NUMBER')`, [
        userId,
      ])) as Row[];

    for (const [user, inScope] of [
      ['lixia.officer', true],
      ['city.admin', true],
      ['qfs.worker', false],
      ['other.supervisor', false],
    ] as const) {
      const got = await run(tokens[user]);
      for (const [root, { res, seen }] of got) {
        const label = `${user} · ${root}`;
        if (res.errors) {
          // Refused outright: outside the caller's subtree (NOT_FOUND) or beyond its role (FORBIDDEN).
          expect([label, errorCode(res)]).toEqual([label, expect.stringMatching(inScope ? /^FORBIDDEN$/ : /^(FORBIDDEN|NOT_FOUND)$/)]);
          continue;
        }
        const fixture = (found: Set<string>) => [...found].filter((id) => Object.values(ids).includes(id)).sort();
        if (inScope) {
          // A bureau reaches the same records as the head (what it sees of them is checked below).
          expect([label, fixture(seen.ids)]).toEqual([label, fixture(full.get(root)!.seen.ids)]);
        } else {
          expect([label, [...seen.ids].filter((id) => Object.values(ids).includes(id))]).toEqual([label, []]);
        }
        for (const [at, values] of seen.values) {
          if (SEES_IN_FULL[user]?.fields.includes(at)) continue;
          const kind = marked.get(at.split('.')[0])!.get(at.split('.')[1])!;
          const bad = values.filter((v) => (kind === Reveal.NAME ? !isMaskedName(v) : !isEmpty(v)));
          // A donor that is a company or foundation keeps its name; a person's (the fixture's donor) is masked.
          const wrong = at === 'CharityResource.donorName' ? bad.filter((v) => v === '捐赠人隐私') : bad;
          expect([label, at, wrong]).toEqual([label, at, []]);
        }
        // No text of the fixture anywhere in the answer.
        const body = JSON.stringify(res.data);
        expect([
          label,
          body.match(/[\u4e00-\u9fa5]*隐私[\u4e00-\u9fa5]*/g)?.filter((m) => ![...PLAIN_TEXTS, ...(SEES_IN_FULL[user]?.texts ?? [])].includes(m)) ?? [],
        ]).toEqual([label, []]);
      }
      expect([user, await reads(userIds[user === 'other.supervisor' ? 'sz.supervisor' : user])]).toEqual([user, []]);
    }

    // The head's reads are audited: narrative of every kind of record, and the three kinds of identity number.
    const headReads = await reads(userIds['jfl.head']);
    const entities = (action: string) => new Set(headReads.filter((r) => r.action === action).map((r) => r.entity));
    expect([...entities('READ_NARRATIVE')].sort()).toEqual(
      [
        'CASE_FILE',
        'COMMUNITY_ACTIVITY',
        'GROUP_SESSION',
        'GROUP_WORK',
        'HOME_VISIT',
        'LINKAGE',
        'SERVICE_OBJECT',
        'STAFF_MEMBER',
        'VOLUNTEER',
        'WORK_ORDER',
      ].sort(),
    );
    expect([...entities('READ_ID_NUMBER')].sort()).toEqual(['SERVICE_OBJECT', 'STAFF_MEMBER', 'VOLUNTEER']);
    expect(headReads.filter((r) => r.entity_id === ids.case && r.action === 'READ_NARRATIVE').length).toBeGreaterThan(0);
  });
});
