// npm run bench: each line a ratio measured side by side in one run.
import { authorizationBench } from './authorization.ts';
import { protocolBench } from './protocol.ts';
import { eduvBench } from './eduv.ts';
import { planBench } from './plan.ts';
import { evidenceBench } from './evidence.ts';
import { subscriptionsBench } from './subscriptions.ts';
import { eduvLinksBench } from './eduv-links.ts';
import { answerHelp } from '../src/base/cli/help.ts';

answerHelp(process.argv.slice(2), `usage: npm run bench

Runs the benchmarks and prints their figures and ratios side by side (bench/*.ts).`);

const sections: Array<() => Promise<string[]>> = [authorizationBench, eduvBench, eduvLinksBench, subscriptionsBench, planBench, protocolBench, evidenceBench];
for (const section of sections) {
  for (const line of await section()) console.log(line);
}
