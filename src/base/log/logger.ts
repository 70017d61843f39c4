// Structured JSON application log (pino): ISO time, level names, one object per line. It never
// carries personal data: BSNs, names, tokens and response bodies belong only in the protocol log.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** `destination`: standard output unless given (tests read the lines). */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', service = 'facade', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"info" rather than pino's numbers: what log shippers and people read.
    formatters: { level: (label) => ({ level: label }) },
    // Defence in depth: should a header object ever be logged, the token is not.
    redact: ['req.headers.authorization', 'headers.authorization', '*.authorization'],
  } satisfies pino.LoggerOptions;
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that drops everything: tests and benchmarks. */
export const silentLogger: Logger = pino({ level: 'silent' });
