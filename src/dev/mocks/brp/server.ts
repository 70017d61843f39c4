import { haalCentraalTransport, startPostJsonMock, type FailureInjection, type PostJsonListenOptions, type PostJsonMock } from '../post-json-mock.ts';
import { loadTestData } from './data.ts';
import * as errors from './errors.ts';
import { handlePersonen } from './personen.ts';

// A real HTTP server for the BRP Personen API on the official test data, for tests and local runs
// of the facade. Besides the API it records what it received and can be told to fail (the shared
// part, which the historie, bewoning and reisdocumenten mocks use too: ../post-json-mock.ts).

export const BASE_PATH = '/haalcentraal/api/brp';
const PERSONEN_PATH = `${BASE_PATH}/personen`;

export type { ReceivedRequest } from '../post-json-mock.ts';
export type { FailureInjection };

export interface BrpMock extends PostJsonMock {
  /** Base URL, e.g. http://127.0.0.1:4002/haalcentraal/api/brp; clients append /personen. */
  url: string;
}

export interface BrpMockOptions extends PostJsonListenOptions {
  /** The moment against which leeftijd is computed; default: the real clock. */
  now?: () => Date;
}

export async function startBrpMock(options: BrpMockOptions = {}): Promise<BrpMock> {
  const now = options.now ?? (() => new Date());
  // Parse the test data now, so a missing data/brp copy fails at start-up, not on the first call.
  loadTestData();
  return startPostJsonMock({
    port: options.port,
    host: options.host,
    logger: options.logger,
    basePath: BASE_PATH,
    endpoint: PERSONEN_PATH,
    ...haalCentraalTransport(errors),
    answer: (body, instance) => handlePersonen(body, { now: now(), instance }),
  });
}
