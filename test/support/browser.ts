// End-to-end support: the facade started the way `npm start` starts it (embedded BRP mock,
// embedded development IdP, free ports), and Debian's Chromium driven headless through
// playwright-core. No browser is ever downloaded: CI installs the `chromium` package.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { EPHEMERAL_DEV_PORTS } from './dev-ports.ts';

export interface LogEntry {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

export interface FacadeProcess {
  /** The facade's GraphQL URL, e.g. http://127.0.0.1:41234/graphql. */
  url: string;
  origin: string;
  /** Issuer of the embedded development IdP. */
  idpIssuer: string;
  /** Every stdout line so far, raw: to check what the application log (never) contains. */
  readonly output: string[];
  logs(): LogEntry[];
  stop(): Promise<void>;
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** Spawns `node --import tsx src/dev/start.ts` and resolves once it logs `facade listening`. */
export async function startFacadeProcess(env: Record<string, string> = {}): Promise<FacadeProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'src/dev/start.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      ...EPHEMERAL_DEV_PORTS,
      DATA_DIR: 'memory://',
      ...env,
    },
  });
  const output: string[] = [];
  let stderr = '';
  let partial = '';
  let idpIssuer: string | undefined;

  // stdout is read to the end, not just up to "listening": a pipe nobody drains fills up and
  // stalls the facade's (synchronous) logger.
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        let entry: LogEntry;
        try {
          entry = JSON.parse(line) as LogEntry;
        } catch {
          continue;
        }
        if (typeof entry.issuer === 'string' && entry.msg?.startsWith('embedded development identity provider started')) idpIssuer = entry.issuer;
        if (entry.msg === 'facade listening' && typeof entry.url === 'string') resolve(entry.url);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`the facade exited (${code}) before listening:\n${stderr}${output.slice(-5).join('\n')}`)));
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    // A hung shutdown must not hang the suite.
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(force);
  };

  let url: string;
  try {
    url = await listening;
  } catch (err) {
    await stop();
    throw err;
  }
  if (!idpIssuer) {
    await stop();
    throw new Error('the facade did not log its embedded development IdP');
  }
  return {
    url,
    origin: new URL(url).origin,
    idpIssuer,
    output,
    logs: () =>
      output.flatMap((line) => {
        try {
          return [JSON.parse(line) as LogEntry];
        } catch {
          return [];
        }
      }),
    stop,
  };
}

/** Debian's Chromium; CHROMIUM_PATH points elsewhere on machines that keep it elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // --disable-background-networking: Chromium's own update/metrics traffic stays off, so a
    // machine without internet behaves like one with it.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** True for URLs that stay on this machine (or need no network at all). */
export function isLocal(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}
