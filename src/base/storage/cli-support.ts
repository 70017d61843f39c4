// Shared by the storage and protocol command-line tools: where the database is (from the
// environment), and one way to run a command and end it. Exit codes: 0 fine, 1 the tool found a
// problem (e.g. a broken chain), 2 configuration or usage error (one line naming the variable or
// flag), 3 operational failure (database unreachable, data directory in use, …).
import { wantsHelp } from '../cli/help.ts';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config/env.ts';
import { readVariables } from '../config/variables.ts';
import { STORAGE_VARIABLES } from './variables.ts';
import { StoreLockedError } from './store.ts';
import { MEMORY_DATA_DIR, StoreNotFoundError } from './pglite-store.ts';
import type { OpenStoreOptions } from './open-store.ts';

export { ConfigError };

type Env = Record<string, string | undefined>;

export const DEFAULT_DATA_ROOT = './data';

export interface StoreLocation {
  options: Pick<OpenStoreOptions, 'databaseUrl' | 'dataDir'>;
  /** Where, for humans: no password, ever. */
  description: string;
}

/**
 * `DATABASE_URL` (PostgreSQL), else PGlite in `${DATA_DIR}/db` with DATA_DIR defaulting to ./data
 * (`DATA_DIR=memory://`: PGlite in memory).
 */
export function storeLocationFromEnv(env: Env): StoreLocation {
  const v = readVariables(STORAGE_VARIABLES, env, 'development');
  const url = v.DATABASE_URL;
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      // The value is not echoed: it may carry a password.
      throw new ConfigError('DATABASE_URL', 'not a valid URL');
    }
    return {
      options: { databaseUrl: url },
      description: `postgresql://${parsed.host}${parsed.pathname}`,
    };
  }
  const root = v.DATA_DIR ?? DEFAULT_DATA_ROOT;
  // `memory://`: an embedded database that lives as long as the process (demos, tests).
  if (root === MEMORY_DATA_DIR) return { options: { dataDir: MEMORY_DATA_DIR }, description: 'PGlite in memory' };
  const dataDir = path.join(root, 'db');
  return { options: { dataDir }, description: `PGlite in ${dataDir}` };
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Where a command writes: lines to stdout and to stderr. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** A command: arguments and environment in, exit code out. Tests call it in-process. */
export type CliMain = (argv: string[], env: Env, io: CliIo) => Promise<number>;

/** One line for a failed run, and its exit code (2 configuration/usage, 3 operational). */
export function exitCodeFor(error: unknown, io: CliIo): number {
  if (error instanceof ConfigError || error instanceof UsageError) {
    io.err(error.message);
    return 2;
  }
  if (error instanceof StoreNotFoundError) {
    io.err(`DATA_DIR: ${error.message} (set DATA_DIR or DATABASE_URL, or run npm run migrate)`);
    return 2;
  }
  // No stack: these tools are run by operators. Store errors carry no personal data.
  io.err(error instanceof StoreLockedError ? error.message : `error: ${error instanceof Error ? error.message : String(error)}`);
  return 3;
}

export async function invoke(main: CliMain, argv: string[], env: Env, io: CliIo, help?: string): Promise<number> {
  if (help && wantsHelp(argv)) {
    io.out(help.trim());
    return 0;
  }
  try {
    return await main(argv, env, io);
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Runs `main` with the process's arguments and environment and exits with its code — only when
 * the module at `moduleUrl` is the program being run (not when a test imports it).
 */
export function runCli(moduleUrl: string, main: CliMain, help: string): void {
  const script = process.argv[1];
  if (!script) return;
  let scriptUrl: string;
  try {
    scriptUrl = pathToFileURL(realpathSync(script)).href;
  } catch {
    return;
  }
  if (scriptUrl !== moduleUrl) return;
  void invoke(main, process.argv.slice(2), process.env, processIo, help).then((code) => {
    // Let stdout drain before exiting (a pipe to `less` or a file).
    process.stdout.write('', () => process.exit(code));
  });
}
