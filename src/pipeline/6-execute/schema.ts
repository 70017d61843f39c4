// The executable schema: SDL from schema/*.graphql, resolvers from resolvers/.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../../../resolvers/index.ts';

const schemaDir = fileURLToPath(new URL('../../../schema/', import.meta.url));

export function loadTypeDefs(): string[] {
  return readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'shared.graphql' ? -1 : b === 'shared.graphql' ? 1 : a.localeCompare(b)))
    .map((f) => readFileSync(schemaDir + f, 'utf8'));
}

export function buildFacadeSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
}
