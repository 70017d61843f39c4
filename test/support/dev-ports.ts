// Every port the development entry (src/dev/start.ts) listens on, set to 0 (a free one): tests that
// start it as a process run side by side, and a fixed default port (4002–4007) would collide. Read off
// the declared variables, so that a new embedded mock cannot be forgotten here.
import { PIPELINE_VARIABLES } from '../../src/pipeline/variables.ts';

export const EPHEMERAL_DEV_PORTS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(PIPELINE_VARIABLES)
    .filter((name) => name === 'PORT' || /^(MOCK_[A-Z_]+|DEV_IDP)_PORT$/.test(name))
    .map((name) => [name, '0']),
);
