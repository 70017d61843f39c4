// What the `npm run mock:x` entry points share: `--help`, PORT and HOST from the environment, one
// log line with the URL once listening, and a clean stop on SIGINT/SIGTERM.
import { answerHelp } from '../../base/cli/help.ts';
import { createLogger, type Logger } from '../../base/log/logger.ts';

export interface StandaloneMock {
  url: string;
  close(): Promise<void>;
}

export interface StandaloneMockSpec<M extends StandaloneMock> {
  /** The `--help` text (starting `usage: `). */
  help: string;
  /** The logger's service name, e.g. 'mock-brp'. */
  service: string;
  /** The port when PORT is unset or empty. */
  defaultPort: number;
  start(options: { port: number; host: string; logger: Logger }): Promise<M>;
  /** The message of the log line written once listening. */
  listening: string;
  /** More fields for that log line, after `url`. */
  logFields?: (mock: M) => Record<string, unknown>;
}

function port(defaultPort: number): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return defaultPort;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: 'PORT must be an integer from 0 to 65535', variable: 'PORT' })}\n`);
    process.exit(1);
  }
  return n;
}

/** Runs a mock as a program: answers `--help`, else starts it on PORT and HOST (default 127.0.0.1). */
export async function runStandaloneMock<M extends StandaloneMock>(spec: StandaloneMockSpec<M>): Promise<M> {
  answerHelp(process.argv.slice(2), spec.help);

  const logger = createLogger(undefined, spec.service);
  const mock = await spec.start({ port: port(spec.defaultPort), host: process.env.HOST || '127.0.0.1', logger });
  logger.info({ url: mock.url, ...spec.logFields?.(mock) }, spec.listening);

  let stopping = false;
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    await mock.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return mock;
}
