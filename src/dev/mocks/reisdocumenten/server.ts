import { haalCentraalTransport, startPostJsonMock, type FailureInjection, type PostJsonListenOptions, type PostJsonMock } from '../post-json-mock.ts';
import { buildData, loadTestData, type ReisdocumentenData } from './data.ts';
import * as errors from './errors.ts';
import { answerReisdocumenten } from './reisdocumenten.ts';
import type { StoredReisdocument } from './storage.ts';

// A real HTTP server for the BRP Reisdocumenten bevragen API on the official test data, for tests
// and local runs of the facade. Besides the API it records what it received and can be told to fail
// (the shared part: ../post-json-mock.ts).

export { answerReisdocumenten, REISDOCUMENTEN_INSTANCE, type ReisdocumentenAntwoord } from './reisdocumenten.ts';
export { AUTOMATISCH_GELEVERD, REISDOCUMENT_FIELDS } from './fields.ts';
export type { ReceivedRequest } from '../post-json-mock.ts';
export type { FailureInjection };
export type { StoredReisdocument };
export type { ReisdocumentenData };

export const BASE_PATH = '/haalcentraal/api/reisdocumenten';
const REISDOCUMENTEN_PATH = `${BASE_PATH}/reisdocumenten`;

export interface ReisdocumentenMock extends PostJsonMock {
  /** Base URL, e.g. http://127.0.0.1:4005/haalcentraal/api/reisdocumenten; clients append /reisdocumenten. */
  url: string;
}

export interface ReisdocumentenMockOptions extends PostJsonListenOptions {
  /** The moment of each request, handed to answerReisdocumenten; default: the real clock. */
  now?: () => Date;
  /**
   * Rows to serve instead of the official test data, in its storage shape (tests that replay a
   * feature file's own Gegeven data). Served as given, without the houder enrichment.
   */
  testData?: readonly StoredReisdocument[];
}

export async function startReisdocumentenMock(options: ReisdocumentenMockOptions = {}): Promise<ReisdocumentenMock> {
  const now = options.now ?? (() => new Date());
  // Load the data now, so a missing data/brp-reisdocumenten copy fails at start-up, not on the first call.
  const data: ReisdocumentenData = options.testData ? buildData(options.testData) : loadTestData();
  return startPostJsonMock({
    port: options.port,
    host: options.host,
    logger: options.logger,
    basePath: BASE_PATH,
    endpoint: REISDOCUMENTEN_PATH,
    ...haalCentraalTransport(errors),
    answer: (body, instance) => answerReisdocumenten(body, now(), data, instance),
  });
}
