// The registry seed file (data/eduv/registry-seed.yaml): read, validated and applied.
//
// Validation reports every problem at once, each as "file:line:col key: message", and nothing is
// applied while there is one: a registry half understood must never be half applied. References
// (a client's participant, an aanbieder's bestuur, an activation's receiver, …) must be defined in
// the same file, so a seed is checked without a database and means the same on every database.
//
// Applying is idempotent and, on the registry createEduvRegistry returns, one transaction.
// Participants, clients, besturen and aanbieders are upserted; an agreement is added unless an
// identical one exists; an activation is created when its key has none yet. An activation that
// exists in another state (an applicatiebeheerder deactivated it, a receiver confirmed it) is left
// as it is and counted: the registry's history is the truth after the first seed, and a facade
// that applies its seed at every start must never re-open an exchange someone closed. Operators who
// do want the seed's state pass `resetActivations` (CLI: --reset-activations); the reset is then
// recorded in the activation's history as actor 'seed'.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, visit, type Document, type Node as YamlNode } from 'yaml';
import { field, keyPath, readYaml, type YamlReader } from '../../../base/config/yaml-reader.ts';
import { EduvSeedFileSchema } from './seed-schema.ts';
import type { EduvRegistry, EduvRegistryAdmin } from './registry.ts';
import type {
  ActivationKey,
  ActivationStatus,
  Actor,
  BeheerApplication,
  EduvClient,
  Onderwijsaanbieder,
  Onderwijsbestuur,
  Participant,
  ProcessingAgreement,
} from './types.ts';
import {
  aanbiederIdProblem,
  bestuurIdProblem,
  clientIdProblem,
  dateProblem,
  emailProblem,
  endpointProblem,
  gegevensdienstProblem,
  isActivationStatus,
  isGegevensdienst,
  narrowingProblem,
  normaliseNarrowing,
  oieCodeProblem,
  oinProblem,
  periodProblem,
  phoneProblem,
  sameNarrowing,
  scopeProblem,
  statusProblem,
  type Problem,
} from './validate.ts';

export type SeedActivation = ActivationKey & { status: ActivationStatus; subjectOfferingIds?: string[] | null };

export interface EduvSeed {
  /** OIN of the participant this facade acts as (the sender). */
  self: string;
  participants: Participant[];
  clients: EduvClient[];
  /** The applications (of `self`) through which applicatiebeheerders manage activations. */
  beheerApplications: BeheerApplication[];
  besturen: Onderwijsbestuur[];
  aanbieders: Onderwijsaanbieder[];
  agreements: Array<Omit<ProcessingAgreement, 'id'>>;
  activations: SeedActivation[];
}

export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(`Edu-V registry seed invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'SeedError';
  }
}

/** The actor of every history event a seed writes. */
export const SEED_ACTOR: Actor = { subject: 'seed' };


const TOP_KEYS = ['self', 'participants', 'clients', 'beheerApplications', 'besturen', 'aanbieders', 'agreements', 'activations'] as const;
const PARTICIPANT_KEYS = ['oin', 'name', 'referenceComponents', 'endpoints', 'contact', 'autoConfirmActivations'];
const CONTACT_KEYS = ['name', 'email', 'phone'];
const CLIENT_KEYS = ['clientId', 'participantOin', 'application', 'scopes'];
const BEHEER_KEYS = ['clientId', 'application'];
const BESTUUR_KEYS = ['id', 'name'];
const AANBIEDER_KEYS = ['id', 'name', 'bestuurId', 'oieCode'];
const AGREEMENT_KEYS = ['participantOin', 'bestuurId', 'validFrom', 'validTo', 'reference'];
const ACTIVATION_KEYS = ['gegevensdienst', 'onderwijsaanbieder', 'senderOin', 'receiverOin', 'status', 'subjectOfferingIds'];

export function parseEduvSeed(text: string, file = 'registry-seed.yaml'): EduvSeed {
  const { doc, reader: r } = readYaml(text, file);
  if (r.problems.length) throw new SeedError(r.problems);

  const top = r.map(doc.contents as YamlNode | null, '(top)', TOP_KEYS);
  const section = (name: (typeof TOP_KEYS)[number]) => top.get(name)?.value ?? null;

  // The ids defined in the file, for cross-references and duplicates.
  const participantOins = new Set<string>();
  const bestuurIds = new Set<string>();
  const aanbiederIds = new Set<string>();

  /** A reference to an OIN: valid, and (later) defined among the participants. */
  const oinRefs: Array<{ oin: string; node: YamlNode | null; key: string }> = [];
  const oinField = (node: YamlNode | null | undefined, key: string, required = true): string | undefined => {
    const oin = r.text(node, key, { required, raw: true });
    if (oin === undefined) return undefined;
    const problem = oinProblem(oin);
    if (problem) {
      r.problem(node, key, problem);
      return undefined;
    }
    return oin;
  };

  // self
  const selfNode = section('self');
  const self = oinField(selfNode, 'self');
  if (self) oinRefs.push({ oin: self, node: selfNode, key: 'self' });

  // participants
  const participants: Participant[] = [];
  r.list(section('participants'), 'participants').forEach((node, i) => {
    const key = `participants[${i}]`;
    const m = r.map(node, key, PARTICIPANT_KEYS);
    if (!isMap(node)) return;
    const oin = oinField(field(m, 'oin', node), `${key}.oin`);
    const name = r.text(field(m, 'name', node), `${key}.name`);
    const referenceComponents = r.stringList(m.get('referenceComponents')?.value, `${key}.referenceComponents`);

    const endpoints: Record<string, string> = {};
    const endpointsNode = m.get('endpoints')?.value;
    if (endpointsNode) {
      if (!isMap(endpointsNode)) r.problem(endpointsNode, `${key}.endpoints`, 'must be a mapping of name to URL');
      else {
        for (const pair of endpointsNode.items) {
          const endpoint = String(isScalar(pair.key) ? pair.key.value : pair.key);
          const url = r.text(pair.value as YamlNode | null, `${key}.endpoints.${endpoint}`);
          if (url === undefined) continue;
          const problem = endpointProblem(url);
          if (problem) r.problem(pair.value as YamlNode, `${key}.endpoints.${endpoint}`, problem);
          else endpoints[endpoint] = url;
        }
      }
    }

    const contact: Participant['contact'] = {};
    const contactNode = m.get('contact')?.value;
    if (contactNode) {
      const c = r.map(contactNode, `${key}.contact`, CONTACT_KEYS);
      const contactName = r.text(c.get('name')?.value, `${key}.contact.name`, { required: false });
      const email = r.text(c.get('email')?.value, `${key}.contact.email`, { required: false });
      const phone = r.text(c.get('phone')?.value, `${key}.contact.phone`, { required: false, raw: true });
      if (contactName) contact.name = contactName;
      if (email) {
        r.check(c.get('email')?.value, `${key}.contact.email`, emailProblem(email));
        contact.email = email;
      }
      if (phone) {
        r.check(c.get('phone')?.value, `${key}.contact.phone`, phoneProblem(phone));
        contact.phone = phone;
      }
    }
    const autoConfirmActivations = r.boolean(m.get('autoConfirmActivations')?.value, `${key}.autoConfirmActivations`, false);
    if (oin === undefined) return;
    if (participantOins.has(oin)) return r.problem(m.get('oin')?.value, `${key}.oin`, `participant ${oin} is defined twice`);
    // Known from here on even if another field is wrong: one mistake, one problem, no echoes.
    participantOins.add(oin);
    if (name === undefined) return;
    participants.push({ oin, name, referenceComponents, endpoints, contact, autoConfirmActivations });
  });

  // besturen
  const besturen: Onderwijsbestuur[] = [];
  r.list(section('besturen'), 'besturen').forEach((node, i) => {
    const key = `besturen[${i}]`;
    const m = r.map(node, key, BESTUUR_KEYS);
    if (!isMap(node)) return;
    const idNode = field(m, 'id', node);
    const id = r.text(idNode, `${key}.id`, { raw: true });
    const name = r.text(field(m, 'name', node), `${key}.name`);
    if (id === undefined) return;
    const problem = bestuurIdProblem(id);
    if (problem) return r.problem(idNode, `${key}.id`, problem);
    if (bestuurIds.has(id)) return r.problem(idNode, `${key}.id`, `onderwijsbestuur ${id} is defined twice`);
    bestuurIds.add(id);
    if (name !== undefined) besturen.push({ id, name });
  });

  // aanbieders
  const aanbieders: Onderwijsaanbieder[] = [];
  r.list(section('aanbieders'), 'aanbieders').forEach((node, i) => {
    const key = `aanbieders[${i}]`;
    const m = r.map(node, key, AANBIEDER_KEYS);
    if (!isMap(node)) return;
    const idNode = field(m, 'id', node);
    const id = r.text(idNode, `${key}.id`, { raw: true });
    const name = r.text(field(m, 'name', node), `${key}.name`);
    const bestuurNode = field(m, 'bestuurId', node);
    const bestuurId = r.text(bestuurNode, `${key}.bestuurId`, { raw: true });
    const oieNode = m.get('oieCode')?.value;
    const oieCode = r.text(oieNode, `${key}.oieCode`, { required: false, raw: true });
    let ok = id !== undefined && name !== undefined && bestuurId !== undefined;
    if (id !== undefined && aanbiederIdProblem(id)) {
      r.problem(idNode, `${key}.id`, aanbiederIdProblem(id) ?? '');
      ok = false;
    } else if (id !== undefined) {
      if (aanbiederIds.has(id)) return r.problem(idNode, `${key}.id`, `onderwijsaanbieder ${id} is defined twice`);
      aanbiederIds.add(id);
    }
    if (bestuurId !== undefined && !bestuurIds.has(bestuurId)) {
      r.problem(bestuurNode, `${key}.bestuurId`, `unknown onderwijsbestuur "${bestuurId}" (not among besturen)`);
      ok = false;
    }
    if (oieCode !== undefined && oieCodeProblem(oieCode)) {
      r.problem(oieNode, `${key}.oieCode`, oieCodeProblem(oieCode) ?? '');
      ok = false;
    }
    if (!ok || id === undefined || name === undefined || bestuurId === undefined) return;
    aanbieders.push(oieCode === undefined ? { id, name, bestuurId } : { id, name, bestuurId, oieCode });
  });

  // clients
  const clients: EduvClient[] = [];
  const clientIds = new Set<string>();
  r.list(section('clients'), 'clients').forEach((node, i) => {
    const key = `clients[${i}]`;
    const m = r.map(node, key, CLIENT_KEYS);
    if (!isMap(node)) return;
    const idNode = field(m, 'clientId', node);
    const clientId = r.text(idNode, `${key}.clientId`, { raw: true });
    const ownerNode = field(m, 'participantOin', node);
    const participantOin = oinField(ownerNode, `${key}.participantOin`);
    const application = r.text(field(m, 'application', node), `${key}.application`);
    const scopesNode = field(m, 'scopes', node);
    const scopes = r.stringList(scopesNode, `${key}.scopes`);
    let ok = clientId !== undefined && participantOin !== undefined && application !== undefined;
    if (!m.has('scopes') || (isSeq(scopesNode) && scopesNode.items.length === 0)) {
      r.problem(scopesNode, `${key}.scopes`, 'a client is registered for at least one scope');
      ok = false;
    }
    scopes.forEach((scope, j) => {
      const problem = scopeProblem(scope);
      if (problem) {
        r.problem(isSeq(scopesNode) ? (scopesNode.items[j] as YamlNode) : scopesNode, `${key}.scopes[${j}]`, problem);
        ok = false;
      }
    });
    if (clientId !== undefined && clientIdProblem(clientId)) {
      r.problem(idNode, `${key}.clientId`, clientIdProblem(clientId) ?? '');
      ok = false;
    }
    if (participantOin !== undefined) oinRefs.push({ oin: participantOin, node: ownerNode, key: `${key}.participantOin` });
    if (!ok || clientId === undefined || participantOin === undefined || application === undefined) return;
    if (clientIds.has(clientId)) return r.problem(idNode, `${key}.clientId`, `client ${clientId} is defined twice`);
    clientIds.add(clientId);
    clients.push({ clientId, participantOin, application, scopes: [...new Set(scopes)] });
  });

  // beheer applications: client ids of this facade's own applications, none also a receiver's client
  const beheerApplications: BeheerApplication[] = [];
  r.list(section('beheerApplications'), 'beheerApplications').forEach((node, i) => {
    const key = `beheerApplications[${i}]`;
    const m = r.map(node, key, BEHEER_KEYS);
    if (!isMap(node)) return;
    const idNode = field(m, 'clientId', node);
    const clientId = r.text(idNode, `${key}.clientId`, { raw: true });
    const application = r.text(field(m, 'application', node), `${key}.application`);
    if (clientId === undefined || application === undefined) return;
    if (clientIdProblem(clientId)) return r.problem(idNode, `${key}.clientId`, clientIdProblem(clientId) ?? '');
    // A receiver's client that could also manage activations would activate exchanges towards itself.
    if (clientIds.has(clientId)) return r.problem(idNode, `${key}.clientId`, `client ${clientId} is a participant's client (clients); a beheer application is none`);
    if (beheerApplications.some((b) => b.clientId === clientId)) return r.problem(idNode, `${key}.clientId`, `beheer application ${clientId} is listed twice`);
    beheerApplications.push({ clientId, application });
  });

  // agreements
  const agreements: Array<Omit<ProcessingAgreement, 'id'>> = [];
  r.list(section('agreements'), 'agreements').forEach((node, i) => {
    const key = `agreements[${i}]`;
    const m = r.map(node, key, AGREEMENT_KEYS);
    if (!isMap(node)) return;
    const ownerNode = field(m, 'participantOin', node);
    const participantOin = oinField(ownerNode, `${key}.participantOin`);
    const bestuurNode = field(m, 'bestuurId', node);
    const bestuurId = r.text(bestuurNode, `${key}.bestuurId`, { raw: true });
    const fromNode = field(m, 'validFrom', node);
    const validFrom = r.text(fromNode, `${key}.validFrom`);
    const toNode = m.get('validTo')?.value;
    const validTo = r.text(toNode, `${key}.validTo`, { required: false }) ?? null;
    const reference = r.text(m.get('reference')?.value, `${key}.reference`, { required: false, raw: true });
    let ok = participantOin !== undefined && bestuurId !== undefined && validFrom !== undefined;
    if (participantOin !== undefined) oinRefs.push({ oin: participantOin, node: ownerNode, key: `${key}.participantOin` });
    if (bestuurId !== undefined && !bestuurIds.has(bestuurId)) {
      r.problem(bestuurNode, `${key}.bestuurId`, `unknown onderwijsbestuur "${bestuurId}" (not among besturen)`);
      ok = false;
    }
    for (const [value, at, name] of [[validFrom, fromNode, 'validFrom'], [validTo, toNode, 'validTo']] as const) {
      const problem = value === undefined || value === null ? undefined : dateProblem(value);
      if (problem) {
        r.problem(at, `${key}.${name}`, problem);
        ok = false;
      }
    }
    if (ok && validFrom !== undefined) {
      const problem = periodProblem(validFrom, validTo);
      if (problem) {
        r.problem(toNode, `${key}.validTo`, problem);
        ok = false;
      }
    }
    if (!ok || participantOin === undefined || bestuurId === undefined || validFrom === undefined) return;
    const agreement: Omit<ProcessingAgreement, 'id'> = { participantOin, bestuurId, validFrom, validTo };
    if (reference !== undefined) agreement.reference = reference;
    if (agreements.some((a) => sameAgreement(a, agreement))) return r.problem(node, key, 'the same agreement is listed twice');
    agreements.push(agreement);
  });

  // activations
  const activations: SeedActivation[] = [];
  r.list(section('activations'), 'activations').forEach((node, i) => {
    const key = `activations[${i}]`;
    const m = r.map(node, key, ACTIVATION_KEYS);
    if (!isMap(node)) return;
    const dienstNode = field(m, 'gegevensdienst', node);
    const gegevensdienst = r.text(dienstNode, `${key}.gegevensdienst`);
    const aanbiederNode = field(m, 'onderwijsaanbieder', node);
    const onderwijsaanbieder = r.text(aanbiederNode, `${key}.onderwijsaanbieder`, { raw: true });
    const senderNode = m.get('senderOin')?.value ?? null;
    const senderOin = senderNode ? oinField(senderNode, `${key}.senderOin`) : self;
    const receiverNode = field(m, 'receiverOin', node);
    const receiverOin = oinField(receiverNode, `${key}.receiverOin`);
    const statusNode = field(m, 'status', node);
    const status = r.text(statusNode, `${key}.status`);
    const narrowingNode = m.get('subjectOfferingIds')?.value;
    const narrowingNull = !narrowingNode || (isScalar(narrowingNode) && narrowingNode.value === null);
    const subjectOfferingIds = narrowingNull ? null : r.stringList(narrowingNode, `${key}.subjectOfferingIds`, { raw: true });

    let ok = onderwijsaanbieder !== undefined && senderOin !== undefined && receiverOin !== undefined;
    if (gegevensdienst !== undefined && gegevensdienstProblem(gegevensdienst)) {
      r.problem(dienstNode, `${key}.gegevensdienst`, gegevensdienstProblem(gegevensdienst) ?? '');
      ok = false;
    }
    if (onderwijsaanbieder !== undefined && !aanbiederIds.has(onderwijsaanbieder)) {
      r.problem(aanbiederNode, `${key}.onderwijsaanbieder`, `unknown onderwijsaanbieder "${onderwijsaanbieder}" (not among aanbieders)`);
      ok = false;
    }
    if (status !== undefined && statusProblem(status)) {
      r.problem(statusNode, `${key}.status`, statusProblem(status) ?? '');
      ok = false;
    }
    if (!narrowingNull && isSeq(narrowingNode)) {
      const problem = narrowingProblem(subjectOfferingIds);
      if (problem) {
        r.problem(narrowingNode, `${key}.subjectOfferingIds`, problem);
        ok = false;
      }
    }
    if (!senderNode && self === undefined) ok = false; // reported at `self`
    if (senderNode && senderOin !== undefined) oinRefs.push({ oin: senderOin, node: senderNode, key: `${key}.senderOin` });
    if (receiverOin !== undefined) oinRefs.push({ oin: receiverOin, node: receiverNode, key: `${key}.receiverOin` });
    if (
      !ok ||
      gegevensdienst === undefined ||
      !isGegevensdienst(gegevensdienst) ||
      status === undefined ||
      !isActivationStatus(status) ||
      onderwijsaanbieder === undefined ||
      senderOin === undefined ||
      receiverOin === undefined
    ) {
      return;
    }
    const activation: SeedActivation = {
      gegevensdienst,
      onderwijsaanbieder,
      senderOin,
      receiverOin,
      status,
      subjectOfferingIds: normaliseNarrowing(subjectOfferingIds),
    };
    if (activations.some((a) => sameKey(a, activation))) {
      return r.problem(node, key, 'an activation for this gegevensdienst, onderwijsaanbieder, sender and receiver is listed twice');
    }
    activations.push(activation);
  });

  for (const ref of oinRefs) {
    if (!participantOins.has(ref.oin)) r.problem(ref.node, ref.key, `unknown participant ${ref.oin} (not among participants)`);
  }

  if (r.problems.length || self === undefined) throw new SeedError(r.problems);
  // Last, the shape data/eduv/registry-seed.schema.json is generated from: what passes the loader
  // passes an editor's check too. (The checks above come first for their precise messages.)
  checkShape(doc, r);
  if (r.problems.length) throw new SeedError(r.problems);
  return { self, participants, clients, beheerApplications, besturen, aanbieders, agreements, activations };
}

/** The seed's JSON as its identifiers were written: an unquoted 00000003… is the text, not a number. */
function checkShape(doc: Document, r: YamlReader): void {
  const asWritten = doc.clone();
  visit(asWritten, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && node.source) node.value = node.source;
    },
  });
  const shape = EduvSeedFileSchema.safeParse(asWritten.toJS());
  if (shape.success) return;
  for (const issue of shape.error.issues) {
    const keys = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const node = (doc.getIn(keys, true) ?? doc.getIn(keys.slice(0, -1), true) ?? doc.contents) as YamlNode | null;
    r.problem(node, keyPath(issue.path) || '(top)', issue.message);
  }
}

export function loadEduvSeed(file: string): EduvSeed {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new SeedError([`${file}: cannot read the seed file`]);
  }
  return parseEduvSeed(text, file);
}

// ---------------------------------------------------------------------------------------------
// Applying

export interface SeedSummary {
  participants: number;
  clients: number;
  beheerApplications: number;
  besturen: number;
  aanbieders: number;
  /** Agreements added by this run (identical ones already stored are not counted). */
  agreementsAdded: number;
  /** Activations created (or, with resetActivations, set back to the seed's state) by this run. */
  activationsChanged: number;
  /** Activations that exist in a state other than the seed's and were left as they are. */
  activationsDiffering: number;
}

export interface ApplySeedOptions {
  /** Set existing activations that differ from the seed to the seed's state. Default false. */
  resetActivations?: boolean;
}

function sameKey(a: ActivationKey, b: ActivationKey): boolean {
  return (
    a.gegevensdienst === b.gegevensdienst &&
    a.onderwijsaanbieder === b.onderwijsaanbieder &&
    a.senderOin === b.senderOin &&
    a.receiverOin === b.receiverOin
  );
}

function sameAgreement(a: Omit<ProcessingAgreement, 'id'>, b: Omit<ProcessingAgreement, 'id'>): boolean {
  return (
    a.participantOin === b.participantOin &&
    a.bestuurId === b.bestuurId &&
    a.validFrom === b.validFrom &&
    (a.validTo ?? null) === (b.validTo ?? null) &&
    (a.reference ?? undefined) === (b.reference ?? undefined)
  );
}

function isAdmin(registry: EduvRegistry): registry is EduvRegistryAdmin {
  const candidate = registry as Partial<EduvRegistryAdmin>;
  return typeof candidate.inTransaction === 'function' && typeof candidate.putActivation === 'function';
}

/**
 * Idempotent: upserts everything; agreements/activations are only added when an identical one
 * does not exist yet; seeded activations record an 'activated' event by actor 'seed' ('deactivated'
 * for a seeded status inactive). An activation whose key exists in another state is left alone
 * (counted in activationsDiffering) unless `resetActivations`. The seed is applied as one
 * transaction when the registry is the one createEduvRegistry returns; any other EduvRegistry gets
 * the same result call by call.
 */
export async function applyEduvSeed(registry: EduvRegistry, seed: EduvSeed, options: ApplySeedOptions = {}): Promise<SeedSummary> {
  if (isAdmin(registry)) return registry.inTransaction((r) => applyWith(r, seed, options));
  return applyWith(registry, seed, options);
}

async function applyWith(registry: EduvRegistry, seed: EduvSeed, options: ApplySeedOptions): Promise<SeedSummary> {
  // Order follows the references: participants before their clients, besturen before aanbieders.
  for (const p of seed.participants) await registry.upsertParticipant(p);
  for (const c of seed.clients) await registry.upsertClient(c);
  for (const b of seed.beheerApplications) await registry.upsertBeheerApplication(b);
  for (const b of seed.besturen) await registry.upsertBestuur(b);
  for (const a of seed.aanbieders) await registry.upsertAanbieder(a);

  let agreementsAdded = 0;
  for (const agreement of seed.agreements) {
    // An identical agreement is valid on its own first day, so this finds it without a list method.
    const existing = await registry.agreementsValidOn(
      agreement.participantOin,
      agreement.bestuurId,
      new Date(`${agreement.validFrom}T12:00:00Z`),
    );
    if (existing.some((e) => sameAgreement(e, agreement))) continue;
    await registry.addAgreement(agreement);
    agreementsAdded += 1;
  }

  let activationsChanged = 0;
  let activationsDiffering = 0;
  for (const a of seed.activations) {
    const key: ActivationKey = {
      gegevensdienst: a.gegevensdienst,
      onderwijsaanbieder: a.onderwijsaanbieder,
      senderOin: a.senderOin,
      receiverOin: a.receiverOin,
    };
    const narrowing = normaliseNarrowing(a.subjectOfferingIds);
    const current = await registry.activation(key);
    if (current) {
      if (current.status === a.status && sameNarrowing(current.subjectOfferingIds, narrowing)) continue;
      if (!options.resetActivations) {
        activationsDiffering += 1;
        continue;
      }
    }
    if (isAdmin(registry)) {
      await registry.putActivation(key, { status: a.status, subjectOfferingIds: narrowing }, SEED_ACTOR);
    } else {
      // Through the public operations only: activate, then confirm or deactivate to reach the
      // state (a 'pending' activation towards an auto-confirming receiver ends up active).
      let activation = await registry.activate(key, { subjectOfferingIds: narrowing, actor: SEED_ACTOR });
      if (a.status === 'active' && activation.status === 'pending') activation = await registry.confirm(activation.id, SEED_ACTOR);
      if (a.status === 'inactive') activation = await registry.deactivate(activation.id, SEED_ACTOR);
    }
    activationsChanged += 1;
  }

  return {
    participants: seed.participants.length,
    clients: seed.clients.length,
    beheerApplications: seed.beheerApplications.length,
    besturen: seed.besturen.length,
    aanbieders: seed.aanbieders.length,
    agreementsAdded,
    activationsChanged,
    activationsDiffering,
  };
}
