import * as argon2 from 'argon2';

export const PASSWORD_RULE = 'must have at least 10 characters, use three of: lower case, upper case, digits, symbols, and not contain the username';

/** Why a password is too weak, or undefined when it is acceptable. */
export function passwordWeakness(password: string, username?: string): string | undefined {
  if (password.length < 10 || password.length > 128) return PASSWORD_RULE;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return PASSWORD_RULE;
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return PASSWORD_RULE;
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Verified against when the account does not exist, so both answers take the same time. */
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('timing-equaliser-Aa1!');
  return dummyHash;
}
