// Phase 6's input: what every resolver gets for one request — who asks, for
// which purpose, the purpose's object rules, the per-request loaders and
// upstream access, the disclosure collector and the trace.
import type { IncomingMessage } from 'node:http';
import type { AccessMark } from '../../base/http/access-mark.ts';
import { traceOf } from '../../base/http/trace.ts';
import type { Principal } from '../../base/auth/principal.ts';
import type { BrpClient } from '../../domains/brp/client.ts';

/** Clients of the BRP APIs beside Personen. */
export interface BrpApiClients {
  historie?: BrpClient;
  reisdocumenten?: BrpClient;
  bewoning?: BrpClient;
}
import { PersonLoader } from '../../domains/brp/person-loader.ts';
import { HistorieLoader } from '../../domains/brp/historie/client.ts';
import { ReisdocumentenLoader } from '../../domains/brp/reisdocumenten/client.ts';
import { BewoningLoader } from '../../domains/brp/bewoning/client.ts';
import { BagLoader, type BagClient } from '../../domains/bag/client.ts';
import { EduvRequest, type EduvServices } from '../../domains/eduv/request-access.ts';
import { DisclosureCollector } from '../../engine/record/disclosures.ts';
import type { ProtocolOversight } from '../../engine/protocol/oversight/oversight.ts';
import type { Authorization } from '../../../rules/authorization.ts';
import { objectRulesFor } from '../../../rules/object-rules.ts';
import type { RequestContext } from '../../../resolvers/context.ts';
import type { PresentedCertificate } from '../1-http/client-certificate.ts';
import { taskDescription } from '../7-protocol/protocol-plugin.ts';

export interface ContextServices {
  brp: BrpClient;
  /** The other BRP APIs, when configured (BRP_HISTORIE_URL, BRP_REISDOCUMENTEN_URL; default BRP_URL). */
  brpApis?: BrpApiClients;
  /** The BAG API Individuele Bevragingen, when configured (BAG_URL). */
  bag?: BagClient;
  eduv?: EduvServices;
  /** The privacy officer's view of the protocol log (the facade's own store). */
  oversight?: ProtocolOversight;
  /** Edu-V subjects one operation may fetch at most (MAX_STUDENTS_PER_OPERATION), held at run time too. */
  maxStudents?: number;
  gemeenteCode: string;
}

/** `certificate`: the request's client certificate (phase 1), for certificate-bound Edu-V tokens. */
export function createRequestContext(
  services: ContextServices,
  req: IncomingMessage,
  principal: Principal,
  authz: Authorization,
  accessMark: AccessMark,
  certificate: PresentedCertificate = { kind: 'none' },
): RequestContext {
  const objectRules = objectRulesFor(authz.purpose, services.gemeenteCode);
  const trace = traceOf(req);
  return {
    principal,
    accessMark,
    authz,
    objectRules,
    disclosures: new DisclosureCollector(services.maxStudents === undefined ? {} : { ECK_ID: services.maxStudents }),
    eduv: services.eduv ? new EduvRequest(services.eduv, { principal, certificate }) : undefined,
    trace,
    taskDescription: taskDescription(req),
    brp: {
      client: services.brp,
      persons: new PersonLoader(services.brp, { trace, extraParameters: objectRules.upstreamParameters }),
      historie: services.brpApis?.historie ? new HistorieLoader(services.brpApis.historie, { trace }) : undefined,
      reisdocumenten: services.brpApis?.reisdocumenten ? new ReisdocumentenLoader(services.brpApis.reisdocumenten, { trace }) : undefined,
      bewoning: services.brpApis?.bewoning ? new BewoningLoader(services.brpApis.bewoning, { trace }) : undefined,
    },
    bag: services.bag ? new BagLoader(services.bag, trace) : undefined,
    oversight: services.oversight,
  };
}
