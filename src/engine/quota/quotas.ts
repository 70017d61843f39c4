// Quotas over windows, counted in what matters: operations, and persons
// disclosed (read off the response by the plan). Each request is counted under
// several keys — the employee within the purpose, the client — each with its
// own limits. Counters live in Redis when one is given, so that every instance
// behind a load balancer sees the same counts (rate-limiter-flexible over
// ioredis), else in this process. A store that cannot answer means: not
// counted, so not admitted — unless the deployment chose to fail open.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { QuotaLimits, Rate } from '../../base/config/rate.ts';

export interface QuotaKey {
  /** What is counted, e.g. `employee:<issuer>|<sub>:<purpose>`; hashed before it reaches the store. */
  key: string;
  limits: QuotaLimits;
}

export type QuotaOutcome = { admitted: true } | { admitted: false; reason: 'exceeded'; retryAfterSeconds: number; limit: 'persons' | 'operations' } | { admitted: false; reason: 'unavailable' };

export interface QuotaOptions {
  /** Counters shared by all instances; in-process without. */
  redis?: Redis;
  /** Names this deployment's counters in a shared Redis. */
  keyPrefix?: string;
  /** Admit when the store cannot answer (default: refuse personal data). */
  failOpen?: boolean;
}

export class Quotas {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly options: QuotaOptions = {}) {}

  private limiter(kind: 'persons' | 'operations', rate: Rate): RateLimiterAbstract {
    const id = `${kind}:${rate.points}/${rate.durationSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const base = { keyPrefix: `${this.options.keyPrefix ?? 'facade'}:quota:${id}`, points: rate.points, duration: rate.durationSeconds };
      limiter = this.options.redis ? new RateLimiterRedis({ ...base, storeClient: this.options.redis, rejectIfRedisNotReady: true }) : new RateLimiterMemory(base);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  private static hashed(key: string): string {
    return createHash('sha256').update(key).digest('base64url').slice(0, 32);
  }

  /** Counts one operation under every key, and refuses when a key's persons are used up already. */
  async admit(keys: readonly QuotaKey[]): Promise<QuotaOutcome> {
    try {
      for (const { key, limits } of keys) {
        const id = Quotas.hashed(key);
        if (limits.persons) {
          const used = await this.limiter('persons', limits.persons).get(id);
          if (used && used.consumedPoints >= limits.persons.points) return exceeded('persons', used);
        }
        if (limits.operations) await this.limiter('operations', limits.operations).consume(id, 1);
      }
      return { admitted: true };
    } catch (err) {
      if (err instanceof RateLimiterRes) return exceeded('operations', err);
      return this.options.failOpen ? { admitted: true } : { admitted: false, reason: 'unavailable' };
    }
  }

  /** Counts the persons a response disclosed under every key (the next request sees them). */
  async countPersons(keys: readonly QuotaKey[], persons: number): Promise<QuotaOutcome> {
    if (persons <= 0) return { admitted: true };
    try {
      for (const { key, limits } of keys) if (limits.persons) await this.limiter('persons', limits.persons).penalty(Quotas.hashed(key), persons);
      return { admitted: true };
    } catch {
      return this.options.failOpen ? { admitted: true } : { admitted: false, reason: 'unavailable' };
    }
  }
}

function exceeded(limit: 'persons' | 'operations', res: RateLimiterRes): QuotaOutcome {
  return { admitted: false, reason: 'exceeded', limit, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}
