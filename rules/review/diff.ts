// What a change of the policy adds and takes away, per purpose — what a privacy
// officer signs off on: fields, query types, object-rule switches, the roles and
// clients that hold the purpose; purposes added and removed.
import { FieldSet } from '../field-set.ts';
import type { Policy, Purpose } from '../policy.ts';

export interface PurposeChange {
  purpose: string;
  status: 'added' | 'removed' | 'changed';
  lines: string[];
}

const gainedLost = (label: string, before: readonly string[], after: readonly string[]): string[] => {
  const a = new Set(before);
  const b = new Set(after);
  return [...[...b].filter((x) => !a.has(x)).map((x) => `+ ${label} ${x}`), ...[...a].filter((x) => !b.has(x)).map((x) => `- ${label} ${x}`)];
};

/** Field paths, compared by what they grant: `naam` covers `naam.voornamen`, so only real gains and losses show. */
function fieldChanges(before: Purpose | undefined, after: Purpose | undefined): string[] {
  const was = new FieldSet(before?.fields ?? []);
  const now = new FieldSet(after?.fields ?? []);
  const gained = (after?.fields ?? []).filter((f) => !was.permits(f.replace(/\.\*$/, '')));
  const lost = (before?.fields ?? []).filter((f) => !now.permits(f.replace(/\.\*$/, '')));
  return [...gained.map((f) => `+ field ${f}`), ...lost.map((f) => `- field ${f}`)];
}

const holders = (policy: Policy, id: string) => ({
  roles: [...policy.roles].filter(([, ps]) => ps.has(id)).map(([r]) => r),
  clients: [...policy.clients.values()].filter((c) => c.purposes.has(id)).map((c) => c.id),
});

const switchesOf = (p: Purpose | undefined) => (p ? [p.nationwide && 'nationwide', p.includeDeceased && 'includeDeceased', p.secretPersons && 'secretPersons'].filter((s): s is string => Boolean(s)) : []);

export function policyDiff(before: Policy, after: Policy): PurposeChange[] {
  const ids = [...new Set([...before.purposes.keys(), ...after.purposes.keys()])].sort();
  const changes: PurposeChange[] = [];
  for (const id of ids) {
    const was = before.purposes.get(id);
    const now = after.purposes.get(id);
    const hb = holders(before, id);
    const ha = holders(after, id);
    const lines = [
      ...fieldChanges(was, now),
      ...gainedLost('query type', [...(was?.queries ?? [])], [...(now?.queries ?? [])]),
      ...gainedLost('switch', switchesOf(was), switchesOf(now)),
      ...gainedLost('role', hb.roles, ha.roles),
      ...gainedLost('client', hb.clients, ha.clients),
    ];
    if (!lines.length) continue;
    changes.push({ purpose: id, status: !was ? 'added' : !now ? 'removed' : 'changed', lines });
  }
  return changes;
}

export function diffText(changes: readonly PurposeChange[]): string {
  if (!changes.length) return 'No purpose gains or loses anything.\n';
  return changes.map((c) => `${c.purpose} (${c.status})\n${c.lines.map((l) => `  ${l}`).join('\n')}\n`).join('\n');
}
