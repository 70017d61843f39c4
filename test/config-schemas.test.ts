// The JSON Schemas of the policy and of the Edu-V registry seed (for editors) are generated from
// the shapes their loaders validate with: the committed files are current, the shipped files pass
// both, and every broken file of these sets is refused by both.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../rules/policy-schema.ts';
import { parsePolicy, PolicyError } from '../rules/policy.ts';
import { eduvSeedJsonSchema } from '../src/domains/eduv/registry/seed-schema.ts';
import { parseEduvSeed, SeedError } from '../src/domains/eduv/registry/seed.ts';

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
    ['fields that are no list', demo.replace("    fields: ['*', 'verblijfplaatshistorie.*', 'reisdocumenten.*', 'verblijfplaats.bewoning.*', 'verblijfplaats.adresseerbaarObject.*']", '    fields: "*"')],
    ['a purpose without its processing activity', demo.replace('    processingActivity: VA-BZ-001\n', '')],
    ['a quota that is no rate', demo.replace('    processingActivity: VA-WMO-003\n', '    processingActivity: VA-WMO-003\n    quota: { persons: lots }\n')],
    ['a purpose id in capitals', demo.replace('  wmo-aanvraag:', '  WMO:')],
    ['a switch that is no boolean', demo.replace('    nationwide: true\n', '    nationwide: yes please\n')],
  ])('refuses %s, in the loader and in the schema', (_case, broken) => {
    expect(validate(parseDocument(broken).toJS())).toBe(false);
    expect(() => parsePolicy(broken)).toThrow(PolicyError);
  });
});

const seedSchema = JSON.parse(readFileSync('data/eduv/registry-seed.schema.json', 'utf8')) as Record<string, unknown>;
const validateSeed = new Ajv2020({ allErrors: true, strict: false }).compile(seedSchema);
const seed = readFileSync('data/eduv/registry-seed.yaml', 'utf8');

describe('data/eduv/registry-seed.schema.json', () => {
  it("is generated from the seed loader's definition and current", () => {
    expect(seedSchema).toEqual(JSON.parse(JSON.stringify(eduvSeedJsonSchema())));
  });

  it('is referenced from the seed file, and accepts the shipped seed, as the loader does', () => {
    expect(seed.split('\n')[0]).toBe('# yaml-language-server: $schema=./registry-seed.schema.json');
    expect(validateSeed(parseDocument(seed).toJS())).toBe(true);
    expect(() => parseEduvSeed(seed)).not.toThrow();
  });

  const edit = (find: string, replace: string) => {
    expect(seed).toContain(find);
    return seed.replace(find, replace);
  };
  it.each([
    ['an unknown top-level key', () => edit('\nbesturen:', '\nbestuuren: []\nbesturen:')],
    ['an unknown participant key', () => edit('    name: Leerlingadministratie Zeeweide BV\n', '    name: Leerlingadministratie Zeeweide BV\n    kvk: 12345678\n')],
    ['a short OIN', () => edit("self: '00000003123456780000'", "self: '0000000312345678000'")],
    ['an unknown scope', () => edit('eduv.student.basic', 'eduv.grades')],
    ['an unknown gegevensdienst', () => edit('gegevensdienst: students', 'gegevensdienst: grades')],
    ['an unknown status', () => edit('status: active', 'status: paused')],
    ['a date in another format', () => seed.replace(/validFrom: '(\d{4})-(\d{2})-(\d{2})'/, "validFrom: '$3-$2-$1'")],
    ['an http endpoint', () => edit('https://api.zeeweide-las.example/eduv/students', 'http://api.zeeweide-las.example/eduv/students')],
    ['a flag that is no boolean', () => edit('autoConfirmActivations: true', 'autoConfirmActivations: ja')],
    ['an RIO code in lower case', () => seed.replace(/onderwijsaanbieder: '?(\d{3})([A-Z])(\d{3})'?/, (_m, a: string, b: string, c: string) => `onderwijsaanbieder: '${a}${b.toLowerCase()}${c}'`)],
  ])('refuses %s, in the loader and in the schema', (_case, make) => {
    const broken = make();
    expect(broken).not.toBe(seed);
    expect(validateSeed(parseDocument(broken).toJS())).toBe(false);
    expect(() => parseEduvSeed(broken)).toThrow(SeedError);
  });
});
