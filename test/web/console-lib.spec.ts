import { ApiError, describeError, describeSignInError, fieldMessage } from '../../apps/web/src/lib/errors';
import { allows, allowsAll } from '../../apps/web/src/lib/permissions';

/** The console's one map from the API's errors to Chinese, and its reading of me { permissions }. */
describe('console: error messages', () => {
  it('says each way of failing to sign in in Chinese', () => {
    expect(describeSignInError(new ApiError('UNAUTHENTICATED', 'Wrong tenant, username or password'))).toBe('城市代码、用户名或密码不正确');
    expect(describeSignInError(new ApiError('TOO_MANY_REQUESTS', 'x', { retryAfterSeconds: 601 }))).toBe('登录失败次数过多，账号已暂时锁定，请 11 分钟后再试');
    expect(describeSignInError(new ApiError('UNAUTHENTICATED', 'x', { reason: 'TENANT_SUSPENDED' }))).toBe('该城市的平台已暂停使用，请联系平台运营方');
    expect(describeSignInError(new Error('offline'))).toBe('无法连接服务器，请检查网络后重试');
  });

  it('names rules and fields in Chinese, never showing the English message', () => {
    expect(describeError(new ApiError('RULE_VIOLATED', 'This person already has an open case', { rule: 'case.one-open-case' }))).toBe(
      '此人已有未结案的个案：一人一案',
    );
    expect(describeError(new ApiError('RULE_VIOLATED', 'Something new', { rule: 'case.some-new-rule' }))).toBe('该操作不符合业务规则');
    expect(describeError(new ApiError('BAD_USER_INPUT', 'x', { fields: [{ field: 'idNumber', message: 'idNumber has a wrong check character' }] }))).toBe(
      '身份证号：校验位不正确，请核对',
    );
    expect(fieldMessage({ field: 'emergencyContact.phone', message: 'something unheard of' })).toBe('联系电话填写有误');
    expect(describeError(new ApiError('CONFLICT', 'idNumber is already registered in this city', { field: 'idNumber', existingId: 'x' }))).toBe(
      '该身份证号已登记过（一人一档）',
    );
    expect(new ApiError('CONFLICT', 'x', { field: 'idNumber' }).fields).toEqual([{ field: 'idNumber', message: 'duplicate' }]);
    expect(describeError(new ApiError('NOT_FOUND', 'Case file x was not found'))).toBe('未找到该记录，或您无权查看');
  });
});

describe('console: permissions', () => {
  const worker = [
    { action: 'read' as const, subject: 'CaseFile' as const, conditions: null },
    { action: 'update' as const, subject: 'CaseFile' as const, conditions: [{ workerId: 'me' }] },
    { action: 'correct' as const, subject: 'Activity' as const, conditions: [{ authorIds: 'me' }] },
  ];

  it('offers what a role may do somewhere, and on a record only under its conditions', () => {
    expect(allows(worker, 'update', 'CaseFile')).toBe(true);
    expect(allows(worker, 'update', 'CaseFile', { workerId: 'me' })).toBe(true);
    expect(allows(worker, 'update', 'CaseFile', { workerId: 'someone else' })).toBe(false);
    expect(allows(worker, 'correct', 'Activity', { authorIds: ['x', 'me'] })).toBe(true);
    expect(allows(worker, 'approveClosure', 'CaseFile')).toBe(false);
    expect(allowsAll(worker, 'read', 'CaseFile')).toBe(true);
    expect(allowsAll(worker, 'update', 'CaseFile')).toBe(false);
  });
});
