// Quotas over windows, counted in what matters: operations, and BRP persons
// disclosed. Each request is counted under several keys — the employee within
// the purpose, the client — each with its own limits. Persons are reserved
// before execution, as many as the plan says the operation may reach, and the
// part not delivered is given back afterwards: so neither one large request
// nor many at once can overshoot a quota. Counters live in Redis when one is
// given, so that every instance behind a load balancer sees the same counts
// (rate-limiter-flexible over ioredis; its increments are atomic), else in
// this process. A store that cannot answer means: not counted, so not
// admitted — unless the deployment chose to fail open.
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

type Kind = 'persons' | 'operations';

export class Quotas {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly options: QuotaOptions = {}) {}

  private limiter(kind: Kind, rate: Rate): RateLimiterAbstract {
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

  /** Counts one operation under every key that limits operations. */
  async admitOperation(keys: readonly QuotaKey[]): Promise<QuotaOutcome> {
    return this.consume(keys, 'operations', 1);
  }

  /** Reserves the persons an operation may reach under every key that limits persons. */
  async reservePersons(keys: readonly QuotaKey[], persons: number): Promise<QuotaOutcome> {
    return persons > 0 ? this.consume(keys, 'persons', persons) : { admitted: true };
  }

  /** Gives back the part of a reservation that was not delivered. */
  async releasePersons(keys: readonly QuotaKey[], persons: number): Promise<void> {
    if (persons <= 0) return;
    for (const { key, limits } of keys) {
      if (limits.persons) await this.limiter('persons', limits.persons).reward(Quotas.hashed(key), persons).catch(() => undefined);
    }
  }

  private async consume(keys: readonly QuotaKey[], kind: Kind, points: number): Promise<QuotaOutcome> {
    const counted: Array<{ limiter: RateLimiterAbstract; id: string }> = [];
    try {
      for (const { key, limits } of keys) {
        const rate = limits[kind];
        if (!rate) continue;
        const entry = { limiter: this.limiter(kind, rate), id: Quotas.hashed(key) };
        // The store counts before it refuses: a refused key is given back below like the ones before it.
        counted.push(entry);
        await entry.limiter.consume(entry.id, points);
      }
      return { admitted: true };
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        // A refused request takes nothing of any key.
        for (const { limiter, id } of counted) await limiter.reward(id, points).catch(() => undefined);
        return { admitted: false, reason: 'exceeded', limit: kind, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
      }
      return this.options.failOpen ? { admitted: true } : { admitted: false, reason: 'unavailable' };
    }
  }
}
