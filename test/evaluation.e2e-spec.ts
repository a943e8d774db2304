import { createSecondCity, errorCode, errorFields, GqlResult, Row, TestApp } from './support/test-app';

// Evaluation of stations (评估): schemes, rounds, sheets through self → district → third party →
// city, computed scores equal to the statistics, versions, results, ranks and the walls between
// stations, districts, roles and cities. Over HTTP against the demo city Jinan, whose two demo
// schemes (Jinan's 37 rules, Haining's SPPE) are seeded; the rounds here use a small scheme made
// by the test so every expected score can be worked out by hand.

const RULE = `id code name maxScore kind metric metricLabel scoring { kind floor target bands { from to score } }`;
const SCHEME = `id familyId version name periodKind stationLevels total frozen ruleCount grades { name min max }
  dimensions { id code name maxScore indicators { id code name maxScore rules { ${RULE} } } }`;
const ROUND = `id schemeId name periodKind year quarter periodLabel periodStart periodEnd rootId status sheetCount confirmedCount tieBreak`;
const SHEET = `id roundId stationId stationName stationCode stage version returnedReason total grade
  scores { ruleId score figure note computed } dimensions { dimensionId name score maxScore }`;
const RESULT = `stationId stationName stationCode districtName total grade rankCity rankDistrict previousTotal change redFlag dimensions { name score }`;

const SCHEMES = `query($page: PageInput) { evaluationSchemes(page: $page) { total items { ${SCHEME} } } }`;
const CREATE_SCHEME = `mutation($input: EvalSchemeInput!) { createEvaluationScheme(input: $input) { ${SCHEME} } }`;
const UPDATE_SCHEME = `mutation($id: ID!, $input: EvalSchemeInput!) { updateEvaluationScheme(id: $id, input: $input) { ${SCHEME} } }`;
const COPY_SCHEME = `mutation($id: ID!, $name: String) { copyEvaluationScheme(id: $id, name: $name) { ${SCHEME} } }`;
const CREATE_ROUND = `mutation($input: EvalRoundInput!) { createEvaluationRound(input: $input) { ${ROUND} } }`;
const ROUND_Q = `query($id: ID!) { evaluationRound(id: $id) { ${ROUND} } }`;
const ASSIGN = `mutation($roundId: ID!, $userId: ID!, $stationIds: [ID!]!) { assignEvaluator(roundId: $roundId, userId: $userId, stationIds: $stationIds) { id } }`;
const SHEETS = `query($filter: EvalSheetFilter, $page: PageInput) { evaluationSheets(filter: $filter, page: $page) { total items { id stationId stage total } } }`;
const SHEET_Q = `query($id: ID!) { evaluationSheet(id: $id) { ${SHEET} log { kind ruleId fromScore toScore fromStage toStage reason actorId actorRole at } } }`;
const SAVE = `mutation($input: EvalSaveScoresInput!) { saveEvaluationScores(input: $input) { ${SHEET} } }`;
const SUBMIT = `mutation($id: ID!, $version: Int!) { submitEvaluationSheet(id: $id, version: $version) { id stage version returnedReason } }`;
const RETURN = `mutation($id: ID!, $version: Int!, $reason: String!) { returnEvaluationSheet(id: $id, version: $version, reason: $reason) { id stage version returnedReason } }`;
const PUBLISH = `mutation($id: ID!) { publishEvaluationRound(id: $id) { id status } }`;
const RESULTS = `query($roundId: ID!, $rootId: ID, $page: PageInput) { evaluationResults(roundId: $roundId, rootId: $rootId, page: $page) { total items { ${RESULT} } } }`;
const GRADE = `query($stationId: ID!, $year: Int!, $quarter: Int) { stationEvaluationGrade(stationId: $stationId, year: $year, quarter: $quarter) { roundId periodLabel total grade } }`;
const STATS = `query($nodeId: ID!, $from: Date!, $to: Date!) { statistics(nodeId: $nodeId, from: $from, to: $to) { figures { communityActivities homeVisits totalServices } } }`;
const COMPLETENESS = `query($nodeId: ID!, $month: String!) { reportingCompleteness(nodeId: $nodeId, month: $month) { silent { stationId } } }`;
const RANKING = `query($nodeId: ID!, $from: Date!, $to: Date!) { stationRanking(nodeId: $nodeId, from: $from, to: $to, metric: communityActivities, limit: 100) { stationId value } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id username } }`;
const RECORD_ACTIVITY = `mutation($input: RecordCommunityActivityInput!) { recordCommunityActivity(input: $input) { id } }`;

const GRADES = [
  { name: '优秀', min: '90', max: '100' },
  { name: '良好', min: '80', max: '90' },
  { name: '合格', min: '60', max: '80' },
  { name: '不合格', min: '0', max: '60' },
];

/** Service (50): community activities 0→4 linear for 40, reporting completeness 0→100 for 10; management (50): two manual rules, 30 and 20. */
const testScheme = (change: Row = {}) => ({
  name: '测试季度方案',
  periodKind: 'QUARTER',
  stationLevels: [3],
  total: '100',
  grades: GRADES,
  dimensions: [
    {
      name: '服务成效',
      indicators: [
        {
          name: '服务量',
          rules: [
            { name: '社区活动', maxScore: '40', kind: 'COMPUTED', metric: 'communityActivities', scoring: { kind: 'LINEAR', floor: '0', target: '4' } },
            { name: '报送完整', maxScore: '10', kind: 'COMPUTED', metric: 'reportingCompleteness', scoring: { kind: 'LINEAR', floor: '0', target: '100' } },
          ],
        },
      ],
    },
    {
      name: '规范管理',
      indicators: [
        {
          name: '制度与档案',
          rules: [
            { name: '制度健全', maxScore: '30', kind: 'MANUAL' },
            { name: '档案规范', maxScore: '20', kind: 'MANUAL' },
          ],
        },
      ],
    },
  ],
  ...change,
});

const EVAL_TABLES = ['eval_scheme', 'eval_item', 'eval_round', 'eval_sheet', 'eval_score', 'eval_sheet_log', 'eval_assignment', 'eval_result'];

describe('evaluation of stations', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  let nodes: Record<string, string>;
  let stations: Record<string, string>;
  let jinanId: string;
  let evaluatorId: string;
  let scheme: Row;
  let q1: Row;
  let q2: Row;
  const sheetOf = async (roundId: string, stationId: string) =>
    (await t.ownerQuery<{ id: string }>(`select id from eval_sheet where round_id = $1 and station_id = $2`, [roundId, stationId]))[0].id;
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of EVAL_TABLES) out[table] = (await t.ownerQuery<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
    return out;
  };
  const expectCode = (res: GqlResult, code: string, rule?: string) => {
    expect({ code: errorCode(res), rule: res.errors?.[0]?.extensions?.rule }).toEqual({ code, rule: rule ?? undefined });
    expect(res.data ?? null).toBeNull();
  };
  const rules = (s: Row) => s.dimensions.flatMap((d: Row) => d.indicators.flatMap((i: Row) => i.rules)) as Row[];

  beforeAll(async () => {
    t = await TestApp.start();
    [{ id: jinanId }] = await t.ownerQuery(`select id from tenant where code = 'jinan'`);
    tokens = {};
    for (const u of ['city.admin', 'lixia.officer', 'shizhong.officer', 'jfl.head', 'jfl.worker', 'lixia.supervisor']) tokens[u] = await t.login(u);
    nodes = {
      city: await t.nodeId('370100'),
      lixia: await t.nodeId('370102'),
      jfl: await t.nodeId('370102001'),
      qfs: await t.nodeId('370102002'),
      dgy: await t.nodeId('370103001'),
    };
    stations = { jfl: await t.stationId('370102001'), qfs: await t.stationId('370102002'), dgy: await t.stationId('370103001') };
    for (const [username, code, role] of [
      ['qfs.head', '370102002', 'STATION_HEAD'],
      ['dgy.head', '370103001', 'STATION_HEAD'],
      ['qfs.w', '370102002', 'SOCIAL_WORKER'],
    ]) {
      await t.ok(
        CREATE_USER,
        { input: { username, displayName: username, password: 'Station@Head2026', orgUnitId: await t.nodeId(code), role } },
        tokens['city.admin'],
      );
      tokens[username] = await t.login(username, 'Station@Head2026');
    }
    // A third-party evaluator: an account at the city with no role until a round assigns it stations.
    evaluatorId = (
      await t.ok(
        CREATE_USER,
        { input: { username: 'third.party', displayName: '第三方评估机构', password: 'Third@Party2026', orgUnitId: nodes.city } },
        tokens['city.admin'],
      )
    ).createUser.id;

    // Community activities on both sides of the quarter boundary (03-31 | 04-01) and in different months.
    const activity = (token: string, stationId: string, nodeId: string, activityDate: string) =>
      t.ok(RECORD_ACTIVITY, { input: { stationId, nodeId, title: '社区活动', activityDate, participantCount: 10 } }, token);
    await activity(tokens['jfl.worker'], stations.jfl, nodes.jfl, '2026-01-15');
    await activity(tokens['jfl.worker'], stations.jfl, nodes.jfl, '2026-03-31');
    await activity(tokens['jfl.worker'], stations.jfl, nodes.jfl, '2026-03-31');
    await activity(tokens['jfl.worker'], stations.jfl, nodes.jfl, '2026-04-01');
    await activity(tokens['qfs.w'], stations.qfs, nodes.qfs, '2026-02-28');
    await activity(tokens['qfs.w'], stations.qfs, nodes.qfs, '2026-03-01');

    scheme = (await t.ok(CREATE_SCHEME, { input: testScheme() }, tokens['city.admin'])).createEvaluationScheme;
    q1 = (
      await t.ok(CREATE_ROUND, { input: { schemeId: scheme.id, name: '2026年一季度评比', year: 2026, quarter: 1, rootId: nodes.lixia } }, tokens['city.admin'])
    ).createEvaluationRound;
    q2 = (
      await t.ok(CREATE_ROUND, { input: { schemeId: scheme.id, name: '2026年二季度评比', year: 2026, quarter: 2, rootId: nodes.lixia } }, tokens['city.admin'])
    ).createEvaluationRound;
  });
  afterAll(() => t?.close());

  it('the demo city has a Jinan-shaped scheme (6 dimensions, 37 rules, 4 grades) and an SPPE one (4 dimensions, 23 indicators, quarterly)', async () => {
    const { items } = (await t.ok(SCHEMES, { page: { limit: 5 } }, tokens['city.admin'])).evaluationSchemes;
    const jinan = items.find((s: Row) => s.name.includes('济南'));
    const sppe = items.find((s: Row) => s.name.includes('SPPE'));
    expect({
      dims: jinan.dimensions.length,
      rules: jinan.ruleCount,
      grades: jinan.grades.map((g: Row) => g.name),
      kind: jinan.periodKind,
      total: jinan.total,
    }).toEqual({
      dims: 6,
      rules: 37,
      grades: ['优秀', '良好', '合格', '不合格'],
      kind: 'YEAR',
      total: '100.00',
    });
    expect(jinan.dimensions.map((d: Row) => d.name)).toEqual(['日常运营', '财务管理', '制度建设', '人员配备', '服务成效', '社会评价']);
    expect(rules(jinan).reduce((n, r) => n + Number(r.maxScore), 0)).toBe(100);
    expect({
      dims: sppe.dimensions.length,
      indicators: sppe.dimensions.flatMap((d: Row) => d.indicators).length,
      kind: sppe.periodKind,
      sum: rules(sppe).reduce((n, r) => n + Number(r.maxScore), 0),
    }).toEqual({ dims: 4, indicators: 23, kind: 'QUARTER', sum: 100 });
    // Station heads and district officers read the schemes they are scored on; a social worker does not.
    expect((await t.ok(SCHEMES, {}, tokens['jfl.head'])).evaluationSchemes.total).toBeGreaterThanOrEqual(3);
    expectCode(await t.gql(SCHEMES, {}, tokens['jfl.worker']), 'FORBIDDEN');
  });

  it('a computed score is the figure statistics shows for the station and period, across month and quarter boundaries, scored by the declared function', async () => {
    const [activities, completeness] = rules(scheme);
    for (const [round, from, to] of [
      [q1, '2026-01-01', '2026-03-31'],
      [q2, '2026-04-01', '2026-06-30'],
    ] as const) {
      expect({ from: round.periodStart, to: round.periodEnd }).toEqual({ from, to });
      const ranking = (await t.ok(RANKING, { nodeId: nodes.lixia, from, to }, tokens['city.admin'])).stationRanking as Row[];
      for (const station of ['jfl', 'qfs'] as const) {
        const sheet = (await t.ok(SHEET_Q, { id: await sheetOf(round.id, stations[station]) }, tokens['city.admin'])).evaluationSheet;
        const stats = (await t.ok(STATS, { nodeId: nodes[station], from, to }, tokens['city.admin'])).statistics.figures;
        const figure = Number(sheet.scores.find((s: Row) => s.ruleId === activities.id).figure);
        expect(figure).toBe(stats.communityActivities);
        expect(figure).toBe(Number(ranking.find((r) => r.stationId === stations[station])!.value));
        const score = sheet.scores.find((s: Row) => s.ruleId === activities.id).score;
        expect(score).toBe(Math.min(40, (40 * figure) / 4).toFixed(2));
        // Reporting completeness: the months of the period in which reportingCompleteness does not list the station as silent.
        let reported = 0;
        for (const month of [0, 1, 2].map((m) => `2026-${String(Number(from.slice(5, 7)) + m).padStart(2, '0')}`)) {
          const silent = (await t.ok(COMPLETENESS, { nodeId: nodes.lixia, month }, tokens['city.admin'])).reportingCompleteness.silent as Row[];
          if (!silent.some((s) => s.stationId === stations[station])) reported++;
        }
        const share = sheet.scores.find((s: Row) => s.ruleId === completeness.id);
        expect(Number(share.figure)).toBeCloseTo((reported * 100) / 3, 2);
        expect(share.score).toBe((Math.floor((1000 * ((reported * 100) / 3)) / 100) / 100).toFixed(2));
      }
    }
    // By hand: 解放路 had 3 activities in Q1 (01-15, 03-31 twice) in two months, 1 in Q2 (04-01) in one month; 千佛山 2 in Q1 (02-28, 03-01).
    const jflQ1 = (await t.ok(SHEET_Q, { id: await sheetOf(q1.id, stations.jfl) }, tokens['city.admin'])).evaluationSheet;
    expect(jflQ1.scores.slice(0, 2).map((s: Row) => [s.figure, s.score])).toEqual([
      ['3.00', '30.00'],
      ['66.67', '6.66'],
    ]);
    const jflQ2 = (await t.ok(SHEET_Q, { id: await sheetOf(q2.id, stations.jfl) }, tokens['city.admin'])).evaluationSheet;
    expect(jflQ2.scores.slice(0, 2).map((s: Row) => [s.figure, s.score])).toEqual([
      ['1.00', '10.00'],
      ['33.33', '3.33'],
    ]);
    expect(jflQ1.total).toBe('36.66');
    // No score anywhere exceeds its rule's maximum.
    const [{ over }] = await t.ownerQuery(
      `select count(*)::int as over from eval_score x join eval_item i on i.tenant_id = x.tenant_id and i.id = x.item_id where x.score > i.max_score`,
    );
    expect(over).toBe(0);
  });

  it('a scheme in use is frozen: editing it is refused and changes nothing; a copy is its next version, editable', async () => {
    expect((await t.ok(ROUND_Q, { id: q1.id }, tokens['city.admin'])).evaluationRound.sheetCount).toBeGreaterThan(2);
    const before = await counts();
    expectCode(
      await t.gql(UPDATE_SCHEME, { id: scheme.id, input: testScheme({ name: '改名' }) }, tokens['city.admin']),
      'RULE_VIOLATED',
      'evaluation.scheme-frozen',
    );
    expect(await counts()).toEqual(before);
    const next = (await t.ok(COPY_SCHEME, { id: scheme.id }, tokens['city.admin'])).copyEvaluationScheme;
    expect({ family: next.familyId, version: next.version, frozen: next.frozen, rules: next.ruleCount }).toEqual({
      family: scheme.familyId,
      version: 2,
      frozen: false,
      rules: 4,
    });
    const edited = (await t.ok(UPDATE_SCHEME, { id: next.id, input: testScheme({ name: '测试季度方案（第二版）' }) }, tokens['city.admin']))
      .updateEvaluationScheme;
    expect({ name: edited.name, version: edited.version }).toEqual({ name: '测试季度方案（第二版）', version: 2 });
    // Only the city admin keeps schemes.
    expectCode(await t.gql(CREATE_SCHEME, { input: testScheme() }, tokens['lixia.officer']), 'FORBIDDEN');
    expectCode(await t.gql(UPDATE_SCHEME, { id: next.id, input: testScheme() }, tokens['jfl.head']), 'FORBIDDEN');
  });

  it('bad schemes are refused on the field at fault and write nothing: past the total, unknown metric, overlapping bands, a band over the maximum', async () => {
    const before = await counts();
    const bad = async (input: Row, field: string) => {
      const res = await t.gql(CREATE_SCHEME, { input }, tokens['city.admin']);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(errorFields(res)).toContain(field);
    };
    const base = testScheme();
    const withRule = (rule: Row) => ({
      ...base,
      dimensions: [
        base.dimensions[0],
        { name: '规范管理', indicators: [{ name: '制度', rules: [{ name: '制度健全', maxScore: '30', kind: 'MANUAL' }, rule] }] },
      ],
    });
    await bad(withRule({ name: '多出的分', maxScore: '20.01', kind: 'MANUAL' }), 'dimensions[1].indicators[0].rules[1].maxScore');
    await bad(
      { ...withRule({ name: '档案', maxScore: '20', kind: 'MANUAL' }), total: '90', grades: GRADES.map((g) => (g.max === '100' ? { ...g, max: '90' } : g)) },
      'dimensions[1].indicators[0].rules[1].maxScore',
    );
    await bad(
      withRule({ name: '未知', maxScore: '20', kind: 'COMPUTED', metric: 'happiness', scoring: { kind: 'LINEAR', floor: '0', target: '1' } }),
      'dimensions[1].indicators[0].rules[1].metric',
    );
    await bad(
      withRule({
        name: '分档',
        maxScore: '20',
        kind: 'COMPUTED',
        metric: 'homeVisits',
        scoring: {
          kind: 'BANDS',
          bands: [
            { from: '0', to: '10', score: '5' },
            { from: '5', to: null, score: '20' },
          ],
        },
      }),
      'dimensions[1].indicators[0].rules[1].scoring.bands[1].from',
    );
    await bad(
      withRule({
        name: '分档',
        maxScore: '20',
        kind: 'COMPUTED',
        metric: 'homeVisits',
        scoring: { kind: 'BANDS', bands: [{ from: '0', to: null, score: '25' }] },
      }),
      'dimensions[1].indicators[0].rules[1].scoring.bands[0].score',
    );
    await bad({ ...base, grades: [GRADES[0], { name: '良好', min: '85', max: '92' }, GRADES[2], GRADES[3]] }, 'grades[0].min');
    await bad({ ...base, grades: [GRADES[0], GRADES[0]] }, 'grades');
    expect(await counts()).toEqual(before);
    // A round's period must fit the scheme's kind.
    expectCode(
      await t.gql(CREATE_ROUND, { input: { schemeId: scheme.id, name: '全年', year: 2026, rootId: nodes.lixia } }, tokens['city.admin']),
      'RULE_VIOLATED',
      'evaluation.period-kind',
    );
    expect(await counts()).toEqual(before);
  });

  it('stations see only their own sheet, districts only theirs, roles without the right nothing; results wait for publication', async () => {
    const jflSheet = await sheetOf(q1.id, stations.jfl);
    const own = (await t.ok(SHEETS, { filter: { roundId: q1.id } }, tokens['qfs.head'])).evaluationSheets;
    expect(own.items.map((s: Row) => s.stationId)).toEqual([stations.qfs]);
    expectCode(await t.gql(SHEET_Q, { id: jflSheet }, tokens['qfs.head']), 'NOT_FOUND');
    expectCode(await t.gql(SHEET_Q, { id: jflSheet }, tokens['dgy.head']), 'NOT_FOUND');
    // The sibling district sees none of 历下's sheets.
    expect((await t.ok(SHEETS, { filter: { roundId: q1.id } }, tokens['shizhong.officer'])).evaluationSheets.total).toBe(0);
    expectCode(await t.gql(SHEET_Q, { id: jflSheet }, tokens['shizhong.officer']), 'NOT_FOUND');
    const lixia = (await t.ok(SHEETS, { filter: { roundId: q1.id }, page: { limit: 100 } }, tokens['lixia.officer'])).evaluationSheets;
    expect(lixia.total).toBe(q1.sheetCount);
    // Roles without the right.
    expectCode(await t.gql(SHEET_Q, { id: jflSheet }, tokens['jfl.worker']), 'FORBIDDEN');
    expectCode(await t.gql(SHEETS, {}, tokens['lixia.supervisor']), 'FORBIDDEN');
    expectCode(await t.gql(CREATE_ROUND, { input: { schemeId: scheme.id, name: 'x', year: 2026, quarter: 3 } }, tokens['lixia.officer']), 'FORBIDDEN');
    expectCode(await t.gql(PUBLISH, { id: q1.id }, tokens['jfl.head']), 'FORBIDDEN');
    // Before publication nobody reads results.
    expectCode(await t.gql(RESULTS, { roundId: q1.id }, tokens['city.admin']), 'RULE_VIOLATED', 'evaluation.not-published');
    // Not at the district's stage yet: the officer may not score the station's self-evaluation.
    const sheet = (await t.ok(SHEET_Q, { id: jflSheet }, tokens['lixia.officer'])).evaluationSheet;
    const manual = rules(scheme)[2];
    expectCode(
      await t.gql(SAVE, { input: { sheetId: jflSheet, version: sheet.version, scores: [{ ruleId: manual.id, score: '10' }] } }, tokens['lixia.officer']),
      'RULE_VIOLATED',
      'evaluation.wrong-stage',
    );
  });

  it('self → district (returned with reasons, then passed) → third party (manual rules only, no narrative) → city; every change logged; racing saves: one wins, one CONFLICT', async () => {
    const [activities, , rulesA, rulesB] = rules(scheme);
    const id = await sheetOf(q1.id, stations.jfl);
    await t.ok(ASSIGN, { roundId: q1.id, userId: evaluatorId, stationIds: [stations.jfl] }, tokens['city.admin']);
    tokens['third.party'] = await t.login('third.party', 'Third@Party2026');
    const head = tokens['jfl.head'];
    let sheet = (await t.ok(SHEET_Q, { id }, head)).evaluationSheet;

    // Bad scores: above the maximum, a computed rule, a rule of another scheme — refused, nothing written.
    const before = await counts();
    const over = await t.gql(SAVE, { input: { sheetId: id, version: sheet.version, scores: [{ ruleId: rulesA.id, score: '30.01' }] } }, head);
    expect({ code: errorCode(over), fields: errorFields(over) }).toEqual({ code: 'BAD_USER_INPUT', fields: ['scores[0].score'] });
    expectCode(
      await t.gql(SAVE, { input: { sheetId: id, version: sheet.version, scores: [{ ruleId: activities.id, score: '40' }] } }, head),
      'RULE_VIOLATED',
      'evaluation.computed-rule',
    );
    expectCode(await t.gql(SUBMIT, { id, version: sheet.version }, head), 'RULE_VIOLATED', 'evaluation.scores-incomplete');
    expect(await counts()).toEqual(before);

    sheet = (
      await t.ok(
        SAVE,
        {
          input: {
            sheetId: id,
            version: sheet.version,
            scores: [
              { ruleId: rulesA.id, score: '28', note: '制度齐全' },
              { ruleId: rulesB.id, score: '18' },
            ],
          },
        },
        head,
      )
    ).saveEvaluationScores;
    expect(sheet.total).toBe('82.66');
    expect(sheet.grade).toBe('良好');
    expect(sheet.dimensions.map((d: Row) => d.score)).toEqual(['36.66', '46.00']);
    // A stale version is a CONFLICT.
    expectCode(await t.gql(SUBMIT, { id, version: sheet.version - 1 }, head), 'CONFLICT');
    sheet = (await t.ok(SUBMIT, { id, version: sheet.version }, head)).submitEvaluationSheet;
    expect(sheet.stage).toBe('DISTRICT_REVIEW');
    // The station head cannot change it now.
    expectCode(await t.gql(SUBMIT, { id, version: sheet.version }, head), 'RULE_VIOLATED', 'evaluation.wrong-stage');

    const officer = tokens['lixia.officer'];
    expect(errorFields(await t.gql(RETURN, { id, version: sheet.version, reason: '   ' }, officer))).toEqual(['reason']);
    sheet = (await t.ok(RETURN, { id, version: sheet.version, reason: '档案规范得分依据不足，请补充' }, officer)).returnEvaluationSheet;
    expect({ stage: sheet.stage, reason: sheet.returnedReason }).toEqual({ stage: 'SELF', reason: '档案规范得分依据不足，请补充' });
    sheet = (await t.ok(SUBMIT, { id, version: sheet.version }, head)).submitEvaluationSheet;

    // Two reviewers save the same sheet at once from the same version: one wins, the other gets CONFLICT.
    const other = (
      await t.ok(
        CREATE_USER,
        { input: { username: 'lixia.officer2', displayName: '历下区评估员', password: 'District@Two2026', orgUnitId: nodes.lixia, role: 'DISTRICT_OFFICER' } },
        tokens['city.admin'],
      )
    ).createUser;
    expect(other.id).toBeDefined();
    const officer2 = await t.login('lixia.officer2', 'District@Two2026');
    const v = sheet.version;
    const race = await Promise.all([
      t.gql(SAVE, { input: { sheetId: id, version: v, scores: [{ ruleId: rulesB.id, score: '15', reason: '档案缺两份' }] } }, officer),
      t.gql(SAVE, { input: { sheetId: id, version: v, scores: [{ ruleId: rulesB.id, score: '12', reason: '档案缺三份' }] } }, officer2),
    ]);
    expect(race.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    const winner = race.find((r) => !r.errors)!.data!.saveEvaluationScores;
    sheet = (await t.ok(SHEET_Q, { id }, officer)).evaluationSheet;
    expect(sheet.scores.find((s: Row) => s.ruleId === rulesB.id).score).toBe(winner.scores.find((s: Row) => s.ruleId === rulesB.id).score);
    const districtChanges = sheet.log.filter((l: Row) => l.kind === 'SCORE' && l.actorRole === 'DISTRICT_OFFICER');
    expect(districtChanges).toHaveLength(1);
    expect(districtChanges[0]).toMatchObject({ ruleId: rulesB.id, fromScore: '18.00', fromStage: 'DISTRICT_REVIEW' });
    expect(['档案缺两份', '档案缺三份']).toContain(districtChanges[0].reason);
    expect(sheet.log.map((l: Row) => l.kind)).toEqual(['COMPUTED', 'COMPUTED', 'SCORE', 'SCORE', 'SUBMIT', 'RETURN', 'SUBMIT', 'SCORE']);
    sheet = (await t.ok(SUBMIT, { id, version: sheet.version }, officer)).submitEvaluationSheet;
    expect(sheet.stage).toBe('THIRD_PARTY');

    // The evaluator: only the assigned station's sheet, manual rules only, no case files or people.
    const evaluator = tokens['third.party'];
    const listed = (await t.ok(SHEETS, { page: { limit: 100 } }, evaluator)).evaluationSheets;
    expect(listed.items.map((s: Row) => s.id)).toEqual([id]);
    expectCode(await t.gql(SHEET_Q, { id: await sheetOf(q1.id, stations.qfs) }, evaluator), 'NOT_FOUND');
    // Granted on 解放路 for Q1 only: the Q2 sheet of the same station is not theirs.
    expectCode(await t.gql(SHEET_Q, { id: await sheetOf(q2.id, stations.jfl) }, evaluator), 'NOT_FOUND');
    for (const query of [`{ caseFiles { total } }`, `{ serviceObjects { total } }`]) expect(errorCode(await t.gql(query, {}, evaluator))).toBe('FORBIDDEN');
    sheet = (await t.ok(SHEET_Q, { id }, evaluator)).evaluationSheet;
    expect(sheet.scores[0].figure).toBe('3.00');
    expectCode(
      await t.gql(SAVE, { input: { sheetId: id, version: sheet.version, scores: [{ ruleId: activities.id, score: '1' }] } }, evaluator),
      'RULE_VIOLATED',
      'evaluation.computed-rule',
    );
    sheet = (
      await t.ok(
        SAVE,
        { input: { sheetId: id, version: sheet.version, scores: [{ ruleId: rulesA.id, score: '25', reason: '现场核查：缺应急预案' }] } },
        evaluator,
      )
    ).saveEvaluationScores;
    sheet = (await t.ok(SHEET_Q, { id }, evaluator)).evaluationSheet;
    expect(sheet.log.at(-1)).toMatchObject({
      kind: 'SCORE',
      ruleId: rulesA.id,
      fromScore: '28.00',
      toScore: '25.00',
      reason: '现场核查：缺应急预案',
      actorId: evaluatorId,
      actorRole: 'EVALUATOR',
    });
    sheet = (await t.ok(SUBMIT, { id, version: sheet.version }, evaluator)).submitEvaluationSheet;
    expect(sheet.stage).toBe('CONFIRMED');
    // The city may send it back too, as often as needed.
    const admin = tokens['city.admin'];
    sheet = (await t.ok(RETURN, { id, version: sheet.version, reason: '请核对报送数据' }, admin)).returnEvaluationSheet;
    expect(sheet.stage).toBe('SELF');
    for (const token of [head, officer, evaluator]) sheet = (await t.ok(SUBMIT, { id, version: sheet.version }, token)).submitEvaluationSheet;
    expect(sheet.stage).toBe('CONFIRMED');
  });

  it('publishing needs every sheet confirmed; results rank by total with the declared tie-break, mark the top three, show the change and are public in the city', async () => {
    const admin = tokens['city.admin'];
    expectCode(await t.gql(PUBLISH, { id: q1.id }, admin), 'RULE_VIOLATED', 'evaluation.round-not-confirmed');
    // The other stations of 历下 are confirmed here by SQL with known manual scores: 千佛山 ties 解放路's total with a lower first dimension.
    const [a, b] = rules(scheme).slice(2);
    const jfl = (await t.ok(SHEET_Q, { id: await sheetOf(q1.id, stations.jfl) }, admin)).evaluationSheet;
    const qfsSheet = await sheetOf(q1.id, stations.qfs);
    const qfs = (await t.ok(SHEET_Q, { id: qfsSheet }, admin)).evaluationSheet;
    const qfsManual = Number(jfl.total) - Number(qfs.total);
    expect(Number(jfl.dimensions[0].score)).toBeGreaterThan(Number(qfs.dimensions[0].score));
    await t.ownerQuery(`update eval_score set score = $2 where sheet_id = $1 and item_id = $3`, [qfsSheet, (qfsManual - 20).toFixed(2), a.id]);
    await t.ownerQuery(`update eval_score set score = 20 where sheet_id = $1 and item_id = $2`, [qfsSheet, b.id]);
    await t.ownerQuery(
      `update eval_score x set score = 10 from eval_sheet sh where sh.id = x.sheet_id and sh.round_id = $1 and sh.station_id <> all($2::uuid[]) and x.score is null`,
      [q1.id, [stations.jfl, stations.qfs]],
    );
    await t.ownerQuery(
      `update eval_sheet sh set stage = 'CONFIRMED', total = (select sum(score) from eval_score x where x.sheet_id = sh.id) where round_id = $1 and station_id <> $2`,
      [q1.id, stations.jfl],
    );
    expect((await t.ok(PUBLISH, { id: q1.id }, admin)).publishEvaluationRound.status).toBe('PUBLISHED');
    expectCode(await t.gql(PUBLISH, { id: q1.id }, admin), 'RULE_VIOLATED', 'evaluation.round-published');

    // A station head reads the whole ranking once published.
    const results = (await t.ok(RESULTS, { roundId: q1.id, page: { limit: 100 } }, tokens['qfs.head'])).evaluationResults;
    expect(results.total).toBe(q1.sheetCount);
    expect(results.items.map((r: Row) => r.rankCity)).toEqual(results.items.map((_: Row, i: number) => i + 1));
    const [first, second] = results.items;
    expect([first.stationId, second.stationId]).toEqual([stations.jfl, stations.qfs]);
    expect(first.total).toBe(second.total);
    expect(first).toMatchObject({ total: jfl.total, grade: '合格', rankDistrict: 1, redFlag: true, districtName: '历下区', previousTotal: null, change: null });
    expect(results.items.filter((r: Row) => r.redFlag)).toHaveLength(3);
    expect((await t.ok(ROUND_Q, { id: q1.id }, admin)).evaluationRound.tieBreak).toMatch(/维度/);
    // Totals never leave a station's sheet: the station still cannot open another's.
    expectCode(await t.gql(SHEET_Q, { id: await sheetOf(q1.id, stations.jfl) }, tokens['qfs.head']), 'NOT_FOUND');
    // The grade of a period, for other modules.
    expect((await t.ok(GRADE, { stationId: stations.jfl, year: 2026, quarter: 1 }, admin)).stationEvaluationGrade).toMatchObject({
      total: jfl.total,
      grade: '合格',
      periodLabel: '2026年第1季度',
    });
    expect((await t.ok(GRADE, { stationId: stations.jfl, year: 2026, quarter: 2 }, admin)).stationEvaluationGrade).toBeNull();
  });

  it('other cities see nothing of it, through the API or under row-level security', async () => {
    const second = await createSecondCity(t);
    expect((await t.ok(SCHEMES, {}, second.adminToken)).evaluationSchemes.total).toBe(0);
    expectCode(await t.gql(ROUND_Q, { id: q1.id }, second.adminToken), 'NOT_FOUND');
    expectCode(await t.gql(SHEET_Q, { id: await sheetOf(q1.id, stations.jfl) }, second.adminToken), 'NOT_FOUND');
    expectCode(await t.gql(RESULTS, { roundId: q1.id }, second.adminToken), 'NOT_FOUND');
    const jinanPaths = (await t.ownerQuery<{ path: string }>(`select path::text as path from org_unit where tenant_id = $1 and level = 1`, [jinanId])).map(
      (r) => r.path,
    );
    for (const table of EVAL_TABLES) {
      expect((await t.ownerQuery(`select 1 from ${table} where tenant_id = $1 limit 1`, [jinanId])).length).toBe(1);
      expect({ table, rows: await t.appQuery({ tenantId: second.tenantId, scope: jinanPaths }, `select tenant_id from ${table}`) }).toEqual({
        table,
        rows: [],
      });
      expect({ table, rows: await t.appQuery(null, `select * from ${table}`) }).toEqual({ table, rows: [] });
    }
  });
});
