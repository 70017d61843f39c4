// One PersonLoader per GraphQL request. It batches the BSNs that resolvers ask
// for in the same tick into RaadpleegMetBurgerservicenummer calls of at most 20
// (the upstream's maximum), and fetches each BSN once per request: a later
// request for the same person is served from an earlier fetch whose `fields`
// cover it. Persons with a different selection (e.g. the top level and
// `partners { persoon }`) are different batches, because `fields` is per call.
import DataLoader from 'dataloader';
import type { BrpClient, CallOptions } from './client.ts';

export const MAX_BSNS_PER_UPSTREAM_CALL = 20;

export type UpstreamPerson = Record<string, unknown> & { burgerservicenummer?: string };

export interface PersonLoaderOptions extends CallOptions {
  /** Parameters added to every call, e.g. gemeenteVanInschrijving for a municipality-bound purpose. */
  extraParameters?: Record<string, unknown>;
}

interface Fetched {
  fields: ReadonlySet<string>;
  person: Promise<UpstreamPerson | null>;
}

/**
 * A `fields` list's loader key and set. Callers hand the same array for every person of a selection
 * (the resolvers cache it per executed document), so both are computed once per list, not per person.
 */
const shapes = new WeakMap<readonly string[], { key: string; set: ReadonlySet<string> }>();
function shapeOf(fields: readonly string[]): { key: string; set: ReadonlySet<string> } {
  let shape = shapes.get(fields);
  if (!shape) shapes.set(fields, (shape = { key: fields.join(','), set: new Set(fields) }));
  return shape;
}

export class PersonLoader {
  private readonly loaders = new Map<string, DataLoader<string, UpstreamPerson | null>>();
  private readonly fetched = new Map<string, Fetched[]>();

  constructor(
    private readonly client: BrpClient,
    private readonly options: PersonLoaderOptions = {},
  ) {}

  load(bsn: string, fields: readonly string[]): Promise<UpstreamPerson | null> {
    const shape = shapeOf(fields);
    const earlier = this.fetched.get(bsn)?.find((f) => f.fields === shape.set || fields.every((p) => f.fields.has(p)));
    if (earlier) return earlier.person;
    const person = this.loaderFor(fields, shape.key).load(bsn);
    const list = this.fetched.get(bsn) ?? [];
    list.push({ fields: shape.set, person });
    this.fetched.set(bsn, list);
    return person;
  }

  private loaderFor(fields: readonly string[], key: string): DataLoader<string, UpstreamPerson | null> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader((bsns) => this.fetch(bsns, fields), { maxBatchSize: MAX_BSNS_PER_UPSTREAM_CALL, cache: true });
      this.loaders.set(key, loader);
    }
    return loader;
  }

  private async fetch(bsns: readonly string[], fields: readonly string[]): Promise<Array<UpstreamPerson | null>> {
    const personen = (await this.client.personen(
      {
        type: 'RaadpleegMetBurgerservicenummer',
        burgerservicenummer: [...bsns],
        fields: [...fields],
        ...this.options.extraParameters,
      },
      { trace: this.options.trace },
    )) as UpstreamPerson[];
    const byBsn = new Map(personen.map((p) => [p.burgerservicenummer, p]));
    return bsns.map((bsn) => byBsn.get(bsn) ?? null);
  }
}
