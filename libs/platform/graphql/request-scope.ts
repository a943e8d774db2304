import { GraphQLFieldResolver, GraphQLScalarType } from 'graphql';
import { requestStorage } from '../database/request-context';
import { GqlContext } from './gql-context';

type ResolverMap = Record<string, unknown>;

/**
 * Runs every resolver the application declares (root fields and resolved fields) inside its
 * request's context, so services reach the request transaction. Applied once, to Nest's map of
 * resolvers before the schema is built; plain fields, which only read their parent, are not in it.
 * (A Nest interceptor did this before, at the price of a few Observables and async resources on
 * every resolver call.)
 */
export function runResolversInRequestScope<T>(resolvers: T): T {
  const maps = (Array.isArray(resolvers) ? resolvers : [resolvers]) as ResolverMap[];
  for (const map of maps) {
    for (const fields of Object.values(map)) {
      if (!fields || typeof fields !== 'object' || fields instanceof GraphQLScalarType) continue;
      const byName = fields as Record<string, unknown>;
      for (const [name, resolve] of Object.entries(byName)) {
        if (name.startsWith('__') || typeof resolve !== 'function') continue;
        const inner = resolve as GraphQLFieldResolver<unknown, GqlContext>;
        byName[name] = ((source, args, context, info) =>
          requestStorage.run(context.request, inner, source, args, context, info)) satisfies GraphQLFieldResolver<unknown, GqlContext>;
      }
    }
  }
  return resolvers;
}
