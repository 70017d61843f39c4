import { startBagMock } from './server.ts';
import { answerHelp } from '../../../base/cli/help.ts';
import { createLogger } from '../../../base/log/logger.ts';

answerHelp(process.argv.slice(2), `usage: npm run mock:bag

The mock BAG API Individuele Bevragingen v2 (adresseerbare objecten, adressen) on data generated for the
addresses of the BRP test data, on PORT (default 4007) and HOST (default 127.0.0.1). With BAG_API_KEY set,
every request needs that X-Api-Key; without it, none is asked.`);

// `npm run mock:bag`: the mock BAG upstream on its own port. Config from the environment: PORT
// (default 4007), HOST (default 127.0.0.1), BAG_API_KEY (the X-Api-Key to require; none when unset).

function port(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return 4007;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: 'PORT must be an integer from 0 to 65535', variable: 'PORT' })}\n`);
    process.exit(1);
  }
  return n;
}

const logger = createLogger(undefined, 'mock-bag');
const apiKey = process.env.BAG_API_KEY || undefined;
const mock = await startBagMock({ port: port(), host: process.env.HOST || '127.0.0.1', apiKey, logger });
logger.info({ url: mock.url, apiKey: apiKey ? 'required' : 'none' }, 'mock BAG API listening');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await mock.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
