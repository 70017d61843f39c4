// The verwerkingsregister (register of processing activities, AVG art. 30):
// per activity id its name and purpose in plain Dutch, legal basis, controller,
// categories of data, retention, and whether the data subject may be shown it.
// Read from rules/verwerkingsregister.yaml with every problem at file:line:col;
// `checkRegisterCoverage` refuses a policy purpose or Edu-V exchange whose
// activity the register does not hold — a disclosure nobody registered.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { readYaml, keyPath } from '../src/base/config/yaml-reader.ts';
import type { Node as YamlNode } from 'yaml';
import { describeIssue } from './policy-schema.ts';

const RETENTION = /^(\d{1,3}) (year|years|month|months|day|days)$/;

const activity = z.strictObject({
  name: z.string().min(1).describe('Name of the activity, plain Dutch: the citizen reads it.'),
  purpose: z.string().min(1).describe('What the data are used for, plain Dutch.'),
  legalBasis: z.string().min(1).describe('Grondslag (AVG art. 6, and the law it rests on).'),
  controller: z.string().min(1).describe('Key in `controllers`: the verwerkingsverantwoordelijke.'),
  categories: z.array(z.string().min(1)).min(1).describe('Categories of personal data, plain Dutch.'),
  retention: z.string().regex(RETENTION, 'a period such as "7 years", "18 months" or "90 days"').describe('How long protocol records of this activity are kept.'),
  showToSubject: z.boolean().describe('false: left out of the citizen\'s report (AVG art. 23 restriction).'),
  mentionWithheld: z.boolean().optional().describe('With showToSubject false: the report says that such records exist.'),
});

export const RegisterFileSchema = z
  .strictObject({
    version: z.string().min(1).describe('Version of the register (a date or number), printed on every report.'),
    controllers: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.strictObject({ name: z.string().min(1), contact: z.string().min(1), dpo: z.string().min(1).optional() }))
      .describe('Verwerkingsverantwoordelijken by key, with contact details and those of the functionaris gegevensbescherming (AVG art. 30 lid 1 sub a).'),
    activities: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/), activity),
  })
  .describe('Verwerkingsregister of the facade (rules/verwerkingsregister.yaml).');

export function registerJsonSchema(): Record<string, unknown> {
  return { $id: 'https://facade.example/rules/verwerkingsregister.schema.json', ...z.toJSONSchema(RegisterFileSchema, { target: 'draft-2020-12' }) } as Record<string, unknown>;
}

export interface Controller {
  name: string;
  contact: string;
  dpo?: string;
}

export interface ProcessingActivity {
  id: string;
  name: string;
  purpose: string;
  legalBasis: string;
  /** The verwerkingsverantwoordelijke (resolved from its key). */
  controller: Controller;
  categories: readonly string[];
  retention: { amount: number; unit: 'years' | 'months' | 'days' };
  showToSubject: boolean;
  mentionWithheld: boolean;
}

export interface Register {
  file: string;
  version: string;
  activities: ReadonlyMap<string, ProcessingActivity>;
}

export class RegisterError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`verwerkingsregister invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'RegisterError';
  }
}

export function parseRegister(text: string, file = 'rules/verwerkingsregister.yaml'): Register {
  const { doc, reader: r } = readYaml(text, file);
  if (r.problems.length) throw new RegisterError(r.problems);
  const js = doc.toJS() as unknown;
  const shape = RegisterFileSchema.safeParse(js);
  const at = (path: readonly PropertyKey[]) => {
    const keys = path.map((p) => (typeof p === 'number' ? p : String(p)));
    return (doc.getIn(keys, true) ?? doc.getIn(keys.slice(0, -1), true) ?? doc.contents) as YamlNode | null;
  };
  if (!shape.success) {
    const valueAt = (path: PropertyKey[]) => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), js);
    for (const issue of shape.error.issues) {
      for (const { path, message } of describeIssue(issue, valueAt)) r.problem(at(path), keyPath(path) || '(top)', message);
    }
    throw new RegisterError(r.problems);
  }
  const activities = new Map<string, ProcessingActivity>();
  for (const [id, a] of Object.entries(shape.data.activities)) {
    const controller = shape.data.controllers[a.controller];
    if (!controller) r.problem(at(['activities', id, 'controller']), `activities.${id}.controller`, `unknown controller "${a.controller}" (known: ${Object.keys(shape.data.controllers).join(', ')})`);
    if (a.mentionWithheld !== undefined && a.showToSubject) r.problem(at(['activities', id, 'mentionWithheld']), `activities.${id}.mentionWithheld`, 'only for an activity with showToSubject: false');
    const [, amount, unit] = RETENTION.exec(a.retention)!;
    activities.set(id, {
      id,
      name: a.name,
      purpose: a.purpose,
      legalBasis: a.legalBasis,
      controller: controller ?? { name: a.controller, contact: '' },
      categories: a.categories,
      retention: { amount: Number(amount), unit: (unit.endsWith('s') ? unit : `${unit}s`) as ProcessingActivity['retention']['unit'] },
      showToSubject: a.showToSubject,
      mentionWithheld: a.mentionWithheld ?? false,
    });
  }
  if (r.problems.length) throw new RegisterError(r.problems);
  return { file, version: shape.data.version, activities };
}

export function loadRegister(file: string): Register {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new RegisterError([`${file}: cannot read the verwerkingsregister`]);
  }
  return parseRegister(text, file);
}

/** Where an activity is named: `rules/policy.yaml:29:25 purposes.wmo-aanvraag.processingActivity`, or an Edu-V exchange. */
export interface ActivityReference {
  activity: string;
  /** file:line:col and key path of the reference. */
  where: string;
}

/** Every reference whose activity the register lacks, one problem each. */
export function checkRegisterCoverage(register: Register, references: readonly ActivityReference[]): void {
  const problems = references
    .filter((ref) => !register.activities.has(ref.activity))
    .map((ref) => `${ref.where}: processing activity "${ref.activity}" is not in the verwerkingsregister (${register.file})`);
  if (problems.length) throw new RegisterError(problems);
}

/** The moment before which a record of this activity is past its retention. */
export function retentionCutoff(activity: Pick<ProcessingActivity, 'retention'>, now: Date): Date {
  const cutoff = new Date(now);
  const { amount, unit } = activity.retention;
  if (unit === 'years') cutoff.setUTCFullYear(cutoff.getUTCFullYear() - amount);
  else if (unit === 'months') cutoff.setUTCMonth(cutoff.getUTCMonth() - amount);
  else cutoff.setUTCDate(cutoff.getUTCDate() - amount);
  return cutoff;
}
