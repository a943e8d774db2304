import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, durationSeconds } from '@platform/config/app-config';

export interface TokenClaims {
  sub: string;
  /** The tenant of a user; null for a platform operator. */
  tid: string | null;
  kind: 'user' | 'operator';
  /** The account's token version: a password change or disabling bumps it and ends old tokens. */
  ver: number;
  typ: 'access' | 'refresh';
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

@Injectable()
export class TokenService {
  private readonly accessTtl: number;
  private readonly refreshTtl: number;

  constructor(
    private readonly jwt: JwtService,
    config: AppConfig,
  ) {
    this.accessTtl = durationSeconds(config.JWT_ACCESS_TTL);
    this.refreshTtl = durationSeconds(config.JWT_REFRESH_TTL);
  }

  issue(claims: Omit<TokenClaims, 'typ'>): IssuedTokens {
    return {
      accessToken: this.jwt.sign({ ...claims, typ: 'access' }, { expiresIn: this.accessTtl }),
      refreshToken: this.jwt.sign({ ...claims, typ: 'refresh' }, { expiresIn: this.refreshTtl }),
      expiresIn: this.accessTtl,
    };
  }

  /** The claims of a valid, unexpired token of the given type, or undefined. */
  verify(token: string, typ: TokenClaims['typ']): TokenClaims | undefined {
    try {
      const claims = this.jwt.verify<TokenClaims>(token, { algorithms: ['HS256'] });
      return claims.typ === typ ? claims : undefined;
    } catch {
      return undefined;
    }
  }
}
