import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException } from '@nestjs/common';
import { ScalarInputError } from '../graphql/scalar-input-error';
import { DomainError } from './domain-errors';
import { fromDatabaseError } from './unique-violations';

const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * The errors behind an error: Apollo and graphql-js wrap what a resolver, a plugin or a scalar
 * threw (a validation error around a scalar's refusal, a GraphQLError around a plugin's error).
 */
function* causes(error: unknown): Generator<unknown> {
  let e: unknown = error;
  for (let depth = 0; e && depth < 8; depth++) {
    yield e;
    e = (e as { originalError?: unknown }).originalError;
  }
}

/** GraphQL's "Did you mean …?" hints, which spell out names of the schema. */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

export interface FormatOptions {
  /**
   * Drop "Did you mean …?" from messages. Apollo's hideSchemaDetailsFromClientErrors does so for
   * validation errors only; input coercion errors (a misspelt input field) carry them too.
   */
  hideSuggestions?: boolean;
}

/** The one mapping from anything thrown to the error shape clients see. */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (e: unknown) => void = () => undefined,
  options: FormatOptions = {},
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const chain = [...causes(original)];
  const domain = (chain.find((e) => e instanceof DomainError) as DomainError | undefined) ?? fromDatabaseError(original);
  if (domain) {
    return {
      message: domain.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: domain.code, ...domain.extensions },
    };
  }
  if (original instanceof HttpException) {
    const status = original.getStatus();
    const code =
      status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'TOO_MANY_REQUESTS' : 'BAD_REQUEST';
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code } };
  }
  // A scalar refused a value: the same answer whether it came inline (graphql-js validates it) or as a variable.
  if (chain.some((e) => e instanceof ScalarInputError)) {
    const message = options.hideSuggestions ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    return { message, path: formatted.path, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (code && PASS_THROUGH.has(code)) {
    const message = options.hideSuggestions ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    return { message, path: formatted.path, locations: formatted.locations, extensions: { code } };
  }
  log(original);
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * What of an unexpected error may be logged: its kind, code, constraint, message and stack. Not
 * everything it carries: a database error's `detail` names the values of a violated key
 * (`Key (id_number)=(370102…)`), and a query error may carry its parameters.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const e = error as Error & { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; routine?: unknown };
  const out: Record<string, unknown> = { name: e.name, message: e.message };
  for (const key of ['code', 'constraint', 'table', 'column', 'routine'] as const) if (typeof e[key] === 'string') out[key] = e[key];
  if (e.stack) out.stack = e.stack;
  return out;
}
