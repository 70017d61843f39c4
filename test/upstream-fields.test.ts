// The `fields` push-down on its own: exact, deduplicated, within the spec's limit.
import { describe, expect, it } from 'vitest';
import { MAX_UPSTREAM_FIELDS, toUpstreamFields } from '../src/domains/brp/upstream-fields.ts';
import { validFieldPaths } from '../src/domains/brp/field-catalogue.ts';

describe('toUpstreamFields', () => {
  it('adds burgerservicenummer, deduplicates and drops what the response type cannot deliver', () => {
    expect(toUpstreamFields(['naam.voornamen', 'naam.voornamen', 'nationaliteiten.nationaliteit'], 'PersoonBeperkt')).toEqual({
      fields: ['burgerservicenummer', 'naam.voornamen'],
      undeliverable: ['nationaliteiten.nationaliteit'],
    });
  });

  it('stays within 130 entries by collapsing only complete groups', () => {
    // Every leaf of the filtered Persoon list, as a full selection produces it.
    const all = [...validFieldPaths('Persoon')].filter((p) => ![...validFieldPaths('Persoon')].some((q) => q.startsWith(`${p}.`)));
    const { fields } = toUpstreamFields(all, 'Persoon');
    expect(all.length).toBeGreaterThan(MAX_UPSTREAM_FIELDS);
    expect(fields.length).toBeLessThanOrEqual(MAX_UPSTREAM_FIELDS);
    // Collapsing is exact: a group is only sent when all its direct children were selected.
    const partial = toUpstreamFields([...all.filter((p) => p !== 'naam.voornamen')], 'Persoon').fields;
    expect(partial).not.toContain('naam');
  });
});
