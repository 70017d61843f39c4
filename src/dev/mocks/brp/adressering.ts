import { echteGeslachtsnaam, isPredicaat, schoon, titelInNaam, titelVoorGeslacht, voorletters } from './derived.ts';
import { compact, type JsonObject } from './json.ts';
import { onderzoekObject, type Onderzoek } from './onderzoek.ts';
import type { StoredNaam, StoredPartner, StoredPersoon, StoredVerblijfplaats } from './storage.ts';
import { verblijfplaatsType } from './verblijfplaats.ts';
import { tekst, waarde } from './waarden.ts';

// The derived 'adressering' group: address lines per NEN 5825 and the ways to address the person
// (features persoon/adressering/*). Courtesy titles (hoffelijkheidstitels) of a noble partner are
// not derived: the person is then addressed by their own name components.

type Naamgebruik = 'E' | 'P' | 'V' | 'N';

export interface AdresseringBron {
  persoon: StoredPersoon;
  /** The actual partner, or else the most recently dissolved one, whose name may be used. */
  partner: StoredPartner | undefined;
  heeftActuelePartner: boolean;
  onderzoekPersoon: Onderzoek;
  onderzoekPartner: Onderzoek | undefined;
  onderzoekVerblijfplaats: Onderzoek;
}

function naamgebruik(naam: StoredNaam | undefined): Naamgebruik {
  const code = naam?.aanduidingNaamgebruik?.code;
  return code === 'P' || code === 'V' || code === 'N' ? code : 'E';
}

function hoofdletter(text: string): string {
  return text.length > 0 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Joins name components: no double spaces, no space at either end or around a hyphen. */
function naamTekst(...delen: (string | undefined)[]): string {
  return schoon(delen.filter((d): d is string => Boolean(d)).join(' ')).replace(/\s*-\s*/g, '-');
}

/** 'VV GN' of a name, optionally preceded by a title. */
function achternaam(naam: StoredNaam | undefined, titel?: string): string {
  return naamTekst(titel, tekst(naam?.voorvoegsel), echteGeslachtsnaam(naam));
}

/** Combines own and partner name per aanduiding naamgebruik; without a partner name: own name. */
function samenstellen(gebruik: Naamgebruik, eigen: string, partner: string): string {
  if (!partner) return eigen;
  switch (gebruik) {
    case 'E': return eigen;
    case 'P': return partner;
    case 'V': return naamTekst(`${partner}-${eigen}`);
    case 'N': return naamTekst(`${eigen}-${partner}`);
  }
}

// --- address lines --------------------------------------------------------------------------

function postcodeMetSpatie(postcode: string | undefined): string | undefined {
  const p = postcode?.replace(/\s+/g, '').toUpperCase();
  return p && /^\d{4}[A-Z]{2}$/.test(p) ? `${p.slice(0, 4)} ${p.slice(4)}` : p || undefined;
}

function huisnummerDeel(v: StoredVerblijfplaats): string {
  const nummer = tekst(v.huisnummer);
  if (!nummer) return '';
  const letter = tekst(v.huisletter);
  const toevoeging = tekst(v.huisnummertoevoeging);
  let deel = nummer;
  if (letter) deel += ` ${letter}${toevoeging ?? ''}`;
  else if (toevoeging) deel += /^\d/.test(toevoeging) ? `-${toevoeging}` : ` ${toevoeging}`;
  const aanduiding = v.aanduidingBijHuisnummer?.code;
  if (aanduiding === 'by') return `bij ${deel}`;
  if (aanduiding === 'to') return `t/o ${deel}`;
  return deel;
}

interface Adresregels {
  adresregel1?: string;
  adresregel2?: string;
  adresregel3?: string;
  land?: JsonObject;
}

function adresregels(p: StoredPersoon): Adresregels {
  const v = p.verblijfplaats;
  const type = verblijfplaatsType(v);
  if (!v || !type) return {};
  const woonplaats = (tekst(v.woonplaats) ?? tekst(p.gemeenteVanInschrijving?.omschrijving))?.toUpperCase();
  switch (type) {
    case 'Adres':
      return {
        adresregel1: naamTekst(tekst(v.straat) ?? tekst(v.naamOpenbareRuimte), huisnummerDeel(v)) || undefined,
        adresregel2: [postcodeMetSpatie(v.postcode), woonplaats].filter(Boolean).join('  ') || undefined,
      };
    case 'Locatie':
      return { adresregel1: tekst(v.locatiebeschrijving), adresregel2: woonplaats };
    case 'VerblijfplaatsBuitenland':
      return { adresregel1: tekst(v.regel1), adresregel2: tekst(v.regel2), adresregel3: tekst(v.regel3), land: waarde(v.land) };
    case 'VerblijfplaatsOnbekend':
      return {};
  }
}

// --- ways to address the person ---------------------------------------------------------------

interface Aanspreken {
  aanhef?: string;
  aanschrijfwijze?: JsonObject;
  gebruikInLopendeTekst?: string;
}

const AANSPREEKVORM: Record<string, string> = {
  B: 'De hoogwelgeboren heer', BS: 'De hoogwelgeboren vrouwe',
  H: 'De hoogwelgeboren heer', HI: 'De hoogwelgeboren vrouwe',
  M: 'De hoogwelgeboren heer', MI: 'De hoogwelgeboren vrouwe',
  R: 'De hoogwelgeboren heer',
  G: 'De hooggeboren heer', GI: 'De hooggeboren vrouwe',
  P: 'De hoogheid', PS: 'De hoogheid',
  JH: 'De hoogwelgeboren heer', JV: 'De hoogwelgeboren vrouwe',
};

function adellijkeAanhef(code: string, geslacht: string | undefined): string | undefined {
  if (code === 'P' || code === 'PS') return 'Hoogheid';
  const hoog = code === 'G' || code === 'GI' ? 'Hooggeboren' : 'Hoogwelgeboren';
  if (geslacht === 'M') return `${hoog} heer`;
  if (geslacht === 'V') return `${hoog} vrouwe`;
  return undefined;
}

function aanspreken(b: AdresseringBron): Aanspreken {
  const p = b.persoon;
  const naam = p.naam;
  const geslacht = p.geslacht?.code;
  const vl = voorletters(naam?.voornamen);
  const partnerNaam = achternaam(b.partner?.naam);
  const gebruik = partnerNaam ? naamgebruik(naam) : 'E';
  const titel = naam?.adellijkeTitelPredicaat;
  const predicaat = titel?.code ? isPredicaat(titel) : false;
  // A woman does not carry her own predicaat once married or when she uses her partner's name.
  const adellijk = Boolean(titel?.code) && gebruik !== 'P'
    && !(predicaat && geslacht === 'V' && (b.heeftActuelePartner || gebruik !== 'E'));

  const eigen = achternaam(naam);
  if (!eigen && !vl) return {};

  // aanhef
  let aanhef: string | undefined;
  const adellijkeVorm = adellijk && titel?.code ? adellijkeAanhef(titel.code, geslacht) : undefined;
  if (adellijkeVorm) {
    aanhef = adellijkeVorm;
  } else {
    const samengesteld = samenstellen(gebruik, eigen, partnerNaam);
    if (geslacht === 'M') aanhef = naamTekst('Geachte heer', hoofdletter(samengesteld));
    else if (geslacht === 'V') aanhef = naamTekst('Geachte mevrouw', hoofdletter(samengesteld));
    else aanhef = naamTekst('Geachte', vl, vl ? samengesteld : hoofdletter(samengesteld));
  }

  // aanschrijfwijze
  let aanschrijfNaam: string;
  let aanspreekvorm: string | undefined;
  if (adellijk && titel?.code && !predicaat) {
    const at = titelInNaam(titel, geslacht);
    aanschrijfNaam = naamTekst(vl, samenstellen(gebruik, achternaam(naam, at), partnerNaam));
    aanspreekvorm = AANSPREEKVORM[titel.code];
  } else if (adellijk && titel?.code) {
    const pk = titelInNaam(titel, geslacht);
    aanschrijfNaam = gebruik === 'V'
      ? naamTekst(vl, samenstellen(gebruik, achternaam(naam, pk), partnerNaam))
      : naamTekst(pk, vl, samenstellen(gebruik, eigen, partnerNaam));
    aanspreekvorm = geslacht === 'M' ? AANSPREEKVORM.JH : geslacht === 'V' ? AANSPREEKVORM.JV : AANSPREEKVORM[titel.code];
  } else {
    aanschrijfNaam = naamTekst(vl, samenstellen(gebruik, eigen, partnerNaam));
  }

  // gebruikInLopendeTekst
  const ga = geslacht === 'M' ? 'de heer' : geslacht === 'V' ? 'mevrouw' : vl;
  const metGa = (rest: string): string => (ga === vl && vl ? naamTekst(vl, rest) : naamTekst(ga, hoofdletter(rest)));
  const vorm = adellijk ? titelVoorGeslacht(titel, geslacht) : undefined;
  let lopend: string;
  if (vorm) {
    const eigenMetTitel = achternaam(naam, vorm);
    lopend = gebruik === 'V' ? metGa(samenstellen(gebruik, eigenMetTitel, partnerNaam)) : samenstellen(gebruik, eigenMetTitel, partnerNaam);
  } else {
    lopend = metGa(samenstellen(gebruik, eigen, partnerNaam));
  }

  return {
    aanhef: aanhef || undefined,
    aanschrijfwijze: compact({ naam: hoofdletter(aanschrijfNaam) || undefined, aanspreekvorm }),
    gebruikInLopendeTekst: lopend || undefined,
  };
}

// --- in onderzoek -----------------------------------------------------------------------------

function adresseringOnderzoek(b: AdresseringBron, gebruiktPartner: boolean): JsonObject | undefined {
  const op = b.onderzoekPersoon;
  const naamInOnderzoek = op.raakt('02') || op.raakt('61') || op.raakt('04');
  const persoon = onderzoekObject(
    { aanhef: naamInOnderzoek, aanschrijfwijze: naamInOnderzoek, gebruikInLopendeTekst: naamInOnderzoek },
    op.datum, 'datumIngangOnderzoekPersoon');
  const opa = b.onderzoekPartner;
  const partnerInOnderzoek = gebruiktPartner && opa !== undefined && opa.raakt('02');
  const partner = onderzoekObject(
    { aanhef: partnerInOnderzoek, aanschrijfwijze: partnerInOnderzoek, gebruikInLopendeTekst: partnerInOnderzoek },
    opa?.datum, 'datumIngangOnderzoekPartner');
  const ov = b.onderzoekVerblijfplaats;
  const alles = ov.vastgesteldVerblijftNietOpAdres;
  const zonderWoonplaats = !tekst(b.persoon.verblijfplaats?.woonplaats);
  const verblijfplaats = onderzoekObject({
    adresregel1: alles || ov.raakt('11', '10', '15', '20', '30', '40', '50') || ov.raakt('12', '10') || ov.raakt('13', '30'),
    adresregel2: alles || ov.raakt('11', '60', '70') || ov.raakt('13', '40') || (zonderWoonplaats && ov.raakt('09', '10')),
    adresregel3: alles || ov.raakt('13', '50'),
    land: alles || ov.raakt('13', '10'),
  }, ov.datum, 'datumIngangOnderzoekVerblijfplaats');
  // Flags and their dates from the three sources are merged into one object, as the API does.
  return compact({ ...persoon, ...partner, ...verblijfplaats });
}

export function toAdressering(b: AdresseringBron): JsonObject | undefined {
  const regels = adresregels(b.persoon);
  const a = aanspreken(b);
  const gebruiktPartner = Boolean(achternaam(b.partner?.naam)) && naamgebruik(b.persoon.naam) !== 'E';
  return compact({
    adresregel1: regels.adresregel1,
    adresregel2: regels.adresregel2,
    adresregel3: regels.adresregel3,
    land: regels.land,
    indicatieVastgesteldVerblijftNietOpAdres: b.onderzoekVerblijfplaats.vastgesteldVerblijftNietOpAdres ? true : undefined,
    aanhef: a.aanhef,
    aanschrijfwijze: a.aanschrijfwijze,
    gebruikInLopendeTekst: a.gebruikInLopendeTekst,
    inOnderzoek: adresseringOnderzoek(b, gebruiktPartner),
  });
}
