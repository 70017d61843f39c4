// JSON value types for the API shapes the mock produces. The API objects are built and filtered
// generically (fields, inOnderzoek), so they are plain JSON rather than one interface per schema.

export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds an object from entries, leaving out entries without a value: the BRP API never returns
 * null, empty strings, empty objects or empty arrays. Returns undefined when nothing is left.
 */
export function compact(entries: Record<string, Json | undefined>): JsonObject | undefined {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(entries)) {
    if (hasValue(value)) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function hasValue(value: Json | undefined): value is Json {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** Maps a list and drops items without value; undefined when nothing is left. */
export function compactList<T>(items: readonly T[] | undefined, map: (item: T) => Json | undefined): Json[] | undefined {
  if (!items) return undefined;
  const out: Json[] = [];
  for (const item of items) {
    const mapped = map(item);
    if (hasValue(mapped)) out.push(mapped);
  }
  return out.length > 0 ? out : undefined;
}
