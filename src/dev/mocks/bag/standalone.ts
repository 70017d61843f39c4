import { runStandaloneMock } from '../standalone-mock.ts';
import { startBagMock } from './server.ts';

// `npm run mock:bag`: the mock BAG upstream on its own port. Config from the environment: PORT
// (default 4007), HOST (default 127.0.0.1), BAG_API_KEY (the X-Api-Key to require; none when unset).

const apiKey = process.env.BAG_API_KEY || undefined;
await runStandaloneMock({
  help: `usage: npm run mock:bag

The mock BAG API Individuele Bevragingen v2 (adresseerbare objecten, adressen) on data generated for the
addresses of the BRP test data, on PORT (default 4007) and HOST (default 127.0.0.1). With BAG_API_KEY set,
every request needs that X-Api-Key; without it, none is asked.`,
  service: 'mock-bag',
  defaultPort: 4007,
  start: (options) => startBagMock({ ...options, apiKey }),
  listening: 'mock BAG API listening',
  logFields: () => ({ apiKey: apiKey ? 'required' : 'none' }),
});
