import { HistorieOnderzoek } from '../historie/onderzoek.ts';
import { onzekerheidsperiode, type Onzekerheidsperiode } from './periode.ts';
import { aanvang, adresseerbaarObject, isBriefadres, isOnjuist, type StoredPersoonslijst } from './storage.ts';

// When a person lived (zeker) or may have lived (mogelijk) on an adresseerbaar object, from the person's
// verblijfplaats voorkomens, as the feature files and docs/onbekend-aanvang-adreshouding.md describe.
//
// Each voorkomen gets two day ranges [van, tot):
//   - mogelijk vanaf: its start date; with an unknown part the first day of the onzekerheidsperiode, but
//     not before the previous (older) voorkomen may have begun — the day after the previous start when
//     that is known ("peildatum ligt in de onzekerheidsperiode na datum aanvang vorige adreshouding"), the
//     first day of the previous onzekerheidsperiode when it is not ("op of na de eerste dag van de
//     onzekerheidsperiode van de vorige adreshouding"). Only the previous voorkomen is looked at.
//   - zeker vanaf: the start date when it is known, else the first day after its onzekerheidsperiode.
//   - a voorkomen ends where the next one begins: it is zeker until the next one's "mogelijk vanaf" and
//     mogelijk until the next one's "zeker vanaf". The current voorkomen has no end.
// Zeker within [zeker vanaf, zeker tot), mogelijk within [mogelijk vanaf, mogelijk tot) outside that.
// A voorkomen with its onzekerheidsperiode past the next start is never zeker ("datum aanvang volgende
// adreshouding ligt in de onzekerheidsperiode": a mogelijke bewoner until the move only).
//
// Then, per voorkomen on the asked adresseerbaar object:
//   - vastgesteld verblijft niet op adres (aanduiding 089999/589999, vastgesteld-verblijft-niet-op-adres-gba.feature):
//     while the onderzoek runs, no bewoner from its datum ingang; once ended, nothing changes for the current
//     voorkomen or when it ended before the next voorkomen began; when it ended on or after that, only a
//     mogelijke bewoner from the datum ingang;
//   - opschorting bijhouding (not F/W, those persoonslijsten are never used): no bewoner from its datum;
//   - inOnderzoek (in-onderzoek.feature): a running onderzoek of the whole category, group 10
//     adreshouding (or 10.10 functie adres, 10.30 datum aanvang) or group 11 adres (or 11.80
//     identificatiecode verblijfplaats); not vastgesteld verblijft niet op adres, not an ended onderzoek.
// Voorkomens marked onjuist (84.10) are left out entirely (onjuist-gba.feature). A briefadres (functie adres
// B) makes no bewoner of the object (overzicht-gba.feature, test/briefadres-gba.feature), but as a voorkomen
// it still ends the previous one and bounds the next one's onzekerheidsperiode.

export interface Verblijf {
  van: number;
  tot: number;
  zeker: boolean;
  inOnderzoek: boolean;
}

/** The first day of a stored date (-Infinity when unknown): the cut-off a datum ingang or opschorting makes. */
function eersteDag(raw: string | undefined): number {
  return onzekerheidsperiode(raw).eerste;
}

/** The day opschorting bijhouding starts; Infinity without one (or without a usable date). */
export function opschortingsdag(pl: StoredPersoonslijst): number {
  const o = pl.opschortingBijhouding;
  if (!o?.reden?.code?.trim()) return Infinity;
  const dag = eersteDag(o.datum);
  return Number.isFinite(dag) ? dag : Infinity;
}

function verblijfplaatsInOnderzoek(o: HistorieOnderzoek): boolean {
  if (!o.lopend || o.vastgesteldVerblijftNietOpAdres) return false;
  return o.raakt('10', '10', '30') || o.raakt('11', '80');
}

/** The ranges in which the person (may have) lived on the adresseerbaar object, unclipped. */
export function verblijven(pl: StoredPersoonslijst, adresseerbaarObjectIdentificatie: string): Verblijf[] {
  // Stored newest first; oldest first here, as the rules read.
  const lijst = pl.verblijfplaatsen.filter((v) => !isOnjuist(v)).reverse();
  const o: Onzekerheidsperiode[] = lijst.map((v) => onzekerheidsperiode(aanvang(v)));
  const mogelijkVanaf = o.map((eigen, i) => {
    const vorige = o[i - 1];
    if (eigen.bekend || !vorige) return eigen.eerste;
    return Math.max(eigen.eerste, vorige.bekend ? vorige.eerste + 1 : vorige.eerste);
  });
  const zekerVanaf = o.map((eigen, i) => (eigen.bekend ? eigen.eerste : Math.max(eigen.naLaatste, mogelijkVanaf[i])));
  const opgeschort = opschortingsdag(pl);

  const out: Verblijf[] = [];
  lijst.forEach((v, i) => {
    if (adresseerbaarObject(v) !== adresseerbaarObjectIdentificatie || isBriefadres(v)) return;
    const heeftVolgende = i + 1 < lijst.length;
    let zekerTot = heeftVolgende ? mogelijkVanaf[i + 1] : Infinity;
    let mogelijkTot = heeftVolgende ? zekerVanaf[i + 1] : Infinity;

    const onderzoek = new HistorieOnderzoek(v.inOnderzoek);
    if (onderzoek.vastgesteldVerblijftNietOpAdres) {
      const ingang = eersteDag(v.inOnderzoek?.datumIngangOnderzoek);
      if (!onderzoek.beeindigd) {
        zekerTot = Math.min(zekerTot, ingang);
        mogelijkTot = Math.min(mogelijkTot, ingang);
      } else if (heeftVolgende && eersteDag(onderzoek.datumEinde) >= o[i + 1].eerste) {
        zekerTot = Math.min(zekerTot, ingang);
      }
    }
    zekerTot = Math.min(zekerTot, opgeschort);
    mogelijkTot = Math.min(mogelijkTot, opgeschort);

    const inOnderzoek = verblijfplaatsInOnderzoek(onderzoek);
    if (zekerVanaf[i] < zekerTot) out.push({ van: zekerVanaf[i], tot: zekerTot, zeker: true, inOnderzoek });
    if (mogelijkVanaf[i] < mogelijkTot) out.push({ van: mogelijkVanaf[i], tot: mogelijkTot, zeker: false, inOnderzoek });
  });
  return out;
}
