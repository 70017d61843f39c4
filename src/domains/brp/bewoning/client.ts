// POST {BRP_BEWONING_URL}/bewoningen (BRP Bewoning 2.1): who lived at an adresseerbaar object on a
// peildatum or in a period, as bewoningen split at each move in or out.
import { UpstreamError } from '../../../base/upstream/upstream-error.ts';
import type { BrpClient, CallOptions } from '../client.ts';
import type { BewoningQuestion } from './input.ts';

export interface Bewoner {
  burgerservicenummer?: string;
  geheimhoudingPersoonsgegevens?: boolean;
  [field: string]: unknown;
}

export interface Bewoning {
  adresseerbaarObjectIdentificatie?: string;
  periode?: { datumVan?: string; datumTot?: string };
  bewoners?: Bewoner[];
  mogelijkeBewoners?: Bewoner[];
  indicatieVeelBewoners?: boolean;
}

/**
 * Per request: one call per address and question, however often the operation asks it; calls for
 * different addresses run concurrently within the client's pool.
 */
export class BewoningLoader {
  private readonly answers = new Map<string, Promise<Bewoning[]>>();

  constructor(
    private readonly http: BrpClient,
    private readonly options: CallOptions = {},
  ) {}

  load(adresseerbaarObjectIdentificatie: string, question: BewoningQuestion): Promise<Bewoning[]> {
    const key = JSON.stringify([adresseerbaarObjectIdentificatie, question]);
    let answer = this.answers.get(key);
    if (!answer) {
      answer = this.http.post('/bewoningen', { ...question, adresseerbaarObjectIdentificatie }, this.options).then((json) => {
        const list = (json as { bewoningen?: unknown }).bewoningen ?? [];
        if (!Array.isArray(list)) throw new UpstreamError('unexpected', { status: 200 });
        return list as Bewoning[];
      });
      this.answers.set(key, answer);
    }
    return answer;
  }
}
