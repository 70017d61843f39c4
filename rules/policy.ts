// Loads and validates the policy file (rules/policy.yaml). Every problem is
// reported with file, line and key, and stops the start-up: a policy that is
// half understood must never be half enforced.
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { validFieldPaths } from '../src/brp/field-catalogue.ts';

export const BRP_QUERY_TYPES = [
  'RaadpleegMetBurgerservicenummer',
  'ZoekMetGeslachtsnaamEnGeboortedatum',
  'ZoekMetNaamEnGemeenteVanInschrijving',
  'ZoekMetPostcodeEnHuisnummer',
  'ZoekMetStraatHuisnummerEnGemeenteVanInschrijving',
  'ZoekMetNummeraanduidingIdentificatie',
  'ZoekMetAdresseerbaarObjectIdentificatie',
] as const;
export type BrpQueryType = (typeof BRP_QUERY_TYPES)[number];

export interface Purpose {
  id: string;
  description: string;
  /** Id of the processing activity in the register of processing activities (AVG art. 30); goes to the protocol log. */
  processingActivity: string;
  /** Upstream dotted paths, each standing for its subtree; `*` is everything. */
  fields: readonly string[];
  queries: ReadonlySet<BrpQueryType>;
  nationwide: boolean;
  includeDeceased: boolean;
  secretPersons: boolean;
}

export interface ClientRegistration {
  id: string;
  description: string;
  /** SaaS applications: personal data only through a delegated token with an employee behind it. */
  requiresUser: boolean;
  purposes: ReadonlySet<string>;
}

export interface Policy {
  source: string;
  purposes: ReadonlyMap<string, Purpose>;
  roles: ReadonlyMap<string, ReadonlySet<string>>;
  clients: ReadonlyMap<string, ClientRegistration>;
}

export class PolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`policy invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'PolicyError';
  }
}

/** Delivered by the upstream without being asked; a policy may still grant or withhold them. */
const AUTO_DELIVERED = new Set(['geheimhoudingPersoonsgegevens', 'opschortingBijhouding', 'rni', 'verificatie', 'inOnderzoek']);

/**
 * Paths a field set may name: the upstream's own (all response types), the
 * automatically delivered groups, `x.inOnderzoek`, plus `*` and `x.*`.
 */
function isKnownFieldPath(path: string): boolean {
  if (path === '*') return true;
  const bare = path.endsWith('.*') ? path.slice(0, -2) : path;
  const known = (p: string) => validFieldPaths('Persoon').has(p) || validFieldPaths('GezagPersoonBeperkt').has(p);
  if (known(bare) || AUTO_DELIVERED.has(bare.split('.')[0])) return true;
  const at = bare.indexOf('.inOnderzoek');
  return at > 0 && known(bare.slice(0, at));
}

class Reader {
  readonly problems: string[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  problem(node: YamlNode | null | undefined, key: string, message: string): void {
    const offset = node?.range?.[0];
    const at = offset === undefined ? '' : `:${this.lines.linePos(offset).line}:${this.lines.linePos(offset).col}`;
    this.problems.push(`${this.file}${at} ${key}: ${message}`);
  }

  map(node: unknown, key: string): Array<[string, YamlNode | null, YamlNode]> {
    if (!isMap(node)) {
      this.problem(node as YamlNode, key, 'must be a mapping');
      return [];
    }
    return node.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), pair.value as YamlNode | null, pair.key as YamlNode]);
  }

  stringList(node: YamlNode | null, key: string): string[] {
    if (!isSeq(node)) {
      this.problem(node, key, 'must be a list');
      return [];
    }
    return node.items.flatMap((item, i) => {
      if (isScalar(item) && typeof item.value === 'string' && item.value.trim()) return [item.value.trim()];
      this.problem(item as YamlNode, `${key}[${i}]`, 'must be a non-empty string');
      return [];
    });
  }

  string(node: YamlNode | null, key: string, required = true): string {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim()) return node.value.trim();
    if (required || node) this.problem(node, key, 'must be a non-empty string');
    return '';
  }

  boolean(node: YamlNode | null, key: string, fallback: boolean): boolean {
    if (node === null || node === undefined) return fallback;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.problem(node, key, 'must be true or false');
    return fallback;
  }

  unknownKeys(entries: Array<[string, YamlNode | null, YamlNode]>, allowed: string[], key: string): void {
    for (const [name, , keyNode] of entries) {
      if (!allowed.includes(name)) this.problem(keyNode, `${key}.${name}`, `unknown key (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function parsePolicy(text: string, file = 'rules/policy.yaml'): Policy {
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const r = new Reader(file, lines);
  for (const error of doc.errors) {
    const pos = error.linePos?.[0];
    r.problems.push(`${file}${pos ? `:${pos.line}:${pos.col}` : ''} YAML: ${error.message.split('\n')[0]}`);
  }
  if (r.problems.length) throw new PolicyError(r.problems);

  const top = r.map(doc.contents, '(top)');
  r.unknownKeys(top, ['purposes', 'roles', 'clients'], '(top)');
  const section = (name: string) => top.find(([k]) => k === name)?.[1] ?? null;

  const purposes = new Map<string, Purpose>();
  for (const [id, node, keyNode] of r.map(section('purposes'), 'purposes')) {
    const key = `purposes.${id}`;
    const entries = r.map(node, key);
    r.unknownKeys(entries, ['description', 'processingActivity', 'fields', 'queries', 'nationwide', 'includeDeceased', 'secretPersons'], key);
    const get = (name: string) => entries.find(([k]) => k === name)?.[1] ?? null;
    const fieldsNode = get('fields');
    const fields = r.stringList(fieldsNode, `${key}.fields`);
    fields.forEach((path, i) => {
      if (!isKnownFieldPath(path)) {
        r.problem(isSeq(fieldsNode) ? (fieldsNode.items[i] as YamlNode) : fieldsNode, `${key}.fields[${i}]`, `unknown BRP field path "${path}"`);
      }
    });
    const queriesNode = get('queries');
    const queries = r.stringList(queriesNode, `${key}.queries`);
    queries.forEach((q, i) => {
      if (!(BRP_QUERY_TYPES as readonly string[]).includes(q)) {
        r.problem(isSeq(queriesNode) ? (queriesNode.items[i] as YamlNode) : queriesNode, `${key}.queries[${i}]`, `unknown BRP query type "${q}" (known: ${BRP_QUERY_TYPES.join(', ')})`);
      }
    });
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) r.problem(keyNode, key, 'purpose ids are lower-case letters, digits and dashes');
    purposes.set(id, {
      id,
      description: r.string(get('description'), `${key}.description`),
      processingActivity: r.string(get('processingActivity'), `${key}.processingActivity`),
      fields,
      queries: new Set(queries as BrpQueryType[]),
      nationwide: r.boolean(get('nationwide'), `${key}.nationwide`, false),
      includeDeceased: r.boolean(get('includeDeceased'), `${key}.includeDeceased`, false),
      secretPersons: r.boolean(get('secretPersons'), `${key}.secretPersons`, false),
    });
  }

  const purposeRefs = (node: YamlNode | null, key: string): Set<string> => {
    const ids = r.stringList(node, key);
    ids.forEach((id, i) => {
      if (!purposes.has(id)) r.problem(isSeq(node) ? (node.items[i] as YamlNode) : node, `${key}[${i}]`, `unknown purpose "${id}"`);
    });
    return new Set(ids);
  };

  const roles = new Map<string, Set<string>>();
  for (const [role, node] of r.map(section('roles'), 'roles')) roles.set(role, purposeRefs(node, `roles.${role}`));

  const clients = new Map<string, ClientRegistration>();
  for (const [id, node] of r.map(section('clients'), 'clients')) {
    const key = `clients.${id}`;
    const entries = r.map(node, key);
    r.unknownKeys(entries, ['description', 'requiresUser', 'purposes'], key);
    const get = (name: string) => entries.find(([k]) => k === name)?.[1] ?? null;
    clients.set(id, {
      id,
      description: r.string(get('description'), `${key}.description`),
      requiresUser: r.boolean(get('requiresUser'), `${key}.requiresUser`, false),
      purposes: purposeRefs(get('purposes'), `${key}.purposes`),
    });
  }

  if (r.problems.length) throw new PolicyError(r.problems);
  return { source: file, purposes, roles, clients };
}

export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new PolicyError([`${file}: cannot read the policy file`]);
  }
  return parsePolicy(text, file);
}
