import { TooManyRequestsError } from '@platform/errors/domain-errors';

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Counts failed logins per account and per client address in a sliding window. Kept in the
 * process: each replica limits on its own, which still bounds guessing to a few tries a minute.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly perAccount = 5,
    private readonly perAddress = 30,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  check(account: string, address: string): void {
    for (const [key, limit] of [[`a:${account}`, this.perAccount], [`ip:${address}`, this.perAddress]] as const) {
      const w = this.live(key);
      if (w && w.failures >= limit) {
        throw new TooManyRequestsError(
          'Too many failed sign-in attempts; try again later',
          Math.ceil((w.resetAt - this.now()) / 1000),
        );
      }
    }
  }

  failed(account: string, address: string): void {
    for (const key of [`a:${account}`, `ip:${address}`]) {
      const w = this.live(key) ?? { failures: 0, resetAt: this.now() + this.windowMs };
      w.failures += 1;
      this.windows.set(key, w);
    }
    if (this.windows.size > 100_000) this.sweep();
  }

  succeeded(account: string): void {
    this.windows.delete(`a:${account}`);
  }

  private live(key: string): Window | undefined {
    const w = this.windows.get(key);
    if (w && w.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}
