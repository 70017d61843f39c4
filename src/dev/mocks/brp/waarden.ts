import { compact, type JsonObject } from './json.ts';
import type { StoredWaardetabel } from './storage.ts';

/** A Waardetabel value (code + omschrijving); a title also carries its soort. */
export function waarde(w: StoredWaardetabel | undefined): JsonObject | undefined {
  if (!w) return undefined;
  return compact({ code: w.code?.trim(), omschrijving: w.omschrijving?.trim(), soort: w.soort });
}

/** Storage strings are fixed-width LO GBA fields in places; the API returns them trimmed. */
export function tekst(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}
