// Phase 7 for exchanges that end before the protocol plugin runs: refused by
// authentication or purpose (phases 2–3), by this server (a body that is no
// JSON, too large) or by Apollo before its request pipeline. Each leaves one
// access record. Nothing was disclosed, so a failing write does not change the
// answer; it is logged for the operators.
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../../base/auth/principal.ts';
import type { Logger } from '../../base/log/logger.ts';
import type { RecordedOutcome } from '../../base/http/access-mark.ts';
import { recordedOutcome, refusedAccessRecord, type ProtocolWriter } from './protocol-plugin.ts';

/** Records a refusal; answers what was recorded, for the access log. */
export type RecordRefusal = (req: IncomingMessage, principal: Principal | undefined, code: string, body: unknown) => Promise<RecordedOutcome>;

export function refusalRecorder(protocol: ProtocolWriter, logger: Logger): RecordRefusal {
  return async (req, principal, code, body) => {
    const access = refusedAccessRecord(req, principal, code, body);
    await protocol.record(access, []).catch(() => logger.error({ code }, 'protocol write failed for a refused request'));
    return recordedOutcome(access);
  };
}

/** The code an exchange refused outside the request pipeline is recorded with, by its HTTP status. */
export function refusalCode(status: number): string {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
}
