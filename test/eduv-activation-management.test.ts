// Who manages activations and what the others see of it: activation management
// only through a registered beheer application; the receiver's view of the
// history names the school and the time, not the person; a narrowing names
// subject offerings of that onderwijsaanbieder only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beheerder, eduvClient, SENDER, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

const PENDING_RECEIVER = '00000003111122220000';
const NOORDKAAP = '00000003876543210000';
const receiverB = eduvClient('toets-pending', 'eduv.student.basic eduv.education');
const ACTIVATE = `mutation Activate($input: ActivateExchangeInput!) { activateExchange(input: $input) { id status subjectOfferingIds } }`;

let h: EduvHarness;
beforeAll(async () => {
  h = await startEduvHarness();
});
afterAll(async () => h?.close());

const orders = (receiverOin: string) => ({ gegevensdienst: 'orders', onderwijsaanbieder: '110A133', receiverOin });

describe('activation management through the registered beheer application only', () => {
  // The same employee, the same role and login level: only the client differs.
  it.each([
    ['the receiving supplier\'s own application', 'lvs-uitgever'],
    ['a BRP process application', 'procesapp'],
    ['a SaaS case system', 'saas-zaaksysteem'],
  ])('a beheerder\'s token for %s manages nothing: NOT_BEHEER_APPLICATION', async (_case, clientId) => {
    const token = await h.token({ ...beheerder(), client_id: clientId });
    const activate = await h.query(ACTIVATE, { token, variables: { input: orders(PENDING_RECEIVER) } });
    expect(activate.body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'NOT_BEHEER_APPLICATION', rows: 1 });
    const list = await h.query(`{ activations(onderwijsaanbieder: "110A133") { id } }`, { token });
    expect(list.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_BEHEER_APPLICATION' });
    const [existing] = await h.registry.activations({ onderwijsaanbieder: '110A133', receiverOin: NOORDKAAP, gegevensdienst: 'schoolvak' });
    const off = await h.query(`mutation { deactivateExchange(id: "${existing.id}") { status } }`, { token });
    expect(off.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_BEHEER_APPLICATION' });
    expect(await h.registry.activation({ ...orders(PENDING_RECEIVER), gegevensdienst: 'orders', senderOin: SENDER })).toBeUndefined();
    expect((await h.registry.activationById(existing.id))?.status).toBe('active');
  });

  it('the registry lists the beheer applications of the seed', async () => {
    expect(await h.registry.beheerApplication('eduv-beheer')).toEqual({ clientId: 'eduv-beheer', application: 'Zeeweide LAS Beheeromgeving' });
    expect(await h.registry.beheerApplication('lvs-uitgever')).toBeUndefined();
  });
});

describe('the history a receiver sees', () => {
  it('names the school and the time, not the person; the school\'s beheerder sees who', async () => {
    const activated = await h.query(ACTIVATE, { token: await h.token(beheerder()), variables: { input: orders(PENDING_RECEIVER) } });
    const { id } = (activated.body.data as { activateExchange: { id: string } }).activateExchange;
    const HISTORY = `history { action actor actorClientId acr at status }`;
    const confirmed = await h.query(`mutation { confirmActivation(id: "${id}") { status ${HISTORY} } }`, { token: await h.token(receiverB) });
    expect(confirmed.body.errors).toBeUndefined();
    const seen = (confirmed.body.data as { confirmActivation: { history: Array<Record<string, unknown>> } }).confirmActivation.history;
    expect(seen.map(({ at: _at, ...rest }) => rest)).toEqual([
      { action: 'activated', actor: 'Zeeweide College', actorClientId: null, acr: null, status: 'pending' },
      { action: 'confirmed', actor: 'Toetsbureau Pending', actorClientId: null, acr: null, status: 'active' },
    ]);
    expect(seen.every((e) => typeof e.at === 'string' && !Number.isNaN(Date.parse(String(e.at))))).toBe(true);
    // Nothing of the employee anywhere in the receiver's answer.
    expect(JSON.stringify(confirmed.body)).not.toMatch(/beheerder-110A133|eduv-beheer|eidas/);

    const full = await h.query(`{ activations(onderwijsaanbieder: "110A133") { id ${HISTORY} } }`, { token: await h.token(beheerder()) });
    const mine = (full.body.data as { activations: Array<{ id: string; history: Array<Record<string, unknown>> }> }).activations.find((a) => a.id === id);
    expect(mine?.history.map((e) => [e.actor, e.actorClientId, e.acr])).toEqual([
      ['beheerder-110A133', 'eduv-beheer', 'http://eidas.europa.eu/LoA/substantial'],
      ['toets-pending', 'toets-pending', null],
    ]);
  });
});

describe('a narrowing of the onderwijsaanbieder\'s own subject offerings', () => {
  const students = (subjectOfferingIds: unknown) => ({ gegevensdienst: 'students', onderwijsaanbieder: '110A133', receiverOin: PENDING_RECEIVER, subjectOfferingIds });

  it('refuses ids of another school and unknown ids, naming them, and writes nothing', async () => {
    const before = await h.registry.activation({ gegevensdienst: 'students', onderwijsaanbieder: '110A133', senderOin: SENDER, receiverOin: PENDING_RECEIVER });
    const ofAnotherSchool = h.eduvMock.data.subjectOfferings.find((o) => o.organisationMasterIdentifier === '112C410')!.id;
    const own = h.eduvMock.data.subjectOfferings.find((o) => o.organisationMasterIdentifier === '110A133')!.id;
    const res = await h.query(ACTIVATE, { token: await h.token(beheerder()), variables: { input: students([own, ofAnotherSchool, 'bestaat-niet']) } });
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'input.subjectOfferingIds', reason: 'SUBJECT_OFFERING_UNKNOWN' });
    expect(res.body.errors?.[0].message).toContain(`"${ofAnotherSchool}", "bestaat-niet"`);
    expect(res.body.errors?.[0].message).not.toContain(`"${own}"`);
    expect(await h.registry.activation({ gegevensdienst: 'students', onderwijsaanbieder: '110A133', senderOin: SENDER, receiverOin: PENDING_RECEIVER })).toEqual(before);
  });

  it('refuses a narrowing to nothing', async () => {
    const res = await h.query(ACTIVATE, { token: await h.token(beheerder()), variables: { input: students([]) } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.subjectOfferingIds' });
  });

  it('takes its own, once each', async () => {
    const own = h.eduvMock.data.subjectOfferings.filter((o) => o.organisationMasterIdentifier === '110A133').slice(0, 2).map((o) => o.id);
    const res = await h.query(ACTIVATE, { token: await h.token(beheerder()), variables: { input: students([...own, own[0]]) } });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as { activateExchange: { subjectOfferingIds: string[] } }).activateExchange.subjectOfferingIds).toEqual(own);
  });
});
