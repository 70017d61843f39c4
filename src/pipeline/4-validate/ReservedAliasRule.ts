// Phase 4, a graphql-js validation rule: response keys that start with `__`
// are the schema's own (`__typename`, introspection) and the facade's (the
// helper keys its executed document adds: the subject's id and concrete type
// that the protocol record is read by). An alias may not take one: a caller's
// `__authz_subject: aNummer` would otherwise name whose data the record is of.
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

export function ReservedAliasRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.alias?.value.startsWith('__')) {
        context.reportError(
          new GraphQLError(`The alias "${node.alias.value.slice(0, 64)}" is reserved: aliases may not start with "__".`, {
            nodes: [node.alias],
            extensions: { code: 'BAD_REQUEST', reason: 'RESERVED_ALIAS' },
          }),
        );
      }
    },
  };
}
