// One error vocabulary: a closed list of codes, a closed list of denial
// reasons each with its message (the compiler refuses a reason without one),
// and a refusal that is not the token's fault answered as such (503).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENIAL_MESSAGES, ERROR_CODES, type DenialReason } from '../src/base/errors/vocabulary.ts';
import { forbidden } from '../src/base/errors/forbidden.ts';
import { startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';

describe('the vocabulary is closed and complete', () => {
  it('every denial reason has a message of its own', () => {
    for (const [reason, message] of Object.entries(DENIAL_MESSAGES)) {
      expect(message.length, reason).toBeGreaterThan(20);
      expect(forbidden(reason as DenialReason).extensions).toMatchObject({ code: 'FORBIDDEN', reason });
    }
    expect(new Set(Object.values(DENIAL_MESSAGES)).size).toBe(Object.keys(DENIAL_MESSAGES).length);
  });

  it('the compiler refuses a reason without a message, and a reason outside the list', () => {
    // npm test typechecks this file: each @ts-expect-error fails the typecheck if the line compiles.
    // @ts-expect-error a Record of all reasons with one missing
    const incomplete: Record<DenialReason, string> = { FIELD_NOT_IN_PURPOSE: 'x' };
    // @ts-expect-error an unknown reason
    const unknown = () => forbidden('SOMETHING_ELSE');
    expect(incomplete).toBeDefined();
    expect(unknown).toBeTypeOf('function');
    expect(ERROR_CODES).toContain('FORBIDDEN');
  });
});

describe('a refusal that is not the token\'s fault', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('is 503 AUTHENTICATION_UNAVAILABLE with Retry-After when the issuer\'s keys cannot be fetched', async () => {
    const token = await h.token({ sub: 'medewerker-burgerzaken', roles: ['burgerzaken'] });
    // No token was verified yet: the issuer's keys must be fetched, and cannot be.
    h.issuer.setJwksAvailable(false);
    try {
      const res = await h.query('{ facadeVersion }', { token });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body.errors?.[0].extensions?.code).toBe('AUTHENTICATION_UNAVAILABLE');
      expect((h.protocol as RecordingProtocol).access.at(-1)).toMatchObject({ outcome: 'denied', reason: 'AUTHENTICATION_UNAVAILABLE' });
    } finally {
      h.issuer.setJwksAvailable(true);
    }
    expect((await h.query('{ facadeVersion }', { token })).status).toBe(200);
  });
});
