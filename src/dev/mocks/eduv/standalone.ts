import { DEFAULT_EDUV_SEED } from './generate.ts';
import { startEduvMock } from './server.ts';
import { answerHelp } from '../../../base/cli/help.ts';
import { createLogger } from '../../../base/log/logger.ts';

answerHelp(process.argv.slice(2), `usage: npm run mock:eduv

The mock Edu-V upstream on PORT (default 4003) and HOST (default 127.0.0.1); EDUV_MOCK_SEED picks its data.`);

// `npm run mock:eduv`: the mock Edu-V upstream on its own port. Config from the environment:
// PORT (default 4003), HOST (default 127.0.0.1), EDUV_MOCK_SEED (default the fixed seed).

function fatal(variable: string, msg: string): never {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg, variable })}\n`);
  process.exit(1);
}

function integerEnv(variable: string, fallback: number, max: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) fatal(variable, `${variable} must be an integer from 0 to ${max}`);
  return n;
}

const logger = createLogger(undefined, 'mock-eduv');
const mock = await startEduvMock({
  logger,
  port: integerEnv('PORT', 4003, 65535),
  host: process.env.HOST || '127.0.0.1',
  seed: integerEnv('EDUV_MOCK_SEED', DEFAULT_EDUV_SEED, 0xffffffff),
});
// The students are fictional, but still only counts are logged, never people.
logger.info({ url: mock.url, seed: mock.data.seed, students: mock.data.students.length }, 'mock Edu-V API listening');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await mock.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
