// The policy's JSON Schema (for editors) is generated from the shape the loader validates with:
// the committed file is current, the shipped policy passes both, and every broken policy of this
// set is refused by both.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../rules/policy-schema.ts';
import { parsePolicy, PolicyError } from '../rules/policy.ts';

const schema = JSON.parse(readFileSync('rules/policy.schema.json', 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const demo = readFileSync('rules/policy.yaml', 'utf8');

describe('rules/policy.schema.json', () => {
  it('is generated from the loader\'s definition and current', () => {
    expect(schema).toEqual(JSON.parse(JSON.stringify(policyJsonSchema())));
  });

  it('accepts the shipped policy, as the loader does', () => {
    expect(validate(parseDocument(demo).toJS())).toBe(true);
    expect(() => parsePolicy(demo)).not.toThrow();
  });

  it.each([
    ['an unknown key', demo.replace('    nationwide: true\n', '    nationwide: true\n    nationWide: true\n')],
    ['a query type that does not exist', demo.replace('      - ZoekMetPostcodeEnHuisnummer\n', '      - ZoekMetPostcode\n')],
    ['fields that are no list', demo.replace("    fields: ['*']", '    fields: "*"')],
    ['a purpose without its processing activity', demo.replace('    processingActivity: VA-BZ-001\n', '')],
    ['a quota that is no rate', demo.replace('    processingActivity: VA-WMO-003\n', '    processingActivity: VA-WMO-003\n    quota: { persons: lots }\n')],
    ['a purpose id in capitals', demo.replace('  wmo-aanvraag:', '  WMO:')],
    ['a switch that is no boolean', demo.replace('    nationwide: true\n', '    nationwide: yes please\n')],
  ])('refuses %s, in the loader and in the schema', (_case, broken) => {
    expect(validate(parseDocument(broken).toJS())).toBe(false);
    expect(() => parsePolicy(broken)).toThrow(PolicyError);
  });
});
