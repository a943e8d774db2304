/**
 * The identity-number rule without dependencies, shared by the API (identity-number.ts) and the web
 * console's forms (apps/web), so a number the form accepts is one the API accepts.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/**
 * Why a resident identity number (居民身份证号, GB 11643) is invalid, or undefined if valid:
 * 17 digits (6 region, 8 birth date, 3 sequence) and a check character from ISO 7064 MOD 11-2.
 */
export function identityNumberProblem(value: string): string | undefined {
  const issue = identityNumberIssue(value);
  return issue && ISSUE_MESSAGES[issue];
}

/** Which check an identity number fails: its form, its birth date or its check character. */
export type IdentityNumberIssue = 'format' | 'birthDate' | 'checksum';

const ISSUE_MESSAGES: Record<IdentityNumberIssue, string> = {
  format: 'must be 18 characters: 17 digits and a final digit or X',
  birthDate: 'contains an impossible birth date',
  checksum: 'has a wrong check character',
};

export function identityNumberIssue(value: string): IdentityNumberIssue | undefined {
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return 'format';
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > Date.now()) return 'birthDate';
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(value[i]), 0);
  if (CHECK_CHARS[sum % 11] !== value[17]) return 'checksum';
  return undefined;
}

/** Normalises a typed number: trims and upper-cases a final x. */
export function normaliseIdentityNumber(value: string): string {
  return value.trim().toUpperCase();
}

/** `3701**********1234`: the region's first four and the last four characters, nothing between. */
export function maskIdentityNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** A valid identity number for tests and demo data, from a region, birth date and sequence. */
export function makeIdentityNumber(region: string, birth: string, sequence: string): string {
  const body = `${region}${birth.replace(/-/g, '')}${sequence}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + CHECK_CHARS[sum % 11];
}

/** The birth date an identity number carries (YYYY-MM-DD). */
export function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/** 王** for 王小明: the family name and one star per other character. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}
