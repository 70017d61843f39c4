// What every resolver gets: who is asking, for which purpose, and the
// per-request upstream access and disclosure record. Built once per request by
// the authenticate and purpose phases (src/pipeline/facade.ts).
import type { Principal } from '../src/base/auth/principal.ts';
import type { Authorization } from '../rules/authorization.ts';
import type { ObjectRules } from '../rules/object-rules.ts';
import type { BrpClient } from '../src/domains/brp/client.ts';
import type { PersonLoader } from '../src/domains/brp/person-loader.ts';
import type { HistorieLoader } from '../src/domains/brp/historie/client.ts';
import type { ReisdocumentenLoader } from '../src/domains/brp/reisdocumenten/client.ts';
import type { BewoningLoader } from '../src/domains/brp/bewoning/client.ts';
import type { BagLoader } from '../src/domains/bag/client.ts';
import type { DisclosureCollector } from '../src/engine/record/disclosures.ts';
import type { RequestTrace } from '../src/base/http/trace.ts';
import type { EduvRequest } from '../src/domains/eduv/request-access.ts';
import type { Executable } from '../src/engine/plan/executable-document.ts';
import type { AccessMark } from '../src/base/http/access-mark.ts';
import type { ProtocolOversight } from '../src/engine/protocol/oversight/oversight.ts';

export interface RequestContext {
  principal: Principal;
  authz: Authorization;
  /** Row-level rules of the purpose (municipality, deceased, secret persons). */
  objectRules: ObjectRules;
  disclosures: DisclosureCollector;
  /** Set by the protocol phase once it has recorded this exchange (src/pipeline/1-http/http.ts records the rest). */
  accessMark?: AccessMark;
  /** BRP persons the operation may reach at most (set by phase 5): what the persons quota reserves. */
  plannedPersons?: number;
  /** The operation's plan as it executes (set by phase 5): resolvers read their push-down from it. */
  plan?: Executable;
  /** Edu-V for this request, when the facade fronts Edu-V services. */
  eduv?: EduvRequest;
  /** The request's trace: upstream calls are its child spans, its id goes into the protocol log. */
  trace: RequestTrace;
  /** The `x-verwerking` header: the task the caller performs, for the access log. */
  taskDescription?: string;
  brp: {
    client: BrpClient;
    /** Per-request: batches and de-duplicates BSN look-ups. */
    persons: PersonLoader;
    /** Per-request: one verblijfplaatshistorie call per person and question (absent: the API is not configured). */
    historie?: HistorieLoader;
    /** Per-request: one reisdocumenten call per person and field list (absent: not configured). */
    reisdocumenten?: ReisdocumentenLoader;
    /** Per-request: one bewoning call per address and question (absent: not configured). */
    bewoning?: BewoningLoader;
  };
  /** Per-request: each BAG object fetched once (absent: BAG_URL not configured). */
  bag?: BagLoader;
  /** The privacy officer's view of the protocol log (absent: the facade was started without it). */
  oversight?: ProtocolOversight;
  /** A subscription: aborted when it ends (complete, close, the token's expiry); its sources stop at once. */
  signal?: AbortSignal;
}
