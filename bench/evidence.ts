// Bench: the cost per record of the protocol's evidence — pseudonymised and sealed subjects, what was
// asked sealed by envelope encryption, the token's evidence — as a ratio of time per batch of
// records against the same records without it, on PGlite in this process, interleaved round by round.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../src/base/storage/open-store.ts';
import { ProtocolKeyring } from '../src/engine/protocol/keyring.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import type { AccessRecord, ProcessingRecord } from '../src/engine/protocol/types.ts';
import { measure, ratioLine } from './support.ts';

const PER_ROUND = 64;

function request(evidence: boolean): { access: AccessRecord; processing: ProcessingRecord[] } {
  const operationId = randomUUID();
  const traceId = randomBytes(16).toString('hex');
  const time = new Date();
  const now = Math.floor(time.getTime() / 1000);
  return {
    access: {
      operationId,
      time,
      traceId,
      principal: { kind: 'user', subject: 'medewerker-bench', clientId: 'procesapp' },
      purpose: 'wmo-aanvraag',
      processingActivity: 'VA-WMO-003',
      documentHash: 'a'.repeat(64),
      fieldsRequested: ['naam.voornamen'],
      fieldsPruned: [],
      fieldsReturned: ['naam.voornamen'],
      outcome: 'ok',
      ...(evidence
        ? {
            token: { issuer: 'https://idp.example', id: randomUUID(), issuedAt: now, expiresAt: now + 300, acr: 'loa2', roles: ['wmo-consulent'], scopes: [], sha256: 'b'.repeat(64) },
            asked: [{ field: 'persoon', arguments: { burgerservicenummer: '999993653' } }],
          }
        : {}),
    },
    processing: [{ operationId, traceId, time, processingActivity: 'VA-WMO-003', subjectType: 'BSN', subjectId: '999993653', fields: ['naam.voornamen'], status: 'disclosed' }],
  };
}

export async function evidenceBench(): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-evidence-'));
  const store = await openStore({ dataDir: path.join(dir, 'db') });
  const keyring = new ProtocolKeyring([{ id: 'bench', secret: randomBytes(32) }]);
  const plain: ProtocolLog = await createProtocolLog(store, { instanceId: 'bench-plain' });
  const sealed: ProtocolLog = await createProtocolLog(store, { instanceId: 'bench-evidence', subjects: keyring });
  const round = (log: ProtocolLog, evidence: boolean) => async () => {
    await Promise.all(Array.from({ length: PER_ROUND }, () => request(evidence)).map((r) => log.record(r.access, r.processing)));
  };
  try {
    const medians = await measure(
      [
        { name: 'off', run: round(plain, false) },
        { name: 'on', run: round(sealed, true) },
      ],
      { warmup: 5, rounds: 40 },
    );
    const off = medians.get('off')!;
    const on = medians.get('on')!;
    return [
      ratioLine(`protocol evidence: time per record, on / off (PGlite, ${PER_ROUND} concurrent records)`, on / off, '≤ 1.3'),
      `  ${((on / PER_ROUND) * 1000).toFixed(0)} µs per record with evidence, ${((off / PER_ROUND) * 1000).toFixed(0)} µs without`,
    ];
  } finally {
    await plain.close();
    await sealed.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('evidence.ts')) for (const line of await evidenceBench()) console.log(line);
