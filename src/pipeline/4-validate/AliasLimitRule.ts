// Phase 4 limit, a graphql-js validation rule: how many aliases an operation
// may use. Aliases are how one request asks for the same field many times
// (e.g. 300 `persoon` look-ups). Each alias of the document is counted once,
// where it is written; what spreading multiplies is the position budget's and
// the person cost's concern (src/engine/plan/checks/).
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

export const DEFAULT_MAX_ALIASES = 50;

export function AliasLimitRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias) count++;
      },
      Document: {
        leave(node) {
          if (count > maxAliases) {
            context.reportError(
              new GraphQLError(`The operation uses ${count} aliases; at most ${maxAliases} are allowed.`, {
                nodes: [node],
                extensions: { code: 'QUERY_TOO_COMPLEX', reason: 'TOO_MANY_ALIASES' },
              }),
            );
          }
        },
      },
    };
  };
}
