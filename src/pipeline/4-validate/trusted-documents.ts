// Trusted documents (optional, for production): only operations from a
// registered list may run, each client its own list, by the SHA-256 of the
// query text as sent (what Apollo calls the queryHash) — as Apollo Router and Hive offer.
// An operation outside its client's list is refused before it is parsed.
// The list is a JSON file (TRUSTED_DOCUMENTS_FILE):
//   { "procesapp": ["<sha256 hex>", …], "saas-zaaksysteem": […] }
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { ConfigError } from '../../base/config/env.ts';

export type TrustedDocuments = ReadonlyMap<string, ReadonlySet<string>>;

export function loadTrustedDocuments(file: string, variable = 'TRUSTED_DOCUMENTS_FILE'): TrustedDocuments {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigError(variable, `cannot read "${file}" as JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(variable, 'must map client ids to lists of SHA-256 hashes');
  const lists = new Map<string, Set<string>>();
  for (const [client, hashes] of Object.entries(parsed)) {
    if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) {
      throw new ConfigError(variable, `the list of "${client.slice(0, 64)}" must hold SHA-256 hashes (64 hex digits)`);
    }
    lists.set(client, new Set(hashes as string[]));
  }
  return lists;
}

/** The query text of a request, from a POST body or a GET's search parameters. */
export function queryTextOf(body: unknown, search: string): string | undefined {
  if (typeof body === 'object' && body !== null && typeof (body as { query?: unknown }).query === 'string') return (body as { query: string }).query;
  return new URLSearchParams(search).get('query') ?? undefined;
}

/**
 * Refuses a document outside the client's list. Run as the request's context is built — before Apollo
 * parses or validates anything — so an untrusted document costs nothing and no validation error (which
 * would name the schema's fields) is ever shown.
 */
export function assertTrustedDocument(trusted: TrustedDocuments, clientId: string, query: string | undefined): void {
  const hash = query === undefined ? undefined : createHash('sha256').update(query).digest('hex');
  if (hash && trusted.get(clientId)?.has(hash)) return;
  throw new GraphQLError('This operation is not one of the registered documents of this application.', {
    extensions: { code: 'FORBIDDEN', reason: 'DOCUMENT_NOT_TRUSTED', http: { status: 403 } },
  });
}
