import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { WithHeaders } from '@access';
import { AppConfig, durationSeconds } from '@platform/config/app-config';

export interface TokenClaims {
  sub: string;
  /** The tenant of a user; null for a platform operator. */
  tid: string | null;
  kind: 'user' | 'operator';
  /** The account's token version: a password change or disabling bumps it and ends old tokens. */
  ver: number;
  /** The session (token family) the token belongs to: ending it ends every token of the sign-in. */
  sid: string;
  /** Refresh tokens only: the session's rotation this token was issued at; only the newest is good. */
  gen?: number;
  typ: 'access' | 'refresh';
}

export type SessionClaims = Omit<TokenClaims, 'typ' | 'gen'>;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

@Injectable()
export class TokenService {
  readonly accessTtl: number;
  readonly refreshTtl: number;
  /** Bearer tokens already verified, per HTTP request: the rate limit and the access guard both need the claims. */
  private readonly verified = new WeakMap<object, TokenClaims | null>();
  /**
   * Access tokens whose signature has been checked, by their text: a client sends the same token
   * with every request for its lifetime, and checking it again (jsonwebtoken's parsing and HMAC)
   * was a tenth of a small request's work. A token's text cannot change, so its verdict cannot
   * either; expiry is checked on every use, and revocation (session, token version) is not decided
   * here but by the account load of each request. Bounded: the oldest entry goes first.
   */
  private readonly accessTokens = new Map<string, TokenClaims & { exp: number }>();
  private static readonly MAX_CACHED_TOKENS = 10_000;

  constructor(
    private readonly jwt: JwtService,
    config: AppConfig,
  ) {
    this.accessTtl = durationSeconds(config.JWT_ACCESS_TTL);
    this.refreshTtl = durationSeconds(config.JWT_REFRESH_TTL);
  }

  /** Tokens of a session: the access token, and the refresh token for its rotation `generation`. */
  issue(claims: SessionClaims, generation: number): IssuedTokens {
    return {
      // Each token its own (jti): tokens issued within one second with the same claims would otherwise be the same text.
      accessToken: this.jwt.sign({ ...claims, typ: 'access' }, { expiresIn: this.accessTtl, jwtid: randomUUID() }),
      refreshToken: this.jwt.sign({ ...claims, gen: generation, typ: 'refresh' }, { expiresIn: this.refreshTtl, jwtid: randomUUID() }),
      expiresIn: this.accessTtl,
    };
  }

  /** The claims of a valid, unexpired token of the given type, or undefined. */
  verify(token: string, typ: TokenClaims['typ']): TokenClaims | undefined {
    if (typ === 'access') {
      const known = this.accessTokens.get(token);
      if (known) {
        if (known.exp * 1000 > Date.now()) return known;
        this.accessTokens.delete(token);
        return undefined;
      }
    }
    let claims: TokenClaims & { exp: number };
    try {
      claims = this.jwt.verify<TokenClaims & { exp: number }>(token, { algorithms: ['HS256'] });
    } catch {
      return undefined;
    }
    if (claims.typ !== typ) return undefined;
    if (typ === 'access' && Number.isFinite(claims.exp)) {
      if (this.accessTokens.size >= TokenService.MAX_CACHED_TOKENS) this.accessTokens.delete(this.accessTokens.keys().next().value!);
      this.accessTokens.set(token, Object.freeze(claims));
    }
    return claims;
  }

  /** The claims of the request's `Authorization: Bearer` access token, verified once per request. */
  bearer(req: WithHeaders): TokenClaims | undefined {
    // Middleware sees Node's request, resolvers the framework's wrapper around it: one key for both.
    const key = (req as { raw?: WithHeaders }).raw ?? req;
    let claims = this.verified.get(key);
    if (claims === undefined) {
      const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      claims = (token && this.verify(token, 'access')) || null;
      this.verified.set(key, claims);
    }
    return claims ?? undefined;
  }
}
