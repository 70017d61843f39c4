// Loads and validates the policy file (rules/policy.yaml). Every problem is
// reported with file, line and key, and stops the start-up: a policy that is
// half understood must never be half enforced.
import { readFileSync } from 'node:fs';
import type { Node as YamlNode } from 'yaml';
import { field, keyPath, readYaml, type Fields } from '../src/base/config/yaml-reader.ts';
import { validFieldPaths } from '../src/domains/brp/field-catalogue.ts';

import { BRP_QUERY_TYPES, POLICY_QUERY_TYPES, type BrpQueryType, type PolicyQueryType } from '../src/domains/brp/query-types.ts';
import { apiOfPath, apiOfQueryType, BRP_APIS } from '../src/domains/brp/apis.ts';
import { requiredCriteria } from '../src/domains/brp/search-criteria.ts';
import { AUTO_DELIVERED_ROOT_FIELDS, IN_ONDERZOEK } from '../src/domains/brp/vocabulary.ts';
import { FieldSet } from './field-set.ts';
import { describeIssue, misuseSignals, PolicyFileSchema } from './policy-schema.ts';
import type { z } from 'zod';
import { parseRate, type QuotaLimits } from '../src/base/config/rate.ts';

export { BRP_QUERY_TYPES, POLICY_QUERY_TYPES, type BrpQueryType, type PolicyQueryType };

export interface Purpose {
  id: string;
  description: string;
  /** Id of the processing activity in the register of processing activities (AVG art. 30); goes to the protocol log. */
  processingActivity: string;
  /** Where the policy names it (`file:line:col key`), for the check against the verwerkingsregister. */
  processingActivityAt?: string;
  /** Upstream dotted paths, each standing for its subtree; `*` is everything. */
  fields: readonly string[];
  /** Query types of Personen and of the other APIs (src/domains/brp/apis.ts). */
  queries: ReadonlySet<PolicyQueryType>;
  nationwide: boolean;
  includeDeceased: boolean;
  secretPersons: boolean;
  /** BRP requests under this purpose need a token issued at most this many seconds ago. */
  maxTokenAgeSeconds?: number;
  /** Per employee under this purpose: persons disclosed and operations per window (overrides the deployment's). */
  quota?: QuotaLimits;
  /**
   * The privacy officer's purpose: may read the protocol log (by subject, employee, purpose, period)
   * and its misuse signals over GraphQL. Only an employee holds it; every answer is itself protocolled.
   */
  oversight: boolean;
}

export interface ClientRegistration {
  id: string;
  description: string;
  /** SaaS applications: personal data only through a delegated token with an employee behind it. */
  requiresUser: boolean;
  /** When set, only tokens of these issuers count for this client (several trusted issuers). */
  issuers?: ReadonlySet<string>;
  purposes: ReadonlySet<string>;
  /** For the client as a whole: persons disclosed and operations per window. */
  quota?: QuotaLimits;
}

/** Thresholds of the misuse signals (src/engine/protocol/anomalies.ts); defaults when the policy names none. */
export type MisuseThresholds = z.infer<typeof misuseSignals>;

export const DEFAULT_MISUSE_THRESHOLDS: MisuseThresholds = {
  baselineDays: 28,
  volumeFactor: 3,
  minimumPersons: 20,
  officeHours: { from: '07:00', to: '19:00', weekdays: [1, 2, 3, 4, 5] },
};

export interface Policy {
  source: string;
  misuseSignals: MisuseThresholds;
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
const AUTO_DELIVERED = new Set([...AUTO_DELIVERED_ROOT_FIELDS, IN_ONDERZOEK]);

/**
 * Paths a field set may name: the upstream's own (all response types), the
 * automatically delivered groups, `x.inOnderzoek`, plus `*` and `x.*`.
 */
function isKnownFieldPath(path: string): boolean {
  if (path === '*') return true;
  const bare = path.endsWith('.*') ? path.slice(0, -2) : path;
  // Another API of the family: its prefix, or a path its answers hold below it.
  const api = apiOfPath(bare);
  if (api) return bare === api.prefix || api.fieldPaths().has(bare.slice(api.prefix.length + 1));
  const known = (p: string) => validFieldPaths('Persoon').has(p) || validFieldPaths('GezagPersoonBeperkt').has(p);
  if (known(bare) || AUTO_DELIVERED.has(bare.split('.')[0])) return true;
  const at = bare.indexOf('.inOnderzoek');
  return at > 0 && known(bare.slice(0, at));
}

const PURPOSE_KEYS = ['description', 'processingActivity', 'fields', 'queries', 'nationwide', 'includeDeceased', 'secretPersons', 'quota', 'maxTokenAgeSeconds', 'oversight'];
const CLIENT_KEYS = ['description', 'requiresUser', 'purposes', 'issuers', 'quota'];

export function parsePolicy(text: string, file = 'rules/policy.yaml'): Policy {
  const { doc, reader: r } = readYaml(text, file);
  if (r.problems.length) throw new PolicyError(r.problems);
  // The shape first, with the definition rules/policy.schema.json is generated from; then the meaning.
  const shape = PolicyFileSchema.safeParse(doc.toJS());
  if (!shape.success) {
    const js = doc.toJS() as unknown;
    const valueAt = (path: PropertyKey[]) => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), js);
    for (const issue of shape.error.issues) {
      for (const { path, message } of describeIssue(issue, valueAt)) {
        const keys = path.map((p) => (typeof p === 'number' ? p : String(p)));
        const node = (doc.getIn(keys, true) ?? doc.getIn(keys.slice(0, -1), true) ?? doc.contents) as YamlNode | null;
        r.problem(node, keyPath(path) || '(top)', message);
      }
    }
    throw new PolicyError(r.problems);
  }

  const top = r.map(doc.contents as YamlNode | null, '(top)', ['purposes', 'roles', 'clients', 'misuseSignals']);
  const section = (name: string) => top.get(name)?.value ?? null;
  /** A required list: absent is a problem, not an empty list. */
  const requiredList = (m: Fields, name: string, parent: YamlNode, key: string): { items: string[]; nodes: YamlNode[] } => {
    const node = m.get(name)?.value;
    if (!node) {
      r.problem(parent, key, 'is required');
      return { items: [], nodes: [] };
    }
    return { items: r.stringList(node, key), nodes: r.list(node, key) };
  };

  /** `quota: { persons: 500/hour, operations: 60/minute }` */
  const quotaOf = (node: YamlNode | null, key: string): { quota?: QuotaLimits } => {
    if (!node) return {};
    const q = r.map(node, key, ['persons', 'operations']);
    const limits: QuotaLimits = {};
    for (const name of ['persons', 'operations'] as const) {
      const value = q.get(name)?.value;
      if (!value) continue;
      const text = r.text(value, `${key}.${name}`);
      if (text === undefined) continue;
      const rate = parseRate(text);
      if (typeof rate === 'string') r.problem(value, `${key}.${name}`, rate);
      else limits[name] = rate;
    }
    if (!limits.persons && !limits.operations && !r.problems.some((p) => p.includes(key))) r.problem(node, key, 'give persons, operations or both (an empty quota would be none)');
    return { quota: limits };
  };

  // Its range was checked with the shape (policy-schema.ts).
  const tokenAgeOf = (node: YamlNode | null): { maxTokenAgeSeconds?: number } => {
    const value = (node as { toJSON?: () => unknown } | null)?.toJSON?.();
    return typeof value === 'number' ? { maxTokenAgeSeconds: value } : {};
  };

  const purposes = new Map<string, Purpose>();
  for (const [id, node, keyNode] of r.entries(section('purposes'), 'purposes')) {
    const key = `purposes.${id}`;
    const m = r.map(node, key, PURPOSE_KEYS);
    const parent = node ?? keyNode;
    const fields = requiredList(m, 'fields', parent, `${key}.fields`);
    fields.items.forEach((path, i) => {
      if (!isKnownFieldPath(path)) r.problem(fields.nodes[i], `${key}.fields[${i}]`, `unknown BRP field path "${path}"`);
    });
    const queries = requiredList(m, 'queries', parent, `${key}.queries`);
    const fieldSet = new FieldSet(fields.items);
    queries.items.forEach((q, i) => {
      if (!(POLICY_QUERY_TYPES as readonly string[]).includes(q)) {
        r.problem(queries.nodes[i], `${key}.queries[${i}]`, `unknown BRP query type "${q}" (known: ${POLICY_QUERY_TYPES.join(', ')})`);
        return;
      }
      const api = apiOfQueryType(q);
      if (api) {
        // A query type of another API without any of its fields could deliver nothing: a mistake, not a grant.
        if (!fieldSet.hasAnyOf(api.prefix)) r.problem(queries.nodes[i], `${key}.queries[${i}]`, `${q} is a ${api.title} query, but the purpose's fields name nothing under "${api.prefix}."`);
        return;
      }
      // A search's criteria reveal person fields: one whose required criteria the purpose does not hold could never be used.
      const outside = requiredCriteria(q as BrpQueryType).filter((c) => !fieldSet.permits(c.reveals));
      if (outside.length) {
        r.problem(queries.nodes[i], `${key}.queries[${i}]`, `${q} needs ${outside.map((c) => `${c.argument} (reveals ${c.reveals})`).join(', ')}, which the purpose's fields do not hold`);
      }
    });
    // …and fields of another API without any of its query types could never be asked.
    for (const api of BRP_APIS) {
      const at = fields.items.findIndex((path) => apiOfPath(path) === api);
      if (at < 0) continue;
      if (api.queryTypes.length && !api.queryTypes.some((q) => queries.items.includes(q))) {
        r.problem(fields.nodes[at], `${key}.fields[${at}]`, `"${fields.items[at]}" is a ${api.title} field, but the purpose's queries name none of ${api.queryTypes.join(', ')}`);
      }
      // Following a link needs its key: without it the link could never be followed.
      if (api.key && !fieldSet.permits(api.key)) {
        r.problem(fields.nodes[at], `${key}.fields[${at}]`, `"${fields.items[at]}" is reached through ${api.key}, which the purpose's fields do not hold`);
      }
    }
    // Reading the protocol is oversight, not a lookup: a purpose that may do both would let an investigator
    // look up the persons they investigate under the investigation's purpose.
    const oversightNode = m.get('oversight')?.value ?? null;
    if ((oversightNode as { toJSON?: () => unknown } | null)?.toJSON?.() === true && (fields.items.length || queries.items.length)) {
      r.problem(oversightNode, `${key}.oversight`, 'an oversight purpose reads the protocol only: its fields and queries must be empty');
    }
    purposes.set(id, {
      id,
      description: r.text(field(m, 'description', parent), `${key}.description`) ?? '',
      processingActivity: r.text(field(m, 'processingActivity', parent), `${key}.processingActivity`) ?? '',
      processingActivityAt: r.where(field(m, 'processingActivity', parent), `${key}.processingActivity`),
      fields: fields.items,
      queries: new Set(queries.items as PolicyQueryType[]),
      nationwide: r.boolean(m.get('nationwide')?.value, `${key}.nationwide`, false),
      includeDeceased: r.boolean(m.get('includeDeceased')?.value, `${key}.includeDeceased`, false),
      secretPersons: r.boolean(m.get('secretPersons')?.value, `${key}.secretPersons`, false),
      oversight: r.boolean(m.get('oversight')?.value, `${key}.oversight`, false),
      ...quotaOf(m.get('quota')?.value ?? null, `${key}.quota`),
      ...tokenAgeOf(m.get('maxTokenAgeSeconds')?.value ?? null),
    });
  }

  const purposeRefs = (node: YamlNode | null, key: string): Set<string> => {
    const nodes = r.list(node, key);
    const ids = r.stringList(node, key);
    ids.forEach((id, i) => {
      if (!purposes.has(id)) r.problem(nodes[i], `${key}[${i}]`, `unknown purpose "${id}"`);
    });
    return new Set(ids);
  };

  const roles = new Map<string, Set<string>>();
  for (const [role, node] of r.entries(section('roles'), 'roles')) roles.set(role, purposeRefs(node, `roles.${role}`));

  const clients = new Map<string, ClientRegistration>();
  for (const [id, node, keyNode] of r.entries(section('clients'), 'clients')) {
    const key = `clients.${id}`;
    const m = r.map(node, key, CLIENT_KEYS);
    const parent = node ?? keyNode;
    clients.set(id, {
      id,
      description: r.text(field(m, 'description', parent), `${key}.description`) ?? '',
      requiresUser: r.boolean(m.get('requiresUser')?.value, `${key}.requiresUser`, false),
      purposes: purposeRefs(m.get('purposes')?.value ?? null, `${key}.purposes`),
      ...(m.has('issuers') ? { issuers: new Set(r.stringList(m.get('issuers')?.value, `${key}.issuers`)) } : {}),
      ...quotaOf(m.get('quota')?.value ?? null, `${key}.quota`),
    });
  }

  if (r.problems.length) throw new PolicyError(r.problems);
  // The shape check above validated it; the section is plain values.
  const signals = shape.data.misuseSignals;
  return { source: file, purposes, roles, clients, misuseSignals: signals ?? DEFAULT_MISUSE_THRESHOLDS };
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
