import { loadFieldsCsv } from './data.ts';
import { isJsonObject, type Json, type JsonObject } from './json.ts';

// The `fields` parameter (features bevragen/fields*.feature): validating paths against the list of
// valid paths per response type, and filtering a converted person down to the requested paths.

export type ResponseKind = 'Persoon' | 'PersoonBeperkt' | 'GezagPersoonBeperkt';

const CSV: Record<ResponseKind, string> = {
  Persoon: 'fields-Persoon.csv',
  PersoonBeperkt: 'fields-PersoonBeperkt.csv',
  GezagPersoonBeperkt: 'fields-GezagPersoonBeperkt.csv',
};

export const FIELD_PATTERN_TEXT = '^[a-zA-Z0-9\\._]{1,200}$';
const FIELD_PATTERN = new RegExp(FIELD_PATTERN_TEXT);

/** Field aliases that deliver under another name, and only for a domestic verblijfplaats. */
const ALIASES: Record<string, string> = {
  verblijfplaatsBinnenland: 'verblijfplaats',
  adresseringBinnenland: 'adressering',
};

// A path whose sub-paths are all among these names is a date or a Waardetabel: asking for any
// part of it delivers all of it (fields-datum.feature).
const ONDEELBARE_DELEN = new Set(['type', 'datum', 'langFormaat', 'onbekend', 'jaar', 'maand', 'code', 'omschrijving', 'soort']);

// Fields the API adds by itself and that may not be asked for (fields-fout-cases.feature).
const AUTOMATISCH_GELEVERD = new Set(['geheimhoudingPersoonsgegevens', 'opschortingBijhouding', 'rni', 'verificatie']);

interface Catalog {
  readonly paths: ReadonlySet<string>;
  readonly ondeelbaar: ReadonlySet<string>;
  readonly kinderen: ReadonlyMap<string, readonly string[]>;
}

const catalogs = new Map<ResponseKind, Catalog>();

function catalog(kind: ResponseKind): Catalog {
  const cached = catalogs.get(kind);
  if (cached) return cached;
  const paths = new Set(loadFieldsCsv(CSV[kind]));
  const kinderen = new Map<string, string[]>();
  for (const path of paths) {
    const i = path.lastIndexOf('.');
    if (i < 0) continue;
    const parent = path.slice(0, i);
    const list = kinderen.get(parent) ?? [];
    list.push(path.slice(i + 1));
    kinderen.set(parent, list);
  }
  const ondeelbaar = new Set<string>();
  for (const [parent, names] of kinderen) {
    if (names.every((n) => ONDEELBARE_DELEN.has(n))) ondeelbaar.add(parent);
  }
  const c: Catalog = { paths, ondeelbaar, kinderen };
  catalogs.set(kind, c);
  return c;
}

export type FieldProblem = 'pattern' | 'nietToegestaan' | 'nietBestaand';

export function isAutomatischGeleverd(path: string): boolean {
  const segs = path.split('.');
  return AUTOMATISCH_GELEVERD.has(segs[0] ?? '')
    || segs.includes('inOnderzoek')
    || segs[segs.length - 1] === 'indicatieVastgesteldVerblijftNietOpAdres';
}

/** What is wrong with one `fields` item for this response type, if anything. */
export function checkField(path: unknown, kind: ResponseKind): FieldProblem | undefined {
  if (typeof path !== 'string' || !FIELD_PATTERN.test(path)) return 'pattern';
  if (isAutomatischGeleverd(path)) return 'nietToegestaan';
  if (!catalog(kind).paths.has(path)) return 'nietBestaand';
  return undefined;
}

// --- selection --------------------------------------------------------------------------------

interface SelNode {
  all: boolean;
  children: Map<string, SelNode>;
}

export interface Selection {
  /** What to deliver for any person. */
  readonly algemeen: SelNode;
  /** What to deliver for a person with a domestic verblijfplaats: also the *Binnenland aliases. */
  readonly binnenland: SelNode;
  /** Top-level fields asked for, to decide which rni entries accompany them. */
  readonly topLevel: ReadonlySet<string>;
}

const newNode = (): SelNode => ({ all: false, children: new Map() });

function insert(root: SelNode, path: string): void {
  let node = root;
  for (const seg of path.split('.')) {
    if (node.all) return;
    let child = node.children.get(seg);
    if (!child) {
      child = newNode();
      node.children.set(seg, child);
    }
    node = child;
  }
  node.all = true;
  node.children.clear();
}

/** Cuts a path into a date or Waardetabel back to the date or Waardetabel itself. */
function normaliseer(path: string, c: Catalog): string {
  const segs = path.split('.');
  for (let n = 1; n < segs.length; n++) {
    const prefix = segs.slice(0, n).join('.');
    if (c.ondeelbaar.has(prefix)) return prefix;
  }
  return path;
}

/** Compiles validated `fields` into selection trees. */
export function compileSelection(fields: readonly string[], kind: ResponseKind): Selection {
  const c = catalog(kind);
  const algemeen: string[] = [];
  const alias: string[] = [];
  for (const field of fields) {
    const [head = '', ...rest] = field.split('.');
    const target = ALIASES[head];
    if (!target) {
      algemeen.push(normaliseer(field, c));
    } else if (rest.length === 0) {
      // The alias group means: the alias's own sub-fields, not the whole target group.
      for (const child of c.kinderen.get(head) ?? []) alias.push(normaliseer(`${target}.${child}`, c));
    } else {
      alias.push(normaliseer([target, ...rest].join('.'), c));
    }
  }
  const a = newNode();
  const b = newNode();
  for (const p of algemeen) {
    insert(a, p);
    insert(b, p);
  }
  for (const p of alias) insert(b, p);
  const topLevel = new Set([...a.children.keys(), ...b.children.keys()]);
  return { algemeen: a, binnenland: b, topLevel };
}

// Which date in an inOnderzoek object belongs to which flags.
const ONDERZOEK_DATUMS: Record<string, readonly string[] | 'alle'> = {
  datumIngangOnderzoek: 'alle',
  datumIngangOnderzoekPersoon: ['burgerservicenummer', 'geslacht', 'leeftijd', 'aanhef', 'aanschrijfwijze', 'gebruikInLopendeTekst'],
  datumIngangOnderzoekGemeente: ['gemeenteVanInschrijving', 'datumInschrijvingInGemeente'],
  datumIngangOnderzoekGezag: ['indicatieCurateleRegister', 'indicatieGezagMinderjarige'],
  datumIngangOnderzoekPartner: ['aanhef', 'aanschrijfwijze', 'gebruikInLopendeTekst'],
  datumIngangOnderzoekVerblijfplaats: ['adresregel1', 'adresregel2', 'adresregel3', 'land'],
};

/**
 * inOnderzoek is delivered for the requested fields of its object, whether or not they have a
 * value (adres-regels/vastgesteld-verblijft-niet-op-adres.feature); `type` goes along with any
 * requested field of a polymorphic object.
 */
function filterOnderzoek(io: JsonObject, node: SelNode): JsonObject | undefined {
  const flags: JsonObject = {};
  for (const [key, value] of Object.entries(io)) {
    if (key in ONDERZOEK_DATUMS || value !== true) continue;
    const gevraagd = key === 'type' ? node.children.size > 0 : node.children.has(key);
    if (gevraagd) flags[key] = true;
  }
  const kept = Object.keys(flags);
  if (kept.length === 0) return undefined;
  for (const [key, hoort] of Object.entries(ONDERZOEK_DATUMS)) {
    const datum = io[key];
    if (datum === undefined) continue;
    if (hoort === 'alle' || hoort.some((k) => kept.includes(k))) flags[key] = datum;
  }
  return flags;
}

const AANSPREKEN = new Set(['aanhef', 'aanschrijfwijze', 'gebruikInLopendeTekst']);

function selectObject(obj: JsonObject, node: SelNode): JsonObject | undefined {
  const out: JsonObject = {};
  for (const key of Object.keys(obj)) {
    if (key === 'type' || key === 'inOnderzoek' || key === 'indicatieVastgesteldVerblijftNietOpAdres') continue;
    const child = node.children.get(key);
    if (!child) continue;
    const selected = selectValue(obj[key], child);
    if (selected !== undefined) out[key] = selected;
  }
  const io = obj.inOnderzoek;
  const onderzoek = isJsonObject(io) ? filterOnderzoek(io, node) : undefined;
  // The verification that the person no longer lives at the address goes with the address data.
  const indicatie = obj.indicatieVastgesteldVerblijftNietOpAdres === true
    && [...node.children.keys()].some((k) => !AANSPREKEN.has(k));
  const typeGevraagd = typeof obj.type === 'string' && node.children.has('type');
  if (Object.keys(out).length === 0 && !onderzoek && !indicatie && !typeGevraagd) return undefined;

  const result: JsonObject = {};
  if (typeof obj.type === 'string') result.type = obj.type;
  Object.assign(result, out);
  if (indicatie) result.indicatieVastgesteldVerblijftNietOpAdres = true;
  if (onderzoek) result.inOnderzoek = onderzoek;
  else if (io === true) result.inOnderzoek = true;
  return result;
}

function selectValue(value: Json, node: SelNode): Json | undefined {
  if (node.all) return value;
  if (Array.isArray(value)) {
    const items = value
      .map((item) => (isJsonObject(item) ? selectObject(item, node) : undefined))
      .filter((item): item is JsonObject => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isJsonObject(value)) return selectObject(value, node);
  return undefined;
}

// rni entries say which RNI participant supplied a category; they accompany the fields of that
// category. Categories not listed here accompany any request.
const RNI_CATEGORIE: Record<string, readonly string[]> = {
  Persoon: ['aNummer', 'burgerservicenummer', 'naam', 'geboorte', 'geslacht', 'leeftijd', 'adressering'],
  Nationaliteit: ['nationaliteiten'],
  Overlijden: ['overlijden'],
  Verblijfplaats: ['verblijfplaats', 'adressering', 'immigratie', 'gemeenteVanInschrijving', 'datumInschrijvingInGemeente'],
  Ouder1: ['ouders'],
  Ouder2: ['ouders'],
  Huwelijk: ['partners'],
  Kind: ['kinderen'],
  Verblijfstitel: ['verblijfstitel'],
};

function rniVoor(rni: Json | undefined, topLevel: ReadonlySet<string>): Json[] | undefined {
  if (!Array.isArray(rni)) return undefined;
  const out = rni.filter((entry) => {
    const categorie = isJsonObject(entry) && typeof entry.categorie === 'string' ? entry.categorie : '';
    const velden = RNI_CATEGORIE[categorie];
    return !velden || velden.some((v) => topLevel.has(v));
  });
  return out.length > 0 ? out : undefined;
}

/**
 * Filters one converted person to the selection, adding the automatically delivered fields.
 * `binnenland`: the person's verblijfplaats is domestic, so the *Binnenland aliases apply.
 */
export function applySelection(persoon: JsonObject, sel: Selection, binnenland: boolean): JsonObject {
  const selected = selectObject(persoon, binnenland ? sel.binnenland : sel.algemeen) ?? {};
  const auto: JsonObject = {};
  for (const key of ['geheimhoudingPersoonsgegevens', 'opschortingBijhouding', 'verificatie']) {
    const value = persoon[key];
    if (value !== undefined) auto[key] = value;
  }
  const rni = rniVoor(persoon.rni, sel.topLevel);
  if (rni) auto.rni = rni;
  // Keep the order of the complete person, so responses read like the spec.
  const result: JsonObject = {};
  for (const key of Object.keys(persoon)) {
    const value = selected[key] ?? auto[key];
    if (value !== undefined) result[key] = value;
  }
  return result;
}
