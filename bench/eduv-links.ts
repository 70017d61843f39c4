// Bench: Edu-V links — students → groups → results in one GraphQL query (the layers of three
// gegevensdiensten, narrowing across the links, batching per level, a record per person and kind),
// beside the same upstream calls made directly, one level after the other, as a client of the
// source's APIs would (the calls the facade made, replayed): the facade's cost over the physical limit.
import { receiverA, startEduvHarness, SENDER } from '../test/support/eduv-harness.ts';
import { measure } from './support.ts';

const SCHOOL = '110A133';
const DASHBOARD_OIN = '00000003777788880000';
const QUERY = `{ students(onderwijsaanbieder: "${SCHOOL}", first: 20) { items { userMasterIdentifier givenName groups { id name } results { productId scores { grade } } } } }`;

export async function eduvLinksBench(): Promise<string[]> {
  const h = await startEduvHarness();
  try {
    // The dashboard receiver of the demo, here also registered and activated for the groups.
    const dashboard = (await h.registry.client('dashboard-inzicht'))!;
    await h.registry.upsertClient({ ...dashboard, scopes: [...dashboard.scopes, 'eduv.association'] });
    await h.registry.activate({ gegevensdienst: 'association', onderwijsaanbieder: SCHOOL, senderOin: SENDER, receiverOin: DASHBOARD_OIN }, { actor: { subject: 'bench' } });
    const token = await h.token({ ...receiverA, sub: 'dashboard-inzicht', client_id: 'dashboard-inzicht', scope: 'eduv.student.basic eduv.association eduv.result' });
    const check = await h.query(QUERY, { token });
    if (check.body.errors) throw new Error(`bench query refused: ${JSON.stringify(check.body.errors)}`);

    // The calls the facade made for it, grouped by level (what a client must wait for before the next).
    h.eduvMock.clearRequests();
    await h.query(QUERY, { token });
    const calls = h.eduvMock.requests.filter((r) => r.path.startsWith('/eduv/')).map((r) => ({ path: r.path, query: r.query }));
    const levels: Array<typeof calls> = [];
    for (const call of calls) {
      const level = call.path.endsWith('/students/school') ? 0 : call.path.endsWith('/enrolments') || call.path.endsWith('/results') ? 1 : 2;
      (levels[level] ??= []).push(call);
    }
    const upstreamToken = await h.credentials.token();
    const origin = new URL(h.eduvMock.url).origin;
    const direct = async () => {
      for (const level of levels) {
        await Promise.all(
          (level ?? []).map(async ({ path, query }) => {
            const url = new URL(path, origin);
            for (const [k, v] of Object.entries(query)) for (const part of k === 'scope' ? [v] : v.split(',')) url.searchParams.append(k, part);
            const res = await fetch(url, { headers: { authorization: `Bearer ${upstreamToken}` } });
            await res.arrayBuffer();
          }),
        );
      }
    };
    const medians = await measure(
      [
        { name: 'facade', run: () => h.query(QUERY, { token }) },
        { name: 'direct', run: direct },
      ],
      { warmup: 10, rounds: 40 },
    );
    const facade = medians.get('facade')!;
    const limit = medians.get('direct')!;
    return [
      `Edu-V links: 20 students → groups → results, ${calls.length} upstream calls in ${levels.filter(Boolean).length} levels: facade ${facade.toFixed(2)} ms, the same calls direct ${limit.toFixed(2)} ms   (facade / direct ${(facade / limit).toFixed(2)}×)`,
    ];
  } finally {
    await h.close();
  }
}
