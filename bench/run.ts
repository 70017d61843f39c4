// npm run bench: each line a ratio measured side by side in one run.
import { authorizationBench } from './authorization.ts';
import { protocolBench } from './protocol.ts';
import { eduvBench } from './eduv.ts';

const sections: Array<() => Promise<string[]>> = [authorizationBench, eduvBench, protocolBench];
for (const section of sections) {
  for (const line of await section()) console.log(line);
}
