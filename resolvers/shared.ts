import { readFileSync } from 'node:fs';
import type { Resolvers } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const sharedResolvers: Resolvers<RequestContext> = {
  Query: { facadeVersion: () => version },
};
