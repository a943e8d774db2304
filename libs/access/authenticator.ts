import type { RequestContext } from '@platform/database/request-context';
import type { Actor } from './actor';

/** Anything carrying HTTP headers (a Fastify or Node request). */
export interface WithHeaders {
  headers: { authorization?: string };
}

/**
 * Who is calling: the kernel's guard and the file exports ask this, and the accounts module
 * answers it (its AuthService, provided under this token), so the kernel depends on no account
 * table or token format.
 */
export abstract class Authenticator {
  /** The actor behind a request's bearer token, or null; sets the request's row-level security settings. */
  abstract authenticate(request: RequestContext, req: WithHeaders): Promise<Actor | null>;
}
