// Every command of package.json answers --help: exit 0, its usage on stdout, nothing on stderr —
// and does nothing else (no database created, no file written, no server started). The list is
// read from package.json, so a command added later is held to the same.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const commands = Object.entries(scripts)
  .filter(([, command]) => /^tsx \S+/.test(command))
  .map(([name, command]) => [name, command.split(/\s+/).slice(1)] as const);
const scratch = mkdtempSync(join(tmpdir(), 'facade-help-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Files some commands write when they run: --help must leave them as they are. */
const WRITTEN = ['deploy/keycloak/gemeente-realm.json', 'docs/configuration.md', 'rules/policy.schema.json', 'data/eduv/registry-seed.schema.json', 'docs/policy-matrix.md'];
const mtimes = () => WRITTEN.map((f) => `${f} ${statSync(f).mtimeMs}`);

describe('--help', () => {
  it('counts before the end of options; the short -h only first (elsewhere it may be a value)', async () => {
    const { wantsHelp } = await import('../src/base/cli/help.ts');
    expect(wantsHelp(['--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['matrix', '--help'])).toBe(true);
    expect(wantsHelp(['add-agreement', '--reference', '-h'])).toBe(false);
    expect(wantsHelp(['apply', '--', '--help'])).toBe(false);
  });

  it('is answered by every command', () => {
    expect(commands.length).toBeGreaterThan(15);
    const before = mtimes();
    const dataDir = join(scratch, 'data');
    for (const [name, args] of commands) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', ...args, '--help'], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: '1', MOCK_BRP_PORT: '1', DEV_IDP_PORT: '1' },
      });
      expect({ name, status: run.status, stderr: run.stderr }).toEqual({ name, status: 0, stderr: '' });
      expect(run.stdout, name).toMatch(/^usage: /);
    }
    expect(existsSync(dataDir)).toBe(false);
    expect(mtimes()).toEqual(before);
  }, 240_000);
});
