// POST {BRP_HISTORIE_URL}/verblijfplaatshistorie (BRP Verblijfplaatshistorie bevragen 2.0) for one
// person and one peildatum or period. The API has no `fields` parameter: the answer comes whole, and
// what the purpose permits of it is decided (and recorded) by the plan, not here.
import { UpstreamError } from '../../../base/upstream/upstream-error.ts';
import type { BrpClient, CallOptions } from '../client.ts';
import type { HistorieQuestion } from './input.ts';

/** The answer, in the spec's shape (VerblijfplaatshistorieQueryResponse). */
export interface HistorieAntwoord {
  verblijfplaatsen: Array<Record<string, unknown>>;
  geheimhoudingPersoonsgegevens?: boolean;
  opschortingBijhouding?: unknown;
}

export async function verblijfplaatshistorie(http: BrpClient, burgerservicenummer: string, question: HistorieQuestion, options: CallOptions = {}): Promise<HistorieAntwoord> {
  const json = (await http.post('/verblijfplaatshistorie', { ...question, burgerservicenummer }, options)) as Partial<HistorieAntwoord>;
  const verblijfplaatsen = json.verblijfplaatsen ?? [];
  if (!Array.isArray(verblijfplaatsen)) throw new UpstreamError('unexpected', { status: 200 });
  return { verblijfplaatsen, geheimhoudingPersoonsgegevens: json.geheimhoudingPersoonsgegevens, opschortingBijhouding: json.opschortingBijhouding };
}

/**
 * Per request: one call per person and question, however often the operation asks it (aliases,
 * fragments, the same person reached twice). Calls for different persons run concurrently; the
 * client's connection pool bounds how many at once.
 */
export class HistorieLoader {
  private readonly answers = new Map<string, Promise<HistorieAntwoord>>();

  constructor(
    private readonly http: BrpClient,
    private readonly options: CallOptions = {},
  ) {}

  load(burgerservicenummer: string, question: HistorieQuestion): Promise<HistorieAntwoord> {
    const key = JSON.stringify([burgerservicenummer, question]);
    let answer = this.answers.get(key);
    if (!answer) {
      answer = verblijfplaatshistorie(this.http, burgerservicenummer, question, this.options);
      this.answers.set(key, answer);
    }
    return answer;
  }
}
