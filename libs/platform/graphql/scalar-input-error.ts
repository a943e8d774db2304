import { ASTNode, GraphQLError } from 'graphql';

/**
 * A scalar's refusal of a value (a Date that is no date, a Decimal with three places). graphql-js
 * reports it while validating a literal written in the document, and while coercing a variable;
 * Apollo labels the first GRAPHQL_VALIDATION_FAILED and the second BAD_USER_INPUT. The error
 * formatter finds this class behind either and answers BAD_USER_INPUT both times.
 */
export class ScalarInputError extends GraphQLError {
  constructor(message: string, node?: ASTNode) {
    super(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
  }
}
