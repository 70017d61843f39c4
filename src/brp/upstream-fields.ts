// Push-down of the GraphQL selection into the BRP `fields` parameter: exactly the
// selected upstream paths plus `burgerservicenummer`, never wider.
//
// The rules follow the BRP feature files:
// - the GraphQL path is the upstream path (schema names are the API's own);
// - a date or code-table field is requested as a whole (any of its sub-fields
//   returns the whole object upstream, fields-datum.feature);
// - automatically delivered fields (inOnderzoek, geheimhoudingPersoonsgegevens,
//   opschortingBijhouding, rni, verificatie) must not be requested;
// - the `type` discriminator comes with any field of its object;
// - `persoon` links need only the relative's burgerservicenummer here, the
//   linked person is a separate (batched) request with its own selection;
// - a path the response type does not list is dropped rather than widened.
import type { FieldNode, GraphQLCompositeType } from 'graphql';
import { walkFieldNodes, type WalkContext } from '../graphql/walk-selection.ts';
import { validFieldPaths, type BrpResponseType } from './field-catalogue.ts';

/** Types that the upstream only delivers whole. */
const WHOLE_OBJECT_TYPES = new Set(['AbstractDatum', 'Datum', 'DatumOnbekend', 'JaarDatum', 'JaarMaandDatum', 'Waardetabel', 'AdellijkeTitelPredicaatType']);
const AUTO_DELIVERED_ROOT_FIELDS = new Set(['geheimhoudingPersoonsgegevens', 'opschortingBijhouding', 'rni', 'verificatie']);
/** GraphQL-only fields that follow a relative's BSN to the full person. */
export const LINK_FIELDS: ReadonlySet<string> = new Set(['Partner.persoon', 'Ouder.persoon', 'Kind.persoon']);

export interface UpstreamFields {
  /** Sorted, deduplicated, always including burgerservicenummer. */
  fields: string[];
  /** What a delivered person may disclose: `fields` plus the selected automatically delivered fields. */
  disclosable: string[];
  /** Selected paths the upstream cannot deliver for this response type (they resolve to null). */
  undeliverable: string[];
}

export interface SelectedPaths {
  /** Paths to request upstream (before validation against the response type). */
  paths: string[];
  /** Selected automatically delivered fields: never requested, but disclosed when present. */
  autoDelivered: string[];
}

/** Upstream paths selected below the given field nodes (the persons' own selection). */
export function selectedUpstreamPaths(
  ctx: WalkContext,
  fieldNodes: readonly FieldNode[],
  returnType: GraphQLCompositeType,
): SelectedPaths {
  const paths = new Set<string>();
  const autoDelivered = new Set<string>();
  walkFieldNodes(ctx, fieldNodes, returnType, ({ parentType, type, path }) => {
    const name = path[path.length - 1];
    if (name === 'inOnderzoek' || (path.length === 1 && AUTO_DELIVERED_ROOT_FIELDS.has(name))) {
      autoDelivered.add(path.join('.'));
      return false;
    }
    if (LINK_FIELDS.has(`${parentType.name}.${name}`)) {
      paths.add([...path.slice(0, -1), 'burgerservicenummer'].join('.'));
      return false;
    }
    if (WHOLE_OBJECT_TYPES.has(type.name)) {
      paths.add(path.join('.'));
      return false;
    }
    if (name === 'type') {
      // Delivered with any field of its object; requested alone it is a path of its own.
      paths.add(path.join('.'));
      return false;
    }
    if (!('getFields' in type)) paths.add(path.join('.'));
    return true;
  });
  return { paths: [...paths], autoDelivered: [...autoDelivered] };
}

/** The upstream accepts at most this many `fields` entries (spec: maxItems 130). */
export const MAX_UPSTREAM_FIELDS = 130;

/**
 * Replaces a group's complete set of direct children by the group itself, deepest
 * groups first, until the list fits. Exact, never wider: the upstream delivers a
 * group as exactly its children (a `type` discriminator comes with any of them).
 */
function collapseCompleteGroups(fields: Set<string>, valid: ReadonlySet<string>): void {
  const childrenOf = (group: string) =>
    [...valid].filter((p) => p.startsWith(`${group}.`) && !p.slice(group.length + 1).includes('.') && !p.endsWith('.type'));
  const groups = [...new Set([...fields].flatMap((f) => f.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))))]
    .filter((g) => valid.has(g))
    .sort((a, b) => b.split('.').length - a.split('.').length);
  for (const group of groups) {
    if (fields.size <= MAX_UPSTREAM_FIELDS) return;
    const children = childrenOf(group);
    if (children.length && children.every((c) => fields.has(c))) {
      for (const f of [...fields]) if (f.startsWith(`${group}.`)) fields.delete(f);
      fields.add(group);
    }
  }
}

/** The `fields` parameter for a response type: valid paths only, plus burgerservicenummer. */
export function toUpstreamFields(selected: Iterable<string>, responseType: BrpResponseType, autoDelivered: readonly string[] = []): UpstreamFields {
  const valid = validFieldPaths(responseType);
  const fields = new Set<string>(['burgerservicenummer']);
  const undeliverable: string[] = [];
  for (const path of selected) {
    if (valid.has(path)) fields.add(path);
    else if (!path.endsWith('.type')) undeliverable.push(path);
    // A lone `x.type` that the CSV does not list: the type comes with the object's other fields.
  }
  if (fields.size > MAX_UPSTREAM_FIELDS) collapseCompleteGroups(fields, valid);
  const sorted = [...fields].sort();
  return { fields: sorted, disclosable: [...sorted, ...autoDelivered].sort(), undeliverable: undeliverable.sort() };
}
