// The Edu-V registry on the facade's store (tables of migration 002_eduv_registry.sql): read by
// the layer checks on every exchange, written by the applicatiebeheerder's mutations (activate,
// confirm, deactivate) and by administrators (seed file, CLI).
//
// - Every write validates first and refuses with RegistryError and a stable code, so callers can
//   map it to a GraphQL error without reading database messages.
// - activate / confirm / deactivate each run in one transaction together with their history row:
//   there is never a state change without its event, nor an event without its change.
// - The same transactions write the receiver's activation notice into the outbox (notices.ts), so
//   a change is never committed without its notice, nor a notice without its change.
// - Reads are single statements, no caching: an activation withdrawn by one instance is withdrawn
//   for all instances at the next exchange.
import { randomUUID } from 'node:crypto';
import type { Queryable, SqlValue, Store } from '../../../base/storage/store.ts';
import {
  aanbiederIdProblem,
  bestuurIdProblem,
  clientIdProblem,
  dateProblem,
  emailProblem,
  endpointProblem,
  gegevensdienstProblem,
  narrowingProblem,
  nonEmptyProblem,
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
import type {
  Activation,
  ActivationAction,
  ActivationEvent,
  ActivationFilter,
  ActivationKey,
  ActivationStatus,
  Actor,
  AgreementFilter,
  BeheerApplication,
  EduvClient,
  Gegevensdienst,
  Onderwijsaanbieder,
  Onderwijsbestuur,
  Participant,
  ProcessingAgreement,
} from './types.ts';
import { activateKind, enqueueNotice, type NoticeKind } from './notices.ts';

export type RegistryErrorCode =
  | 'NOT_FOUND'
  | 'NOT_PENDING'
  | 'INVALID'
  | 'UNKNOWN_PARTICIPANT'
  | 'UNKNOWN_AANBIEDER'
  | 'UNKNOWN_BESTUUR';

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface EduvRegistry {
  participant(oin: string): Promise<Participant | undefined>;
  participants(): Promise<Participant[]>;
  client(clientId: string): Promise<EduvClient | undefined>;
  /** The beheer application with this client id, if it is one. */
  beheerApplication(clientId: string): Promise<BeheerApplication | undefined>;
  aanbieder(id: string): Promise<Onderwijsaanbieder | undefined>;
  /** The one current activation for the key (any status), or undefined. */
  activation(key: ActivationKey): Promise<Activation | undefined>;
  activationById(id: string): Promise<Activation | undefined>;
  /** Activations (any status) matching every given field, ordered by aanbieder, dienst, sender, receiver. */
  activations(filter?: ActivationFilter): Promise<Activation[]>;
  /**
   * Creates or re-activates the activation for the key (narrowing replaced). Status: 'active' when
   * the receiver participant has autoConfirmActivations, else 'pending' — also when it was active
   * before: a changed exchange is the receiver's to confirm again. Records an 'activated' event.
   */
  activate(key: ActivationKey, options: { subjectOfferingIds?: string[] | null; actor: Actor }): Promise<Activation>;
  /** pending → active; records 'confirmed'. Throws RegistryError('NOT_PENDING') otherwise. */
  confirm(id: string, actor: Actor): Promise<Activation>;
  /** → inactive; records 'deactivated'. An activation already inactive is returned unchanged, without an event. */
  deactivate(id: string, actor: Actor): Promise<Activation>;
  /** Events of the activation, oldest first; [] for an unknown id. */
  history(activationId: string): Promise<ActivationEvent[]>;
  /**
   * Agreements of the participant with that bestuur valid on `date` (validFrom <= date <= validTo
   * or open-ended). The calendar day is the day in the Netherlands (Europe/Amsterdam) at `date`:
   * an agreement "valid to 31 July" holds until midnight Dutch time.
   */
  agreementsValidOn(participantOin: string, bestuurId: string, date: Date): Promise<ProcessingAgreement[]>;

  // administration (CLI and seed)
  upsertParticipant(p: Participant): Promise<void>;
  upsertClient(c: EduvClient): Promise<void>;
  upsertBeheerApplication(b: BeheerApplication): Promise<void>;
  upsertBestuur(b: Onderwijsbestuur): Promise<void>;
  upsertAanbieder(a: Onderwijsaanbieder): Promise<void>;
  /** Adds the agreement; when an identical one (all fields but id) exists, returns that one. */
  addAgreement(a: Omit<ProcessingAgreement, 'id'>): Promise<ProcessingAgreement>;
  /** Throws RegistryError('NOT_FOUND') for an unknown client id. */
  removeClient(clientId: string): Promise<void>;
}

/**
 * What createEduvRegistry returns: the registry plus listing and administration methods (CLI,
 * seed, admin views). Kept apart so that a stand-in for EduvRegistry (a test double) needs only
 * the operations above.
 */
export interface EduvRegistryAdmin extends EduvRegistry {
  clients(filter?: { participantOin?: string }): Promise<EduvClient[]>;
  beheerApplications(): Promise<BeheerApplication[]>;
  bestuur(id: string): Promise<Onderwijsbestuur | undefined>;
  besturen(): Promise<Onderwijsbestuur[]>;
  aanbieders(filter?: { bestuurId?: string }): Promise<Onderwijsaanbieder[]>;
  agreements(filter?: AgreementFilter): Promise<ProcessingAgreement[]>;
  /**
   * Sets the activation of the key to exactly this state (administration and seed; no receiver
   * confirmation involved). When it is in that state already nothing is written and `changed` is
   * false; otherwise one event is recorded: 'deactivated' for status inactive, else 'activated'.
   */
  putActivation(
    key: ActivationKey,
    state: { status: ActivationStatus; subjectOfferingIds?: string[] | null },
    actor: Actor,
  ): Promise<{ activation: Activation; changed: boolean }>;
  /**
   * Runs `fn` with a registry whose every call is part of one transaction (all or nothing), and
   * serialised with other `inTransaction` runs on the same database (seeding from several
   * instances at once). Inside `fn` use only the registry handed in.
   */
  inTransaction<T>(fn: (registry: EduvRegistryAdmin) => Promise<T>): Promise<T>;
}

// ---------------------------------------------------------------------------------------------
// Rows

interface ParticipantRow {
  oin: string;
  name: string;
  reference_components: string[];
  endpoints: Record<string, string>;
  contact: Record<string, unknown>;
  auto_confirm_activations: boolean;
}

interface ClientRow {
  client_id: string;
  participant_oin: string;
  application: string;
  scopes: string[];
}

interface AanbiederRow {
  id: string;
  name: string;
  bestuur_id: string;
  oie_code: string | null;
}

interface ActivationRow {
  id: string;
  gegevensdienst: Gegevensdienst;
  onderwijsaanbieder: string;
  sender_oin: string;
  receiver_oin: string;
  status: ActivationStatus;
  subject_offering_ids: string[] | null;
  created_at: Date;
  updated_at: Date;
}

interface EventRow {
  activation_id: string;
  action: ActivationAction;
  actor: string;
  actor_client_id: string | null;
  acr: string | null;
  at: Date;
  status: ActivationStatus;
  subject_offering_ids: string[] | null;
}

interface AgreementRow {
  id: string;
  participant_oin: string;
  bestuur_id: string;
  valid_from: string;
  valid_to: string | null;
  reference: string | null;
}

const PARTICIPANT_COLUMNS = 'oin, name, reference_components, endpoints, contact, auto_confirm_activations';
const CLIENT_COLUMNS = 'client_id, participant_oin, application, scopes';
const AANBIEDER_COLUMNS = 'id, name, bestuur_id, oie_code';
const ACTIVATION_COLUMNS =
  'id, gegevensdienst, onderwijsaanbieder, sender_oin, receiver_oin, status, subject_offering_ids, created_at, updated_at';
const EVENT_COLUMNS = 'activation_id, action, actor, actor_client_id, acr, at, status, subject_offering_ids';
// date columns come back as 'YYYY-MM-DD' text on both backends (see storage/type-parsers.ts).
const AGREEMENT_COLUMNS = 'id, participant_oin, bestuur_id, valid_from, valid_to, reference';

function toParticipant(row: ParticipantRow): Participant {
  const contact: Participant['contact'] = {};
  for (const key of ['name', 'email', 'phone'] as const) {
    const value = row.contact[key];
    if (typeof value === 'string') contact[key] = value;
  }
  return {
    oin: row.oin,
    name: row.name,
    referenceComponents: row.reference_components,
    endpoints: row.endpoints,
    contact,
    autoConfirmActivations: row.auto_confirm_activations,
  };
}

function toClient(row: ClientRow): EduvClient {
  return { clientId: row.client_id, participantOin: row.participant_oin, application: row.application, scopes: row.scopes };
}

function toAanbieder(row: AanbiederRow): Onderwijsaanbieder {
  const a: Onderwijsaanbieder = { id: row.id, name: row.name, bestuurId: row.bestuur_id };
  if (row.oie_code !== null) a.oieCode = row.oie_code;
  return a;
}

function toActivation(row: ActivationRow): Activation {
  return {
    id: row.id,
    gegevensdienst: row.gegevensdienst,
    onderwijsaanbieder: row.onderwijsaanbieder,
    senderOin: row.sender_oin,
    receiverOin: row.receiver_oin,
    status: row.status,
    subjectOfferingIds: row.subject_offering_ids,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toEvent(row: EventRow): ActivationEvent {
  const e: ActivationEvent = {
    activationId: row.activation_id,
    action: row.action,
    actor: row.actor,
    at: row.at,
    status: row.status,
    subjectOfferingIds: row.subject_offering_ids,
  };
  if (row.actor_client_id !== null) e.actorClientId = row.actor_client_id;
  if (row.acr !== null) e.acr = row.acr;
  return e;
}

function toAgreement(row: AgreementRow): ProcessingAgreement {
  const a: ProcessingAgreement = {
    id: row.id,
    participantOin: row.participant_oin,
    bestuurId: row.bestuur_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
  if (row.reference !== null) a.reference = row.reference;
  return a;
}

// ---------------------------------------------------------------------------------------------
// Validation: all problems of one object in one message.

function refuse(what: string, problems: Problem[]): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length) throw new RegistryError('INVALID', `${what}: ${found.join('; ')}`);
}

function validateParticipant(p: Participant): void {
  refuse(`participant ${p.oin}`, [
    oinProblem(p.oin),
    nonEmptyProblem(p.name ?? '', 'name'),
    ...(p.referenceComponents ?? []).map((c) => nonEmptyProblem(c, 'a reference component')),
    ...Object.entries(p.endpoints ?? {}).flatMap(([name, url]) => [nonEmptyProblem(name, 'an endpoint name'), endpointProblem(url)]),
    p.contact?.email === undefined ? undefined : emailProblem(p.contact.email),
    p.contact?.phone === undefined ? undefined : phoneProblem(p.contact.phone),
    typeof p.autoConfirmActivations === 'boolean' ? undefined : 'autoConfirmActivations must be true or false',
  ]);
}

function validateClient(c: EduvClient): void {
  refuse(`client ${c.clientId}`, [
    clientIdProblem(c.clientId),
    oinProblem(c.participantOin),
    nonEmptyProblem(c.application ?? '', 'application'),
    c.scopes?.length ? undefined : 'a client is registered for at least one scope',
    ...(c.scopes ?? []).map(scopeProblem),
  ]);
}

function validateKey(key: ActivationKey): void {
  refuse('activation', [
    gegevensdienstProblem(key.gegevensdienst),
    aanbiederIdProblem(key.onderwijsaanbieder),
    oinProblem(key.senderOin) && `sender: ${oinProblem(key.senderOin)}`,
    oinProblem(key.receiverOin) && `receiver: ${oinProblem(key.receiverOin)}`,
  ]);
}

function validateActor(actor: Actor): void {
  refuse('actor', [
    typeof actor?.subject === 'string' ? nonEmptyProblem(actor.subject, 'the actor subject') : 'the actor subject is required',
  ]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The calendar day in the Netherlands at `date`, as YYYY-MM-DD. */
export function dutchCalendarDay(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RegistryError('INVALID', 'not a valid date');
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

// ---------------------------------------------------------------------------------------------

/** Where the registry runs its SQL: on the store, or bound to one transaction (inTransaction). */
interface Db {
  read: Queryable;
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Present on the store-bound registry only. */
  store?: Store;
  /** A transaction that wrote an activation notice has committed (or, inside inTransaction, will). */
  noticed(): void;
}

export interface EduvRegistryOptions {
  /**
   * Called after a transaction that wrote an activation notice into the outbox has committed: the
   * deliverer of this process can send it at once instead of at its next poll.
   */
  onNotice?: () => void;
}

/** Advisory-lock namespace of registry administration runs (an arbitrary constant, "EDUV"). */
const LOCK_CLASS = 0x45445556;

export function createEduvRegistry(store: Store, options: EduvRegistryOptions = {}): EduvRegistryAdmin {
  const noticed = () => {
    try {
      options.onNotice?.();
    } catch {
      // A nudge only; the deliverer's poll finds the notice anyway.
    }
  };
  return build({ read: store, tx: (fn) => store.transaction(fn), store, noticed });
}

function build(db: Db): EduvRegistryAdmin {
  const one = async <R>(sql: string, params: readonly SqlValue[], q: Queryable = db.read): Promise<R | undefined> =>
    (await q.query<R>(sql, params)).rows[0];

  async function requireParticipant(q: Queryable, oin: string, role: string): Promise<ParticipantRow> {
    const row = await one<ParticipantRow>(`SELECT ${PARTICIPANT_COLUMNS} FROM eduv_participant WHERE oin = $1`, [oin], q);
    if (!row) throw new RegistryError('UNKNOWN_PARTICIPANT', `${role} ${oin} is not a registered participant`);
    return row;
  }

  async function requireAanbieder(q: Queryable, id: string): Promise<void> {
    const row = await one(`SELECT 1 FROM eduv_aanbieder WHERE id = $1`, [id], q);
    if (!row) throw new RegistryError('UNKNOWN_AANBIEDER', `onderwijsaanbieder ${id} is not registered`);
  }

  async function requireBestuur(q: Queryable, id: string): Promise<void> {
    const row = await one(`SELECT 1 FROM eduv_bestuur WHERE id = $1`, [id], q);
    if (!row) throw new RegistryError('UNKNOWN_BESTUUR', `onderwijsbestuur ${id} is not registered`);
  }

  async function lockActivation(q: Queryable, id: string): Promise<ActivationRow> {
    const row = UUID.test(id)
      ? await one<ActivationRow>(`SELECT ${ACTIVATION_COLUMNS} FROM eduv_activation WHERE id = $1 FOR UPDATE`, [id], q)
      : undefined;
    if (!row) throw new RegistryError('NOT_FOUND', `no activation ${id}`);
    return row;
  }

  /**
   * Records the history event and, in the same transaction, the receiver's notice of it (`kind`;
   * none for a receiver without an activations endpoint). Returns whether a notice was written.
   */
  async function recordEvent(q: Queryable, row: ActivationRow, action: ActivationAction, actor: Actor, kind: NoticeKind): Promise<boolean> {
    // `at` is the transaction's time, the same instant as the activation's updated_at.
    const event = await one<{ seq: string }>(
      `INSERT INTO eduv_activation_event (activation_id, action, actor, actor_client_id, acr, at, status, subject_offering_ids)
       VALUES ($1, $2, $3, $4, $5, now(), $6, $7::text[]) RETURNING seq`,
      [row.id, action, actor.subject, actor.clientId ?? null, actor.acr ?? null, row.status, row.subject_offering_ids],
      q,
    );
    if (!event) throw new Error('activation event insert returned no row');
    return enqueueNotice(q, { row, kind, eventSeq: event.seq, actor });
  }

  /** The activation of the key, locked for the transaction, if there is one. */
  async function lockKey(q: Queryable, key: ActivationKey): Promise<ActivationRow | undefined> {
    return one<ActivationRow>(
      `SELECT ${ACTIVATION_COLUMNS} FROM eduv_activation
       WHERE gegevensdienst = $1 AND onderwijsaanbieder = $2 AND sender_oin = $3 AND receiver_oin = $4 FOR UPDATE`,
      [key.gegevensdienst, key.onderwijsaanbieder, key.senderOin, key.receiverOin],
      q,
    );
  }

  /** Runs a registry transaction; tells the deliverer after the commit when it wrote a notice. */
  async function changing<T>(fn: (q: Queryable, notice: (written: boolean) => void) => Promise<T>): Promise<T> {
    let written = false;
    const result = await db.tx((q) => fn(q, (w) => void (written ||= w)));
    if (written) db.noticed();
    return result;
  }

  /** Upserts the activation of the key into `status` with `narrowing`; returns the row after. */
  async function writeActivation(
    q: Queryable,
    key: ActivationKey,
    status: ActivationStatus,
    narrowing: string[] | null,
  ): Promise<ActivationRow> {
    const row = await one<ActivationRow>(
      `INSERT INTO eduv_activation (id, gegevensdienst, onderwijsaanbieder, sender_oin, receiver_oin, status, subject_offering_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[])
       ON CONFLICT ON CONSTRAINT eduv_activation_key DO UPDATE
         SET status = EXCLUDED.status, subject_offering_ids = EXCLUDED.subject_offering_ids, updated_at = now()
       RETURNING ${ACTIVATION_COLUMNS}`,
      [randomUUID(), key.gegevensdienst, key.onderwijsaanbieder, key.senderOin, key.receiverOin, status, narrowing],
      q,
    );
    if (!row) throw new Error('activation upsert returned no row');
    return row;
  }

  async function checkKeyReferences(q: Queryable, key: ActivationKey): Promise<ParticipantRow> {
    validateKey(key);
    await requireAanbieder(q, key.onderwijsaanbieder);
    await requireParticipant(q, key.senderOin, 'sender');
    return requireParticipant(q, key.receiverOin, 'receiver');
  }

  function narrowingOf(ids: string[] | null | undefined): string[] | null {
    refuse('narrowing', [narrowingProblem(ids)]);
    return normaliseNarrowing(ids);
  }

  const registry: EduvRegistryAdmin = {
    async participant(oin) {
      const row = await one<ParticipantRow>(`SELECT ${PARTICIPANT_COLUMNS} FROM eduv_participant WHERE oin = $1`, [oin]);
      return row && toParticipant(row);
    },

    async participants() {
      const { rows } = await db.read.query<ParticipantRow>(`SELECT ${PARTICIPANT_COLUMNS} FROM eduv_participant ORDER BY oin`);
      return rows.map(toParticipant);
    },

    async client(clientId) {
      const row = await one<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM eduv_client WHERE client_id = $1`, [clientId]);
      return row && toClient(row);
    },

    async beheerApplication(clientId) {
      const row = await one<{ client_id: string; application: string }>(`SELECT client_id, application FROM eduv_beheer_application WHERE client_id = $1`, [clientId]);
      return row && { clientId: row.client_id, application: row.application };
    },

    async beheerApplications() {
      const { rows } = await db.read.query<{ client_id: string; application: string }>(`SELECT client_id, application FROM eduv_beheer_application ORDER BY client_id`);
      return rows.map((row) => ({ clientId: row.client_id, application: row.application }));
    },

    async clients(filter = {}) {
      const { rows } = await db.read.query<ClientRow>(
        `SELECT ${CLIENT_COLUMNS} FROM eduv_client WHERE ($1::text IS NULL OR participant_oin = $1) ORDER BY client_id`,
        [filter.participantOin ?? null],
      );
      return rows.map(toClient);
    },

    async aanbieder(id) {
      const row = await one<AanbiederRow>(`SELECT ${AANBIEDER_COLUMNS} FROM eduv_aanbieder WHERE id = $1`, [id]);
      return row && toAanbieder(row);
    },

    async aanbieders(filter = {}) {
      const { rows } = await db.read.query<AanbiederRow>(
        `SELECT ${AANBIEDER_COLUMNS} FROM eduv_aanbieder WHERE ($1::text IS NULL OR bestuur_id = $1) ORDER BY id`,
        [filter.bestuurId ?? null],
      );
      return rows.map(toAanbieder);
    },

    async bestuur(id) {
      return one<Onderwijsbestuur>(`SELECT id, name FROM eduv_bestuur WHERE id = $1`, [id]);
    },

    async besturen() {
      return (await db.read.query<Onderwijsbestuur>(`SELECT id, name FROM eduv_bestuur ORDER BY id`)).rows;
    },

    async activation(key) {
      const row = await one<ActivationRow>(
        `SELECT ${ACTIVATION_COLUMNS} FROM eduv_activation
         WHERE gegevensdienst = $1 AND onderwijsaanbieder = $2 AND sender_oin = $3 AND receiver_oin = $4`,
        [key.gegevensdienst, key.onderwijsaanbieder, key.senderOin, key.receiverOin],
      );
      return row && toActivation(row);
    },

    async activationById(id) {
      if (!UUID.test(id)) return undefined;
      const row = await one<ActivationRow>(`SELECT ${ACTIVATION_COLUMNS} FROM eduv_activation WHERE id = $1`, [id]);
      return row && toActivation(row);
    },

    async activations(filter = {}) {
      const { rows } = await db.read.query<ActivationRow>(
        `SELECT ${ACTIVATION_COLUMNS} FROM eduv_activation
         WHERE ($1::text IS NULL OR onderwijsaanbieder = $1) AND ($2::text IS NULL OR gegevensdienst = $2)
           AND ($3::text IS NULL OR sender_oin = $3) AND ($4::text IS NULL OR receiver_oin = $4)
           AND ($5::text IS NULL OR status = $5)
         ORDER BY onderwijsaanbieder, gegevensdienst, sender_oin, receiver_oin`,
        [
          filter.onderwijsaanbieder ?? null,
          filter.gegevensdienst ?? null,
          filter.senderOin ?? null,
          filter.receiverOin ?? null,
          filter.status ?? null,
        ],
      );
      return rows.map(toActivation);
    },

    async activate(key, options) {
      validateActor(options.actor);
      const narrowing = narrowingOf(options.subjectOfferingIds);
      return changing(async (q, notice) => {
        const receiver = await checkKeyReferences(q, key);
        const status: ActivationStatus = receiver.auto_confirm_activations ? 'active' : 'pending';
        const before = await lockKey(q, key);
        const row = await writeActivation(q, key, status, narrowing);
        const kind = activateKind(before, row, before !== undefined && sameNarrowing(before.subject_offering_ids, narrowing));
        notice(await recordEvent(q, row, 'activated', options.actor, kind));
        return toActivation(row);
      });
    },

    async confirm(id, actor) {
      validateActor(actor);
      return changing(async (q, notice) => {
        const current = await lockActivation(q, id);
        if (current.status !== 'pending') {
          throw new RegistryError('NOT_PENDING', `activation ${id} is ${current.status}, not pending`);
        }
        const row = await one<ActivationRow>(
          `UPDATE eduv_activation SET status = 'active', updated_at = now() WHERE id = $1 RETURNING ${ACTIVATION_COLUMNS}`,
          [id],
          q,
        );
        if (!row) throw new RegistryError('NOT_FOUND', `no activation ${id}`);
        notice(await recordEvent(q, row, 'confirmed', actor, 'confirmed'));
        return toActivation(row);
      });
    },

    async deactivate(id, actor) {
      validateActor(actor);
      return changing(async (q, notice) => {
        const current = await lockActivation(q, id);
        // Nothing changes, so nothing to record: history lists changes, not attempts (the access
        // log has every attempt).
        if (current.status === 'inactive') return toActivation(current);
        const row = await one<ActivationRow>(
          `UPDATE eduv_activation SET status = 'inactive', updated_at = now() WHERE id = $1 RETURNING ${ACTIVATION_COLUMNS}`,
          [id],
          q,
        );
        if (!row) throw new RegistryError('NOT_FOUND', `no activation ${id}`);
        notice(await recordEvent(q, row, 'deactivated', actor, 'deactivated'));
        return toActivation(row);
      });
    },

    async putActivation(key, state, actor) {
      validateActor(actor);
      refuse('activation', [statusProblem(state.status)]);
      const narrowing = narrowingOf(state.subjectOfferingIds);
      return changing(async (q, notice) => {
        await checkKeyReferences(q, key);
        const current = await lockKey(q, key);
        const same = current !== undefined && sameNarrowing(current.subject_offering_ids, narrowing);
        if (current && current.status === state.status && same) {
          return { activation: toActivation(current), changed: false };
        }
        const row = await writeActivation(q, key, state.status, narrowing);
        notice(await recordEvent(q, row, state.status === 'inactive' ? 'deactivated' : 'activated', actor, activateKind(current, row, same)));
        return { activation: toActivation(row), changed: true };
      });
    },

    async history(activationId) {
      if (!UUID.test(activationId)) return [];
      const { rows } = await db.read.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM eduv_activation_event WHERE activation_id = $1 ORDER BY seq`,
        [activationId],
      );
      return rows.map(toEvent);
    },

    async agreementsValidOn(participantOin, bestuurId, date) {
      const day = dutchCalendarDay(date);
      const { rows } = await db.read.query<AgreementRow>(
        `SELECT ${AGREEMENT_COLUMNS} FROM eduv_processing_agreement
         WHERE participant_oin = $1 AND bestuur_id = $2 AND valid_from <= $3::date AND (valid_to IS NULL OR valid_to >= $3::date)
         ORDER BY valid_from, id`,
        [participantOin, bestuurId, day],
      );
      return rows.map(toAgreement);
    },

    async agreements(filter = {}) {
      const { rows } = await db.read.query<AgreementRow>(
        `SELECT ${AGREEMENT_COLUMNS} FROM eduv_processing_agreement
         WHERE ($1::text IS NULL OR participant_oin = $1) AND ($2::text IS NULL OR bestuur_id = $2)
         ORDER BY participant_oin, bestuur_id, valid_from, id`,
        [filter.participantOin ?? null, filter.bestuurId ?? null],
      );
      return rows.map(toAgreement);
    },

    async upsertParticipant(p) {
      validateParticipant(p);
      const contact: Participant['contact'] = {};
      for (const key of ['name', 'email', 'phone'] as const) if (p.contact?.[key] !== undefined) contact[key] = p.contact[key];
      // Only a row that differs is written, so applying the same seed twice leaves updated_at alone.
      await db.read.query(
        `INSERT INTO eduv_participant AS t (oin, name, reference_components, endpoints, contact, auto_confirm_activations)
         VALUES ($1, $2, $3::text[], $4::jsonb, $5::jsonb, $6)
         ON CONFLICT (oin) DO UPDATE SET name = EXCLUDED.name, reference_components = EXCLUDED.reference_components,
           endpoints = EXCLUDED.endpoints, contact = EXCLUDED.contact,
           auto_confirm_activations = EXCLUDED.auto_confirm_activations, updated_at = now()
         WHERE (t.name, t.reference_components, t.endpoints, t.contact, t.auto_confirm_activations)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.reference_components, EXCLUDED.endpoints, EXCLUDED.contact, EXCLUDED.auto_confirm_activations)`,
        [p.oin, p.name.trim(), p.referenceComponents ?? [], JSON.stringify(p.endpoints ?? {}), JSON.stringify(contact), p.autoConfirmActivations],
      );
    },

    async upsertClient(c) {
      validateClient(c);
      const scopes = [...new Set(c.scopes)];
      await db.tx(async (q) => {
        await requireParticipant(q, c.participantOin, 'participant');
        await q.query(
          `INSERT INTO eduv_client AS t (client_id, participant_oin, application, scopes) VALUES ($1, $2, $3, $4::text[])
           ON CONFLICT (client_id) DO UPDATE SET participant_oin = EXCLUDED.participant_oin,
             application = EXCLUDED.application, scopes = EXCLUDED.scopes, updated_at = now()
           WHERE (t.participant_oin, t.application, t.scopes) IS DISTINCT FROM (EXCLUDED.participant_oin, EXCLUDED.application, EXCLUDED.scopes)`,
          [c.clientId, c.participantOin, c.application.trim(), scopes],
        );
      });
    },

    async upsertBeheerApplication(b) {
      refuse(`beheer application ${b.clientId}`, [clientIdProblem(b.clientId), nonEmptyProblem(b.application ?? '', 'application')]);
      await db.read.query(
        `INSERT INTO eduv_beheer_application AS t (client_id, application) VALUES ($1, $2)
         ON CONFLICT (client_id) DO UPDATE SET application = EXCLUDED.application, updated_at = now()
         WHERE t.application IS DISTINCT FROM EXCLUDED.application`,
        [b.clientId, b.application.trim()],
      );
    },

    async upsertBestuur(b) {
      refuse(`onderwijsbestuur ${b.id}`, [bestuurIdProblem(b.id), nonEmptyProblem(b.name ?? '', 'name')]);
      await db.read.query(
        `INSERT INTO eduv_bestuur AS t (id, name) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, updated_at = now() WHERE t.name IS DISTINCT FROM EXCLUDED.name`,
        [b.id, b.name.trim()],
      );
    },

    async upsertAanbieder(a) {
      refuse(`onderwijsaanbieder ${a.id}`, [
        aanbiederIdProblem(a.id),
        nonEmptyProblem(a.name ?? '', 'name'),
        bestuurIdProblem(a.bestuurId),
        a.oieCode === undefined ? undefined : oieCodeProblem(a.oieCode),
      ]);
      await db.tx(async (q) => {
        await requireBestuur(q, a.bestuurId);
        await q.query(
          `INSERT INTO eduv_aanbieder AS t (id, name, bestuur_id, oie_code) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, bestuur_id = EXCLUDED.bestuur_id,
             oie_code = EXCLUDED.oie_code, updated_at = now()
           WHERE (t.name, t.bestuur_id, t.oie_code) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.bestuur_id, EXCLUDED.oie_code)`,
          [a.id, a.name.trim(), a.bestuurId, a.oieCode ?? null],
        );
      });
    },

    async addAgreement(a) {
      const validTo = a.validTo ?? null;
      const reference = a.reference?.trim() || null;
      refuse('processing agreement', [
        oinProblem(a.participantOin),
        bestuurIdProblem(a.bestuurId),
        dateProblem(a.validFrom) && `validFrom: ${dateProblem(a.validFrom)}`,
        validTo === null ? undefined : dateProblem(validTo) && `validTo: ${dateProblem(validTo)}`,
        periodProblem(a.validFrom, validTo),
      ]);
      return db.tx(async (q) => {
        await requireParticipant(q, a.participantOin, 'participant');
        await requireBestuur(q, a.bestuurId);
        // The unique index on the agreement's content turns a repeat into "nothing inserted".
        const inserted = await one<AgreementRow>(
          `INSERT INTO eduv_processing_agreement (id, participant_oin, bestuur_id, valid_from, valid_to, reference)
           VALUES ($1, $2, $3, $4::date, $5::date, $6) ON CONFLICT DO NOTHING RETURNING ${AGREEMENT_COLUMNS}`,
          [randomUUID(), a.participantOin, a.bestuurId, a.validFrom, validTo, reference],
          q,
        );
        const row =
          inserted ??
          (await one<AgreementRow>(
            `SELECT ${AGREEMENT_COLUMNS} FROM eduv_processing_agreement
             WHERE participant_oin = $1 AND bestuur_id = $2 AND valid_from = $3::date
               AND valid_to IS NOT DISTINCT FROM $4::date AND reference IS NOT DISTINCT FROM $5`,
            [a.participantOin, a.bestuurId, a.validFrom, validTo, reference],
            q,
          ));
        if (!row) throw new Error('processing agreement neither inserted nor found');
        return toAgreement(row);
      });
    },

    async removeClient(clientId) {
      const { rowCount } = await db.read.query(`DELETE FROM eduv_client WHERE client_id = $1`, [clientId]);
      if (rowCount === 0) throw new RegistryError('NOT_FOUND', `no client ${clientId}`);
    },

    async inTransaction(fn) {
      // Already inside one: the caller's transaction covers this call too.
      if (!db.store) return fn(registry);
      let written = false;
      const result = await db.store.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1::int4, hashtext(current_schema()))', [LOCK_CLASS]);
        return fn(build({ read: tx, tx: (inner) => inner(tx), noticed: () => void (written = true) }));
      });
      if (written) db.noticed();
      return result;
    },
  };
  return registry;
}
