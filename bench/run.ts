// npm run bench: each line a ratio measured side by side in one run.
import { authorizationBench } from './authorization.ts';
import { protocolBench } from './protocol.ts';
import { eduvBench } from './eduv.ts';
import { planBench } from './plan.ts';

const sections: Array<() => Promise<string[]>> = [authorizationBench, eduvBench, planBench, protocolBench];
for (const section of sections) {
  for (const line of await section()) console.log(line);
}
