// Structured JSON application log. It never carries personal data: BSNs, names,
// tokens and response bodies belong only in the protocol log.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'facade' },
    // Defence in depth: should a header object ever be logged, the token is not.
    redact: ['req.headers.authorization', 'headers.authorization', '*.authorization'],
  });
}

/** A logger that drops everything: tests and benchmarks. */
export const silentLogger: Logger = pino({ level: 'silent' });
