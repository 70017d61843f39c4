// The document that executes: the plan's permitted positions, fragments inlined
// (one fragment can sit at positions with different decisions), with the helper
// keys the response pass needs — the concrete type where a selection narrows an
// abstract type, the subject's id where objects are data subjects. Denied
// positions are left out; their response paths are listed as denials.
import { Kind, type DocumentNode, type FieldNode, type InlineFragmentNode, type OperationDefinitionNode, type SelectionNode } from 'graphql';
import type { DenialReason } from '../../base/errors/vocabulary.ts';
import type { Decisions } from './decisions.ts';
import { PRUNED_KEY, SUBJECT_KEY, TYPE_KEY, type FieldPlan, type OperationPlan, type SelectionPlan } from './plan.ts';

export interface Denial {
  /** Response keys from the root (aliases applied); lists are crossed implicitly. */
  responsePath: string[];
  /** Set when the field was selected on one concrete type of an interface. */
  onType?: string;
  nonNull: boolean;
  coordinate: string;
  upstreamPath: string;
  reason: DenialReason;
  rule: string;
  argumentName?: string;
}

export interface Executable {
  document: DocumentNode;
  /** Denied positions that were left out (in dry-run: only the enforced ones). */
  denials: Denial[];
  /** The plan selection each executed field node reads: resolvers find their push-down here. */
  selectionOf: WeakMap<FieldNode, SelectionPlan>;
  /** Whether a position is part of the executed document. */
  permitted: (field: FieldPlan) => boolean;
  /** Upstream paths of the decided positions, for the access record: filled in on first use. */
  fieldsRequested?: string[];
}

/** The plan selection of the field nodes a resolver runs for (several when merged). */
export function selectionFor(executable: Executable, fieldNodes: readonly FieldNode[]): SelectionPlan {
  const selection = executable.selectionOf.get(fieldNodes[0]);
  // Never guess a selection: a resolver without one would fetch more than was decided.
  if (!selection) throw new Error('field node outside the executed plan');
  return selection;
}

const aliased = (alias: string, name: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: name },
});

/**
 * `enforced(field)`: whether a denial of this position is enforced (dry-run enforces root fields
 * only). A position without a decision lies below a denied one and is not reached.
 */
export function executableDocument(
  plan: OperationPlan,
  operation: OperationDefinitionNode,
  decisions: Decisions,
  enforced: (field: FieldPlan) => boolean,
): Executable {
  const selectionOf = new WeakMap<FieldNode, SelectionPlan>();
  const emitted = new Map<SelectionPlan, SelectionNode[]>();
  const permitted = (field: FieldPlan) => {
    if (field.fieldName === '__typename') return true;
    const decision = decisions.get(field);
    return decision !== undefined && (decision.allowed || !enforced(field));
  };

  function emit(selection: SelectionPlan): SelectionNode[] {
    const known = emitted.get(selection);
    if (known) return known;
    const direct: SelectionNode[] = [];
    const narrowed = new Map<string, SelectionNode[]>();
    for (const field of selection.fields) {
      if (!permitted(field)) continue;
      const { nodes, responseKey, fieldName } = field;
      let node: FieldNode = {
        kind: Kind.FIELD,
        alias: responseKey !== fieldName ? { kind: Kind.NAME, value: responseKey } : undefined,
        name: { kind: Kind.NAME, value: fieldName },
        arguments: nodes[0].arguments,
        directives: [],
      };
      if (field.children) {
        const inner = emit(field.children);
        node = { ...node, selectionSet: { kind: Kind.SELECTION_SET, selections: inner.length ? inner : [aliased(PRUNED_KEY, '__typename')] } };
        selectionOf.set(node, field.children);
      }
      if (field.narrowed) {
        const list = narrowed.get(field.onType.name) ?? [];
        list.push(node);
        narrowed.set(field.onType.name, list);
      } else direct.push(node);
    }
    // The helper keys come first (execution resolves the first field of a response key; validation
    // refuses aliases starting with __ besides): whose data this object is, for the record — also
    // when only its __typename was asked —, and which concrete type it is, wherever a position
    // applies to one type only (denied ones too).
    if (selection.subject) direct.unshift(aliased(SUBJECT_KEY, selection.subject.idField));
    if (selection.fields.some((f) => f.narrowed)) direct.unshift(aliased(TYPE_KEY, '__typename'));
    for (const [typeName, selections] of narrowed) {
      const fragment: InlineFragmentNode = {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: typeName } },
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      };
      direct.push(fragment);
    }
    emitted.set(selection, direct);
    return direct;
  }

  const denials: Denial[] = [];
  // Response paths of the denials: the DAG expanded, which the position budget bounds.
  const collect = (selection: SelectionPlan, path: string[]) => {
    for (const field of selection.fields) {
      const decision = decisions.get(field);
      if (!decision) continue;
      const responsePath = [...path, field.responseKey];
      if (!decision.allowed && enforced(field)) {
        denials.push({
          responsePath,
          onType: field.narrowed ? field.onType.name : undefined,
          nonNull: field.nonNull,
          coordinate: field.coordinate,
          upstreamPath: field.upstreamPath,
          reason: decision.reason,
          rule: decision.rule,
          argumentName: decision.argumentName,
        });
      } else if (permitted(field) && field.children) collect(field.children, responsePath);
    }
  };
  collect(plan.root, []);

  const selections = emit(plan.root);
  const executed: OperationDefinitionNode = {
    ...operation,
    selectionSet: { kind: Kind.SELECTION_SET, selections: selections.length ? selections : [aliased(PRUNED_KEY, '__typename')] },
  };
  return { document: { kind: Kind.DOCUMENT, definitions: [executed] }, denials, selectionOf, permitted };
}
