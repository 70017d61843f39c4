import { isJsonObject, type Json, type JsonObject } from '../brp/json.ts';

// The `fields` parameter (raadpleeg-met-reisdocumentnummer/fields.feature, zoek-met-burgerservicenummer/
// fields.feature, fields-fout-cases.feature): which paths exist, which may not be asked for, and
// cutting a complete Reisdocument down to the requested paths plus what the API adds by itself.

const DATUM_DELEN = ['type', 'datum', 'langFormaat', 'onbekend', 'jaar', 'maand'] as const;
const WAARDETABEL_DELEN = ['code', 'omschrijving'] as const;

const datum = (path: string): string[] => [path, ...DATUM_DELEN.map((d) => `${path}.${d}`)];
const waardetabel = (path: string): string[] => [path, ...WAARDETABEL_DELEN.map((d) => `${path}.${d}`)];

/**
 * Every path `fields` may hold: groups and leaves of Reisdocument in the spec, without the
 * automatically delivered ones. A path into a date or a Waardetabel delivers all of it.
 */
export const REISDOCUMENT_FIELDS: readonly string[] = Object.freeze([
  'reisdocumentnummer',
  ...waardetabel('soort'),
  ...datum('datumEindeGeldigheid'),
  'inhoudingOfVermissing',
  ...datum('inhoudingOfVermissing.datum'),
  ...waardetabel('inhoudingOfVermissing.aanduiding'),
  'houder',
  'houder.burgerservicenummer',
]);

/**
 * Fields the API delivers by itself and that may not be asked for, they and everything under them
 * (fields-fout-cases.feature: 'Automatisch geleverde velden mogen niet worden gevraagd').
 */
export const AUTOMATISCH_GELEVERD: readonly string[] = Object.freeze([
  'inOnderzoek',
  'inhoudingOfVermissing.inOnderzoek',
  'houder.geheimhoudingPersoonsgegevens',
  'houder.opschortingBijhouding',
  'houder.inOnderzoek',
]);

export const FIELD_PATTERN_TEXT = '^[a-zA-Z0-9\\._]{1,200}$';
const FIELD_PATTERN = new RegExp(FIELD_PATTERN_TEXT);
const KNOWN = new Set(REISDOCUMENT_FIELDS);

export type FieldProblem = 'pattern' | 'nietToegestaan' | 'nietBestaand';

export function isAutomatischGeleverd(path: string): boolean {
  return path.split('.').includes('inOnderzoek')
    || AUTOMATISCH_GELEVERD.some((p) => path === p || path.startsWith(`${p}.`));
}

/** What is wrong with one `fields` item, if anything. */
export function checkField(path: unknown): FieldProblem | undefined {
  if (typeof path !== 'string' || !FIELD_PATTERN.test(path)) return 'pattern';
  if (isAutomatischGeleverd(path)) return 'nietToegestaan';
  if (!KNOWN.has(path)) return 'nietBestaand';
  return undefined;
}

// --- selection --------------------------------------------------------------------------------

/** The leaves a request can select: the groups and indivisible values (a date, a Waardetabel). */
type Blad =
  | 'reisdocumentnummer' | 'soort' | 'datumEindeGeldigheid'
  | 'inhoudingOfVermissing.datum' | 'inhoudingOfVermissing.aanduiding'
  | 'houder.burgerservicenummer';

const GROEPEN: Record<string, readonly Blad[]> = {
  inhoudingOfVermissing: ['inhoudingOfVermissing.datum', 'inhoudingOfVermissing.aanduiding'],
  houder: ['houder.burgerservicenummer'],
};
const ONDEELBAAR: readonly Blad[] = ['soort', 'datumEindeGeldigheid', 'inhoudingOfVermissing.datum', 'inhoudingOfVermissing.aanduiding'];

export type Selection = ReadonlySet<Blad>;

/** Compiles validated `fields` into the set of selected leaves. */
export function compileSelection(fields: readonly string[]): Selection {
  const selected = new Set<Blad>();
  for (const field of fields) {
    const groep = GROEPEN[field];
    if (groep) {
      for (const blad of groep) selected.add(blad);
      continue;
    }
    const blad = ONDEELBAAR.find((b) => field === b || field.startsWith(`${b}.`)) ?? field;
    selected.add(blad as Blad);
  }
  return selected;
}

/**
 * The inOnderzoek of an object for the selected fields only (in-onderzoek.feature: 'als een
 * gevraagde veld in onderzoek is, dan wordt het bijbehorend inOnderzoek veld en
 * datumIngangOnderzoek ook geleverd'), whether or not the field has a value.
 */
function onderzoekVoor(io: Json | undefined, gevraagd: readonly string[]): JsonObject | undefined {
  if (!isJsonObject(io)) return undefined;
  const out: JsonObject = {};
  for (const key of gevraagd) if (io[key] === true) out[key] = true;
  if (Object.keys(out).length === 0) return undefined;
  if (io.datumIngangOnderzoek !== undefined) out.datumIngangOnderzoek = io.datumIngangOnderzoek;
  return out;
}

function sub(obj: Json | undefined): JsonObject {
  return isJsonObject(obj) ? obj : {};
}

function put(target: JsonObject, key: string, value: Json | undefined): void {
  if (value !== undefined && !(isJsonObject(value) && Object.keys(value).length === 0)) target[key] = value;
}

/**
 * Cuts a complete Reisdocument down to the selection, adding houder.geheimhoudingPersoonsgegevens
 * and houder.opschortingBijhouding whatever was asked (geheimhouding/overzicht.feature,
 * opschorting-bijhouding.feature). Keys keep the spec's order.
 */
export function applySelection(doc: JsonObject, sel: Selection): JsonObject {
  const out: JsonObject = {};
  for (const key of ['reisdocumentnummer', 'soort', 'datumEindeGeldigheid'] as const) {
    if (sel.has(key)) put(out, key, doc[key]);
  }

  const iv = sub(doc.inhoudingOfVermissing);
  const ivGevraagd = (['datum', 'aanduiding'] as const).filter((k) => sel.has(`inhoudingOfVermissing.${k}`));
  const inhouding: JsonObject = {};
  for (const key of ivGevraagd) put(inhouding, key, iv[key]);
  put(inhouding, 'inOnderzoek', onderzoekVoor(iv.inOnderzoek, ivGevraagd));
  put(out, 'inhoudingOfVermissing', inhouding);

  const h = sub(doc.houder);
  const bsnGevraagd = sel.has('houder.burgerservicenummer');
  const houder: JsonObject = {};
  if (bsnGevraagd) put(houder, 'burgerservicenummer', h.burgerservicenummer);
  put(houder, 'geheimhoudingPersoonsgegevens', h.geheimhoudingPersoonsgegevens);
  put(houder, 'opschortingBijhouding', h.opschortingBijhouding);
  put(houder, 'inOnderzoek', onderzoekVoor(h.inOnderzoek, bsnGevraagd ? ['burgerservicenummer'] : []));
  put(out, 'houder', houder);

  const docGevraagd = (['reisdocumentnummer', 'soort', 'datumEindeGeldigheid'] as const).filter((k) => sel.has(k));
  put(out, 'inOnderzoek', onderzoekVoor(doc.inOnderzoek, docGevraagd));
  return out;
}
