import { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { GqlContext } from './gql-context';

/**
 * Ends each request's transaction when its response is ready: a mutation with any error rolls
 * back whole (bad input changes nothing); everything else commits, keeping audit records of reads.
 */
export const transactionPlugin: ApolloServerPlugin<GqlContext> = {
  async requestDidStart() {
    let isMutation = false;
    return {
      async didResolveOperation(rc: GraphQLRequestContext<GqlContext>) {
        isMutation = rc.operation?.operation === 'mutation';
      },
      async willSendResponse(rc) {
        const body = rc.response.body;
        const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
        await rc.contextValue.request.finish(!(isMutation && errors && errors.length > 0));
      },
    };
  },
};

/** GraphQL answers hold one caller's data: no cache, shared or private, may keep them. */
export const noStorePlugin: ApolloServerPlugin<GqlContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};
