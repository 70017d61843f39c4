// Canonical serialisation and record normalisation: the parts of the hash that must never drift.
// A change here makes every existing chain fail verification, so the format is pinned by a vector.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize, type CanonicalValue } from '../src/engine/protocol/canonical.ts';
import { GENESIS_HASH, normalizeAccess, normalizeProcessing, recordHash, sha256Hex } from '../src/engine/protocol/hash-chain.ts';
import { ProtocolRecordInvalidError, type AccessRecord } from '../src/engine/protocol/types.ts';

const access: AccessRecord = {
  operationId: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
  time: new Date('2026-01-05T09:00:00.123Z'),
  traceId: '4BF92F3577B34DA6A3CE929D0E0E4736',
  principal: { kind: 'user', subject: 'medewerker-17', clientId: 'wmo-app' },
  purpose: 'wmo-aanvraag',
  processingActivity: 'VA-2026-017',
  taskDescription: 'Zaak 2026-0042',
  documentHash: 'b'.repeat(64),
  fieldsRequested: ['naam.voornamen'],
  fieldsPruned: [],
  fieldsReturned: ['naam.voornamen'],
  outcome: 'ok',
};

describe('canonical JSON', () => {
  it('sorts keys, drops absent members, adds no whitespace', () => {
    expect(canonicalize({ b: 1, a: [true, null, 'x'], c: undefined, d: null, e: { z: '', y: 0 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"e":{"y":0,"z":""}}',
    );
  });

  it('escapes strings like JSON and sorts keys by UTF-16 code units', () => {
    expect(canonicalize({ 'é': 1, Z: 2, a: 3 })).toBe('{"Z":2,"a":3,"é":1}');
    expect(canonicalize('quote " backslash \\ newline \n tab \t 😀')).toBe('"quote \\" backslash \\\\ newline \\n tab \\t 😀"');
  });

  it('carries safe integers only', () => {
    expect(() => canonicalize(1.5)).toThrow(TypeError);
    expect(() => canonicalize(2 ** 60)).toThrow(TypeError);
  });

  it('is a function of content, not of key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse()) as CanonicalValue;
        expect(canonicalize(reversed)).toBe(canonicalize(object));
        expect(JSON.parse(canonicalize(object))).toEqual(object);
      }),
    );
  });
});

describe('record normalisation and hashing', () => {
  it('pins the hash format (a change breaks every stored chain)', () => {
    // The hashed message, written out: anyone can recompute a record's hash from this description
    // (here cross-checked with Python's hashlib on the same string).
    const message =
      `{"chain":"access:facade-0","log":"access","prev":"${GENESIS_HASH}","record":{` +
      `"documentHash":"${'b'.repeat(64)}","fieldsPruned":[],"fieldsRequested":["naam.voornamen"],` +
      '"fieldsReturned":["naam.voornamen"],"operationId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","outcome":"ok",' +
      '"principal":{"clientId":"wmo-app","kind":"user","subject":"medewerker-17"},' +
      '"processingActivity":"VA-2026-017","purpose":"wmo-aanvraag","taskDescription":"Zaak 2026-0042",' +
      '"time":"2026-01-05T09:00:00.123Z","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"},"seq":1,"v":1}';
    expect(sha256Hex(message)).toBe('9847bafe8f4ec38b83f69fbd38bd4dfafbf30710d2348aac0dd2b04042de00ee');
    const stored = normalizeAccess(access);
    const hash = recordHash('access', { chainId: 'access:facade-0', seq: 1, prevHash: GENESIS_HASH }, stored);
    expect(hash).toBe('9847bafe8f4ec38b83f69fbd38bd4dfafbf30710d2348aac0dd2b04042de00ee');
  });

  it('normalises what the database would change anyway', () => {
    const stored = normalizeAccess({
      ...access,
      operationName: 'Op\u0000Name',
      reason: 'lone \uD800 surrogate',
      taskDescription: 'x'.repeat(250),
    });
    expect(stored.operationId).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(stored.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(stored.time).toBe('2026-01-05T09:00:00.123Z');
    expect(stored.operationName).toBe('OpName');
    expect(stored.reason).toBe('lone \uFFFD surrogate');
    expect(stored.taskDescription).toHaveLength(200);
  });

  it('refuses records the log cannot represent', () => {
    const bad: [string, Partial<AccessRecord>][] = [
      ['operationId', { operationId: 'x' }],
      ['traceId', { traceId: 'abc' }],
      ['time', { time: new Date('nonsense') }],
      ['outcome', { outcome: 'maybe' as AccessRecord['outcome'] }],
      ['documentHash', { documentHash: '' }],
      ['fieldsReturned', { fieldsReturned: 'naam' as unknown as string[] }],
    ];
    for (const [field, patch] of bad) {
      expect(() => normalizeAccess({ ...access, ...patch }), field).toThrow(ProtocolRecordInvalidError);
    }
    expect(() =>
      normalizeProcessing({
        operationId: access.operationId,
        traceId: access.traceId,
        time: access.time,
        processingActivity: 'VA-2026-017',
        subjectType: 'BSN',
        subjectId: '',
        fields: [],
        status: 'disclosed',
      }),
    ).toThrow(/subjectId must not be empty/);
  });
});
