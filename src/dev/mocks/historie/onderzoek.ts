import { toDatum } from '../brp/dates.ts';
import type { JsonObject } from '../brp/json.ts';
import type { StoredHistorieInOnderzoek } from './storage.ts';

// LO GBA 'aanduiding gegevens in onderzoek' (83.10) on a verblijfplaats voorkomen: CCGGEE with category
// 08 (actual) or 58 (historic), group GG and element EE; GG = 00 is the whole category, EE = 00 the
// whole group. GGEE = 9999 is no onderzoek of data but 'vastgesteld verblijft niet op adres'.
// An onderzoek with a datum einde (83.30) is beëindigd: it is not delivered as inOnderzoek
// (raadpleeg-verblijfplaats-met-periode/in-onderzoek.feature, vastgesteld-verblijft-niet-op-adres.feature).

const CODE = /^(08|58)(\d{2})(\d{2})$/;

export class HistorieOnderzoek {
  private readonly groep: string;
  private readonly element: string;
  /** datumIngangOnderzoek as an API date, when there is a valid aanduiding. */
  readonly datumIngang: JsonObject | undefined;
  /** The aanduiding is 089999 or 589999. */
  readonly vastgesteldVerblijftNietOpAdres: boolean;
  /** The onderzoek has a datum einde. */
  readonly beeindigd: boolean;
  readonly datumEinde: string | undefined;

  constructor(stored: StoredHistorieInOnderzoek | undefined) {
    const m = CODE.exec(stored?.aanduidingGegevensInOnderzoek?.trim() ?? '');
    this.vastgesteldVerblijftNietOpAdres = m !== null && m[2] === '99' && m[3] === '99';
    const einde = stored?.datumEindeOnderzoek?.trim();
    this.datumEinde = einde && /^\d{8}$/.test(einde) ? einde : undefined;
    this.beeindigd = this.datumEinde !== undefined;
    if (m && !this.beeindigd) {
      // A running 'vastgesteld verblijft niet op adres' puts every field of the voorkomen in onderzoek.
      this.groep = this.vastgesteldVerblijftNietOpAdres ? '00' : m[2];
      this.element = this.vastgesteldVerblijftNietOpAdres ? '00' : m[3];
    } else {
      this.groep = '';
      this.element = '';
    }
    this.datumIngang = m ? toDatum(stored?.datumIngangOnderzoek) : undefined;
  }

  /** Is something in onderzoek (a running onderzoek, not ended)? */
  get lopend(): boolean {
    return this.groep !== '';
  }

  /** Element GG.EE, through the whole category, the whole group or the element itself. */
  raakt(groep: string, ...elementen: string[]): boolean {
    if (!this.lopend) return false;
    if (this.groep === '00') return true;
    return this.groep === groep && (this.element === '00' || elementen.includes(this.element));
  }

  /** Element GG.EE itself or the whole category, not the whole group. */
  raaktAlleenElement(groep: string, element: string): boolean {
    if (!this.lopend) return false;
    return this.groep === '00' || (this.groep === groep && this.element === element);
  }

  /**
   * Is the start date of this voorkomen in onderzoek, as seen from the previous (older) voorkomen
   * whose datumTot it is? 'Vastgesteld verblijft niet op adres' never concerns the start of an
   * address, so it does not count here.
   */
  get aanvangInOnderzoek(): boolean {
    if (!this.lopend || this.vastgesteldVerblijftNietOpAdres) return false;
    return this.raakt('10', '30') || this.raakt('13', '20');
  }
}
