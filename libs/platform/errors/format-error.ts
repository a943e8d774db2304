import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException } from '@nestjs/common';
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
  const domain = original instanceof DomainError ? original : fromDatabaseError(original);
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
    const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'TOO_MANY_REQUESTS' : 'BAD_REQUEST';
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code } };
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
