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
/** What the push-down reads of a planned position (the engine's FieldPlan has this shape). */
export interface PlannedPosition {
  fieldName: string;
  coordinate: string;
  upstreamPath: string;
  namedType?: { name: string };
  children?: PlannedSelection;
}
export interface PlannedSelection {
  fields: readonly PlannedPosition[];
}
import { validFieldPaths, type BrpResponseType } from './field-catalogue.ts';
import { ADDRESS_LINK_FIELDS, API_FIELDS, AUTO_DELIVERED_ROOT_FIELDS, IN_ONDERZOEK, LINK_FIELDS, WHOLE_OBJECT_TYPES } from './vocabulary.ts';


export interface UpstreamFields {
  /** Sorted, deduplicated, always including burgerservicenummer. */
  fields: string[];
  /** Selected paths the upstream cannot deliver for this response type (they resolve to null). */
  undeliverable: string[];
}

export interface SelectedPaths {
  /** Paths to request upstream (before validation against the response type). */
  paths: string[];
  /** Selected automatically delivered fields: never requested, delivered anyway. */
  autoDelivered: string[];
}

/**
 * Upstream paths of a person's permitted positions in the plan (src/engine/plan/): the person's own
 * selection, up to the persons it links to (each of them is a request of its own).
 */
export function selectedUpstreamPaths<P extends PlannedPosition>(person: PlannedSelection, permitted: (field: P) => boolean): SelectedPaths {
  const paths = new Set<string>();
  const autoDelivered = new Set<string>();
  const walk = (selection: PlannedSelection) => {
    for (const field of selection.fields) {
      if (!permitted(field as P)) continue;
      const { fieldName: name, upstreamPath: path } = field;
      if (name === '__typename') {
        // On a union or interface: its discriminator answers it.
        if (path) paths.add(path);
        continue;
      }
      // Another API (verblijfplaatshistorie, reisdocumenten, bewoning, BAG): a request of its own, nothing of
      // it asked here — but an address's links need the address's identificatie, the key they follow.
      if (API_FIELDS.has(field.coordinate)) {
        if (ADDRESS_LINK_FIELDS.has(field.coordinate)) paths.add(`${path.slice(0, path.lastIndexOf('.'))}.adresseerbaarObjectIdentificatie`);
        continue;
      }
      if (name === IN_ONDERZOEK || (!path.includes('.') && AUTO_DELIVERED_ROOT_FIELDS.has(name))) {
        autoDelivered.add(path);
      } else if (LINK_FIELDS.has(field.coordinate)) {
        paths.add(`${path.slice(0, path.lastIndexOf('.'))}.burgerservicenummer`);
      } else if ((field.namedType && WHOLE_OBJECT_TYPES.has(field.namedType.name)) || name === 'type' || !field.children) {
        // A date or code table is asked whole; a discriminator on its own is a path of its own.
        paths.add(path);
      } else {
        walk(field.children);
      }
    }
  };
  walk(person);
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
export function toUpstreamFields(selected: Iterable<string>, responseType: BrpResponseType): UpstreamFields {
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
  return { fields: sorted, undeliverable: undeliverable.sort() };
}
