// What a platform engineer or a catalogue reads before the code: the licence, the security policy,
// the changelog and publiccode.yml agree with package.json, and the README stands on its own.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; license: string; engines: { node: string } };

describe('project files', () => {
  it('LICENSE is the EUPL-1.2 that package.json names', () => {
    const licence = readFileSync('LICENSE', 'utf8');
    expect(pkg.license).toBe('EUPL-1.2');
    expect(licence.startsWith('EUROPEAN UNION PUBLIC LICENCE v. 1.2')).toBe(true);
    for (let article = 1; article <= 15; article++) expect(licence).toMatch(new RegExp(`^${article}\\.\\s`, 'm'));
    expect(licence).toMatch(/^Appendix/m);
  });

  it('publiccode.yml carries the standard\'s required keys, in agreement with package.json', () => {
    const code = parse(readFileSync('publiccode.yml', 'utf8')) as Record<string, any>;
    for (const key of ['publiccodeYmlVersion', 'name', 'url', 'platforms', 'categories', 'developmentStatus', 'softwareType', 'description', 'legal', 'maintenance', 'localisation']) {
      expect(code, key).toHaveProperty(key);
    }
    expect(code.publiccodeYmlVersion).toBe('0.4');
    expect(code.softwareVersion).toBe(pkg.version);
    expect(code.legal.license).toBe(pkg.license);
    expect(['concept', 'development', 'beta', 'stable', 'obsolete']).toContain(code.developmentStatus);
    for (const [lang, d] of Object.entries(code.description as Record<string, { shortDescription: string; longDescription: string; features: string[] }>)) {
      expect(d.shortDescription.length, lang).toBeLessThanOrEqual(150);
      expect(d.longDescription.length, lang).toBeGreaterThanOrEqual(150);
      expect(d.features.length, lang).toBeGreaterThan(0);
    }
    expect(code.localisation.availableLanguages).toEqual(Object.keys(code.description));
  });

  it('SECURITY.md says where to report, CHANGELOG.md names the version', () => {
    expect(readFileSync('SECURITY.md', 'utf8')).toMatch(/## Reporting a vulnerability/);
    expect(readFileSync('CHANGELOG.md', 'utf8')).toContain(`## [${pkg.version}]`);
  });

  it('the README stands on its own: no path outside the repository, every linked file exists', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).not.toMatch(/\.\.\/shared|DESIGN\.md/);
    const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g)].map((m) => m[1].split('#')[0]);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) expect(existsSync(link), link).toBe(true);
  });
});
