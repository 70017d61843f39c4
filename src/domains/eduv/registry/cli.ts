// npm run eduv:registry -- <command> — administration of the Edu-V registry for operators:
//
//   apply <seed.yaml> [--reset-activations]
//                                     validate the seed file, then apply it (idempotent, one transaction);
//                                     activations changed since are kept unless --reset-activations
//   list [--json]                     participants, clients, onderwijsaanbieders, activations, agreements
//   activations [--aanbieder <id>] [--json]
//   history <activation-id> [--json]  who activated, confirmed, deactivated, when, at which acr
//   notices [--state pending|delivered|failed] [--json]
//                                     the consent flow's activation notices to receivers: counts, then the
//                                     latest 100 (failed ones were not delivered: the receiver was not told)
//   retry-notice <notice-id>          queue a failed notice again (attempts and maximum age start over)
//   remove-client <client-id>         withdraw a client registration (its tokens get nothing from then on)
//   add-agreement --participant <oin> --bestuur <id> --from <date> [--to <date>] [--reference <text>]
//
// The database is DATABASE_URL (PostgreSQL), else PGlite in ${DATA_DIR:-./data}/db, as for the
// protocol tools; a PGlite directory is used by one process at a time, so stop the facade first or
// use PostgreSQL. Exit codes: 0 done, 1 the input was refused (invalid seed, unknown id), 2 usage or
// configuration, 3 database failure. Applicatiebeheerders activate and deactivate through the
// facade's GraphQL mutations (eIDAS substantial), not here: this tool is for the registry's
// administrators, and whatever it changes in activations is recorded as actor 'seed'.
import { accessSync, constants } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore } from '../../../base/storage/open-store.ts';
import type { Store } from '../../../base/storage/store.ts';
import {
  ConfigError,
  UsageError,
  runCli,
  storeLocationFromEnv,
  type CliIo,
  type CliMain,
  type StoreLocation,
} from '../../../base/storage/cli-support.ts';
import { RegistryError, createEduvRegistry, type EduvRegistryAdmin } from './registry.ts';
import { SeedError, applyEduvSeed, loadEduvSeed } from './seed.ts';
import type { Activation, ActivationEvent } from './types.ts';
import { createNoticeOutbox, NOTICE_STATES, type ActivationNotice, type NoticeState } from './notices.ts';

const USAGE = [
  'usage: npm run eduv:registry -- apply <seed.yaml> [--reset-activations] [--json]',
  '       npm run eduv:registry -- list [--json]',
  '       npm run eduv:registry -- activations [--aanbieder <id>] [--json]',
  '       npm run eduv:registry -- history <activation-id> [--json]',
  '       npm run eduv:registry -- notices [--state pending|delivered|failed] [--json]',
  '       npm run eduv:registry -- retry-notice <notice-id>',
  '       npm run eduv:registry -- remove-client <client-id>',
  '       npm run eduv:registry -- add-agreement --participant <oin> --bestuur <id> --from <YYYY-MM-DD> [--to <YYYY-MM-DD>] [--reference <text>]',
].join('\n');

type Env = Record<string, string | undefined>;

interface Parsed {
  positionals: string[];
  values: { json?: boolean; 'reset-activations'?: boolean; aanbieder?: string; participant?: string; bestuur?: string; from?: string; to?: string; reference?: string; state?: string };
}

function parse(argv: string[]): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        'reset-activations': { type: 'boolean' },
        aanbieder: { type: 'string' },
        participant: { type: 'string' },
        bestuur: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        reference: { type: 'string' },
        state: { type: 'string' },
      },
    });
    return { positionals, values };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

/** Refuses options that the command does not take, so a typo never silently widens a listing. */
function only(parsed: Parsed, command: string, allowed: Array<keyof Parsed['values']>, positionals: number): void {
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value !== undefined && !allowed.includes(name as keyof Parsed['values'])) {
      throw new UsageError(`${command} does not take --${name}\n${USAGE}`);
    }
  }
  if (parsed.positionals.length - 1 !== positionals) {
    throw new UsageError(`${command} takes ${positionals === 0 ? 'no arguments' : `${positionals} argument`}\n${USAGE}`);
  }
}

/** Opens the store: writing commands migrate (and create an empty PGlite), reading ones do not. */
async function open(location: StoreLocation, env: Env, write: boolean): Promise<Store> {
  if (write) return openStore({ ...location.options, workload: 'batch' });
  const store = await openStore({ ...location.options, migrate: false, createIfMissing: false, workload: 'batch' });
  const { rows } = await store.query<{ present: boolean }>(
    "SELECT to_regclass('eduv_activation_event') IS NOT NULL AS present",
  );
  if (!rows[0]?.present) {
    await store.close();
    throw new ConfigError(env.DATABASE_URL?.trim() ? 'DATABASE_URL' : 'DATA_DIR', `${location.description} has no Edu-V registry yet (run npm run migrate, or apply a seed)`);
  }
  return store;
}

export const main: CliMain = async (argv, env, io) => {
  const parsed = parse(argv);
  const command = parsed.positionals[0];
  if (!command) throw new UsageError(`a command is required\n${USAGE}`);

  switch (command) {
    case 'apply': {
      only(parsed, command, ['json', 'reset-activations'], 1);
      const file = parsed.positionals[1];
      try {
        accessSync(file, constants.R_OK);
      } catch {
        throw new UsageError(`cannot read the seed file ${file}`);
      }
      // Validated before the database is touched: a broken file changes nothing anywhere.
      let seed;
      try {
        seed = loadEduvSeed(file);
      } catch (error) {
        if (error instanceof SeedError) {
          for (const problem of error.problems) io.err(problem);
          io.err(`${file}: ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}; nothing applied`);
          return 1;
        }
        throw error;
      }
      return withRegistry(env, true, io, async (registry, location) => {
        const summary = await applyEduvSeed(registry, seed, { resetActivations: parsed.values['reset-activations'] === true });
        if (parsed.values.json) io.out(JSON.stringify({ file, self: seed.self, ...summary }, null, 2));
        else {
          io.out(
            `applied ${file} to ${location.description}: ${summary.participants} participants, ${summary.clients} clients, ` +
              `${summary.besturen} onderwijsbesturen, ${summary.aanbieders} onderwijsaanbieders; ` +
              `${summary.agreementsAdded} agreements added, ${summary.activationsChanged} activations set`,
          );
          if (summary.activationsDiffering > 0) {
            io.out(
              `${summary.activationsDiffering} activation${summary.activationsDiffering === 1 ? '' : 's'} changed since the seed, ` +
                'left as is (apply with --reset-activations to set them back)',
            );
          }
        }
        return 0;
      });
    }

    case 'list': {
      only(parsed, command, ['json'], 0);
      return withRegistry(env, false, io, async (registry, location) => {
        const [participants, clients, beheerApplications, besturen, aanbieders, activations, agreements] = await Promise.all([
          registry.participants(),
          registry.clients(),
          registry.beheerApplications(),
          registry.besturen(),
          registry.aanbieders(),
          registry.activations(),
          registry.agreements(),
        ]);
        if (parsed.values.json) {
          io.out(JSON.stringify({ participants, clients, beheerApplications, besturen, aanbieders, activations, agreements }, null, 2));
          return 0;
        }
        io.out(`Edu-V registry in ${location.description}`);
        section(io, `Participants (${participants.length})`, ['OIN', 'NAME', 'AUTO-CONFIRM', 'REFERENCE COMPONENTS'],
          participants.map((p) => [p.oin, p.name, p.autoConfirmActivations ? 'yes' : 'no', p.referenceComponents.join(', ') || '-']));
        section(io, `Clients (${clients.length})`, ['CLIENT ID', 'PARTICIPANT', 'APPLICATION', 'SCOPES'],
          clients.map((c) => [c.clientId, c.participantOin, c.application, c.scopes.join(' ')]));
        section(io, `Beheer applications (${beheerApplications.length}): activations are managed through these only`, ['CLIENT ID', 'APPLICATION'],
          beheerApplications.map((b) => [b.clientId, b.application]));
        const bestuurName = new Map(besturen.map((b) => [b.id, b.name]));
        section(io, `Onderwijsaanbieders (${aanbieders.length}) of ${besturen.length} onderwijsbesturen`, ['ID', 'OIE', 'NAME', 'BESTUUR'],
          aanbieders.map((a) => [a.id, a.oieCode ?? '-', a.name, `${a.bestuurId} ${bestuurName.get(a.bestuurId) ?? ''}`.trim()]));
        activationTable(io, activations);
        section(io, `Processing agreements (${agreements.length})`, ['PARTICIPANT', 'BESTUUR', 'VALID FROM', 'VALID TO', 'REFERENCE'],
          agreements.map((a) => [a.participantOin, a.bestuurId, a.validFrom, a.validTo ?? 'open-ended', a.reference ?? '-']));
        return 0;
      });
    }

    case 'activations': {
      only(parsed, command, ['json', 'aanbieder'], 0);
      return withRegistry(env, false, io, async (registry) => {
        const activations = await registry.activations({ onderwijsaanbieder: parsed.values.aanbieder });
        if (parsed.values.json) io.out(JSON.stringify(activations, null, 2));
        else activationTable(io, activations);
        return 0;
      });
    }

    case 'history': {
      only(parsed, command, ['json'], 1);
      const id = parsed.positionals[1];
      return withRegistry(env, false, io, async (registry) => {
        const activation = await registry.activationById(id);
        if (!activation) {
          io.err(`no activation ${id} (npm run eduv:registry -- activations lists them)`);
          return 1;
        }
        const events = await registry.history(id);
        if (parsed.values.json) io.out(JSON.stringify({ activation, events }, null, 2));
        else historyText(io, activation, events);
        return 0;
      });
    }

    case 'notices': {
      only(parsed, command, ['json', 'state'], 0);
      const state = parsed.values.state;
      if (state !== undefined && !(NOTICE_STATES as readonly string[]).includes(state)) throw new UsageError(`--state is one of ${NOTICE_STATES.join(', ')}\n${USAGE}`);
      return withRegistry(env, false, io, async (_registry, _location, store) => {
        const outbox = createNoticeOutbox(store);
        const [counts, notices] = await Promise.all([outbox.counts(), outbox.list({ state: state as NoticeState | undefined, limit: 100 })]);
        if (parsed.values.json) io.out(JSON.stringify({ counts, notices }, null, 2));
        else noticeTable(io, counts, notices);
        return 0;
      });
    }

    case 'retry-notice': {
      only(parsed, command, [], 1);
      const id = parsed.positionals[1];
      return withRegistry(env, true, io, async (_registry, _location, store) => {
        if (!(await createNoticeOutbox(store).requeue(id))) {
          io.err(`no failed notice ${id} (npm run eduv:registry -- notices --state failed lists them)`);
          return 1;
        }
        io.out(`notice ${id} queued again; a running facade sends it within seconds`);
        return 0;
      });
    }

    case 'remove-client': {
      only(parsed, command, [], 1);
      const clientId = parsed.positionals[1];
      return withRegistry(env, true, io, async (registry) => {
        await registry.removeClient(clientId);
        io.out(`removed client ${clientId}`);
        return 0;
      });
    }

    case 'add-agreement': {
      only(parsed, command, ['participant', 'bestuur', 'from', 'to', 'reference', 'json'], 0);
      const { participant, bestuur, from, to, reference } = parsed.values;
      if (!participant || !bestuur || !from) throw new UsageError(`add-agreement needs --participant, --bestuur and --from\n${USAGE}`);
      return withRegistry(env, true, io, async (registry) => {
        const agreement = await registry.addAgreement({ participantOin: participant, bestuurId: bestuur, validFrom: from, validTo: to ?? null, reference });
        if (parsed.values.json) io.out(JSON.stringify(agreement, null, 2));
        else io.out(`agreement ${agreement.id}: ${agreement.participantOin} with bestuur ${agreement.bestuurId}, ${agreement.validFrom} to ${agreement.validTo ?? 'open-ended'}`);
        return 0;
      });
    }

    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
};

async function withRegistry(
  env: Env,
  write: boolean,
  io: CliIo,
  fn: (registry: EduvRegistryAdmin, location: StoreLocation, store: Store) => Promise<number>,
): Promise<number> {
  const location = storeLocationFromEnv(env);
  const store = await open(location, env, write);
  try {
    return await fn(createEduvRegistry(store), location, store);
  } catch (error) {
    // Refusals by the registry are about the input, not the database: exit 1 with its message.
    if (error instanceof RegistryError) {
      io.err(`${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Text output

function section(io: CliIo, title: string, header: string[], rows: string[][]): void {
  io.out('');
  io.out(title);
  if (rows.length === 0) {
    io.out('  (none)');
    return;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd();
  io.out(line(header));
  for (const row of rows) io.out(line(row));
}

function narrowing(ids: string[] | null): string {
  return ids === null ? 'whole aanbieder' : ids.join(' ');
}

function activationTable(io: CliIo, activations: Activation[]): void {
  section(io, `Activations (${activations.length})`, ['ID', 'GEGEVENSDIENST', 'AANBIEDER', 'SENDER', 'RECEIVER', 'STATUS', 'NARROWING'],
    activations.map((a) => [a.id, a.gegevensdienst, a.onderwijsaanbieder, a.senderOin, a.receiverOin, a.status, narrowing(a.subjectOfferingIds)]));
}

function historyText(io: CliIo, a: Activation, events: ActivationEvent[]): void {
  io.out(`activation ${a.id}: ${a.gegevensdienst} at ${a.onderwijsaanbieder}, ${a.senderOin} → ${a.receiverOin}, now ${a.status}`);
  section(io, `History (${events.length})`, ['AT', 'ACTION', 'ACTOR', 'CLIENT', 'ACR', 'STATUS', 'NARROWING'],
    events.map((e) => [e.at.toISOString(), e.action, e.actor, e.actorClientId ?? '-', e.acr ?? '-', e.status, narrowing(e.subjectOfferingIds)]));
}

function noticeTable(io: CliIo, counts: Record<NoticeState, number>, notices: ActivationNotice[]): void {
  io.out(`Activation notices: ${counts.pending} pending, ${counts.delivered} delivered, ${counts.failed} failed`);
  if (counts.failed > 0) io.out('failed notices were not delivered: the receiver was not told of the change (fix, then retry-notice <id>)');
  section(io, `Latest ${notices.length}`, ['ID', 'CREATED', 'KIND', 'ACTIVATION', 'RECEIVER', 'STATE', 'ATTEMPTS', 'LAST', 'NEXT'],
    notices.map((n) => [
      n.id,
      n.createdAt.toISOString(),
      n.kind,
      n.activationId,
      n.receiverOin,
      n.state,
      String(n.attempts),
      n.lastAttemptAt ? `${n.lastStatus ?? '-'} ${n.lastError ?? ''}`.trim() : '-',
      n.state === 'pending' ? n.nextAttemptAt.toISOString() : '-',
    ]));
}

export const HELP = `${USAGE}

Administers the Edu-V registry (participants, clients, besturen, aanbieders, agreements,
activations) on DATABASE_URL or the embedded store. Exit codes: 0 done, 1 the input was refused,
2 usage or configuration, 3 the database failed.`;

runCli(import.meta.url, main, HELP);
