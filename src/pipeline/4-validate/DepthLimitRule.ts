// Phase 4 limit, a graphql-js validation rule: how deep an operation may nest.
// The BRP schema is a few levels deep per person; deeper means following
// `persoon` links again and again, which multiplies upstream calls.
//
// Each fragment's depth is computed once and reused wherever it is spread, so
// the rule is linear in the document however often fragments spread each
// other (a fragment in a cycle counts as depth 0 here; NoFragmentCyclesRule
// reports the cycle).
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export const DEFAULT_MAX_DEPTH = 15;

/** Counts the selections the rule visits, for the linearity test. */
export interface VisitCounter {
  visits: number;
}

export function DepthLimitRule(maxDepth: number, counter?: VisitCounter) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const fragmentDepth = new Map<string, number>();
    const inProgress = new Set<string>();

    const depthOf = (set: SelectionSetNode | undefined): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (counter) counter.visits++;
        if (s.kind === Kind.FIELD) deepest = Math.max(deepest, s.selectionSet ? 1 + depthOf(s.selectionSet) : 1);
        else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(s.selectionSet));
        else deepest = Math.max(deepest, depthOfFragment(s.name.value));
      }
      return deepest;
    };
    const depthOfFragment = (name: string): number => {
      const known = fragmentDepth.get(name);
      if (known !== undefined) return known;
      if (inProgress.has(name)) return 0;
      inProgress.add(name);
      const depth = depthOf(fragments.get(name)?.selectionSet);
      inProgress.delete(name);
      fragmentDepth.set(name, depth);
      return depth;
    };

    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`The operation nests ${depth} levels deep; at most ${maxDepth} are allowed.`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_COMPLEX', reason: 'TOO_DEEP' },
            }),
          );
        }
        return false;
      },
    };
  };
}
