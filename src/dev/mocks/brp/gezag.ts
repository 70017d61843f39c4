import { berekenLeeftijd } from './dates.ts';
import { volledigeNaam } from './derived.ts';
import { compact, type Json, type JsonObject } from './json.ts';
import { Onderzoek } from './onderzoek.ts';
import { isOverleden, type StoredBsn, type StoredGezag, type StoredPersoon } from './storage.ts';

// Gezag relations of the storage shape to the Gezagsrelatie union. The storage names two-parent
// authority 'TweehoofdigOuderlijkGezag'; the 2.7.0 spec calls it 'GezamenlijkOuderlijkGezag'.
// Entries without a minderjarige are recorded on the minor's own PL.

const TYPE_NAAR_SPEC: Record<string, string> = {
  TweehoofdigOuderlijkGezag: 'GezamenlijkOuderlijkGezag',
  GezamenlijkOuderlijkGezag: 'GezamenlijkOuderlijkGezag',
  EenhoofdigOuderlijkGezag: 'EenhoofdigOuderlijkGezag',
  GezamenlijkGezag: 'GezamenlijkGezag',
  Voogdij: 'Voogdij',
  TijdelijkGeenGezag: 'TijdelijkGeenGezag',
  GezagNietTeBepalen: 'GezagNietTeBepalen',
};

// The test data has no explanation for these two outcomes, but the spec requires one.
const TOELICHTING: Record<string, string> = {
  TijdelijkGeenGezag: 'Tijdelijk geen gezag.',
  GezagNietTeBepalen: 'Gezag is niet te bepalen.',
};

export interface GezagContext {
  byBsn: ReadonlyMap<string, StoredPersoon>;
  now: Date;
}

/** volledigeNaam of a related person: from their own PL, else from this PL's relatives. */
function naamVan(bsn: string, p: StoredPersoon, ctx: GezagContext): JsonObject | undefined {
  const eigen = ctx.byBsn.get(bsn);
  if (eigen) return compact({ volledigeNaam: volledigeNaam(eigen.naam, eigen.geslacht?.code) });
  if (bsn === p.burgerservicenummer) return compact({ volledigeNaam: volledigeNaam(p.naam, p.geslacht?.code) });
  const relaties = [...(p.ouders ?? []), ...(p.partners ?? []), ...(p.kinderen ?? [])];
  const r = relaties.find((x) => x.burgerservicenummer === bsn);
  return r ? compact({ volledigeNaam: volledigeNaam(r.naam, r.geslacht?.code) }) : undefined;
}

function gezagOuder(b: StoredBsn | undefined, p: StoredPersoon, ctx: GezagContext): JsonObject | undefined {
  const bsn = b?.burgerservicenummer;
  if (!bsn) return undefined;
  // naam is required for a GezagOuder; an unresolvable name is an empty object rather than absent.
  return { burgerservicenummer: bsn, naam: naamVan(bsn, p, ctx) ?? {} };
}

function derde(b: StoredBsn | undefined, p: StoredPersoon, ctx: GezagContext): JsonObject | undefined {
  if (!b) return undefined;
  const bsn = b.burgerservicenummer;
  if (!bsn) return { type: 'OnbekendeDerde' };
  return compact({ type: 'BekendeDerde', burgerservicenummer: bsn, naam: naamVan(bsn, p, ctx) });
}

function minderjarige(bsn: string, p: StoredPersoon, ctx: GezagContext): JsonObject {
  const kind = bsn === p.burgerservicenummer ? p : ctx.byBsn.get(bsn);
  const leeftijd = kind && !isOverleden(kind) ? berekenLeeftijd(kind.geboorte?.datum, ctx.now) : undefined;
  return compact({ burgerservicenummer: bsn, naam: naamVan(bsn, p, ctx), leeftijd }) ?? { burgerservicenummer: bsn };
}

function toGezagsrelatie(g: StoredGezag, p: StoredPersoon, inOnderzoek: boolean, ctx: GezagContext): JsonObject | undefined {
  const type = g.type ? TYPE_NAAR_SPEC[g.type] : undefined;
  if (!type) return undefined;
  const list = (items: StoredBsn[] | undefined, map: (b: StoredBsn) => JsonObject | undefined): Json[] | undefined => {
    const out = (items ?? []).map(map).filter((x): x is JsonObject => x !== undefined);
    return out.length > 0 ? out : undefined;
  };
  return compact({
    type,
    minderjarige: minderjarige(g.minderjarige?.burgerservicenummer ?? p.burgerservicenummer, p, ctx),
    ouders: type === 'GezamenlijkOuderlijkGezag' ? list(g.ouders, (o) => gezagOuder(o, p, ctx)) : undefined,
    ouder: type === 'EenhoofdigOuderlijkGezag' || type === 'GezamenlijkGezag' ? gezagOuder(g.ouder, p, ctx) : undefined,
    derde: type === 'GezamenlijkGezag' ? derde(g.derde, p, ctx) : undefined,
    derden: type === 'Voogdij' ? list(g.derden, (d) => derde(d, p, ctx)) : undefined,
    toelichting: TOELICHTING[type],
    inOnderzoek: inOnderzoek ? true : undefined,
  });
}

export function toGezag(p: StoredPersoon, ctx: GezagContext): Json[] | undefined {
  const inOnderzoek = new Onderzoek(p.gezagInOnderzoek).actief;
  const out = (p.gezag ?? [])
    .map((g) => toGezagsrelatie(g, p, inOnderzoek, ctx))
    .filter((x): x is JsonObject => x !== undefined);
  return out.length > 0 ? out : undefined;
}
