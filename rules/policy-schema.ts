// The shape of rules/policy.yaml, defined once: the loader (policy.ts) validates every file with it
// before its own checks of meaning (field paths, purpose references, search criteria), and
// rules/policy.schema.json — which editors use to complete and check the file — is generated from it
// (`npm run schemas`), so the two cannot drift.
import { z } from 'zod';
import { POLICY_QUERY_TYPES } from '../src/domains/brp/query-types.ts';
import { RATE_FORMAT, RATE_PATTERN } from '../src/base/config/rate.ts';

const rate = z.string().regex(RATE_PATTERN, RATE_FORMAT);
const quota = z.strictObject({ persons: rate.optional(), operations: rate.optional() }).describe('Persons disclosed and operations per window, e.g. { persons: 500/hour, operations: 60/minute }.');

const purpose = z
  .strictObject({
    description: z.string().min(1),
    processingActivity: z.string().min(1).describe('Id of the processing activity in the verwerkingsregister (AVG art. 30).'),
    fields: z.array(z.string().min(1)).describe('BRP field paths as the BRP API names them; each stands for its subtree; `*` is everything.'),
    queries: z.array(z.enum(POLICY_QUERY_TYPES)),
    nationwide: z.boolean().optional(),
    includeDeceased: z.boolean().optional(),
    secretPersons: z.boolean().optional(),
    quota: quota.optional(),
    maxTokenAgeSeconds: z.number().int().min(10).max(86_400).optional().describe('BRP requests need a sign-in at most this long ago.'),
    oversight: z.boolean().optional().describe("The privacy officer's purpose: may read the protocol log and its misuse signals (an employee only; itself protocolled)."),
  })
  .describe('A purpose (doelbinding): what it may see and ask.');

const client = z.strictObject({
  description: z.string().min(1),
  requiresUser: z.boolean().optional().describe('A SaaS application: personal data only with an employee behind it.'),
  purposes: z.array(z.string()).optional(),
  issuers: z.array(z.string()).optional(),
  quota: quota.optional(),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');
export const misuseSignals = z
  .strictObject({
    baselineDays: z.number().int().min(7).max(365).describe('Days before the day examined that make an employee\'s usual behaviour.'),
    volumeFactor: z.number().min(1.5).max(100).describe('Persons looked up on one day above this many times the employee\'s usual daily number is a signal.'),
    minimumPersons: z.number().int().min(1).max(10_000).describe('…and at least this many persons (a quiet employee\'s first busy day is no signal).'),
    officeHours: z.strictObject({ from: hhmm, to: hhmm, weekdays: z.array(z.number().int().min(1).max(7)).min(1).describe('ISO weekdays, 1 = Monday.') }).describe('Lookups outside these hours (Europe/Amsterdam) are a signal.'),
  })
  .describe('Thresholds of the privacy officer\'s misuse signals (npm run protocol:anomalies).');

export const PolicyFileSchema = z
  .strictObject({
    purposes: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'purpose ids are lower-case letters, digits and dashes'), purpose),
    roles: z.record(z.string(), z.array(z.string())).describe('Role → the purposes it grants.'),
    clients: z.record(z.string(), client).describe('The one client registry: every client id that may call the facade.'),
    misuseSignals: misuseSignals.optional(),
  })
  .describe('Authorisation policy of the BRP / Edu-V facade (rules/policy.yaml).');

export function policyJsonSchema(): Record<string, unknown> {
  return { $id: 'https://facade.example/rules/policy.schema.json', ...z.toJSONSchema(PolicyFileSchema, { target: 'draft-2020-12' }) } as Record<string, unknown>;
}

/** Zod's issues in the loader's words: the key path and the same phrases its own checks use. */
export function describeIssue(issue: z.core.$ZodIssue, valueAt: (path: PropertyKey[]) => unknown): { path: PropertyKey[]; message: string }[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ path: [...issue.path, k], message: 'unknown key' }));
  if (issue.code === 'invalid_type' && valueAt(issue.path) === undefined) return [{ path: issue.path, message: 'is required' }];
  if (issue.code === 'invalid_type' && issue.expected === 'array') return [{ path: issue.path, message: 'must be a list' }];
  if (issue.code === 'invalid_value' && issue.path.includes('queries')) {
    return [{ path: issue.path, message: `unknown BRP query type "${String(valueAt(issue.path)).slice(0, 80)}" (known: ${POLICY_QUERY_TYPES.join(', ')})` }];
  }
  return [{ path: issue.path, message: issue.message }];
}
