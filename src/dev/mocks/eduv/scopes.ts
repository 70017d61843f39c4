import { loadEduvContract } from '../../../domains/eduv/contract.ts';
import type { Student } from './types.ts';

// Delivers a student with only the properties of the requested scope groups; which property
// belongs to which group is read from the contract (x-eduv-scope), not repeated here.

export function knownStudentScopes(): readonly string[] {
  return [...loadEduvContract().studentScopeGroups.keys()];
}

export function projectStudent(student: Student, scopes: ReadonlySet<string>): Partial<Student> {
  const propertyScopes = loadEduvContract().informationObjects.get('Student')?.propertyScopes;
  if (!propertyScopes) throw new Error('contract has no Student scopes');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(student)) {
    const scope = propertyScopes.get(key);
    // A property the contract does not know is never delivered.
    if (scope !== undefined && scopes.has(scope)) out[key] = value;
  }
  return out as Partial<Student>;
}
