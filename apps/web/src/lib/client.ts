import { graphql } from '../gql';
import { ApiError, type ErrorExtensions } from './errors';

/** A typed document as GraphQL Code Generator's client preset writes it (documentMode: string). */
export interface Document<TResult, TVariables> {
  toString(): string;
  __apiType?: (variables: TVariables) => TResult;
}

/** The result type of a typed document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResultOf<D> = D extends Document<infer R, any> ? R : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type VariablesOf<D> = D extends Document<any, infer V> ? V : never;

interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const TOKENS_KEY = 'swsp.tokens';

/**
 * Tokens live in this tab's session storage: closing the browser (often a shared office PC) ends the
 * session. The refresh token rotates: every refresh answers a new one, and only the newest is kept.
 */
export const tokens = {
  get(): Tokens | null {
    try {
      return JSON.parse(sessionStorage.getItem(TOKENS_KEY) ?? 'null') as Tokens | null;
    } catch {
      return null;
    }
  },
  set(t: { accessToken: string; refreshToken: string; expiresIn: number }): void {
    sessionStorage.setItem(
      TOKENS_KEY,
      JSON.stringify({ accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: Date.now() + t.expiresIn * 1000 }),
    );
  },
  clear(): void {
    sessionStorage.removeItem(TOKENS_KEY);
  },
};

type SessionListener = (reason: 'expired') => void;
let onSessionLost: SessionListener = () => undefined;
/** The auth provider hears here when the session can no longer be renewed. */
export function onSessionEnded(listener: SessionListener): void {
  onSessionLost = listener;
}

interface GqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: ErrorExtensions }[];
}

/** Counts requests per screen for `npm run bench:web` and the tests (window.__gqlRequests). */
function countRequest(): void {
  const w = window as unknown as { __gqlRequests?: number };
  w.__gqlRequests = (w.__gqlRequests ?? 0) + 1;
}

async function post<T>(query: string, variables: unknown, accessToken?: string): Promise<GqlResponse<T>> {
  countRequest();
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('NETWORK', 'network');
  }
  try {
    return (await res.json()) as GqlResponse<T>;
  } catch {
    throw new ApiError(res.status === 429 ? 'TOO_MANY_REQUESTS' : 'INTERNAL_SERVER_ERROR', `HTTP ${res.status}`);
  }
}

const REFRESH = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

const LOGOUT = graphql(`
  mutation SignOut {
    logout
  }
`);

/**
 * Ends the session on the server (its refresh token and every token of the sign-in stop working),
 * sent with the current access token before the caller drops the tokens. A failure changes
 * nothing for the user: the tokens are dropped here anyway, and the access token expires soon.
 */
export function endSession(): Promise<void> {
  const current = tokens.get();
  if (!current) return Promise.resolve();
  return post(LOGOUT.toString(), {}, current.accessToken).then(
    () => undefined,
    () => undefined,
  );
}

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for new tokens, once however many requests need it at the same time. */
export function refreshTokens(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      const current = tokens.get();
      if (!current) return false;
      try {
        const res = await post<ResultOf<typeof REFRESH>>(REFRESH.toString(), { refreshToken: current.refreshToken });
        if (!res.data?.refreshToken) {
          tokens.clear();
          return false;
        }
        tokens.set(res.data.refreshToken);
        return true;
      } catch {
        return false; // offline: keep the tokens, try again later
      }
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

function toError(res: GqlResponse<unknown>): ApiError {
  const first = res.errors![0];
  return new ApiError(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.message, first.extensions ?? {});
}

/**
 * Runs one typed operation. The access token is renewed quietly shortly before it expires, and once
 * more if the API answers UNAUTHENTICATED; if that fails too, the session has ended.
 */
export async function request<TResult, TVariables>(
  doc: Document<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] | [TVariables] : [TVariables]
): Promise<TResult> {
  const query = doc.toString();
  let t = tokens.get();
  if (t && t.expiresAt - Date.now() < 60_000) {
    await refreshTokens();
    t = tokens.get();
  }
  let res = await post<TResult>(query, variables ?? {}, t?.accessToken);
  if (t && res.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') {
    if (await refreshTokens()) res = await post<TResult>(query, variables ?? {}, tokens.get()?.accessToken);
    if (res.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') {
      tokens.clear();
      onSessionLost('expired');
    }
  }
  if (res.errors?.length) throw toError(res);
  return res.data as TResult;
}

/** Sign-in, without a token. */
export async function requestPublic<TResult, TVariables>(doc: Document<TResult, TVariables>, variables: TVariables): Promise<TResult> {
  const res = await post<TResult>(doc.toString(), variables);
  if (res.errors?.length) throw toError(res);
  return res.data as TResult;
}
