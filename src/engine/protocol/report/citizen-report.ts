// The answer to an inzageverzoek (AVG art. 15): for one person, per processing
// activity of the verwerkingsregister, when which categories of their data were
// disclosed and to which application — never which employee. Activities the
// register marks as not to be shown are left out; where it says so, the letter
// states that such processing exists without naming it (AVG art. 23, UAVG art. 41).
import type { ProcessingActivity, Register } from '../../../../rules/verwerkingsregister.ts';
import type { SubjectDisclosure } from '../query.ts';

export interface ReportEntry {
  time: Date;
  /** Dutch names of the data disclosed (naam, adres, …), in a stable order. */
  categories: string[];
  /** The application (or the organisation's unit) that received them; never the employee. */
  recipient: string;
}

export interface ReportSection {
  activity: ProcessingActivity;
  entries: ReportEntry[];
}

export interface CitizenReport {
  registerVersion: string;
  from?: Date;
  to?: Date;
  createdAt: Date;
  sections: ReportSection[];
  /** Disclosures under activities not to be shown exist that the letter must mention (no names, no counts). */
  withheldMentioned: boolean;
  /** Disclosures under an activity the register does not (or no longer) hold: listed by id. */
  unregistered: Array<{ activityId: string; entries: ReportEntry[] }>;
}

/** The person's data as the letter names them: the top of each field path, in plain Dutch. */
const CATEGORY_OF: Record<string, string> = {
  burgerservicenummer: 'burgerservicenummer',
  naam: 'naam',
  geboorte: 'geboortedatum en -plaats',
  leeftijd: 'leeftijd',
  geslacht: 'geslacht',
  verblijfplaats: 'adres',
  adressering: 'adres',
  gemeenteVanInschrijving: 'gemeente van inschrijving',
  nationaliteiten: 'nationaliteit',
  partners: 'gegevens over uw partner',
  ouders: 'gegevens over uw ouders',
  kinderen: 'gegevens over uw kinderen',
  overlijden: 'overlijden',
  immigratie: 'immigratie',
  verblijfstitel: 'verblijfstitel',
  verblijfplaatshistorie: 'woonhistorie',
  reisdocumenten: 'reisdocumenten',
  'eduv.student.basic': 'naam, leerlingnummer (ECK iD), vakken en groepen',
  'eduv.student.demographics': 'geboortedatum en geslacht',
  'eduv.student.communication': 'contactgegevens',
  'eduv.student.deliveryaddress': 'afleveradres',
  'eduv.student.accessibility': 'toegankelijkheidsbehoeften',
};

function categoriesOf(fields: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const field of fields) {
    const top = field.startsWith('eduv.') ? field : field.split('.')[0];
    seen.add(CATEGORY_OF[top] ?? top);
  }
  return [...seen].sort((a, b) => a.localeCompare(b, 'nl'));
}

export interface ReportOptions {
  register: Register;
  /** Client id → what the letter calls it (the policy's client descriptions, the Edu-V applications). */
  applications: ReadonlyMap<string, string>;
  from?: Date;
  to?: Date;
  now?: Date;
}

/** The report from the person's processing records (queryBySubject). */
export function buildCitizenReport(disclosures: readonly SubjectDisclosure[], options: ReportOptions): CitizenReport {
  const sections = new Map<string, ReportSection>();
  const unregistered = new Map<string, ReportEntry[]>();
  let withheldMentioned = false;
  for (const d of disclosures) {
    // Withheld: nothing of the person left the facade; a refusal is no disclosure.
    if (d.status !== 'disclosed') continue;
    const clientId = d.who?.clientId;
    const entry: ReportEntry = {
      time: d.time,
      categories: categoriesOf(d.fields),
      recipient: (clientId && options.applications.get(clientId)) ?? (clientId ? `applicatie ${clientId}` : 'onbekend (het toegangsrecord is na de bewaartermijn verwijderd)'),
    };
    const activity = options.register.activities.get(d.processingActivity);
    if (!activity) {
      unregistered.set(d.processingActivity, [...(unregistered.get(d.processingActivity) ?? []), entry]);
      continue;
    }
    if (!activity.showToSubject) {
      withheldMentioned ||= activity.mentionWithheld;
      continue;
    }
    const section = sections.get(activity.id) ?? { activity, entries: [] };
    section.entries.push(entry);
    sections.set(activity.id, section);
  }
  const byTime = (a: ReportEntry, b: ReportEntry) => a.time.getTime() - b.time.getTime();
  return {
    registerVersion: options.register.version,
    from: options.from,
    to: options.to,
    createdAt: options.now ?? new Date(),
    sections: [...sections.values()].map((s) => ({ ...s, entries: s.entries.sort(byTime) })).sort((a, b) => a.activity.name.localeCompare(b.activity.name, 'nl')),
    withheldMentioned,
    unregistered: [...unregistered].map(([activityId, entries]) => ({ activityId, entries: entries.sort(byTime) })),
  };
}
