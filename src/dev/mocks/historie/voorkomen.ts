import { toDatum } from '../brp/dates.ts';
import { compact, type Json, type JsonObject } from '../brp/json.ts';
import { onderzoekObject } from '../brp/onderzoek.ts';
import { verblijfplaatsType } from '../brp/verblijfplaats.ts';
import { tekst } from '../brp/waarden.ts';
import { adresseringAdres, adresseringBuitenland, adresseringLocatie } from './adressering.ts';
import { HistorieOnderzoek } from './onderzoek.ts';
import { onzekerheid } from './periode.ts';
import type { StoredHistorieVerblijfplaats } from './storage.ts';
import { AANDUIDING_BIJ_HUISNUMMER, FUNCTIE_ADRES, LANDEN, waardeUitTabel } from './waarden.ts';

// One stored verblijfplaats voorkomen to an AbstractVerblijfplaatsVoorkomen of the public API: Adres,
// Locatie, VerblijfplaatsBuitenland or VerblijfplaatsOnbekend, with datumVan from its own start and
// datumTot from the next (newer) voorkomen's start (datum-van-en-tot.feature). Which fields are in
// onderzoek follows raadpleeg-verblijfplaats-met-periode/{adres,buitenland,locatie,onbekend}/in-onderzoek.feature.

export type VoorkomenType = 'Adres' | 'Locatie' | 'VerblijfplaatsBuitenland' | 'VerblijfplaatsOnbekend';

export function voorkomenType(v: StoredHistorieVerblijfplaats): VoorkomenType | undefined {
  return verblijfplaatsType(v);
}

/** The start date of a voorkomen: 10.30 in Nederland, 13.20 abroad. */
export function aanvang(v: StoredHistorieVerblijfplaats): string | undefined {
  const type = voorkomenType(v);
  const raw = type === 'VerblijfplaatsBuitenland' || type === 'VerblijfplaatsOnbekend' ? v.datumAanvangAdresBuitenland : v.datumAanvangAdreshouding;
  return tekst(raw);
}

function huisnummer(raw: string | undefined): number | undefined {
  const t = raw?.trim();
  if (!t || !/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 99999 ? n : undefined;
}

/**
 * verblijftNietOpAdresVanaf (vastgesteld-verblijft-niet-op-adres.feature): the datum ingang of a
 * running 089999/589999 onderzoek; after it ended only when it ended on or after the start of the
 * next voorkomen (then it may have ended administratively only); never on the current voorkomen.
 */
function verblijftNietOpAdresVanaf(o: HistorieOnderzoek, volgende: StoredHistorieVerblijfplaats | undefined): JsonObject | undefined {
  if (!o.vastgesteldVerblijftNietOpAdres) return undefined;
  if (!o.beeindigd) return o.datumIngang;
  if (!volgende) return undefined;
  return onzekerheid(o.datumEinde).eerste >= onzekerheid(aanvang(volgende)).eerste ? o.datumIngang : undefined;
}

/** The voorkomen's own inOnderzoek flags plus datumTot from the next voorkomen. */
function voorkomenOnderzoek(eigen: Record<string, boolean>, o: HistorieOnderzoek, volgende: HistorieOnderzoek | undefined): JsonObject | undefined {
  const datumTot = volgende?.aanvangInOnderzoek ?? false;
  const eigenVlag = Object.values(eigen).some(Boolean);
  // With flags of its own the voorkomen carries its own datum ingang, else the next voorkomen's.
  const datum = eigenVlag ? o.datumIngang : volgende?.datumIngang;
  const flags: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(eigen)) {
    flags[key] = value;
    if (key === 'datumVan') flags.datumTot = datumTot;
  }
  if (!('datumTot' in flags)) flags.datumTot = datumTot;
  return onderzoekObject(flags, datum);
}

export interface VoorkomenContext {
  /** The next (newer) voorkomen; none for the current one. */
  volgende: StoredHistorieVerblijfplaats | undefined;
}

export function toVoorkomen(v: StoredHistorieVerblijfplaats, ctx: VoorkomenContext): JsonObject | undefined {
  const type = voorkomenType(v);
  if (!type) return undefined;
  const buitenland = type === 'VerblijfplaatsBuitenland' || type === 'VerblijfplaatsOnbekend';
  const eigen = new HistorieOnderzoek(v.inOnderzoek);
  // 'Vastgesteld verblijft niet op adres' only concerns an address or locatie in Nederland.
  const o = buitenland && eigen.vastgesteldVerblijftNietOpAdres ? new HistorieOnderzoek(undefined) : eigen;
  const volgendeOnderzoek = ctx.volgende ? new HistorieOnderzoek(ctx.volgende.inOnderzoek) : undefined;
  const datumVan = toDatum(aanvang(v));
  const datumTot: Json | undefined = ctx.volgende ? toDatum(aanvang(ctx.volgende)) : undefined;
  const gemeenteVanInschrijving = waardeUitTabel(v.gemeenteVanInschrijving);
  const functieAdres = waardeUitTabel(v.functieAdres, FUNCTIE_ADRES);

  switch (type) {
    case 'Adres':
      return compact({
        type,
        verblijfadres: compact({
          officieleStraatnaam: tekst(v.naamOpenbareRuimte),
          korteStraatnaam: tekst(v.straat),
          huisnummer: huisnummer(v.huisnummer),
          huisletter: tekst(v.huisletter),
          huisnummertoevoeging: tekst(v.huisnummertoevoeging),
          aanduidingBijHuisnummer: waardeUitTabel(v.aanduidingBijHuisnummer, AANDUIDING_BIJ_HUISNUMMER),
          postcode: tekst(v.postcode),
          woonplaats: tekst(v.woonplaats),
          inOnderzoek: onderzoekObject({
            aanduidingBijHuisnummer: o.raakt('11', '50'),
            huisletter: o.raakt('11', '30'),
            huisnummer: o.raakt('11', '20'),
            huisnummertoevoeging: o.raakt('11', '40'),
            officieleStraatnaam: o.raakt('11', '15'),
            postcode: o.raakt('11', '60'),
            korteStraatnaam: o.raakt('11', '10'),
            woonplaats: o.raakt('11', '70'),
          }, o.datumIngang),
        }),
        functieAdres,
        adresseerbaarObjectIdentificatie: tekst(v.adresseerbaarObjectIdentificatie),
        nummeraanduidingIdentificatie: tekst(v.nummeraanduidingIdentificatie),
        gemeenteVanInschrijving,
        datumVan,
        datumTot,
        verblijftNietOpAdresVanaf: verblijftNietOpAdresVanaf(eigen, ctx.volgende),
        inOnderzoek: voorkomenOnderzoek({
          type: o.raakt('11', '10'),
          gemeenteVanInschrijving: o.raakt('09', '10'),
          datumVan: o.raakt('10', '30'),
          nummeraanduidingIdentificatie: o.raakt('11', '90'),
          adresseerbaarObjectIdentificatie: o.raakt('11', '80'),
          functieAdres: o.raakt('10', '10'),
        }, o, volgendeOnderzoek),
        adressering: adresseringAdres(v, o),
      });
    case 'Locatie':
      return compact({
        type,
        datumVan,
        datumTot,
        functieAdres,
        verblijfadres: compact({
          locatiebeschrijving: tekst(v.locatiebeschrijving),
          inOnderzoek: onderzoekObject({ locatiebeschrijving: o.raakt('12', '10') }, o.datumIngang),
        }),
        gemeenteVanInschrijving,
        verblijftNietOpAdresVanaf: verblijftNietOpAdresVanaf(eigen, ctx.volgende),
        inOnderzoek: voorkomenOnderzoek({
          type: o.raakt('12', '10'),
          gemeenteVanInschrijving: o.raakt('09', '10'),
          datumVan: o.raakt('10', '30'),
          functieAdres: o.raakt('10', '10'),
        }, o, volgendeOnderzoek),
        adressering: adresseringLocatie(v, o),
      });
    case 'VerblijfplaatsBuitenland':
      return compact({
        type,
        verblijfadres: compact({
          regel1: tekst(v.regel1),
          regel2: tekst(v.regel2),
          regel3: tekst(v.regel3),
          land: waardeUitTabel(v.land, LANDEN),
          inOnderzoek: onderzoekObject({
            regel1: o.raakt('13', '30'),
            regel2: o.raakt('13', '40'),
            regel3: o.raakt('13', '50'),
            land: o.raakt('13', '10'),
          }, o.datumIngang),
        }),
        datumVan,
        datumTot,
        gemeenteVanInschrijving,
        // buitenland/in-onderzoek.feature: the whole group 13 does not put type in onderzoek, the
        // land (13.10) does; the gemeente (group 09) is never in onderzoek for a voorkomen abroad.
        inOnderzoek: voorkomenOnderzoek({
          type: o.raaktAlleenElement('13', '10'),
          datumVan: o.raakt('13', '20'),
        }, o, volgendeOnderzoek),
        adressering: adresseringBuitenland(v, o),
      });
    case 'VerblijfplaatsOnbekend':
      return compact({
        type,
        datumVan,
        datumTot,
        gemeenteVanInschrijving,
        inOnderzoek: voorkomenOnderzoek({
          type: o.raakt('13', '10'),
          datumVan: o.raakt('13', '20'),
        }, o, volgendeOnderzoek),
      });
  }
}
