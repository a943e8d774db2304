import { THROTTLE_RULES, throttleAddress } from './login-throttle';

describe('throttleAddress', () => {
  it('counts IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    expect(throttleAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(throttleAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(throttleAddress('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(throttleAddress('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(throttleAddress('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64');
    expect(throttleAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(throttleAddress('unknown')).toBe('unknown');
  });
});

describe('THROTTLE_RULES', () => {
  /** Failures one address can make against one account in `seconds`, waiting out each delay. */
  function failuresFromOneAddress(seconds: number): number {
    const r = THROTTLE_RULES.accountAtAddress;
    let t = 0;
    let n = 0;
    while (t <= seconds) {
      n += 1;
      t += n < r.threshold ? 0 : Math.min(r.delay * 2 ** (n - r.threshold), r.cap);
    }
    return n;
  }

  it('one address alone cannot reach the account-wide limit, so it cannot lock the owner out elsewhere', () => {
    const window = THROTTLE_RULES.account.delay;
    expect(failuresFromOneAddress(window)).toBeLessThan(THROTTLE_RULES.account.threshold / 4);
  });

  it('the per-address limit is much looser than the per-account-and-address one', () => {
    expect(THROTTLE_RULES.address.threshold).toBeGreaterThanOrEqual(5 * THROTTLE_RULES.accountAtAddress.threshold);
  });
});
