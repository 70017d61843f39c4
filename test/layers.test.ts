// The layers of the README's architecture section are enforced: dependency-cruiser
// (.dependency-cruiser.cjs) finds no violation in the tree, and finds each one
// planted in test/fixtures/layers/ — so the check is known to be able to fail.
import { cruise, type IReporterOutput } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

async function violations(paths: string[]): Promise<string[]> {
  const result: IReporterOutput = await cruise(paths, { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } } as never);
  const output = result.output as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('import rules', () => {
  it('the tree follows them', async () => {
    expect(await violations(['src', 'rules', 'resolvers'])).toEqual([]);
  }, 60_000);

  it('a planted violation of each rule fails the check', async () => {
    const found = await violations(['test/fixtures/layers']);
    const rules = (f: string) => found.filter((v) => v.includes(f)).map((v) => v.split(':')[0]);
    expect(rules('imports-engine.ts')).toContain('base-imports-nothing-above');
    expect(rules('imports-brp.ts')).toContain('domains-are-independent');
    expect(rules('imports-domain.ts')).toContain('engine-is-generic');
    expect(rules('imports-dev.ts')).toContain('production-never-imports-dev');
  }, 60_000);
});
