// All resolvers of the facade, per domain.
import type { Resolvers } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';
import { brpResolvers } from './brp.ts';
import { brpApiResolvers } from './brp-apis.ts';
import { brpBewoningResolvers } from './brp-bewoning.ts';
import { eduvResolvers } from './eduv.ts';
import { eduvSubscriptionResolvers } from './eduv-subscriptions.ts';
import { eduvAssociationResolvers } from './eduv-association.ts';
import { sharedResolvers } from './shared.ts';
import { permissionResolvers } from './permissions.ts';
import { protocolResolvers } from './protocol.ts';

export const resolvers: Resolvers<RequestContext>[] = [sharedResolvers, permissionResolvers, brpResolvers, brpApiResolvers, brpBewoningResolvers, eduvResolvers, eduvAssociationResolvers, eduvSubscriptionResolvers, protocolResolvers];
