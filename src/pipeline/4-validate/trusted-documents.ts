// Trusted documents (optional, for production): only operations from a
// registered list may run, each client its own list, by the SHA-256 of the
// query text as sent (Apollo's queryHash) — as Apollo Router and Hive offer.
// An operation outside its client's list is refused before it is planned.
// The list is a JSON file (TRUSTED_DOCUMENTS_FILE):
//   { "procesapp": ["<sha256 hex>", …], "saas-zaaksysteem": […] }
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ConfigError } from '../../base/config/env.ts';
import type { RequestContext } from '../../../resolvers/context.ts';

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

export function trustedDocumentsPlugin(trusted: TrustedDocuments): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (trusted.get(rc.contextValue.authz.client.id)?.has(rc.queryHash)) return;
          throw new GraphQLError('This operation is not one of the registered documents of this application.', {
            extensions: { code: 'FORBIDDEN', reason: 'DOCUMENT_NOT_TRUSTED', http: { status: 403 } },
          });
        },
      };
    },
  };
}
