// The configuration's error and the small readers that every layer's declarations build on
// (src/base/config/variables.ts declares the variables themselves).
import { readFileSync } from 'node:fs';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function optionalString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The contents of the file a variable names (e.g. a PEM), or undefined when the variable is not set. */
export function fileContents(env: Env, name: string): string | undefined {
  const file = optionalString(env, name);
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(name, `cannot read file "${file}"`);
  }
}
