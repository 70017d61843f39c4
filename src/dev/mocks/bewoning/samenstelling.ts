import type { JsonObject } from '../brp/json.ts';
import { isoDatum } from './periode.ts';
import type { StoredPersoonslijst } from './storage.ts';
import { verblijven, type Verblijf } from './verblijf.ts';

// The asked days [van, tot) cut into bewoningen: a new bewoning at every day the samenstelling changes —
// someone moves in or out, becomes a mogelijke bewoner at the start of an onzekerheidsperiode or a
// bewoner after it, or stops being one (bewoning-samenstellingen-gba.feature,
// bewoning-samenstellingen-mogelijke-bewoners-gba.feature). Days without anyone give no bewoning; adjacent
// days with the same samenstelling are one bewoning, also across two voorkomens of a person on the same
// object. A peildatum is the one day [peildatum, peildatum + 1). A bewoning with more than 100 bewoners and
// mogelijke bewoners lists none, so adjacent ones of that kind are one bewoning too (veel-bewoners.feature:
// 101 mogelijke bewoners who become bewoners within the period give one bewoning).

/** Above this many bewoners and mogelijke bewoners together, a bewoning lists none (veel-bewoners.feature). */
export const MAX_BEWONERS = 100;

interface Lid {
  bsn: string;
  zeker: boolean;
  geheim: boolean;
  inOnderzoek: boolean;
}

interface Deel {
  van: number;
  tot: number;
  leden: Lid[];
  sleutel: string;
}

/** indicatie geheim 1..7 is geheimhoudingPersoonsgegevens true (geheimhouding.feature); 0 is not delivered. */
function isGeheim(pl: StoredPersoonslijst): boolean {
  const n = Number(pl.geheimhoudingPersoonsgegevens?.trim() ?? '0');
  return Number.isFinite(n) && n > 0;
}

function bewoner(lid: Lid): JsonObject {
  const b: JsonObject = { burgerservicenummer: lid.bsn };
  if (lid.geheim) b.geheimhoudingPersoonsgegevens = true;
  if (lid.inOnderzoek) b.inOnderzoek = true;
  return b;
}

export function bewoningen(
  adresseerbaarObjectIdentificatie: string,
  persoonslijsten: readonly StoredPersoonslijst[],
  van: number,
  tot: number,
): JsonObject[] {
  const personen = persoonslijsten
    .map((pl) => ({
      pl,
      geheim: isGeheim(pl),
      verblijven: verblijven(pl, adresseerbaarObjectIdentificatie)
        .map((v): Verblijf => ({ ...v, van: Math.max(v.van, van), tot: Math.min(v.tot, tot) }))
        .filter((v) => v.van < v.tot),
    }))
    .filter((p) => p.verblijven.length > 0)
    .sort((a, b) => (a.pl.burgerservicenummer < b.pl.burgerservicenummer ? -1 : a.pl.burgerservicenummer > b.pl.burgerservicenummer ? 1 : 0));

  const grenzen = new Set<number>();
  for (const p of personen) for (const v of p.verblijven) grenzen.add(v.van).add(v.tot);
  const dagen = [...grenzen].sort((a, b) => a - b);

  const delen: Deel[] = [];
  for (let i = 0; i + 1 < dagen.length; i++) {
    const a = dagen[i];
    const b = dagen[i + 1];
    const leden: Lid[] = [];
    for (const p of personen) {
      const dekkend = p.verblijven.filter((v) => v.van <= a && v.tot >= b);
      if (dekkend.length === 0) continue;
      leden.push({
        bsn: p.pl.burgerservicenummer,
        zeker: dekkend.some((v) => v.zeker),
        geheim: p.geheim,
        inOnderzoek: dekkend.some((v) => v.inOnderzoek),
      });
    }
    if (leden.length === 0) continue;
    const sleutel = leden.length > MAX_BEWONERS ? 'veel' : JSON.stringify(leden);
    const vorige = delen[delen.length - 1];
    if (vorige && vorige.tot === a && vorige.sleutel === sleutel) vorige.tot = b;
    else delen.push({ van: a, tot: b, leden, sleutel });
  }

  return delen.map((d) => {
    const veel = d.leden.length > MAX_BEWONERS;
    const bewoning: JsonObject = {
      adresseerbaarObjectIdentificatie,
      periode: { datumVan: isoDatum(d.van), datumTot: isoDatum(d.tot) },
      bewoners: veel ? [] : d.leden.filter((l) => l.zeker).map(bewoner),
      mogelijkeBewoners: veel ? [] : d.leden.filter((l) => !l.zeker).map(bewoner),
    };
    if (veel) bewoning.indicatieVeelBewoners = true;
    return bewoning;
  });
}
