// Push-down of the plan into the `fields` of Reisdocumenten: exactly the permitted positions below
// `reisdocumenten`, as the API names them, never wider — dates and code tables asked whole,
// inOnderzoek never asked (it comes with its fields), a path the API does not know dropped — plus
// `houder.burgerservicenummer`, by which every document is checked to belong to its person.
import type { PlannedPosition, PlannedSelection } from '../upstream-fields.ts';
import { IN_ONDERZOEK, WHOLE_OBJECT_TYPES } from '../vocabulary.ts';
import { specFieldPaths } from '../spec-paths.ts';

const PREFIX = 'reisdocumenten.';

/** Delivered with the holder without being asked, and never to be asked (fields-fout-cases.feature); so is every inOnderzoek. */
export const AUTO_DELIVERED_REISDOCUMENT_FIELDS: ReadonlySet<string> = new Set(['houder.geheimhoudingPersoonsgegevens', 'houder.opschortingBijhouding']);

/** The paths `fields` may hold: the spec's, without what comes by itself. */
export function askableReisdocumentFields(): string[] {
  return [...specFieldPaths('brp-reisdocumenten', 'Reisdocument')].filter(
    (p) => !p.split('.').includes(IN_ONDERZOEK) && ![...AUTO_DELIVERED_REISDOCUMENT_FIELDS].some((a) => p === a || p.startsWith(`${a}.`)),
  );
}
/** The spec allows at most this many `fields`; a Reisdocument has fewer leaves than that (test/brp-apis.test.ts). */
export const MAX_REISDOCUMENT_FIELDS = 25;

export function reisdocumentFields<P extends PlannedPosition>(selection: PlannedSelection, permitted: (field: P) => boolean): string[] {
  const valid = new Set(askableReisdocumentFields());
  const fields = new Set<string>(['houder.burgerservicenummer']);
  const walk = (s: PlannedSelection) => {
    for (const field of s.fields) {
      if (!permitted(field as P) || field.fieldName === '__typename' || field.fieldName === IN_ONDERZOEK) continue;
      const path = field.upstreamPath;
      if (path === 'reisdocumenten') {
        if (field.children) walk(field.children);
        continue;
      }
      if (!path.startsWith(PREFIX)) continue;
      const relative = path.slice(PREFIX.length);
      if ((field.namedType && WHOLE_OBJECT_TYPES.has(field.namedType.name)) || !field.children) {
        if (valid.has(relative)) fields.add(relative);
      } else {
        walk(field.children);
      }
    }
  };
  walk(selection);
  return [...fields].sort();
}
