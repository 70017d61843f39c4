import { haalCentraalTransport, startPostJsonMock, type FailureInjection, type PostJsonListenOptions, type PostJsonMock } from '../post-json-mock.ts';
import { answerBewoningen, BEWONINGEN_PATH } from './bewoningen.ts';
import { loadBewoningData } from './data.ts';
import * as errors from './errors.ts';

// A real HTTP server for BRP Bewoning 2.1 (POST /bewoningen) on the official test data, for tests and
// local runs of the facade. Besides the API it records what it received and can be told to fail (the
// shared part: ../post-json-mock.ts).

export { answerBewoningen, BEWONINGEN_PATH, type AnswerOptions, type BewoningAntwoord } from './bewoningen.ts';
export { bewoningData, type BewoningData } from './data.ts';
export type { ReceivedRequest } from '../post-json-mock.ts';
export type { FailureInjection };

export const BASE_PATH = '/haalcentraal/api/bewoning';

export interface BewoningMock extends PostJsonMock {
  /** Base URL, e.g. http://127.0.0.1:4006/haalcentraal/api/bewoning; clients append /bewoningen. */
  url: string;
}

export interface BewoningMockOptions extends PostJsonListenOptions {}

export async function startBewoningMock(options: BewoningMockOptions = {}): Promise<BewoningMock> {
  // Parse the test data now, so a missing data/brp-bewoning copy fails at start-up, not on the first call.
  loadBewoningData();
  return startPostJsonMock({
    ...options,
    basePath: BASE_PATH,
    endpoint: BEWONINGEN_PATH,
    ...haalCentraalTransport(errors),
    answer: (body, instance) => answerBewoningen(body, { instance }),
  });
}
