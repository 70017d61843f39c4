import { loadEduvContract } from '../../../domains/eduv/contract.ts';
import type { InvalidParam } from './problems.ts';
import type { Student } from './types.ts';

// Delivers an object (Student, Employee) with only the properties of the requested scope groups;
// which property belongs to which group is read from the contract (x-eduv-scope), not repeated here.

/** The information objects whose properties are delivered per scope group, with their basic group. */
export const SCOPED_OBJECTS = {
  Student: 'eduv.student.basic',
  Employee: 'eduv.employee.basic',
} as const;
export type ScopedObject = keyof typeof SCOPED_OBJECTS;

function propertyScopes(object: ScopedObject): ReadonlyMap<string, string> {
  const scopes = loadEduvContract().informationObjects.get(object)?.propertyScopes;
  if (!scopes) throw new Error(`contract has no ${object} scopes`);
  return scopes;
}

/** The scope groups of an object's properties, in contract order. */
export function knownScopeGroups(object: ScopedObject): readonly string[] {
  return [...new Set(propertyScopes(object).values())];
}

export function knownStudentScopes(): readonly string[] {
  return knownScopeGroups('Student');
}

/**
 * The scope groups a `scope` parameter asks for: all of the object's groups when absent; a 400
 * for an unknown group or a selection without the basic group, which every exchange includes.
 */
export function requestedScopeGroups(object: ScopedObject, param: string | undefined): { scopes: ReadonlySet<string> } | { invalid: InvalidParam[] } {
  const known = new Set(knownScopeGroups(object));
  if (param === undefined) return { scopes: known };
  const requested = param.split(' ');
  const unknown = requested.filter((s) => !known.has(s));
  if (unknown.length > 0) return { invalid: [{ name: 'scope', code: 'enum', reason: `Unknown scope group(s): ${unknown.join(', ')}.` }] };
  const basic = SCOPED_OBJECTS[object];
  if (!requested.includes(basic)) return { invalid: [{ name: 'scope', code: 'invalid', reason: `${basic} is part of every ${object.toLowerCase()} exchange.` }] };
  return { scopes: new Set(requested) };
}

/** The object with only the properties of the given scope groups. */
export function projectScoped<T extends object>(object: ScopedObject, value: T, scopes: ReadonlySet<string>): Partial<T> {
  const byProperty = propertyScopes(object);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const scope = byProperty.get(key);
    // A property the contract does not know is never delivered.
    if (scope !== undefined && scopes.has(scope)) out[key] = v;
  }
  return out as Partial<T>;
}

export function projectStudent(student: Student, scopes: ReadonlySet<string>): Partial<Student> {
  return projectScoped('Student', student, scopes);
}
