// The citizen's report (npm run protocol:report): for a test person, disclosures made through the
// facade over HTTP for two purposes, plus one under an activity the register keeps from the person.
// The letter names each shown activity in plain Dutch with its disclosures and the application that
// received them, no employee id and nothing of the withheld activity but the statement that it exists.
// Rendered with Debian's Chromium; the first page is kept as a PNG in test-artifacts/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../src/base/storage/cli-support.ts';
import { openStore } from '../src/base/storage/open-store.ts';
import { queryBySubject } from '../src/engine/protocol/query.ts';
import { main as reportMain } from '../src/engine/protocol/cli/report.ts';
import { createProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { buildCitizenReport } from '../src/engine/protocol/report/citizen-report.ts';
import { renderReportHtml } from '../src/engine/protocol/report/report-html.ts';
import { loadRegister } from '../rules/verwerkingsregister.ts';
import { startHarness } from './support/harness.ts';
import { backends, sampleRequest } from './support/store.ts';

const BSN = '999993653';
const ARTIFACTS = path.resolve('test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs both (.ci/run) and always runs the printing tests: there a missing tool fails them.
// Elsewhere they run where the tools are.
const tools = process.env.CI === 'true' || (existsSync(CHROMIUM) && existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm'));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'facade-report-'));
  const t = await backends.pglite.open();
  const log = await createProtocolLog(t.store, { instanceId: 'report-test' });
  const h = await startHarness({ protocol: log, protocolReady: () => log.ready() });
  try {
    const ask = async (roles: string[], purpose: string, sub: string) => {
      const res = await h.query(`{ persoon(burgerservicenummer: "${BSN}") { naam { volledigeNaam } verblijfplaats { ... on Adres { verblijfadres { korteStraatnaam } } } } }`, {
        token: await h.token({ sub, roles }),
        headers: { 'x-doelbinding': purpose },
      });
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    };
    await ask(['wmo-consulent'], 'wmo-aanvraag', 'medewerker-wmo-4711');
    await ask(['parkeren'], 'parkeervergunning', 'medewerker-parkeren-0815');
    // An investigation the person may not be told about (the register: showToSubject false, mentionWithheld).
    const hidden = sampleRequest({ subjects: [BSN], processingActivity: 'VA-HHV-010', purpose: 'handhaving', principal: { kind: 'user', subject: 'rechercheur-42', clientId: 'procesapp' } });
    await log.record(hidden.access, hidden.processing);
  } finally {
    await h.close();
    await log.close();
    await t.store.close();
  }
  cpSync(t.dataDir ?? '', path.join(root, 'db'), { recursive: true });
  await t.close();
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the letter', () => {
  it('has the shown activities with their disclosures, no employee, and states the withheld one exists without naming it', async () => {
    const register = loadRegister('rules/verwerkingsregister.yaml');
    const store = await openStore({ dataDir: path.join(root, 'db'), migrate: false, createIfMissing: false });
    try {
      const report = buildCitizenReport(await queryBySubject(store, { subjectType: 'BSN', subjectId: BSN }), {
        register,
        applications: new Map([['procesapp', 'Gemeentelijke procesapplicatie (zaakafhandeling, Wmo, parkeren)']]),
      });
      expect(report.sections.map((s) => s.activity.id).sort()).toEqual(['VA-PRK-002', 'VA-WMO-003']);
      expect(report.withheldMentioned).toBe(true);
      const wmo = report.sections.find((s) => s.activity.id === 'VA-WMO-003')!;
      expect(wmo.entries).toHaveLength(1);
      expect(wmo.entries[0]).toMatchObject({ categories: ['adres', 'naam'], recipient: 'Gemeentelijke procesapplicatie (zaakafhandeling, Wmo, parkeren)' });
      const html = renderReportHtml(report, { bsn: BSN });
      expect(html).toContain('Beoordelen van een aanvraag voor maatschappelijke ondersteuning (Wmo)');
      expect(html).toContain('Toetsen van een aanvraag voor een bewonersparkeervergunning');
      expect(html).toContain('artikel 23 AVG');
      expect(html).toContain('*****3653');
      for (const absent of ['medewerker-wmo-4711', 'medewerker-parkeren-0815', 'rechercheur-42', 'misbruik', 'VA-HHV-010', BSN]) expect(html).not.toContain(absent);
    } finally {
      await store.close();
    }
  });

  it('escapes what it prints', () => {
    const register = loadRegister('rules/verwerkingsregister.yaml');
    const report = buildCitizenReport(
      [{ time: new Date(), operationId: 'o', traceId: 't', subjectType: 'BSN', subjectId: BSN, status: 'disclosed', fields: ['naam'], processingActivity: 'VA-WMO-003', accessRecordFound: true, who: { kind: 'user', clientId: 'x' } }],
      { register, applications: new Map([['x', '<script>alert(1)</script>']]) },
    );
    const html = renderReportHtml(report, { bsn: BSN });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe.runIf(tools)('npm run protocol:report', () => {
  it('writes the PDF and its HTML; the PDF reads as the letter; the first page is kept as a PNG', async () => {
    const out = path.join(root, 'inzage.pdf');
    const lines: string[] = [];
    const code = await invoke(reportMain, ['--bsn', BSN, '--out', out], { DATA_DIR: root, CHROMIUM_PATH: CHROMIUM }, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect({ code, lines }).toMatchObject({ code: 0, lines: [expect.stringMatching(/^wrote .*inzage\.pdf and .*inzage\.html: 2 processing activities \(register version 2026-12-01\)$/)] });
    expect(statSync(out).size).toBeGreaterThan(5000);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Inzage in uw persoonsgegevens');
    expect(text).toContain('Gemeente Voorbeeldstad');
    expect(text).toMatch(/bewonersparkeervergunning/);
    expect(text).not.toMatch(/medewerker-|rechercheur|999993653/);
    mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', out, path.join(ARTIFACTS, 'citizen-report-page-1')]);
    expect(readFileSync(path.join(ARTIFACTS, 'citizen-report-page-1.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('refuses bad input with a usage line', async () => {
    const err: string[] = [];
    expect(await invoke(reportMain, ['--bsn', '123', '--out', 'x.pdf'], { DATA_DIR: root }, { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(await invoke(reportMain, ['--bsn', BSN, '--out', 'x.html'], { DATA_DIR: root }, { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toMatch(/--bsn must be 9 digits[\s\S]*--out must name the PDF/);
  });
});
