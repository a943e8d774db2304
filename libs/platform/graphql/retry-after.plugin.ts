import { ApolloServerPlugin } from '@apollo/server';
import { GqlContext } from './gql-context';

/**
 * An answer refused for its rate (TOO_MANY_REQUESTS, e.g. sign-in attempts) says when to try
 * again in the `Retry-After` header too, which HTTP clients and proxies read without parsing
 * GraphQL; when the refusal left no data at all, the status is 429 as well. (A partial answer
 * keeps 200: the rest of it stands.)
 */
export const retryAfterPlugin: ApolloServerPlugin<GqlContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { errors, data } = response.body.singleResult;
        let wait = 0;
        for (const e of errors ?? []) {
          const seconds = e.extensions?.retryAfterSeconds;
          if (e.extensions?.code === 'TOO_MANY_REQUESTS' && typeof seconds === 'number') wait = Math.max(wait, seconds);
        }
        if (!wait) return;
        response.http.headers.set('retry-after', String(Math.ceil(wait)));
        if (data === null || data === undefined) response.http.status = 429;
      },
    };
  },
};
