// Shared bench helpers: timing side by side in one run, and printing ratios.
import { performance } from 'node:perf_hooks';

export interface Variant {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * Runs the variants interleaved (A B C A B C ...) so that drift of the machine
 * hits all of them alike; returns the median milliseconds per variant.
 */
export async function measure(variants: Variant[], { warmup = 20, rounds = 60 } = {}): Promise<Map<string, number>> {
  for (let i = 0; i < warmup; i++) for (const v of variants) await v.run();
  const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const v of variants) {
      const start = performance.now();
      await v.run();
      samples.get(v.name)!.push(performance.now() - start);
    }
  }
  const medians = new Map<string, number>();
  for (const [name, values] of samples) {
    values.sort((a, b) => a - b);
    medians.set(name, values[Math.floor(values.length / 2)]);
  }
  return medians;
}

export function ratioLine(label: string, value: number, goal: string): string {
  return `${label.padEnd(72)} ${value.toFixed(3)}  (goal ${goal})`;
}
