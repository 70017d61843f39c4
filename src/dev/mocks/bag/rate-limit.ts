// Rate limiting as bag/Features/rate-limiting.feature of lvbag/BAG-API describes it: a limit per
// second and a quotum per day, per user (API key), every submitted request counted. Each response
// says the limits, what remains and the seconds until the window resets; over a limit: 429. Fixed
// windows on the mock's clock (whole UTC seconds and days), so tests drive it with a fake clock.

export interface RateLimitOptions {
  /** Requests per second (the feature's example: 20). */
  perSecond?: number;
  /** Requests per day (the feature's example: 50.000). */
  perDay?: number;
}

export interface RateLimitVerdict {
  exceeded: boolean;
  headers: Record<string, string>;
}

interface Counter {
  second: number;
  inSecond: number;
  day: number;
  inDay: number;
}

const DAY_MS = 86_400_000;

export class RateLimiter {
  readonly #counters = new Map<string, Counter>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => Date,
  ) {}

  /** Counts one request of `client`. */
  take(client: string): RateLimitVerdict {
    const t = this.now().getTime();
    const second = Math.floor(t / 1000);
    const day = Math.floor(t / DAY_MS);
    const c = this.#counters.get(client) ?? { second, inSecond: 0, day, inDay: 0 };
    if (c.second !== second) Object.assign(c, { second, inSecond: 0 });
    if (c.day !== day) Object.assign(c, { day, inDay: 0 });
    c.inSecond++;
    c.inDay++;
    this.#counters.set(client, c);

    const headers: Record<string, string> = {};
    let exceeded = false;
    const { perSecond, perDay } = this.options;
    if (perSecond !== undefined) {
      headers['RateLimit-Limit'] = String(perSecond);
      headers['RateLimit-Remaining'] = String(Math.max(0, perSecond - c.inSecond));
      headers['RateLimit-Reset'] = String(Math.max(1, Math.ceil(((second + 1) * 1000 - t) / 1000)));
      exceeded ||= c.inSecond > perSecond;
    }
    if (perDay !== undefined) {
      headers['Kadaster-RateLimit-DayLimit'] = String(perDay);
      headers['Kadaster-RateLimit-DayLimit-Remaining'] = String(Math.max(0, perDay - c.inDay));
      headers['Kadaster-RateLimit-DayLimit-Reset'] = String(Math.max(1, Math.ceil(((day + 1) * DAY_MS - t) / 1000)));
      exceeded ||= c.inDay > perDay;
    }
    return { exceeded, headers };
  }
}
