import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Refusal } from '@platform/rate-limit/rate-limiter';
import { RequestRateLimit } from '@platform/rate-limit/request-rate-limit';
import { TokenService } from './tokens';

/**
 * The general request limit (RATE_LIMIT_PER_MINUTE), per session: every request carrying a
 * validly signed access token counts against its session, over all replicas. Keyed by the
 * session rather than the token string, so renewing the access token does not reset the count;
 * keyed by verified claims only, so nobody can spend another session's allowance with a forged
 * token. Requests without a token can only sign in or refresh, which have limits of their own.
 *
 * It runs before GraphQL, so a refused request costs no transaction and no connection, and
 * answers HTTP 429 with Retry-After and a GraphQL-shaped error (extensions.code TOO_MANY_REQUESTS).
 * The token's claims are kept for the access guard, which does not verify the token again.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(
    private readonly limit: RequestRateLimit,
    private readonly tokens: TokenService,
  ) {}

  /** Node's own request and response: Fastify hands middleware the raw objects. */
  use(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    if (!this.limit.enabled || !req.headers.authorization) return next();
    const claims = this.tokens.bearer(req);
    if (!claims) return next();
    const outcome = this.limit.hit(claims.sid);
    if (!outcome) return next();
    if ('retryAfterSeconds' in outcome) return this.refuse(res, outcome);
    outcome.then((refusal) => (refusal ? this.refuse(res, refusal) : next()), next);
  }

  private refuse(res: ServerResponse, { retryAfterSeconds }: Refusal): void {
    const body = JSON.stringify({
      errors: [
        {
          message: `Too many requests: this session may make ${this.limit.perMinute} a minute; try again in ${retryAfterSeconds} s`,
          extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds },
        },
      ],
    });
    res.statusCode = 429;
    res.setHeader('Retry-After', String(retryAfterSeconds));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(body);
  }
}
