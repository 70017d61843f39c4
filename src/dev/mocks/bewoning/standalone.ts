import { runStandaloneMock } from '../standalone-mock.ts';
import { startBewoningMock } from './server.ts';

// `npm run mock:bewoning`: the mock bewoning upstream on its own port. Config from the environment:
// PORT (default 4006) and HOST (default 127.0.0.1).

await runStandaloneMock({
  help: `usage: npm run mock:bewoning

The mock BRP Bewoning API (POST /haalcentraal/api/bewoning/bewoningen) on the official test data,
on PORT (default 4006) and HOST (default 127.0.0.1).`,
  service: 'mock-bewoning',
  defaultPort: 4006,
  start: startBewoningMock,
  listening: 'mock BRP Bewoning API listening',
});
