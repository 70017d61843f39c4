// What every resolver gets: who is asking, for which purpose, and the
// per-request upstream access and disclosure record. Built once per request by
// the authenticate and purpose phases (src/server/facade.ts).
import type { Principal } from '../auth/principal.ts';
import type { Authorization } from '../authorize/authorization.ts';
import type { ObjectRules } from '../authorize/object-rules.ts';
import type { BrpClient } from '../brp/client.ts';
import type { PersonLoader } from '../brp/person-loader.ts';
import type { DisclosureCollector } from '../disclosure/disclosures.ts';
import type { TraceContext } from './trace.ts';
import type { EduvRequest } from '../eduv/request-access.ts';
import type { Executable } from '../plan/executable-document.ts';
import type { AccessMark } from './http.ts';

export interface RequestContext {
  principal: Principal;
  authz: Authorization;
  /** Row-level rules of the purpose (municipality, deceased, secret persons). */
  objectRules: ObjectRules;
  disclosures: DisclosureCollector;
  /** Set by the protocol phase once it has recorded this exchange (src/server/http.ts records the rest). */
  accessMark?: AccessMark;
  /** The operation's plan as it executes (set by phase 5): resolvers read their push-down from it. */
  plan?: Executable;
  /** Edu-V for this request, when the facade fronts Edu-V services. */
  eduv?: EduvRequest;
  /** W3C trace of this request; its traceparent goes upstream, its id into the protocol log. */
  trace: TraceContext;
  traceparent: string;
  /** The `x-verwerking` header: the task the caller performs, for the access log. */
  taskDescription?: string;
  brp: {
    client: BrpClient;
    /** Per-request: batches and de-duplicates BSN look-ups. */
    persons: PersonLoader;
  };
}
