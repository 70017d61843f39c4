import { loadFieldsCsv } from '../../src/dev/mocks/brp/data.ts';

// A minimal client for the mock BRP upstream in tests: real HTTP via fetch.

export interface Antwoord {
  status: number;
  contentType: string | null;
  body: unknown;
}

export async function postPersonen(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Antwoord> {
  const res = await fetch(`${baseUrl}/personen`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave as text
  }
  return { status: res.status, contentType: res.headers.get('content-type'), body: parsed };
}

export interface PersonenBody {
  type: string;
  personen: Record<string, unknown>[];
}

export function personen(a: Antwoord): Record<string, unknown>[] {
  if (a.status !== 200) throw new Error(`expected 200, got ${a.status}: ${JSON.stringify(a.body)}`);
  return (a.body as PersonenBody).personen;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: string;
  invalidParams?: { name: string; code: string; reason: string }[];
}

export function problem(a: Antwoord): ProblemBody {
  return a.body as ProblemBody;
}

/** Top-level paths of a fields CSV: asking for these delivers every field of the type. */
export function alleGroepen(csv: string): string[] {
  return loadFieldsCsv(csv).filter((p) => !p.includes('.') && !p.endsWith('Binnenland'));
}
