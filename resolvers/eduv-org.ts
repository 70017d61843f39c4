// Which onderwijsaanbieder an Edu-V object was fetched for, carried on the object under a symbol (never
// serialised, never a GraphQL field): a link from it runs its layers for that onderwijsaanbieder.
type Json = Record<string, unknown>;

const ORG = Symbol('onderwijsaanbieder');

export type Tagged = Json & { [ORG]?: string };

export function tagOrg<T extends object>(org: string, items: readonly T[]): Array<T & Tagged> {
  return items.map((item) => Object.assign({ ...item }, { [ORG]: org }) as T & Tagged);
}

export function orgOf(object: unknown): string {
  const org = (object as Tagged)[ORG];
  if (!org) throw new Error('an Edu-V object without its onderwijsaanbieder');
  return org;
}
