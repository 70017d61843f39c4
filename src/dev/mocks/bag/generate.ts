import { hash32, SeededRandom } from '../eduv/seed-random.ts';
import type { AdresRecord, ObjectRecord, OpenbareRuimteRecord, TypeAdresseerbaarObject, WoonplaatsRecord } from './data.ts';

// The generated part of the BAG: everything the BRP test data does not say. Each object is seeded
// by its own identificatie only (SeededRandom(hash32(identificatie)), one fork per attribute), so the
// same identificatie gives the same object on every machine, whatever else the data holds. None of
// these values are real BAG data.
//
// Shapes: components.schemas of data/bag/openapi.yaml (BAG API Individuele Bevragingen 2.0.0).

export type Indicatie = 'J' | 'N';

export interface Voorkomen {
  versie: number;
  beginGeldigheid: string;
  tijdstipRegistratie: string;
  tijdstipRegistratieLV: string;
}

export interface Point {
  type: 'Point';
  coordinates: number[];
}

export interface Polygon {
  type: 'Polygon';
  coordinates: number[][][];
}

interface BagBasis {
  identificatie: string;
  domein: string;
  geconstateerd: Indicatie;
  documentdatum: string;
  documentnummer: string;
  voorkomen: Voorkomen;
}

export interface Verblijfsobject extends BagBasis {
  type: 'Verblijfsobject';
  heeftAlsHoofdAdres: string;
  heeftAlsNevenAdres?: string[];
  geometrie: { punt: Point };
  gebruiksdoelen: string[];
  oppervlakte: number;
  status: string;
  maaktDeelUitVan: string[];
}

export interface Ligplaats extends BagBasis {
  type: 'Ligplaats';
  heeftAlsHoofdAdres: string;
  heeftAlsNevenAdres?: string[];
  status: string;
  geometrie: Polygon;
}

export interface Standplaats extends BagBasis {
  type: 'Standplaats';
  heeftAlsHoofdAdres: string;
  heeftAlsNevenAdres?: string[];
  status: string;
  geometrie: Polygon;
}

export type AdresseerbaarObject = Verblijfsobject | Ligplaats | Standplaats;

export interface Pand extends BagBasis {
  geometrie: Polygon;
  oorspronkelijkBouwjaar: string;
  status: string;
}

export interface Nummeraanduiding extends BagBasis {
  huisnummer: number;
  huisletter?: string;
  huisnummertoevoeging?: string;
  postcode?: string;
  typeAdresseerbaarObject: TypeAdresseerbaarObject;
  status: string;
  ligtAan: string;
}

export interface OpenbareRuimte extends BagBasis {
  naam: string;
  korteNaam: string;
  type: string;
  status: string;
  ligtIn: string;
}

export interface Woonplaats extends BagBasis {
  naam: string;
  status: string;
}

const rng = (identificatie: string, aspect: string) => new SeededRandom(hash32(`bag:${identificatie}`)).fork(aspect);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date in [fromYear, toYear] (days 1–28: every month has them). */
function datum(r: SeededRandom, fromYear: number, toYear: number): string {
  return `${r.int(fromYear, Math.max(fromYear, toYear))}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`;
}

/** Registered on the document's day during office hours; in the LV a few minutes later. */
function voorkomen(r: SeededRandom, beginGeldigheid: string): Voorkomen {
  const h = r.int(8, 15);
  const m = r.int(0, 59);
  const s = r.int(0, 59);
  const later = h * 3600 + m * 60 + s + r.int(60, 3600);
  const time = (t: number) => `${pad(Math.floor(t / 3600))}:${pad(Math.floor(t / 60) % 60)}:${pad(t % 60)}`;
  return {
    versie: 1,
    beginGeldigheid,
    tijdstipRegistratie: `${beginGeldigheid}T${time(h * 3600 + m * 60 + s)}.000Z`,
    tijdstipRegistratieLV: `${beginGeldigheid}T${time(later)}.000Z`,
  };
}

/** '09.BW.0273': year, kind of document, number (as the spec's examples). */
function documentnummer(r: SeededRandom, documentdatum: string, soort: string): string {
  return `${documentdatum.slice(2, 4)}.${soort}.${pad(r.int(1, 9999), 4)}`;
}

function basis(identificatie: string, domein: string, soort: string, fromYear: number, toYear: number): BagBasis {
  const documentdatum = datum(rng(identificatie, 'documentdatum'), fromYear, toYear);
  return {
    identificatie,
    domein,
    geconstateerd: rng(identificatie, 'geconstateerd').chance(0.03) ? 'J' : 'N',
    documentdatum,
    documentnummer: documentnummer(rng(identificatie, 'documentnummer'), documentdatum, soort),
    voorkomen: voorkomen(rng(identificatie, 'voorkomen'), documentdatum),
  };
}

// --- geometry: Rijksdriehoeksmeting (epsg:28992), metres with 3 decimals ----------------------

/** A made-up centre per gemeentecode (the identificatie's first 4 digits), inside the Netherlands' RD box. */
function centrum(gemeenteCode: string): [number, number] {
  const r = new SeededRandom(hash32(`bag:gemeente:${gemeenteCode}`));
  return [r.int(30_000, 260_000), r.int(320_000, 600_000)];
}

/** Millimetres → metres; an integer divided by 1000 prints without floating-point noise. */
const m = (mm: number) => mm / 1000;

/** The object's location, in millimetres: within 2.5 km of its gemeente's made-up centre. */
function locatieMm(identificatie: string): [number, number] {
  const [cx, cy] = centrum(identificatie.slice(0, 4));
  const r = rng(identificatie, 'geometrie');
  return [cx * 1000 + r.int(-2_500_000, 2_500_000), cy * 1000 + r.int(-2_500_000, 2_500_000)];
}

function rechthoek([x, y]: [number, number], breedteMm: number, diepteMm: number): Polygon {
  const bx = Math.round(breedteMm / 2);
  const dy = Math.round(diepteMm / 2);
  const ring = [[x - bx, y - dy], [x + bx, y - dy], [x + bx, y + dy], [x - bx, y + dy], [x - bx, y - dy]];
  return { type: 'Polygon', coordinates: [ring.map(([px, py]) => [m(px), m(py), 0])] };
}

// --- the objects ------------------------------------------------------------------------------

/** The pand of a verblijfsobject: its identificatie with objecttypecode 10 instead of 01. */
export function pandIdentificatie(verblijfsobjectIdentificatie: string): string {
  return `${verblijfsobjectIdentificatie.slice(0, 4)}10${verblijfsobjectIdentificatie.slice(6)}`;
}

export function generatePand(identificatie: string): Pand {
  const bouwjaar = rng(identificatie, 'bouwjaar').int(1900, 2020);
  // The verblijfsobject with the same number lies in the middle of it.
  const vbo = `${identificatie.slice(0, 4)}01${identificatie.slice(6)}`;
  const r = rng(identificatie, 'afmetingen');
  return {
    ...basis(identificatie, 'NL.IMBAG.Pand', 'BW', Math.max(2009, bouwjaar), Math.max(2009, bouwjaar) + 3),
    geometrie: rechthoek(locatieMm(vbo), r.int(8_000, 30_000), r.int(8_000, 20_000)),
    oorspronkelijkBouwjaar: String(bouwjaar),
    status: 'Pand in gebruik',
  };
}

const NEVENFUNCTIES = ['kantoorfunctie', 'winkelfunctie', 'bijeenkomstfunctie', 'gezondheidszorgfunctie', 'overige gebruiksfunctie'] as const;

export function generateObject(record: ObjectRecord): AdresseerbaarObject {
  const { identificatie } = record;
  const adressen = {
    heeftAlsHoofdAdres: record.heeftAlsHoofdAdres,
    ...(record.heeftAlsNevenAdres.length > 0 ? { heeftAlsNevenAdres: [...record.heeftAlsNevenAdres] } : {}),
  };
  if (record.type === 'Verblijfsobject') {
    const pandId = pandIdentificatie(identificatie);
    const bouwjaar = Number(generatePand(pandId).oorspronkelijkBouwjaar);
    const r = rng(identificatie, 'gebruik');
    // The people of the BRP test data live there: always a woonfunctie, now and then one more.
    const gebruiksdoelen = r.chance(0.1) ? ['woonfunctie', r.pick(NEVENFUNCTIES)] : ['woonfunctie'];
    const oppervlakte = rng(identificatie, 'oppervlakte').int(25, 250);
    const status = rng(identificatie, 'status').chance(0.03) ? 'Verblijfsobject in gebruik (niet ingemeten)' : 'Verblijfsobject in gebruik';
    const from = Math.max(2009, bouwjaar);
    return {
      type: 'Verblijfsobject',
      ...adressen,
      ...basis(identificatie, 'NL.IMBAG.Verblijfsobject', 'BW', from, from + 5),
      geometrie: { punt: { type: 'Point', coordinates: [...locatieMm(identificatie).map(m), 0] } },
      gebruiksdoelen,
      oppervlakte,
      status,
      maaktDeelUitVan: [pandId],
    };
  }
  const r = rng(identificatie, 'afmetingen');
  const plaats = {
    ...adressen,
    ...basis(identificatie, `NL.IMBAG.${record.type}`, record.type === 'Ligplaats' ? 'LP' : 'SP', 2009, 2020),
    status: 'Plaats aangewezen',
  };
  return record.type === 'Ligplaats'
    ? { type: 'Ligplaats', ...plaats, geometrie: rechthoek(locatieMm(identificatie), r.int(4_000, 8_000), r.int(12_000, 25_000)) }
    : { type: 'Standplaats', ...plaats, geometrie: rechthoek(locatieMm(identificatie), r.int(4_000, 10_000), r.int(8_000, 15_000)) };
}

export function generateNummeraanduiding(adres: AdresRecord, type: TypeAdresseerbaarObject): Nummeraanduiding {
  const id = adres.nummeraanduidingIdentificatie;
  return {
    ...basis(id, 'NL.IMBAG.Nummeraanduiding', 'NA', 2009, 2016),
    huisnummer: adres.huisnummer,
    ...(adres.huisletter ? { huisletter: adres.huisletter } : {}),
    ...(adres.huisnummertoevoeging ? { huisnummertoevoeging: adres.huisnummertoevoeging } : {}),
    ...(adres.postcode ? { postcode: adres.postcode } : {}),
    typeAdresseerbaarObject: type,
    status: 'Naamgeving uitgegeven',
    ligtAan: adres.openbareRuimteIdentificatie,
  };
}

export function generateOpenbareRuimte(record: OpenbareRuimteRecord): OpenbareRuimte {
  return {
    ...basis(record.identificatie, 'NL.IMBAG.Openbareruimte', 'OR', 2009, 2012),
    naam: record.naam,
    korteNaam: record.korteNaam,
    type: 'Weg',
    status: 'Naamgeving uitgegeven',
    ligtIn: record.woonplaatsIdentificatie,
  };
}

export function generateWoonplaats(record: WoonplaatsRecord): Woonplaats {
  return {
    ...basis(record.identificatie, 'NL.IMBAG.Woonplaats', 'WP', 2009, 2010),
    naam: record.naam,
    status: 'Woonplaats aangewezen',
  };
}
