// Property: for random selections over the schema and random personas and
// purposes, nothing outside the purpose's field set is returned non-null, and
// nothing outside it is asked of the upstream.
import fc from 'fast-check';
import { getNamedType, isCompositeType, isInterfaceType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFacadeSchema } from '../src/pipeline/6-execute/schema.ts';
import { FieldSet } from '../rules/field-set.ts';
import { PROPERTY_PERSONAS } from './support/personas.ts';
import { examplePolicy, startHarness, type Harness } from './support/harness.ts';
import { nonNullLeafPaths, selection } from './support/selection.ts';

const schema = buildFacadeSchema();

/** Every coordinate reachable below Persoon: the space random selections are drawn from. */
function coordinatesBelow(typeName: string): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  const queue = [typeName];
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const type = schema.getType(name);
    if (isInterfaceType(type)) queue.push(...schema.getPossibleTypes(type).map((t) => t.name));
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const [field, def] of Object.entries(type.getFields())) {
      out.add(`${name}.${field}`);
      const named = getNamedType(def.type);
      if (isCompositeType(named)) queue.push(named.name);
    }
  }
  return [...out].sort();
}
const COORDINATES = coordinatesBelow('Persoon');

const PERSONAS = PROPERTY_PERSONAS;

/** A returned leaf path is within the set when it, or the date / code table it belongs to, is permitted. */
function withinPurpose(fieldSet: FieldSet, path: string): boolean {
  const segments = path.split('.');
  for (let i = segments.length; i > 0; i--) {
    const prefix = segments.slice(0, i).join('.');
    if (fieldSet.permits(prefix)) return true;
  }
  // The discriminator of a permitted group tells only which kind of object it is.
  return segments[segments.length - 1] === 'type' && fieldSet.mayEnter(segments.slice(0, -1).join('.'));
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('property: no disclosure outside the purpose', () => {
  it('holds for random selections × personas × persons', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(COORDINATES, { minLength: 1 }),
        fc.constantFrom(...PERSONAS),
        fc.constantFrom('999993653', '999990378', '999991036'),
        async (picked, persona, bsn) => {
          const chosen = new Set(picked);
          const body = selection(schema, 'Persoon', (c) => chosen.has(c));
          h.mock.clearRequests();
          const res = await h.query(`{ persoon(burgerservicenummer: "${bsn}") { ${body} } }`, {
            token: await h.token(persona.claims),
            headers: persona.header ? { 'x-doelbinding': persona.header } : {},
          });
          expect(res.status).toBe(200);
          const purpose = persona.purpose ? examplePolicy.purposes.get(persona.purpose) : undefined;
          if (!purpose) {
            expect(res.body.data?.persoon ?? null).toBeNull();
            expect(h.mock.requests).toHaveLength(0);
            return;
          }
          const fieldSet = new FieldSet(purpose.fields);
          for (const request of h.upstreamRequests()) {
            const outside = (request.fields as string[]).filter((f) => !fieldSet.permits(f) && !(f.endsWith('.type') && fieldSet.mayEnter(f.slice(0, -5))));
            expect(outside).toEqual([]);
          }
          const leaked = nonNullLeafPaths(res.body.data?.persoon).filter((p) => !p.endsWith('__typename') && !withinPurpose(fieldSet, p));
          expect(leaked).toEqual([]);
        },
      ),
      { numRuns: 60, seed: 20261123 },
    );
  });
});
