import { runStandaloneMock } from '../standalone-mock.ts';
import { startBrpMock } from './server.ts';

// `npm run mock:brp`: the mock BRP upstream on its own port. Config from the environment:
// PORT (default 4002) and HOST (default 127.0.0.1).

await runStandaloneMock({
  help: `usage: npm run mock:brp

The mock BRP Personen API on the official test data, on PORT (default 4002) and HOST (default 127.0.0.1).`,
  service: 'mock-brp',
  defaultPort: 4002,
  start: startBrpMock,
  listening: 'mock BRP Personen API listening',
});
