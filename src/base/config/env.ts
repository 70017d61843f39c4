// Configuration from environment variables, validated once at start-up.
import { readFileSync } from 'node:fs';
// A bad or missing value stops the process with one line naming the variable.

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

export function requiredString(env: Env, name: string, why: string): string {
  const value = optionalString(env, name);
  if (value === undefined) throw new ConfigError(name, `required ${why}`);
  return value;
}

export function optionalUrl(env: Env, name: string): string | undefined {
  const value = optionalString(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http(s) URL, got "${url.protocol}"`);
  }
  return value.replace(/\/+$/, '');
}

export function integer(env: Env, name: string, fallback: number, range: { min: number; max: number }): number {
  const value = optionalString(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < range.min || n > range.max) throw new ConfigError(name, `must be between ${range.min} and ${range.max}, got ${n}`);
  return n;
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = optionalString(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

export function pattern(env: Env, name: string, re: RegExp, fallback: string, description: string): string {
  const value = optionalString(env, name) ?? fallback;
  if (!re.test(value)) throw new ConfigError(name, `must be ${description}, got "${value}"`);
  return value;
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = optionalString(env, name);
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${value}"`);
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
