// Bench: Edu-V change notifications — the latency from a change at the source to its delivery over
// WebSocket (the leader's poll of the change feed, the layers at delivery, the student asked again
// with the subscriber's scopes, its processing record committed, the event sent), side by side with
// what a client would otherwise do when told of the change: the same student asked over HTTP. The poll
// interval is left out (the bench polls at once after each change); add EDUV_CHANGES_POLL_SECONDS / 2
// on average in a deployment.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { NARROWED_OFFERING, receiverA, startEduvHarness } from '../test/support/eduv-harness.ts';
import { measure } from './support.ts';

const SCHOOL = '110A133';

export async function subscriptionsBench(): Promise<string[]> {
  const h = await startEduvHarness();
  try {
    const token = await h.token(receiverA);
    await h.changes.poll();
    const client = createClient({ url: `${h.facade.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const waiting: Array<() => void> = [];
    const before = h.changes.subscribers;
    client.subscribe(
      { query: 'subscription { studentsChanged(onderwijsaanbieder: "110A133") { students { userMasterIdentifier givenName familyName } } }' },
      { next: () => waiting.shift()?.(), error: () => undefined, complete: () => undefined },
    );
    while (h.changes.subscribers === before) await new Promise((resolve) => setTimeout(resolve, 5));
    const students = h.eduvMock.data.students.filter((r) => r.aanbiederId === SCHOOL && r.student.subjectOfferingIds.includes(NARROWED_OFFERING)).map((r) => r.student.userMasterIdentifier);
    let i = 0;
    const median = await measure(
      [
        {
          name: 'change → delivered',
          run: async () => {
            const delivered = new Promise<void>((resolve) => waiting.push(resolve));
            h.eduvMock.changes.record('student', SCHOOL, [students[i++ % students.length]]);
            await h.changes.poll();
            await delivered;
          },
        },
        {
          name: 'the same student over HTTP',
          run: () => h.query(`{ students(onderwijsaanbieder: "${SCHOOL}", first: 1) { items { userMasterIdentifier givenName familyName } } }`, { token }),
        },
      ],
      { warmup: 10, rounds: 60 },
    );
    await client.dispose();
    const push = median.get('change → delivered')!;
    const pull = median.get('the same student over HTTP')!;
    return [
      `Edu-V subscription: change at the source → event delivered (1 student, recorded)   ${push.toFixed(2)} ms median`,
      `  the same student asked over HTTP                                                ${pull.toFixed(2)} ms median   (delivery / HTTP ${(push / pull).toFixed(2)}×)`,
    ];
  } finally {
    await h.close();
  }
}
