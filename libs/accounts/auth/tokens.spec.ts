import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '@platform/config/app-config';
import { TokenService } from './tokens';

describe('TokenService', () => {
  const key = createSecretKey(Buffer.from('a-test-secret-of-at-least-thirty-two-characters', 'utf8'));
  const jwt = new JwtService({ secretOrKeyProvider: () => key, signOptions: { algorithm: 'HS256' } });
  const tokens = new TokenService(jwt, loadConfig({ NODE_ENV: 'test' }));
  const claims = { sub: '0b7e2d5e-1f9a-4c55-9a52-3c7d0d2f1e11', tid: null, kind: 'user' as const, ver: 0, sid: '1b7e2d5e-1f9a-4c55-9a52-3c7d0d2f1e11' };

  afterEach(() => jest.useRealTimers());

  it('checks an access token once and then knows it by its text, until it expires', () => {
    const verify = jest.spyOn(jwt, 'verify');
    const { accessToken } = tokens.issue(claims, 0);
    expect(tokens.verify(accessToken, 'access')).toMatchObject({ ...claims, typ: 'access' });
    expect(tokens.verify(accessToken, 'access')).toMatchObject(claims);
    expect(verify).toHaveBeenCalledTimes(1);
    // Past its expiry the known token is refused, as the signature check would.
    jest.useFakeTimers({ now: Date.now() + (tokens.accessTtl + 1) * 1000 });
    expect(tokens.verify(accessToken, 'access')).toBeUndefined();
  });

  it('never takes a token of one kind for another, nor a bent one', () => {
    const { accessToken, refreshToken } = tokens.issue(claims, 3);
    expect(tokens.verify(refreshToken, 'access')).toBeUndefined();
    expect(tokens.verify(accessToken, 'refresh')).toBeUndefined();
    expect(tokens.verify(refreshToken, 'refresh')).toMatchObject({ gen: 3 });
    const [head, body, signature] = accessToken.split('.');
    const bent = `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else', typ: 'access', exp: 9999999999 })).toString('base64url')}.${signature}`;
    expect(tokens.verify(bent, 'access')).toBeUndefined();
    expect(tokens.verify(`${head}.${body}.x${signature.slice(1)}`, 'access')).toBeUndefined();
  });
});
