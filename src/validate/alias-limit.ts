// Phase 4 limit: how many aliases an operation may use. Aliases are how one
// request asks for the same field many times (e.g. 300 `persoon` lookups).
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

export function aliasLimit(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias) count++;
      },
      Document: {
        leave(node) {
          if (count > maxAliases) {
            context.reportError(new GraphQLError(`The operation uses ${count} aliases; at most ${maxAliases} are allowed.`, { nodes: [node], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
          }
        },
      },
    };
  };
}
