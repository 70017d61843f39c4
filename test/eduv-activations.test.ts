// Managing activations through GraphQL: an applicatiebeheerder of that
// onderwijsaanbieder at eIDAS substantial or high activates; the receiver
// confirms when it does not confirm automatically; history is kept and every
// change is in the access log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beheerder, eduvClient, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

const PENDING_RECEIVER = '00000003111122220000';
const receiverB = eduvClient('toets-pending', 'eduv.student.basic eduv.education');

let h: EduvHarness;
beforeAll(async () => {
  h = await startEduvHarness();
});
afterAll(async () => h?.close());

const ACTIVATE = `mutation Activate($input: ActivateExchangeInput!) { activateExchange(input: $input) { id status gegevensdienst receiverOin senderOin subjectOfferingIds } }`;
const SCHOOLVAK_FOR_B = { gegevensdienst: 'schoolvak', onderwijsaanbieder: '110A133', receiverOin: PENDING_RECEIVER };
type ActivationOut = { id: string; status: string };

describe('activations', () => {
  it('refuses a beheerder below eIDAS substantial, a beheerder of another school, and a machine client', async () => {
    for (const [claims, expected] of [
      [beheerder('110A133', 'http://eidas.europa.eu/LoA/low'), 'ACR_TOO_LOW'],
      [beheerder('111B222'), 'NOT_APPLICATIEBEHEERDER'],
    ] as const) {
      const res = await h.query(ACTIVATE, { token: await h.token(claims), variables: { input: SCHOOLVAK_FOR_B } });
      expect(res.body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: expected, rows: 1 });
    }
    expect(await h.registry.activation({ gegevensdienst: 'schoolvak', onderwijsaanbieder: '110A133', senderOin: '00000003123456780000', receiverOin: PENDING_RECEIVER })).toBeUndefined();
  });

  it('activate → pending (receiver confirms itself) → the receiver confirms → active → exchange works → deactivate', async () => {
    const Q = `{ subjectOfferings(onderwijsaanbieder: "110A133") { id } }`;
    expect((await h.query(Q, { token: await h.token(receiverB) })).body.errors?.[0].extensions?.reason).toBe('ACTIVATION_REQUIRED');

    const activated = await h.query(ACTIVATE, { token: await h.token(beheerder()), variables: { input: SCHOOLVAK_FOR_B }, headers: { 'x-verwerking': 'Activering schoolvak voor toetsbureau' } });
    expect(activated.body.errors).toBeUndefined();
    const activation = (activated.body.data as { activateExchange: ActivationOut & Record<string, unknown> }).activateExchange;
    expect(activation).toMatchObject({ status: 'pending', gegevensdienst: 'schoolvak', senderOin: '00000003123456780000', receiverOin: PENDING_RECEIVER, subjectOfferingIds: null });
    expect((await h.query(Q, { token: await h.token(receiverB) })).body.errors?.[0].extensions?.reason).toBe('ACTIVATION_PENDING');

    // Someone else than the receiver cannot confirm.
    const CONFIRM = `mutation Confirm($id: ID!) { confirmActivation(id: $id) { status } }`;
    const foreign = await h.query(CONFIRM, { token: await h.token(eduvClient('lvs-uitgever', 'eduv.education')), variables: { id: activation.id } });
    expect(foreign.body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'NOT_RECEIVER', rows: 1 });
    const confirmed = await h.query(CONFIRM, { token: await h.token(receiverB), variables: { id: activation.id } });
    expect(confirmed.body.data).toEqual({ confirmActivation: { status: 'active' } });
    expect((await h.query(Q, { token: await h.token(receiverB) })).body.errors).toBeUndefined();

    const off = await h.query(`mutation Deactivate($id: ID!) { deactivateExchange(id: $id) { status history { action actor acr status } } }`, {
      token: await h.token(beheerder()),
      variables: { id: activation.id },
    });
    expect(off.body.data).toEqual({
      deactivateExchange: {
        status: 'inactive',
        history: [
          { action: 'activated', actor: 'beheerder-110A133', acr: 'http://eidas.europa.eu/LoA/substantial', status: 'pending' },
          { action: 'confirmed', actor: 'toets-pending', acr: null, status: 'active' },
          { action: 'deactivated', actor: 'beheerder-110A133', acr: 'http://eidas.europa.eu/LoA/substantial', status: 'inactive' },
        ],
      },
    });
    expect((await h.query(Q, { token: await h.token(receiverB) })).body.errors?.[0].extensions?.reason).toBe('ACTIVATION_REQUIRED');

    // Every change is in the access log.
    const { rows } = await h.store.query<{ operation_name: string; principal_subject: string; outcome: string; task_description: string | null }>(
      `SELECT operation_name, principal_subject, outcome, task_description FROM protocol_access
       WHERE operation_name IN ('Activate', 'Confirm', 'Deactivate') AND outcome = 'ok' ORDER BY occurred_at, seq`,
    );
    expect(rows.map((r) => `${r.operation_name}:${r.principal_subject}`)).toEqual(['Activate:beheerder-110A133', 'Confirm:toets-pending', 'Deactivate:beheerder-110A133']);
    expect(rows[0].task_description).toBe('Activering schoolvak voor toetsbureau');
  });

  it('narrowing: an activation may name subject offerings; the beheerder sees the activations of its school', async () => {
    const res = await h.query(ACTIVATE, {
      token: await h.token(beheerder()),
      variables: { input: { gegevensdienst: 'students', onderwijsaanbieder: '110A133', receiverOin: '00000003876543210000', subjectOfferingIds: ['110A133-2026-2027-H4-WB', '110A133-2026-2027-H4-NE'] } },
    });
    // Receiver A confirms automatically.
    expect(res.body.data).toMatchObject({ activateExchange: { status: 'active', subjectOfferingIds: ['110A133-2026-2027-H4-WB', '110A133-2026-2027-H4-NE'] } });
    const list = await h.query(`{ activations(onderwijsaanbieder: "110A133") { gegevensdienst receiverOin status } }`, { token: await h.token(beheerder()) });
    expect(list.body.data?.activations).toEqual(expect.arrayContaining([{ gegevensdienst: 'students', receiverOin: '00000003876543210000', status: 'active' }]));
  });

  it('a bad receiver OIN is BAD_USER_INPUT naming the argument', async () => {
    const res = await h.query(ACTIVATE, { token: await h.token(beheerder()), variables: { input: { ...SCHOOLVAK_FOR_B, receiverOin: '0000000312345678' } } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.receiverOin' });
  });
});
