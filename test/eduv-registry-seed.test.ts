// The registry seed file's validator: every problem reported at once, each with file, line,
// column and key, and nothing returned while there is one. No database needed.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeedError, loadEduvSeed, parseEduvSeed } from '../src/domains/eduv/registry/seed.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const VALID = `self: '00000003123456780000'
participants:
  - oin: '00000003123456780000'
    name: Bron BV
    referenceComponents: [Leerlingadministratie]
    endpoints: { students: https://bron.example/students }
    contact: { name: Servicedesk, email: sd@bron.example, phone: '+31 30 123 4567' }
    autoConfirmActivations: true
  - oin: '00000003876543210000'
    name: Ontvanger BV
    autoConfirmActivations: false
clients:
  - clientId: ontvanger-app
    participantOin: '00000003876543210000'
    application: Ontvanger App
    scopes: [eduv.student.basic, eduv.education]
besturen:
  - { id: '41821', name: Stichting Zeeweide }
aanbieders:
  - { id: 110A133, name: Zeeweide College, bestuurId: '41821', oieCode: 06AB }
agreements:
  - { participantOin: '00000003876543210000', bestuurId: '41821', validFrom: '2025-08-01', validTo: null }
activations:
  - gegevensdienst: students
    onderwijsaanbieder: 110A133
    receiverOin: '00000003876543210000'
    status: pending
    subjectOfferingIds: [110A133-2026-2027-H4-WB]
`;

/** The problems of a seed text, or [] when it parses. */
function problems(text: string, file = 'seed.yaml'): string[] {
  try {
    parseEduvSeed(text, file);
    return [];
  } catch (error) {
    if (error instanceof SeedError) return error.problems;
    throw error;
  }
}

/** VALID with one line replaced (the first line containing `find`). */
function edit(find: string, replace: string): string {
  expect(VALID).toContain(find);
  return VALID.replace(find, replace);
}

describe('Edu-V registry seed: parsing', () => {
  it('reads a valid seed, with the sender defaulting to self', () => {
    const seed = parseEduvSeed(VALID);
    expect(seed.self).toBe('00000003123456780000');
    expect(seed.participants[0]).toEqual({
      oin: '00000003123456780000',
      name: 'Bron BV',
      referenceComponents: ['Leerlingadministratie'],
      endpoints: { students: 'https://bron.example/students' },
      contact: { name: 'Servicedesk', email: 'sd@bron.example', phone: '+31 30 123 4567' },
      autoConfirmActivations: true,
    });
    expect(seed.participants[1]).toMatchObject({ referenceComponents: [], endpoints: {}, contact: {}, autoConfirmActivations: false });
    expect(seed.agreements).toEqual([{ participantOin: '00000003876543210000', bestuurId: '41821', validFrom: '2025-08-01', validTo: null }]);
    expect(seed.activations).toEqual([
      {
        gegevensdienst: 'students', onderwijsaanbieder: '110A133', senderOin: '00000003123456780000',
        receiverOin: '00000003876543210000', status: 'pending', subjectOfferingIds: ['110A133-2026-2027-H4-WB'],
      },
    ]);
  });

  it('reads unquoted identifiers as written (leading zeros, 114E377)', () => {
    const seed = parseEduvSeed(
      VALID.replace("self: '00000003123456780000'", 'self: 00000003123456780000')
        .replace("{ id: '41821', name", '{ id: 41821, name')
        .replace('{ id: 110A133, name: Zeeweide College, bestuurId', '{ id: 114E377, name: Zeeweide College, bestuurId')
        .replace('onderwijsaanbieder: 110A133', 'onderwijsaanbieder: 114E377'),
    );
    expect(seed.self).toBe('00000003123456780000');
    expect(seed.besturen[0].id).toBe('41821');
    expect(seed.aanbieders[0].id).toBe('114E377');
    expect(seed.activations[0].onderwijsaanbieder).toBe('114E377');
  });

  it.each([
    ['an unknown top-level key', edit('besturen:', 'bestuuren: []\nbesturen:'), 'seed.yaml:17:1 (top).bestuuren: unknown key'],
    ['an unknown participant key', edit('    name: Ontvanger BV', '    name: Ontvanger BV\n    kvk: 87654321'), 'seed.yaml:11:5 participants[1].kvk: unknown key'],
    ['a bad OIN', edit("  - oin: '00000003876543210000'", "  - oin: '00000003876543211111'"), 'seed.yaml:9:10 participants[1].oin: a supplier OIN'],
    ['an OIN with letters', edit("self: '00000003123456780000'", "self: '0000000312345678000O'"), 'seed.yaml:1:7 self: an OIN consists of digits only'],
    ['a short OIN', edit("self: '00000003123456780000'", "self: '0000000312345678000'"), 'seed.yaml:1:7 self: an OIN has exactly 20 digits'],
    ['an unknown scope', edit('scopes: [eduv.student.basic, eduv.education]', 'scopes: [eduv.student.basic, eduv.grades]'), 'seed.yaml:16:34 clients[0].scopes[1]: unknown scope "eduv.grades"'],
    ['no scopes', edit('scopes: [eduv.student.basic, eduv.education]', 'scopes: []'), 'seed.yaml:16:13 clients[0].scopes: a client is registered for at least one scope'],
    ['a client of an unknown participant', edit("    participantOin: '00000003876543210000'", "    participantOin: '00000003999999990000'"), 'seed.yaml:14:21 clients[0].participantOin: unknown participant 00000003999999990000'],
    ['an aanbieder of an unknown bestuur', edit("bestuurId: '41821', oieCode", "bestuurId: '41822', oieCode"), "seed.yaml:20:55 aanbieders[0].bestuurId: unknown onderwijsbestuur \"41822\""],
    ['a bad OIE code', edit('oieCode: 06AB', 'oieCode: 6AB'), 'seed.yaml:20:73 aanbieders[0].oieCode: an OIE code'],
    ['a bad date', edit("validFrom: '2025-08-01'", "validFrom: '2025-02-29'"), 'seed.yaml:22:78 agreements[0].validFrom: "2025-02-29" is not a calendar date'],
    ['a date in another format', edit("validFrom: '2025-08-01'", "validFrom: '01-08-2025'"), 'seed.yaml:22:78 agreements[0].validFrom: a date is written YYYY-MM-DD'],
    ['validTo before validFrom', edit('validTo: null', "validTo: '2025-07-31'"), 'seed.yaml:22:101 agreements[0].validTo: validTo 2025-07-31 lies before validFrom 2025-08-01'],
    ['an unknown gegevensdienst', edit('gegevensdienst: students', 'gegevensdienst: grades'), 'seed.yaml:24:21 activations[0].gegevensdienst: unknown gegevensdienst "grades"'],
    ['an unknown status', edit('status: pending', 'status: paused'), 'seed.yaml:27:13 activations[0].status: unknown status "paused"'],
    ['an unknown aanbieder', edit('onderwijsaanbieder: 110A133', 'onderwijsaanbieder: 110A134'), 'seed.yaml:25:25 activations[0].onderwijsaanbieder: unknown onderwijsaanbieder "110A134"'],
    ['an empty narrowing', edit('subjectOfferingIds: [110A133-2026-2027-H4-WB]', 'subjectOfferingIds: []'), 'seed.yaml:28:25 activations[0].subjectOfferingIds: a narrowing lists at least one'],
    ['a receiver that is no participant', edit("    receiverOin: '00000003876543210000'", "    receiverOin: '00000003876543219999'"), 'seed.yaml:26:18 activations[0].receiverOin: a supplier OIN'],
    ['an http endpoint', edit('https://bron.example/students', 'http://bron.example/students'), 'seed.yaml:6:28 participants[0].endpoints.students: an endpoint must be an https URL'],
    ['a bad e-mail address', edit('email: sd@bron.example', 'email: servicedesk'), 'seed.yaml:7:42 participants[0].contact.email: not an e-mail address'],
    ['a flag that is no boolean', edit('autoConfirmActivations: false', 'autoConfirmActivations: nee'), 'seed.yaml:11:29 participants[1].autoConfirmActivations: must be true or false'],
    ['a missing name', edit('    name: Ontvanger BV\n', ''), 'seed.yaml:9:5 participants[1].name: is required'],
    ['a duplicate client', edit('besturen:', "  - { clientId: ontvanger-app, participantOin: '00000003876543210000', application: Twee, scopes: [eduv.catalogue] }\nbesturen:"), 'seed.yaml:17:17 clients[1].clientId: client ontvanger-app is defined twice'],
    ['a receiver\'s client as beheer application', edit('besturen:', 'beheerApplications:\n  - { clientId: ontvanger-app, application: Beheer }\nbesturen:'), 'seed.yaml:18:17 beheerApplications[0].clientId: client ontvanger-app is a participant\'s client (clients); a beheer application is none'],
    ['a beheer application listed twice', edit('besturen:', 'beheerApplications:\n  - { clientId: beheer, application: Beheer }\n  - { clientId: beheer, application: Beheer }\nbesturen:'), 'seed.yaml:19:17 beheerApplications[1].clientId: beheer application beheer is listed twice'],
    ['a beheer application without name', edit('besturen:', 'beheerApplications:\n  - { clientId: beheer }\nbesturen:'), 'seed.yaml:18:5 beheerApplications[0].application: is required'],
    ['a self that is no participant', edit("self: '00000003123456780000'", "self: '00000003111122220000'"), 'seed.yaml:1:7 self: unknown participant 00000003111122220000'],
    ['a YAML syntax error', edit('besturen:', 'besturen: [\n'), 'seed.yaml:19:3 YAML: Block collections are not allowed'],
  ])('names file:line:col and key for %s', (_what, text, expected) => {
    const found = problems(text);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((p) => p.startsWith(expected)), `${expected}\nin\n${found.join('\n')}`).toBe(true);
  });

  it('reports every problem at once', () => {
    const text = VALID.replace('status: pending', 'status: paused').replace('scopes: [eduv.student.basic, eduv.education]', 'scopes: [eduv.grades]');
    const found = problems(text, 'data/eduv/x.yaml');
    expect(found).toHaveLength(2);
    expect(found.every((p) => /^data\/eduv\/x\.yaml:\d+:\d+ /.test(p))).toBe(true);
  });

  it('reports one mistake once: references to an entry with another problem are not repeated', () => {
    expect(problems(edit('    name: Ontvanger BV\n', ''))).toEqual(['seed.yaml:9:5 participants[1].name: is required']);
    expect(problems(edit('oieCode: 06AB', 'oieCode: 6AB'))).toHaveLength(1);
  });

  it('says which file it could not read', () => {
    expect(() => loadEduvSeed('/nonexistent/seed.yaml')).toThrow(SeedError);
    expect(() => loadEduvSeed('/nonexistent/seed.yaml')).toThrow(/\/nonexistent\/seed\.yaml: cannot read the seed file/);
  });

  it('the demo seed file is valid', () => {
    const seed = loadEduvSeed(path.join(ROOT, 'data', 'eduv', 'registry-seed.yaml'));
    expect(seed.participants).toHaveLength(6);
    expect(seed.besturen).toHaveLength(4);
    expect(seed.aanbieders).toHaveLength(6);
    expect(seed.activations.map((a) => [a.gegevensdienst, a.onderwijsaanbieder, a.receiverOin, a.status, a.subjectOfferingIds])).toEqual([
      ['students', '110A133', '00000003876543210000', 'active', ['110A133-2026-2027-H4-WB']],
      ['schoolvak', '110A133', '00000003876543210000', 'active', null],
      ['students', '110A133', '00000003111122220000', 'pending', null],
      ['students', '110A133', '00000003333344440000', 'active', null],
      ['association', '110A133', '00000003876543210000', 'active', ['110A133-2026-2027-H4-WB']],
      ['students', '110A133', '00000003777788880000', 'active', null],
      ['results', '110A133', '00000003777788880000', 'active', null],
    ]);
  });
});
