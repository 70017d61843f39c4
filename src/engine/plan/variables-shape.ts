// The part of the variables that can change a plan: booleans (for @skip and
// @include, and switches such as inclusiefOverledenPersonen), which input
// fields are given (a search's criteria), and list lengths (cost). Values
// themselves — BSNs, names, dates — never change positions, so requests that
// differ only in them share one plan (and no value reaches the cache key).
function shape(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return { n: value.length };
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== null && v !== undefined) out[key] = shape(v);
    }
    return out;
  }
  return typeof value;
}

export function variablesShape(variables: Record<string, unknown>): string {
  return JSON.stringify(shape(variables));
}
