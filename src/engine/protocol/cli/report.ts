// npm run protocol:report -- --bsn 999993653 [--from 2026-01-01] [--to 2026-12-31] --out report.pdf
// The letter answering an inzageverzoek (AVG art. 15), in Dutch: per processing activity of the
// verwerkingsregister, when which data were disclosed to which application — no employee ids,
// activities marked not to be shown left out. Writes report.html beside the PDF (Chromium prints it).
// The output is personal data of the person who asked: it goes to the files named, nowhere else.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore } from '../../../base/storage/open-store.ts';
import { ConfigError, UsageError, runCli, storeLocationFromEnv, type CliMain } from '../../../base/storage/cli-support.ts';
import { loadPolicy, PolicyError } from '../../../../rules/policy.ts';
import { loadRegister, RegisterError } from '../../../../rules/verwerkingsregister.ts';
import { queryBySubject } from '../query.ts';
import { buildCitizenReport } from '../report/citizen-report.ts';
import { renderReportHtml } from '../report/report-html.ts';
import { DEFAULT_CHROMIUM, renderPdf } from '../report/render-pdf.ts';
import { subjectKeysFromEnv } from './env.ts';
import { parseTime } from './time-range.ts';

const USAGE = 'usage: npm run protocol:report -- --bsn <9 digits> [--from <date>] [--to <date>] --out <report.pdf> [--register <file>] [--policy <file>]';

function loaded<T>(variable: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof RegisterError || err instanceof PolicyError) throw new ConfigError(variable, err.problems.join('; '));
    throw err;
  }
}

export const main: CliMain = async (argv, env, io) => {
  let values: { bsn?: string; from?: string; to?: string; out?: string; register?: string; policy?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { bsn: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, register: { type: 'string' }, policy: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (!values.bsn || !/^\d{9}$/.test(values.bsn)) throw new UsageError(`--bsn must be 9 digits\n${USAGE}`);
  if (!values.out || !values.out.endsWith('.pdf')) throw new UsageError(`--out must name the PDF to write (….pdf)\n${USAGE}`);
  const from = values.from ? parseTime('from', values.from, false) : undefined;
  const to = values.to ? parseTime('to', values.to, true) : undefined;
  const register = loaded('VERWERKINGSREGISTER_FILE', () => loadRegister(values.register ?? (env.VERWERKINGSREGISTER_FILE?.trim() || 'rules/verwerkingsregister.yaml')));
  const policy = loaded('POLICY_FILE', () => loadPolicy(values.policy ?? (env.POLICY_FILE?.trim() || 'rules/policy.yaml')));

  const location = storeLocationFromEnv(env);
  const store = await openStore({ ...location.options, migrate: false, createIfMissing: false, workload: 'batch' });
  let html: string;
  let sections: number;
  try {
    const disclosures = await queryBySubject(store, { subjectType: 'BSN', subjectId: values.bsn, from, to, keyring: subjectKeysFromEnv(env) });
    // What the letter calls each application: the policy's description of the client (its first sentence).
    const applications = new Map([...policy.clients.values()].map((c) => [c.id, c.description.replace(/[.;].*$/, '')]));
    const report = buildCitizenReport(disclosures, { register, applications, from, to });
    sections = report.sections.length;
    html = renderReportHtml(report, { bsn: values.bsn });
  } finally {
    await store.close();
  }
  const htmlFile = values.out.replace(/\.pdf$/, '.html');
  writeFileSync(htmlFile, html, { mode: 0o600 });
  await renderPdf(htmlFile, values.out, { chromium: env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM });
  io.out(`wrote ${values.out} and ${htmlFile}: ${sections} processing activit${sections === 1 ? 'y' : 'ies'} (register version ${register.version})`);
  return 0;
};

export const HELP = `${USAGE}

Writes the Dutch letter answering an inzageverzoek (AVG art. 15) for one person: per processing activity
of the verwerkingsregister, when which data were disclosed to which application — without employee ids;
activities the register marks showToSubject: false are left out (and mentioned where mentionWithheld).
The HTML is written beside the PDF; Chromium (CHROMIUM_PATH, default /usr/bin/chromium) prints it.
Exit codes: 0 done, 2 usage or configuration, 3 the database failed.`;

runCli(import.meta.url, main, HELP);
