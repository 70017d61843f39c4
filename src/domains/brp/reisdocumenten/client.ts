// POST {BRP_REISDOCUMENTEN_URL}/reisdocumenten (Reisdocumenten bevragen): the documents a person
// still holds (ZoekMetBurgerservicenummer), or one document by its number
// (RaadpleegMetReisdocumentnummer), each with exactly the `fields` the plan permits.
import { UpstreamError } from '../../../base/upstream/upstream-error.ts';
import type { BrpClient, CallOptions } from '../client.ts';

export type Reisdocument = Record<string, unknown> & { houder?: { burgerservicenummer?: string } };

async function reisdocumenten(http: BrpClient, body: Record<string, unknown> & { type: string }, options: CallOptions): Promise<Reisdocument[]> {
  const json = (await http.post('/reisdocumenten', body, options)) as { reisdocumenten?: unknown };
  const list = json.reisdocumenten ?? [];
  if (!Array.isArray(list)) throw new UpstreamError('unexpected', { status: 200 });
  return list as Reisdocument[];
}

/**
 * Per request: one call per person (or document number) and field list, however often the
 * operation asks it; calls for different persons run concurrently within the client's pool.
 */
export class ReisdocumentenLoader {
  private readonly answers = new Map<string, Promise<Reisdocument[]>>();

  constructor(
    private readonly http: BrpClient,
    private readonly options: CallOptions = {},
  ) {}

  ofHolder(burgerservicenummer: string, fields: readonly string[]): Promise<Reisdocument[]> {
    return this.memo(['bsn', burgerservicenummer, fields], () => reisdocumenten(this.http, { type: 'ZoekMetBurgerservicenummer', burgerservicenummer, fields: [...fields] }, this.options));
  }

  byNumber(reisdocumentnummer: string, fields: readonly string[]): Promise<Reisdocument[]> {
    return this.memo(['nummer', reisdocumentnummer, fields], () => reisdocumenten(this.http, { type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: [reisdocumentnummer], fields: [...fields] }, this.options));
  }

  private memo(key: unknown[], call: () => Promise<Reisdocument[]>): Promise<Reisdocument[]> {
    const k = JSON.stringify(key);
    let answer = this.answers.get(k);
    if (!answer) this.answers.set(k, (answer = call()));
    return answer;
  }
}
