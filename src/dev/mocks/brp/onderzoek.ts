import { toDatum } from './dates.ts';
import type { JsonObject } from './json.ts';
import type { StoredInOnderzoek } from './storage.ts';

// LO GBA 'aanduiding gegevens in onderzoek' (83.10) is a six-digit code CCGGEE: category, group,
// element. GG = 00 puts the whole category in onderzoek, EE = 00 the whole group, otherwise one
// element. The API turns it into booleans on the fields derived from the covered elements.

/** The code that means 'vastgesteld verblijft niet op adres' rather than an investigation. */
const VASTGESTELD_VERBLIJFT_NIET_OP_ADRES = '089999';

export class Onderzoek {
  private readonly groep: string;
  private readonly element: string;
  /** The datumIngangOnderzoek as an API date, when something is in onderzoek. */
  readonly datum: JsonObject | undefined;
  readonly vastgesteldVerblijftNietOpAdres: boolean;

  constructor(stored: StoredInOnderzoek | undefined) {
    const code = stored?.aanduidingGegevensInOnderzoek ?? '';
    this.vastgesteldVerblijftNietOpAdres = code === VASTGESTELD_VERBLIJFT_NIET_OP_ADRES;
    const valid = /^\d{6}$/.test(code) && !this.vastgesteldVerblijftNietOpAdres;
    this.groep = valid ? code.slice(2, 4) : '';
    this.element = valid ? code.slice(4, 6) : '';
    this.datum = valid || this.vastgesteldVerblijftNietOpAdres ? toDatum(stored?.datumIngangOnderzoek) : undefined;
  }

  get actief(): boolean {
    return this.groep !== '';
  }

  /** Is element GG.EE in onderzoek? With `elementen` omitted: is any element of group GG? */
  raakt(groep: string, ...elementen: string[]): boolean {
    if (!this.actief) return false;
    if (this.groep === '00') return true;
    if (this.groep !== groep) return false;
    return this.element === '00' || elementen.length === 0 || elementen.includes(this.element);
  }

  /** Is the whole category, or the whole group GG, in onderzoek? */
  raaktHeleGroep(groep: string): boolean {
    return this.actief && (this.groep === '00' || (this.groep === groep && this.element === '00'));
  }
}

/**
 * Builds an inOnderzoek object: the flags that are true, plus the date under `datumKey`.
 * Undefined when no flag is true: the API only reports what is in onderzoek.
 */
export function onderzoekObject(
  flags: Record<string, boolean>,
  datum: JsonObject | undefined,
  datumKey = 'datumIngangOnderzoek',
): JsonObject | undefined {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(flags)) if (value) out[key] = true;
  if (Object.keys(out).length === 0) return undefined;
  if (datum) out[datumKey] = datum;
  return out;
}
