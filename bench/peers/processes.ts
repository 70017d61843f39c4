// The bench's child processes: started, read until they say they listen, measured (CPU seconds and
// RSS from /proc), and stopped again — every one of them, also when the run fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  url: string;
  /** Milliseconds from spawn to the ready line. */
  startedInMs: number;
  /** utime + stime of the process and its descendants (all threads), in seconds. */
  cpuSeconds(): number;
  /** Resident set size of the process alone, in MiB. */
  rssMiB(): number;
  stop(): Promise<void>;
}

const running = new Set<ServerProcess>();

/** Stops every child still running: the runner calls it in `finally` and on signals. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

function statOf(pid: number): { ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return undefined; // gone
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  const todo = childrenOf(pid);
  while (todo.length) {
    const p = todo.pop()!;
    out.push(p);
    todo.push(...childrenOf(p));
  }
  return out;
}

/** CPU seconds of pid and every descendant (a process's stat covers all its threads). */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    ticks += statOf(p)?.ticks ?? 0;
    todo.push(...childrenOf(p));
  }
  return ticks / CLOCK_TICKS;
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 'NaN');
  return kb / 1024;
}

/** A port that was free a moment ago (for servers that cannot report the one they got for port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnOptions {
  cwd: string;
  env: Record<string, string>;
  /** Given each output line (stdout and stderr) until it returns the server's base URL. */
  ready(line: string): string | undefined;
  timeoutMs?: number;
  /** After SIGTERM, SIGKILL (to the process and its descendants) after this long; default 10 s. */
  killAfterMs?: number;
}

/** Spawns a server and resolves once a line says it listens; its output is drained (not kept) after that. */
export async function spawnServer(name: string, command: string, args: string[], options: SpawnOptions): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const server: ServerProcess = {
    name,
    child,
    pid: child.pid!,
    url: '',
    startedInMs: 0,
    cpuSeconds: () => treeCpuSeconds(child.pid!),
    rssMiB: () => rssMiB(child.pid!),
    stop: async () => {
      running.delete(server);
      if (exited) return;
      child.kill('SIGTERM');
      // Some servers (Mesh's CLI) do not end on SIGTERM: then the whole tree is killed.
      const timer = setTimeout(() => {
        for (const pid of descendants(child.pid!)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone already
          }
        }
        child.kill('SIGKILL');
      }, options.killAfterMs ?? 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
  running.add(server);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not say it listens within ${options.timeoutMs ?? 120_000} ms`), options.timeoutMs ?? 120_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      void server.stop();
      reject(new Error(`${name} ${why}; its last output:\n${tail.join('\n')}`));
    };
    let done = false;
    const onLine = (line: string) => {
      if (done) return;
      tail.push(line.slice(0, 2000));
      if (tail.length > 40) tail.shift();
      const found = options.ready(line);
      if (found) {
        done = true;
        clearTimeout(timer);
        resolve(found);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exit.then(() => {
      if (!done) fail(`exited with ${child.exitCode ?? child.signalCode}`);
    });
  });
  server.url = url;
  server.startedInMs = performance.now() - started;
  return server;
}
