import { identityNumberIssue, normaliseIdentityNumber } from '@shared/identity-number-rule';

/** The API's own identity-number rule (libs/platform/personal-data/identity-number-rule.ts), in Chinese. */
const ISSUES = {
  format: '身份证号应为 18 位：17 位数字加最后一位数字或 X',
  birthDate: '身份证号中的出生日期不存在',
  checksum: '身份证号校验位不正确，请核对',
} as const;

export function idNumberProblem(value: string): string | undefined {
  const issue = identityNumberIssue(normaliseIdentityNumber(value));
  return issue && ISSUES[issue];
}

/** For an antd Form rule. */
export const idNumberRule = {
  validator: async (_: unknown, value: string | undefined) => {
    if (!value) throw new Error('请输入身份证号');
    const problem = idNumberProblem(value);
    if (problem) throw new Error(problem);
  },
};

/** What the number itself says: birth date, and gender by the 17th digit (odd: male). */
export function fromIdNumber(value: string): { birthDate: string; gender: 'MALE' | 'FEMALE' } | undefined {
  const v = normaliseIdentityNumber(value);
  if (identityNumberIssue(v)) return undefined;
  return { birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`, gender: Number(v[16]) % 2 === 1 ? 'MALE' : 'FEMALE' };
}

export { normaliseIdentityNumber };
