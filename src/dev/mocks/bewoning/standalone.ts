import { startBewoningMock } from './server.ts';
import { answerHelp } from '../../../base/cli/help.ts';
import { createLogger } from '../../../base/log/logger.ts';

answerHelp(process.argv.slice(2), `usage: npm run mock:bewoning

The mock BRP Bewoning API (POST /haalcentraal/api/bewoning/bewoningen) on the official test data,
on PORT (default 4006) and HOST (default 127.0.0.1).`);

// `npm run mock:bewoning`: the mock bewoning upstream on its own port. Config from the environment:
// PORT (default 4006) and HOST (default 127.0.0.1).

function port(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return 4006;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: 'PORT must be an integer from 0 to 65535', variable: 'PORT' })}\n`);
    process.exit(1);
  }
  return n;
}

const logger = createLogger(undefined, 'mock-bewoning');
const mock = await startBewoningMock({ port: port(), host: process.env.HOST || '127.0.0.1', logger });
logger.info({ url: mock.url }, 'mock BRP Bewoning API listening');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await mock.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
