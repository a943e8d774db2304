import { RULE_MESSAGES } from '../libs/platform/errors/rule-codes';
import { makeIdentityNumber } from '../libs/platform/personal-data/identity-number';
import { errorCode, TestApp } from './support/test-app';

describe('rule codes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.close());

  it('the schema lists every domain rule with its Chinese message, and a refusal names it', async () => {
    const worker = await t.login('jfl.worker');
    const { ruleCodes } = await t.ok(`{ ruleCodes { code rule message } }`, {}, worker);
    expect(ruleCodes.map((r: { rule: string }) => r.rule).sort()).toEqual(Object.keys(RULE_MESSAGES).sort());
    expect(ruleCodes.find((r: { rule: string }) => r.rule === 'case.stage-one-step')).toEqual({
      code: 'CASE_STAGE_ONE_STEP',
      rule: 'case.stage-one-step',
      message: RULE_MESSAGES['case.stage-one-step'],
    });
    expect(ruleCodes.every((r: { message: string }) => /[\u4e00-\u9fa5]/.test(r.message))).toBe(true);

    const person = (
      await t.ok(
        `mutation($input: RegisterServiceObjectInput!) { registerServiceObject(input: $input) { id } }`,
        { input: { stationId: await t.stationId('370102001'), name: '规则', gender: 'MALE', idNumber: makeIdentityNumber('370102', '1950-01-01', '131') } },
        worker,
      )
    ).registerServiceObject.id;
    const kase = (
      await t.ok(
        `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
        { input: { serviceObjectId: person, intakeSource: 'WALK_IN', presentingProblem: '求助' } },
        worker,
      )
    ).openCase.id;
    const skipped = await t.gql(`mutation($id: ID!) { advanceCase(caseId: $id, toStage: PLAN) { id } }`, { id: kase }, worker);
    expect(errorCode(skipped)).toBe('RULE_VIOLATED');
    expect(skipped.errors![0].extensions).toMatchObject({ rule: 'case.stage-one-step' });
  });
});
