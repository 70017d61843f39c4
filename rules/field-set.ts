// A purpose's field set: upstream dotted paths, each standing for its subtree.
// `permits` answers for one selected path; `mayEnter` whether anything below a
// group could be permitted (so the group itself may be selected).
//
// `*` is every field of BRP Personen. The other APIs of the family (src/domains/brp/apis.ts) sit
// under their own prefix and are never part of `*`: a purpose gets the verblijfplaatshistorie or
// the reisdocumenten only by naming them (`verblijfplaatshistorie.*`, `reisdocumenten.soort`).

// The BRP's domestic aliases show a subset of their source group: a set that holds the group holds them.
import { unaliasDomestic as unalias } from '../src/domains/brp/vocabulary.ts';
import { apiOfPath } from '../src/domains/brp/apis.ts';

export class FieldSet {
  private readonly paths: readonly string[];
  /** Every Personen field (`*`). */
  readonly everything: boolean;

  constructor(paths: readonly string[]) {
    this.paths = paths.map((p) => (p.endsWith('.*') ? p.slice(0, -2) : p));
    this.everything = this.paths.includes('*');
  }

  /** True when the path, or a group containing it, is in the set. */
  permits(path: string): boolean {
    const api = apiOfPath(path);
    if (this.everything && !api) return true;
    return this.covers(path, api) || this.covers(unalias(path), api);
  }

  /** True when the path is permitted or has a permitted descendant. */
  mayEnter(path: string): boolean {
    if (this.permits(path)) return true;
    const prefix = `${path}.`;
    const unaliased = `${unalias(path)}.`;
    return this.paths.some((p) => p.startsWith(prefix) || p.startsWith(unaliased));
  }

  /** Whether anything of this API (by its prefix) is in the set. */
  hasAnyOf(prefix: string): boolean {
    return this.mayEnter(prefix);
  }

  list(): readonly string[] {
    return this.paths;
  }

  /** Below another API's prefix only the API's own paths count: `verblijfplaats` is not its `bewoning`. */
  private covers(path: string, api = apiOfPath(path)): boolean {
    return this.paths.some((p) => (path === p || path.startsWith(`${p}.`)) && (!api || apiOfPath(p) === api));
  }
}
