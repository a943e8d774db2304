import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, FragmentDefinitionNode, DocumentNode, getVariableValues, visit, BREAK } from 'graphql';
import { ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** The deepest field nesting in an operation, following fragments. */
export function operationDepth(doc: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) continue;
        max = Math.max(max, 1 + depthOf(s.selectionSet, seen));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, depthOf(s.selectionSet, seen));
      } else {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value)) max = Math.max(max, depthOf(f.selectionSet, new Set([...seen, f.name.value])));
      }
    }
    return max;
  };
  return depthOf(operation.selectionSet, new Set());
}

/** Whether any directive in the document takes a variable (e.g. `@include(if: $x)`), which can change the cost. */
function hasVariableDirective(doc: DocumentNode): boolean {
  let found = false;
  visit(doc, {
    Directive(node) {
      if (node.arguments?.some((a) => a.value.kind === Kind.VARIABLE)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

interface OperationCost {
  depth: number;
  /** Known when no variable can change it; else computed per request. */
  complexity?: number;
}

/**
 * Apollo keeps parsed documents in its document cache and hands every request with the same query
 * text the same DocumentNode, so the cost of an operation node is worked out once. The complexity
 * is kept only when it cannot depend on variables: no field with a computed cost (e.g. a page
 * size) and no directive taking a variable.
 */
const costs = new WeakMap<OperationDefinitionNode, OperationCost>();

/** Rejects operations nested deeper than `maxDepth` or costlier than `maxComplexity`, before they run. */
export function queryLimitsPlugin(maxDepth: number, maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (!operation) return;
          let cost = costs.get(operation);
          if (!cost) {
            cost = { depth: operationDepth(document, operation) };
            costs.set(operation, cost);
          }
          const depth = cost.depth;
          if (depth > maxDepth) {
            throw new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${maxDepth}`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
          // getComplexity coerces the variables too and throws a code-less error when they are invalid (a 500);
          // answer as GraphQL itself would: BAD_USER_INPUT.
          const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (coercion.errors?.length) {
            throw new GraphQLError(coercion.errors[0].message, {
              originalError: coercion.errors[0],
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          let complexity = cost.complexity;
          if (complexity === undefined) {
            let computed = false;
            // Only notes fields whose cost is a function of their arguments, then lets the next estimator answer.
            const noteComputed: ComplexityEstimator = ({ field }) => {
              if (typeof field.extensions?.complexity === 'function') computed = true;
              return undefined;
            };
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [noteComputed, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
            if (!computed && !hasVariableDirective(document)) cost.complexity = complexity;
          }
          if (complexity > maxComplexity) {
            throw new GraphQLError(`Query complexity ${complexity} exceeds the limit of ${maxComplexity}`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
