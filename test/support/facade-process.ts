// A facade as its own process, as an operator runs it: spawned with an environment of the test's
// choosing, its JSON log lines read as they come, ready once it logs `facade listening`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface FacadeProcess {
  child: ChildProcessWithoutNullStreams;
  /** http://127.0.0.1:port (without /graphql). */
  base: string;
  /** Every log entry so far. */
  log: Array<Record<string, unknown>>;
  /** Resolves with the first log entry (so far or to come) whose msg starts with `msg`. */
  logged(msg: string): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (and the stderr text). */
  exited: Promise<{ code: number | null; stderr: string }>;
}

/** `args`: what follows `node`, e.g. ['--import', 'tsx', 'src/main.ts'] or ['main.js']. */
export async function spawnFacade(args: string[], env: Record<string, string>, cwd: string): Promise<FacadeProcess> {
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env }, cwd });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
  const log: Array<Record<string, unknown>> = [];
  const waiting: Array<{ msg: string; resolve(entry: Record<string, unknown>): void }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    log.push(entry);
    for (const w of waiting.filter((w) => String(entry.msg ?? '').startsWith(w.msg))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(entry);
    }
  });
  const logged = (msg: string) => {
    const found = log.find((e) => String(e.msg ?? '').startsWith(msg));
    return found ? Promise.resolve(found) : new Promise<Record<string, unknown>>((resolve) => waiting.push({ msg, resolve }));
  };
  const listening = await Promise.race([
    logged('facade listening'),
    exited.then(({ code, stderr: err }) => {
      throw new Error(`the facade exited with ${code} before listening: ${err.slice(0, 2000)}`);
    }),
  ]);
  return { child, base: String(listening.url).replace(/\/graphql$/, ''), log, logged, exited };
}
