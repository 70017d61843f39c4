// `npm run bench:peers -- --profile`: the facade (all on) runs under `node --cpu-prof`; when it has
// stopped, its .cpuprofile is summed per function by self time (the samples whose top frame it is).
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  selfMs: number;
  share: number;
  name: string;
}

/** The `top` functions by self time over every .cpuprofile in `dir` (one per process run). */
export function topSelfTime(dir: string, top = 25): { lines: ProfileLine[]; totalMs: number; files: number } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const self = new Map<string, number>();
  let totalMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nameOf = new Map<number, string>();
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      // The file below node_modules or the app folder, not the temporary path it was built into.
      const where = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/app\//, '').replace(/^file:\/\//, '');
      nameOf.set(node.id, `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim());
    }
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const name = nameOf.get(id) ?? '?';
      self.set(name, (self.get(name) ?? 0) + ms);
      totalMs += ms;
    });
  }
  // The idle loop is not the facade's work.
  const idle = self.get('(idle)') ?? 0;
  self.delete('(idle)');
  const busy = totalMs - idle;
  const lines = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, selfMs]) => ({ name, selfMs, share: selfMs / busy }));
  return { lines, totalMs: busy, files: files.length };
}

/** Copies the profiles to `to` (a folder); returns it. */
export function keepProfiles(dir: string, to: string): string {
  cpSync(dir, to, { recursive: true });
  return to;
}
