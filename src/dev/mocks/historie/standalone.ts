import { runStandaloneMock } from '../standalone-mock.ts';
import { startHistorieMock } from './server.ts';

// `npm run mock:historie`: the mock historie upstream on its own port. Config from the environment:
// PORT (default 4004) and HOST (default 127.0.0.1).

await runStandaloneMock({
  help: `usage: npm run mock:historie

The mock BRP Verblijfplaatshistorie API (POST /haalcentraal/api/brphistorie/verblijfplaatshistorie) on the
official test data, on PORT (default 4004) and HOST (default 127.0.0.1).`,
  service: 'mock-historie',
  defaultPort: 4004,
  start: startHistorieMock,
  listening: 'mock BRP Verblijfplaatshistorie API listening',
});
