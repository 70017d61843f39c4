// The Edu-V consent flow's notices: the receiving participant is told at the `activations` endpoint
// of its registration when an exchange towards it is activated, narrowed or deactivated. The
// registry writes each notice into the outbox in the transaction of the change
// (registry/notices.ts); this deliverer sends them in the background:
//
// - as a Security Event Token (RFC 8417) pushed per RFC 8935: POST, Content-Type
//   application/secevent+jwt, the body a JWT with typ secevent+jwt signed with the facade's own
//   Edu-V participant key (the one that signs its client assertions) and its kid; claims iss (the
//   facade's participant OIN), aud (the receiver's OIN), iat (when the change was queued), jti (the
//   outbox row's id: the receiver's dedup key, the same on every attempt), txn, and events with one
//   member, urn:edu-v:activation:<kind> → { activationId, gegevensdienst, onderwijsaanbieder, status,
//   subjectOfferingIds, at }. Organisation ids and the activation only: never personal data.
// - at least once: 2xx is delivered; 408, 429, 5xx, a timeout or no connection is retried with
//   exponential back-off and jitter (Retry-After honoured) until the maximum number of attempts or
//   the maximum age, then failed; any other answer (4xx, a redirect) fails at once. A failed notice
//   is kept, logged as an error and listed by `npm run eduv:registry -- notices`.
// - by one instance per attempt: rows are claimed with FOR UPDATE SKIP LOCKED and a lease.
// - each attempt leaves one access-log line (direction outbound, method, the endpoint's origin and
//   path without its query, status, duration, attempt, notice id, outcome) — no token, no body.
import { createPublicKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { request, type Dispatcher } from 'undici';
import { logAccess, type AccessLogEntry } from '../../base/log/access-log.ts';
import type { Logger } from '../../base/log/logger.ts';
import type { Store } from '../../base/storage/store.ts';
import type { ClientAssertionAlg } from '../../base/upstream/client-credentials.ts';
import {
  createNoticeOutbox,
  noticeEventUri,
  type AttemptResult,
  type ClaimedNotice,
  type NoticeOutbox,
  type NoticeState,
} from './registry/notices.ts';

export const SECEVENT_MEDIA_TYPE = 'application/secevent+jwt';

/** Defaults: 20 attempts over at most 24 hours; 10 s, 20 s, 40 s … doubling to at most an hour between attempts. */
export const NOTICE_DEFAULTS = {
  maxAttempts: 20,
  maxAgeMs: 24 * 3_600_000,
  baseDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  timeoutMs: 10_000,
  pollMs: 5_000,
  batchSize: 8,
} as const;

/** The key the notices are signed with: the facade's Edu-V participant key. */
export interface NoticeSigner {
  privateKey: KeyObject | CryptoKey;
  alg: ClientAssertionAlg;
  kid: string;
}

/**
 * The signer of the participant key: its `kid` as configured (EDUV_CLIENT_KEY_ID), else the key's
 * RFC 7638 JWK thumbprint — which the receiver can compute from the public key it registered.
 */
export async function noticeSigner(key: { privateKey: KeyObject | CryptoKey; alg: ClientAssertionAlg; keyId?: string }): Promise<NoticeSigner> {
  if (key.keyId) return { privateKey: key.privateKey, alg: key.alg, kid: key.keyId };
  let jwk: JWK;
  if ('asymmetricKeyType' in key.privateKey) jwk = await exportJWK(createPublicKey(key.privateKey));
  else jwk = await exportJWK(key.privateKey); // the thumbprint takes the public members only
  return { privateKey: key.privateKey, alg: key.alg, kid: await calculateJwkThumbprint(jwk, 'sha256') };
}

/** The notice as a signed SET (RFC 8417). */
export async function signNotice(notice: ClaimedNotice | Omit<ClaimedNotice, 'attempt' | 'endpoint'>, signer: NoticeSigner, issuerOin: string): Promise<string> {
  return new SignJWT({ txn: notice.txn, events: { [noticeEventUri(notice.kind)]: notice.event } })
    .setProtectedHeader({ alg: signer.alg, typ: 'secevent+jwt', kid: signer.kid })
    .setIssuer(issuerOin)
    .setAudience(notice.receiverOin)
    .setIssuedAt(Math.floor(notice.createdAt.getTime() / 1000))
    .setJti(notice.id)
    .sign(signer.privateKey);
}

/**
 * Exponential back-off with jitter: attempt n (1 = the first, failed) waits base·2^(n-1), at most
 * `maxMs`, of which a random half ("equal jitter": never less than half, so receivers coming back
 * are not hit by every sender at once and a retry never comes at once).
 */
export function exponentialBackoff(options: { baseMs?: number; maxMs?: number; random?: () => number } = {}): (attempt: number) => number {
  const base = options.baseMs ?? NOTICE_DEFAULTS.baseDelayMs;
  const max = options.maxMs ?? NOTICE_DEFAULTS.maxDelayMs;
  const random = options.random ?? Math.random;
  return (attempt) => {
    const full = Math.min(max, base * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
    return Math.round(full / 2 + random() * (full / 2));
  };
}

/** Milliseconds a Retry-After header asks (delta-seconds or an HTTP date), at most a day; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  const trimmed = text.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, 24 * 3_600_000);
}

/** An RFC 8935 error code (`err`) only: the description and the rest of the body stay out of the log. */
const ERR_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_ERROR_BODY = 4096;

async function errCodeOf(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  try {
    let text = '';
    for await (const chunk of body) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length > MAX_ERROR_BODY) {
        body.destroy();
        return undefined;
      }
    }
    const parsed = JSON.parse(text) as { err?: unknown };
    return typeof parsed.err === 'string' && ERR_CODE.test(parsed.err) ? parsed.err : undefined;
  } catch {
    return undefined;
  }
}

export interface NoticeDeliveryOptions {
  store: Store;
  logger: Logger;
  /** The facade's participant OIN: the SETs' iss; only notices of activations it sends are delivered. */
  senderOin: string;
  signer: NoticeSigner;
  /** Production: an endpoint that is not https is refused (the notice fails). */
  requireHttps: boolean;
  maxAttempts?: number;
  maxAgeMs?: number;
  /** Per attempt. */
  timeoutMs?: number;
  /** How often the outbox is looked at when nothing is due sooner (notices written by this process wake it at once). */
  pollMs?: number;
  batchSize?: number;
  /** Milliseconds to wait after failed attempt n (default exponentialBackoff()); tests inject 0. */
  backoff?: (attempt: number) => number;
  /** mTLS towards the receivers with the participant's certificate, when it has one. */
  dispatcher?: Dispatcher;
  /** The lease owner's name (default: a random id per deliverer). */
  instanceId?: string;
  /** stop() waits this long for an attempt in flight before cutting it (default timeoutMs). */
  stopTimeoutMs?: number;
}

export interface NoticeDelivery {
  /** Something was written: look at the outbox now. */
  nudge(): void;
  /** Stops taking notices, finishes the attempts in flight (cut after stopTimeoutMs), then resolves. */
  stop(): Promise<void>;
  readonly outbox: NoticeOutbox;
}

/** The access-log line of one notice attempt: the facade's access-log format, outbound. */
interface NoticeAccessEntry extends AccessLogEntry {
  direction: 'outbound';
  /** Origin and path of the endpoint, no query. */
  url: string;
  attempt: number;
  noticeId: string;
}

export function startNoticeDelivery(options: NoticeDeliveryOptions): NoticeDelivery {
  const { store, logger, senderOin, signer } = options;
  const outbox = createNoticeOutbox(store);
  const maxAttempts = options.maxAttempts ?? NOTICE_DEFAULTS.maxAttempts;
  const maxAgeMs = options.maxAgeMs ?? NOTICE_DEFAULTS.maxAgeMs;
  const timeoutMs = options.timeoutMs ?? NOTICE_DEFAULTS.timeoutMs;
  const pollMs = options.pollMs ?? NOTICE_DEFAULTS.pollMs;
  const batchSize = options.batchSize ?? NOTICE_DEFAULTS.batchSize;
  const backoff = options.backoff ?? exponentialBackoff();
  const owner = options.instanceId ?? `notices-${randomUUID()}`;
  // Long enough for the attempt and its settling; an instance that dies holds a row no longer than this.
  const leaseMs = 2 * timeoutMs + 5_000;
  const cut = new AbortController();
  let stopped = false;
  let nudged = false;
  let wake: (() => void) | undefined;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped || nudged) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  function target(endpoint: string | null): { url: URL } | { error: string } {
    if (!endpoint) return { error: 'NO_ENDPOINT' };
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return { error: 'INVALID_ENDPOINT' };
    }
    if (url.protocol === 'https:') return { url };
    if (url.protocol === 'http:' && !options.requireHttps) return { url };
    return { error: 'INSECURE_ENDPOINT' };
  }

  async function attempt(notice: ClaimedNotice): Promise<void> {
    const where = target(notice.endpoint);
    if ('error' in where) {
      // No HTTP exchange: nothing for the access log; the notice fails and says why.
      await settle(notice, { outcome: 'failed', status: null, error: where.error }, undefined);
      return;
    }
    const url = where.url;
    let jwt: string;
    try {
      jwt = await signNotice(notice, signer, senderOin);
    } catch (error) {
      // Not the receiver's doing, and nothing was sent: retried (the key may be fixed), said as an error.
      logger.error({ noticeId: notice.id, err: error instanceof Error ? error.name : 'unknown' }, 'activation notice could not be signed with the participant key');
      await settle(notice, { outcome: 'retry', status: null, error: 'SIGNING_FAILED', delayMs: backoff(notice.attempt) }, undefined);
      return;
    }
    const traceId = randomBytes(16).toString('hex');
    const started = performance.now();
    let result: AttemptResult;
    try {
      const response = await request(url, {
        method: 'POST',
        headers: {
          'content-type': SECEVENT_MEDIA_TYPE,
          accept: 'application/json',
          traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
        },
        body: jwt,
        dispatcher: options.dispatcher,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), cut.signal]),
      });
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        await response.body.dump().catch(() => undefined);
        result = { outcome: 'delivered', status };
      } else if (status === 408 || status === 429 || status >= 500) {
        await response.body.dump().catch(() => undefined);
        const asked = retryAfterMs(response.headers['retry-after']);
        result = { outcome: 'retry', status, error: `HTTP_${status}`, delayMs: Math.max(backoff(notice.attempt), asked ?? 0) };
      } else {
        // A refusal (RFC 8935 §2.4: 400 with an error body, 401, 403) or a redirect, which is not
        // followed (register the final URL): retrying would not change the answer.
        const err = status >= 400 ? await errCodeOf(response.body) : (await response.body.dump().catch(() => undefined), undefined);
        result = { outcome: 'failed', status, error: err ?? `HTTP_${status}` };
      }
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const code = (error as { code?: unknown })?.code;
      const reason = name === 'TimeoutError' || name === 'AbortError' ? 'TIMEOUT' : typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'UNREACHABLE';
      result = { outcome: 'retry', status: null, error: reason, delayMs: backoff(notice.attempt) };
    }
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    await settle(notice, result, { url: `${url.origin}${url.pathname}`, path: url.pathname, durationMs, traceId });
  }

  async function settle(
    notice: ClaimedNotice,
    result: AttemptResult,
    exchange: { url: string; path: string; durationMs: number; traceId: string } | undefined,
  ): Promise<void> {
    let state: NoticeState | undefined;
    let settled = true;
    try {
      state = await outbox.settle(notice.id, owner, result, { maxAttempts, maxAgeMs });
    } catch (error) {
      settled = false;
      logger.warn({ noticeId: notice.id, err: error instanceof Error ? error.message : String(error) }, 'activation notice: the attempt could not be recorded; the notice is retried when its lease expires');
    }
    if (settled && state === undefined) {
      logger.warn({ noticeId: notice.id }, 'activation notice: the lease expired during the attempt; another instance may send it again (the receiver deduplicates on jti)');
    }
    const outcome = state === 'delivered' ? 'delivered' : state === 'failed' ? 'failed' : 'retry';
    if (exchange) {
      const entry: NoticeAccessEntry = {
        direction: 'outbound',
        method: 'POST',
        url: exchange.url,
        path: exchange.path,
        status: result.status ?? 0,
        durationMs: exchange.durationMs,
        traceId: exchange.traceId,
        attempt: notice.attempt,
        noticeId: notice.id,
        outcome,
        ...(result.outcome === 'delivered' ? {} : { code: result.error }),
      };
      logAccess(logger, entry);
    }
    if (state === 'failed') {
      logger.error(
        { noticeId: notice.id, activationId: notice.activationId, receiverOin: notice.receiverOin, kind: notice.kind, attempts: notice.attempt, status: result.status, code: result.outcome === 'delivered' ? undefined : result.error },
        'activation notice failed: the receiver was not told of the change (npm run eduv:registry -- notices --state failed)',
      );
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      nudged = false;
      let claimed: ClaimedNotice[];
      try {
        claimed = await outbox.claim(owner, senderOin, batchSize, leaseMs);
      } catch (error) {
        if (stopped) break;
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'activation notices: the outbox could not be read; trying again');
        await wait(pollMs);
        continue;
      }
      if (claimed.length > 0) {
        await Promise.all(claimed.map((n) => attempt(n).catch((error) => logger.error({ noticeId: n.id, err: error instanceof Error ? error.message : String(error) }, 'activation notice attempt failed unexpectedly'))));
        continue;
      }
      let nextMs = pollMs;
      try {
        const due = await outbox.nextDueInMs(senderOin);
        if (due !== undefined) nextMs = Math.min(pollMs, due);
      } catch {
        // The next claim reports a database that is gone.
      }
      // Never a busy loop, never longer than a poll.
      await wait(Math.max(nextMs, Math.min(pollMs, 100)));
    }
  }

  const running = run();
  return {
    outbox,
    nudge() {
      nudged = true;
      wake?.();
    },
    async stop() {
      if (stopped) return running;
      stopped = true;
      wake?.();
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<'cut'>((resolve) => {
        timer = setTimeout(() => resolve('cut'), options.stopTimeoutMs ?? timeoutMs);
      });
      if ((await Promise.race([running, bound])) === 'cut') {
        // The attempt in flight is cut; it is recorded as a retry, or its lease expires and it is sent again.
        cut.abort();
        await running;
      }
      clearTimeout(timer);
    },
  };
}
