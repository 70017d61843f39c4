import { runStandaloneMock } from '../standalone-mock.ts';
import { startReisdocumentenMock } from './server.ts';

// `npm run mock:reisdocumenten`: the mock Reisdocumenten upstream on its own port. Config from the
// environment: PORT (default 4005) and HOST (default 127.0.0.1).

await runStandaloneMock({
  help: `usage: npm run mock:reisdocumenten

The mock BRP Reisdocumenten bevragen API on the official test data, on PORT (default 4005) and HOST (default 127.0.0.1).`,
  service: 'mock-reisdocumenten',
  defaultPort: 4005,
  start: startReisdocumentenMock,
  listening: 'mock BRP Reisdocumenten API listening',
});
