// A rate as operators write it: `500/hour`, `60/minute` (second, minute, hour, day).
export interface Rate {
  points: number;
  durationSeconds: number;
}

/** What a quota limits: persons disclosed and operations, each over its own window. */
export interface QuotaLimits {
  persons?: Rate;
  operations?: Rate;
}

const UNITS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

/** How a rate is written: the one pattern the parser, the policy's shape and its JSON Schema use. */
export const RATE_PATTERN = /^\s*(\d+)\s*\/\s*(second|minute|hour|day)\s*$/;
export const RATE_FORMAT = 'a number per second, minute, hour or day, e.g. 500/hour';

/** The rate, or a problem in plain words. */
export function parseRate(text: string): Rate | string {
  const match = RATE_PATTERN.exec(text);
  if (!match) return `must be ${RATE_FORMAT}`;
  const points = Number(match[1]);
  if (points < 1 || points > 10_000_000) return 'must allow between 1 and 10,000,000';
  return { points, durationSeconds: UNITS[match[2]] };
}

export const formatRate = (rate: Rate) => `${rate.points}/${Object.entries(UNITS).find(([, s]) => s === rate.durationSeconds)?.[0] ?? `${rate.durationSeconds}s`}`;
