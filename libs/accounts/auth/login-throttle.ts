import { Injectable } from '@nestjs/common';
import { isIPv4, isIPv6 } from 'node:net';
import { Db } from '@platform/database/db';
import { SidePool } from '@platform/database/side-pool';
import { TooManyRequestsError } from '@platform/errors/domain-errors';

/**
 * One counter's rule (see auth_throttle_attempt in the sessions migration).
 * growing: after `threshold` failures, each try waits delay·2^(failures−threshold) seconds after
 *          the last failure, at most `cap`; the count is forgotten `forget` seconds after the last.
 * window:  `threshold` failures within `delay` seconds of the first: wait until those are over.
 */
export interface ThrottleRule {
  growing: boolean;
  threshold: number;
  delay: number;
  cap: number;
  forget: number;
}

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/**
 * The limits, chosen so that guessing stays slow and lockout is no weapon:
 * - One account from one address: five tries, then 1 minute, 2, 4, 8, at most 15 minutes between
 *   tries, until a success or a quiet day. This is what stops a guesser, and it binds only the
 *   guesser's address: the owner signing in from anywhere else is not held up by it.
 * - One address, all accounts: 50 failures in 15 minutes, looser because offices sit behind one
 *   address; it stops one address from spraying passwords across many accounts.
 * - One account, all addresses: 50 failures in 15 minutes. One address can fail at most 9 times
 *   in 15 minutes under the first rule, so only many addresses together can reach this; it stops
 *   distributed guessing at 200 tries an hour, and it is then the only lock the owner shares.
 * - changePassword's current password, per account: as the first rule. Only the holder of a valid
 *   token can try, so there is nobody to lock out but the token's own account.
 */
export const THROTTLE_RULES = {
  accountAtAddress: { growing: true, threshold: 5, delay: MINUTE, cap: 15 * MINUTE, forget: DAY },
  address: { growing: false, threshold: 50, delay: 15 * MINUTE, cap: 0, forget: 0 },
  account: { growing: false, threshold: 50, delay: 15 * MINUTE, cap: 0, forget: 0 },
  passwordCheck: { growing: true, threshold: 5, delay: MINUTE, cap: 15 * MINUTE, forget: DAY },
} satisfies Record<string, ThrottleRule>;

/**
 * The address a limit counts: IPv4 as is (an IPv4-mapped IPv6 address as its IPv4 form), IPv6 by
 * its /64 network, which one subscriber usually holds whole, so that stepping through addresses
 * of one's own prefix gains nothing.
 */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip.slice(0, 64);
  const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** A counted attempt: call `succeeded` once its password proved right. */
export interface CountedAttempt {
  succeeded(): void;
}

/**
 * Sign-in and password-check limits, kept in PostgreSQL so every replica enforces the same counts.
 *
 * Each attempt is counted as a failure *before* its password is checked, by one statement that
 * commits at once on the side pool, and forgiven when the password proves right. Counting after
 * the check (even with a statement that survives the rollback of the refused mutation) would let
 * a burst of concurrent guesses all pass a check that none of them had yet written: each argon2
 * verification takes tens of milliseconds, so hundreds would get through before the first failure
 * was recorded. The forgiveness is durable: it stands even if something else in the same
 * request fails, since the password was right whatever else happened.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly side: SidePool,
    private readonly db: Db,
  ) {}

  /** Counts a sign-in attempt for `account` (tenant/username, lower case) from `ip`, or refuses it. */
  signIn(account: string, ip: string): Promise<CountedAttempt> {
    const address = throttleAddress(ip);
    const pair = `signin:${account}@${address}`;
    return this.attempt(
      [
        { key: pair, ...THROTTLE_RULES.accountAtAddress },
        { key: `address:${address}`, ...THROTTLE_RULES.address },
        { key: `account:${account}`, ...THROTTLE_RULES.account },
      ],
      'Too many failed sign-in attempts; try again later',
      // A success ends the streak from this address, and takes its own attempt back from the
      // account's and the address's counts, leaving other addresses' failures counted.
      [pair],
      [`address:${address}`, `account:${account}`],
    );
  }

  /** Counts a check of the caller's current password (changePassword), or refuses it. */
  passwordCheck(kind: 'user' | 'operator', accountId: string): Promise<CountedAttempt> {
    const key = `password:${kind}:${accountId}`;
    return this.attempt([{ key, ...THROTTLE_RULES.passwordCheck }], 'Too many wrong passwords; try again later', [key], []);
  }

  private async attempt(rules: (ThrottleRule & { key: string })[], message: string, clear: string[], uncount: string[]): Promise<CountedAttempt> {
    const [{ wait }] = await this.side.query<{ wait: number }>(`select auth_throttle_attempt($1::jsonb) as wait`, [JSON.stringify(rules)]);
    if (wait > 0) throw new TooManyRequestsError(message, wait);
    return {
      succeeded: () => this.db.durable(`select auth_throttle_forgive($1, $2)`, [clear, uncount]),
    };
  }
}
