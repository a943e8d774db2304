import type { ApolloServerPlugin } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { GqlContext } from './graphql/gql-context';

/** What a request line says of a GraphQL request: the operation's name (a GraphQL name from the document) and kind. */
interface GraphqlSummary {
  operation: string | null;
  type: string;
}

type LoggedResponse = ServerResponse & { locals?: { graphql?: GraphqlSummary } };

/** A URL's path: the query string (GraphQL GET requests carry the query and its variables there) is cut off. */
export function pathOf(url: string | undefined): string {
  const path = url ?? '';
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}

/**
 * The request log: one line per request with its method, path, status and duration, and for
 * GraphQL the operation's name. Never what was sent: not the query string (a GET request's query
 * and variables), not the body, not the headers (bearer tokens). Passwords, identity numbers and
 * tokens travel in exactly those.
 */
export function requestLogOptions(level: string, stream?: DestinationStream): Options | [Options, DestinationStream] {
  const options: Options = {
    level,
    serializers: {
      // pino-std-serializers has mapped the request (url is originalUrl there); only these leave it.
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // Nothing above serializes headers; should a log call ever pass them, these stay out.
    redact: ['req.headers', 'res.headers', 'headers.authorization', 'headers.cookie'],
    autoLogging: { ignore: (req: IncomingMessage) => pathOf((req as { originalUrl?: string }).originalUrl ?? req.url) === '/health' },
    customSuccessObject: (_req, res, value: Record<string, unknown>) => withGraphql(res, value),
    customErrorObject: (_req, res, _error, value: Record<string, unknown>) => withGraphql(res, value),
  };
  return stream ? [options, stream] : options;
}

function withGraphql(res: ServerResponse, value: Record<string, unknown>): Record<string, unknown> {
  const graphql = (res as LoggedResponse).locals?.graphql;
  return graphql ? { ...value, graphql } : value;
}

/** Notes the resolved operation on the response, for its request line. */
export const requestLogPlugin: ApolloServerPlugin<GqlContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        // The request line is written from Node's own response object, under the framework's reply.
        const res = contextValue.res.raw as LoggedResponse;
        if (operation) (res.locals ??= {}).graphql = { operation: operation.name?.value ?? null, type: operation.operation };
      },
    };
  },
};
