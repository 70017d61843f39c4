import { haalCentraalTransport, startPostJsonMock, type FailureInjection, type PostJsonListenOptions, type PostJsonMock } from '../post-json-mock.ts';
import { loadHistorieData } from './data.ts';
import * as errors from './errors.ts';
import { answerVerblijfplaatshistorie, VERBLIJFPLAATSHISTORIE_PATH } from './historie.ts';

// A real HTTP server for BRP Verblijfplaatshistorie bevragen 2.0 (POST /verblijfplaatshistorie) on the
// official test data, for tests and local runs of the facade. Besides the API it records what it
// received and can be told to fail (the shared part: ../post-json-mock.ts).

export { answerVerblijfplaatshistorie, type AnswerOptions, type HistorieAntwoord } from './historie.ts';
export type { ReceivedRequest } from '../post-json-mock.ts';
export type { FailureInjection };

export const BASE_PATH = '/haalcentraal/api/brphistorie';

export interface HistorieMock extends PostJsonMock {
  /** Base URL, e.g. http://127.0.0.1:4004/haalcentraal/api/brphistorie; clients append /verblijfplaatshistorie. */
  url: string;
}

export interface HistorieMockOptions extends PostJsonListenOptions {}

export async function startHistorieMock(options: HistorieMockOptions = {}): Promise<HistorieMock> {
  // Parse the test data now, so a missing data/brp-historie copy fails at start-up, not on the first call.
  loadHistorieData();
  return startPostJsonMock({
    ...options,
    basePath: BASE_PATH,
    endpoint: VERBLIJFPLAATSHISTORIE_PATH,
    ...haalCentraalTransport(errors),
    answer: (body, instance) => answerVerblijfplaatshistorie(body, { instance }),
  });
}
