import type { JsonObject } from '../brp/json.ts';
import { loadBagData, objectType, type AdresRecord, type BagData, type TypeAdresseerbaarObject } from './data.ts';
import {
  generateNummeraanduiding,
  generateObject,
  generateOpenbareRuimte,
  generatePand,
  generateWoonplaats,
  pandIdentificatie,
  type AdresseerbaarObject,
  type Nummeraanduiding,
  type OpenbareRuimte,
  type Pand,
  type Woonplaats,
} from './generate.ts';

// The BAG resources of the mock, without HTTP: the generated objects (bagObject, bagAdres, …) and their
// HAL+JSON representations (components.schemas.*IOHal of data/bag/openapi.yaml) with _links under a
// base URL and, when expanded, _embedded resources.

/** components.schemas.Adres + AdresIO: the address of one nummeraanduiding. */
export interface Adres {
  openbareRuimteNaam: string;
  korteNaam: string;
  huisnummer: number;
  huisletter?: string;
  huisnummertoevoeging?: string;
  postcode?: string;
  woonplaatsNaam: string;
  nummeraanduidingIdentificatie: string;
  openbareRuimteIdentificatie: string;
  woonplaatsIdentificatie: string;
  adresseerbaarObjectIdentificatie?: string;
  pandIdentificaties?: string[];
  indicatieNevenadres?: true;
  /** Only the parts that are geconstateerd (true); absent when none is. */
  geconstateerd?: { woonplaats?: true; openbareRuimte?: true; nummeraanduiding?: true };
}

const toJson = (v: object) => v as unknown as JsonObject;

/** The adresseerbaar object (verblijfsobject, ligplaats or standplaats) with this identificatie. */
export function bagObject(identificatie: string, data: BagData = loadBagData()): AdresseerbaarObject | undefined {
  const record = data.objecten.get(identificatie);
  return record ? generateObject(record) : undefined;
}

/** The pand of a verblijfsobject the mock knows (identificatie: the object's, objecttypecode 10). */
export function bagPand(identificatie: string, data: BagData = loadBagData()): Pand | undefined {
  const vbo = `${identificatie.slice(0, 4)}01${identificatie.slice(6)}`;
  return identificatie.slice(4, 6) === '10' && data.objecten.has(vbo) ? generatePand(identificatie) : undefined;
}

function typeOf(adres: AdresRecord, data: BagData): TypeAdresseerbaarObject {
  const ao = adres.adresseerbaarObjectIdentificatie;
  return (ao && (data.objecten.get(ao)?.type ?? objectType(ao))) || 'Verblijfsobject';
}

export function bagNummeraanduiding(identificatie: string, data: BagData = loadBagData()): Nummeraanduiding | undefined {
  const adres = data.adressen.get(identificatie);
  return adres ? generateNummeraanduiding(adres, typeOf(adres, data)) : undefined;
}

export function bagOpenbareRuimte(identificatie: string, data: BagData = loadBagData()): OpenbareRuimte | undefined {
  const record = data.openbareRuimten.get(identificatie);
  return record ? generateOpenbareRuimte(record) : undefined;
}

export function bagWoonplaats(identificatie: string, data: BagData = loadBagData()): Woonplaats | undefined {
  const record = data.woonplaatsen.get(identificatie);
  return record ? generateWoonplaats(record) : undefined;
}

/** The adres of a nummeraanduiding: the BRP test data's address, with the generated identificaties. */
export function bagAdres(nummeraanduidingIdentificatie: string, data: BagData = loadBagData()): Adres | undefined {
  const a = data.adressen.get(nummeraanduidingIdentificatie);
  if (!a) return undefined;
  const object = a.adresseerbaarObjectIdentificatie ? data.objecten.get(a.adresseerbaarObjectIdentificatie) : undefined;
  const na = generateNummeraanduiding(a, typeOf(a, data));
  const or = bagOpenbareRuimte(a.openbareRuimteIdentificatie, data);
  const wpl = bagWoonplaats(a.woonplaatsIdentificatie, data);
  const geconstateerd = {
    ...(wpl?.geconstateerd === 'J' ? { woonplaats: true as const } : {}),
    ...(or?.geconstateerd === 'J' ? { openbareRuimte: true as const } : {}),
    ...(na.geconstateerd === 'J' ? { nummeraanduiding: true as const } : {}),
  };
  return {
    openbareRuimteNaam: a.openbareRuimteNaam,
    korteNaam: a.korteNaam,
    huisnummer: a.huisnummer,
    ...(a.huisletter ? { huisletter: a.huisletter } : {}),
    ...(a.huisnummertoevoeging ? { huisnummertoevoeging: a.huisnummertoevoeging } : {}),
    ...(a.postcode ? { postcode: a.postcode } : {}),
    woonplaatsNaam: a.woonplaatsNaam,
    nummeraanduidingIdentificatie: a.nummeraanduidingIdentificatie,
    openbareRuimteIdentificatie: a.openbareRuimteIdentificatie,
    woonplaatsIdentificatie: a.woonplaatsIdentificatie,
    ...(a.adresseerbaarObjectIdentificatie ? { adresseerbaarObjectIdentificatie: a.adresseerbaarObjectIdentificatie } : {}),
    ...(object?.type === 'Verblijfsobject' ? { pandIdentificaties: [pandIdentificatie(object.identificatie)] } : {}),
    ...(object?.heeftAlsNevenAdres.includes(a.nummeraanduidingIdentificatie) ? { indicatieNevenadres: true as const } : {}),
    ...(Object.keys(geconstateerd).length > 0 ? { geconstateerd } : {}),
  };
}

// --- HAL ----------------------------------------------------------------------------------------

export interface HalOptions {
  /** e.g. http://127.0.0.1:4007/lvbag/individuelebevragingen/v2 */
  baseUrl: string;
  /** Related resources to embed (the operation's expand names). */
  expand?: ReadonlySet<string>;
  data?: BagData;
}

const link = (href: string) => ({ href });

function nummeraanduidingHal(id: string, o: HalOptions): JsonObject | undefined {
  const na = bagNummeraanduiding(id, o.data);
  if (!na) return undefined;
  return { nummeraanduiding: toJson(na), _links: { self: link(`${o.baseUrl}/nummeraanduidingen/${id}`), ligtAanOpenbareRuimte: link(`${o.baseUrl}/openbareruimten/${na.ligtAan}`) } };
}

function openbareRuimteHal(id: string, o: HalOptions): JsonObject | undefined {
  const or = bagOpenbareRuimte(id, o.data);
  if (!or) return undefined;
  return { openbareRuimte: toJson(or), _links: { self: link(`${o.baseUrl}/openbareruimten/${id}`), ligtInWoonplaats: link(`${o.baseUrl}/woonplaatsen/${or.ligtIn}`) } };
}

function woonplaatsHal(id: string, o: HalOptions): JsonObject | undefined {
  const wpl = bagWoonplaats(id, o.data);
  return wpl ? { woonplaats: toJson(wpl), _links: { self: link(`${o.baseUrl}/woonplaatsen/${id}`) } } : undefined;
}

function pandHal(id: string, o: HalOptions): JsonObject | undefined {
  const pand = bagPand(id, o.data);
  return pand ? { pand: toJson(pand), _links: { self: link(`${o.baseUrl}/panden/${id}`) } } : undefined;
}

const PATH_OF: Record<TypeAdresseerbaarObject, string> = { Verblijfsobject: 'verblijfsobjecten', Ligplaats: 'ligplaatsen', Standplaats: 'standplaatsen' };
const PROPERTY_OF: Record<TypeAdresseerbaarObject, string> = { Verblijfsobject: 'verblijfsobject', Ligplaats: 'ligplaats', Standplaats: 'standplaats' };

/** GET /adresseerbareobjecten/{id}: AdresseerbaarObjectIOHal, or undefined when unknown. */
export function adresseerbaarObjectResource(identificatie: string, o: HalOptions): JsonObject | undefined {
  const object = bagObject(identificatie, o.data);
  if (!object) return undefined;
  const expand = o.expand ?? new Set<string>();
  const neven = object.heeftAlsNevenAdres ?? [];
  const panden = object.type === 'Verblijfsobject' ? object.maaktDeelUitVan : [];
  const links: JsonObject = {
    self: link(`${o.baseUrl}/${PATH_OF[object.type]}/${identificatie}`),
    heeftAlsHoofdAdres: link(`${o.baseUrl}/nummeraanduidingen/${object.heeftAlsHoofdAdres}`),
    ...(neven.length > 0 ? { heeftAlsNevenAdres: neven.map((n) => link(`${o.baseUrl}/nummeraanduidingen/${n}`)) } : {}),
    ...(panden.length > 0 ? { maaktDeelUitVan: panden.map((p) => link(`${o.baseUrl}/panden/${p}`)) } : {}),
  };
  const embedded: JsonObject = {};
  if (expand.has('heeftAlsHoofdAdres')) {
    const hoofd = nummeraanduidingHal(object.heeftAlsHoofdAdres, o);
    if (hoofd) embedded.heeftAlsHoofdAdres = hoofd;
  }
  if (expand.has('heeftAlsNevenAdres') && neven.length > 0) {
    embedded.heeftAlsNevenAdres = neven.map((n) => nummeraanduidingHal(n, o)).filter((x): x is JsonObject => x !== undefined);
  }
  if (expand.has('maaktDeelUitVan') && panden.length > 0) {
    embedded.maaktDeelUitVan = panden.map((p) => pandHal(p, o)).filter((x): x is JsonObject => x !== undefined);
  }
  const inner: JsonObject = {
    [PROPERTY_OF[object.type]]: toJson(object),
    ...(Object.keys(embedded).length > 0 ? { _embedded: embedded } : {}),
    _links: links,
  };
  return { [PROPERTY_OF[object.type]]: inner, _links: { self: link(`${o.baseUrl}/adresseerbareobjecten/${identificatie}`) } };
}

/** GET /adressen/{id}: AdresIOHal, or undefined when unknown. */
export function adresResource(nummeraanduidingIdentificatie: string, o: HalOptions): JsonObject | undefined {
  const adres = bagAdres(nummeraanduidingIdentificatie, o.data);
  if (!adres) return undefined;
  const expand = o.expand ?? new Set<string>();
  const ao = adres.adresseerbaarObjectIdentificatie;
  const links: JsonObject = {
    self: link(`${o.baseUrl}/adressen/${nummeraanduidingIdentificatie}`),
    openbareRuimte: link(`${o.baseUrl}/openbareruimten/${adres.openbareRuimteIdentificatie}`),
    nummeraanduiding: link(`${o.baseUrl}/nummeraanduidingen/${nummeraanduidingIdentificatie}`),
    woonplaats: link(`${o.baseUrl}/woonplaatsen/${adres.woonplaatsIdentificatie}`),
    ...(ao ? { adresseerbaarObject: link(`${o.baseUrl}/adresseerbareobjecten/${ao}`) } : {}),
    ...(adres.pandIdentificaties ? { panden: adres.pandIdentificaties.map((p) => link(`${o.baseUrl}/panden/${p}`)) } : {}),
  };
  const embedded: JsonObject = {};
  const add = (name: string, make: () => JsonObject | undefined) => {
    const value = expand.has(name) ? make() : undefined;
    if (value) embedded[name] = value;
  };
  add('openbareRuimte', () => openbareRuimteHal(adres.openbareRuimteIdentificatie, o));
  add('nummeraanduiding', () => nummeraanduidingHal(nummeraanduidingIdentificatie, o));
  add('woonplaats', () => woonplaatsHal(adres.woonplaatsIdentificatie, o));
  return { ...toJson(adres), ...(Object.keys(embedded).length > 0 ? { _embedded: embedded } : {}), _links: links };
}
