// The verwerkingsregister: read with every problem at file:line:col, and every
// purpose of the policy and every Edu-V exchange must name an activity in it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicy, parsePolicy } from '../rules/policy.ts';
import { checkRegisterCoverage, loadRegister, parseRegister, RegisterError, retentionCutoff } from '../rules/verwerkingsregister.ts';
import { activityReferences } from '../src/pipeline/activity-references.ts';

const REGISTER = 'rules/verwerkingsregister.yaml';
const text = readFileSync(REGISTER, 'utf8');

function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
    return [];
  } catch (err) {
    if (err instanceof RegisterError) return err.problems;
    throw err;
  }
}

describe('the verwerkingsregister', () => {
  it('holds every activity the demo policy and the Edu-V exchanges name', () => {
    const register = loadRegister(REGISTER);
    expect(register.version).toBe('2026-12-01');
    expect(() => checkRegisterCoverage(register, activityReferences(loadPolicy('rules/policy.yaml'), true))).not.toThrow();
    expect(register.activities.get('VA-WMO-003')).toMatchObject({ controller: expect.objectContaining({ name: 'Gemeente Voorbeeldstad' }), retention: { amount: 7, unit: 'years' }, showToSubject: true });
    expect(register.activities.get('VA-HHV-010')).toMatchObject({ showToSubject: false, mentionWithheld: true });
  });

  it('names a purpose whose activity is not registered, at its place in the policy file', () => {
    const policy = parsePolicy(readFileSync('rules/policy.yaml', 'utf8').replace('processingActivity: VA-WMO-003', 'processingActivity: VA-WMO-999'), 'rules/policy.yaml');
    const found = problems(() => checkRegisterCoverage(loadRegister(REGISTER), activityReferences(policy, false)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^rules\/policy\.yaml:\d+:\d+ purposes\.wmo-aanvraag\.processingActivity: processing activity "VA-WMO-999" is not in the verwerkingsregister \(rules\/verwerkingsregister\.yaml\)$/);
  });

  it('names an Edu-V exchange whose activity is not registered', () => {
    const without = parseRegister(text.replace(/\n  EDUV-Bestellingen:[\s\S]*$/, '\n'));
    expect(problems(() => checkRegisterCoverage(without, activityReferences(loadPolicy('rules/policy.yaml'), true)))).toEqual([
      'Edu-V gegevensdienst orders (data/eduv/openapi.yaml): processing activity "EDUV-Bestellingen" is not in the verwerkingsregister (rules/verwerkingsregister.yaml)',
    ]);
  });

  it.each([
    ['an unknown controller', ['controller: gemeente\n    categories: [naam, geboorte, burgerservicenummer, adres', 'controller: provincie\n    categories: [naam, geboorte, burgerservicenummer, adres'], /^x\.yaml:32:17 activities\.VA-BZ-001\.controller: unknown controller "provincie"/],
    ['a retention that is no period', ['retention: 20 years', 'retention: forever'], /^x\.yaml:34:16 activities\.VA-BZ-001\.retention: a period such as/],
    ['a missing legal basis', ['    legalBasis: AVG art. 6 lid 1 sub c en e; Wet basisregistratie personen, hoofdstuk 2 en 3\n', ''], /^x\.yaml:\d+:\d+ activities\.VA-BZ-001\.legalBasis: is required$/],
    ['an unknown key', ['    showToSubject: true\n', '    showToSubject: true\n    bewaren: altijd\n'], /activities\.VA-BZ-001\.bewaren: unknown key$/],
    ['mentionWithheld on a shown activity', ['    retention: 20 years\n    showToSubject: true\n', '    retention: 20 years\n    showToSubject: true\n    mentionWithheld: true\n'], /activities\.VA-BZ-001\.mentionWithheld: only for an activity with showToSubject: false$/],
  ])('refuses %s, at file:line:col', (_case, [find, replace], expected) => {
    expect(text).toContain(find);
    const found = problems(() => parseRegister(text.replace(find, replace), 'x.yaml'));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(expected);
  });

  it('computes the cutoff of a retention in calendar units', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(retentionCutoff({ retention: { amount: 7, unit: 'years' } }, now).toISOString()).toBe('2019-12-02T10:00:00.000Z');
    expect(retentionCutoff({ retention: { amount: 18, unit: 'months' } }, now).toISOString()).toBe('2025-06-02T10:00:00.000Z');
    expect(retentionCutoff({ retention: { amount: 90, unit: 'days' } }, now).toISOString()).toBe('2026-09-03T10:00:00.000Z');
  });
});
