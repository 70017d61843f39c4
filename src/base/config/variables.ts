// Environment variables, declared once: each layer declares its own (name,
// type as a zod schema, default, meaning, which mode requires it) in a
// `variables.ts` of its own; readers get typed values from the declarations,
// `docs/configuration.md` is generated from them (scripts/config-docs.ts), and
// a start-up check reads every declaration of every layer and reports all
// problems at once, one line each naming its variable.
import { z } from 'zod';
import { ConfigError } from './env.ts';
import { parseRate } from './rate.ts';

export type Mode = 'development' | 'production';

export interface Variable<T = unknown> {
  /** What it means, for the operator (one sentence; docs/configuration.md). */
  description: string;
  /** Parses the trimmed text of the variable. */
  schema: z.ZodType<T>;
  /** The text used when unset, per mode where they differ (docs show it as given). */
  default?: string | Readonly<Partial<Record<Mode, string>>>;
  /** Unset in this mode is a problem. */
  requiredIn?: Mode | 'both';
  /** Never echoed in a problem (passwords, keys). */
  secret?: boolean;
}

export type Variables = Readonly<Record<string, Variable>>;

/** The typed values of a declaration group; unset variables without a default are undefined. */
export type Values<V extends Variables> = { [K in keyof V]: V[K] extends Variable<infer T> ? T | undefined : never };

export function defineVariables<V extends Variables>(variables: V): V {
  return variables;
}

/** One or more problems of the configuration, each a line `NAME: problem`; `variable` names the first. */
export class ConfigProblems extends ConfigError {
  constructor(readonly problems: readonly string[]) {
    const first = problems[0] ?? 'configuration: invalid';
    const at = first.indexOf(': ');
    super(first.slice(0, at), first.slice(at + 2));
    this.message = problems.join('\n');
    this.name = 'ConfigProblems';
  }
}

export function defaultFor(variable: Variable, mode: Mode): string | undefined {
  const d = variable.default;
  return typeof d === 'string' || d === undefined ? d : d[mode];
}

function isRequired(variable: Variable, mode: Mode): boolean {
  return variable.requiredIn === 'both' || variable.requiredIn === mode;
}

/** Reads a declaration group; every problem of the group is collected (see ConfigProblems). */
export function readVariables<V extends Variables>(variables: V, env: Readonly<Record<string, string | undefined>>, mode: Mode): Values<V> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(variables)) {
    const given = env[name]?.trim() || undefined;
    const text = given ?? defaultFor(variable, mode);
    if (text === undefined) {
      if (isRequired(variable, mode)) problems.push(`${name}: required${mode === 'production' ? ' when NODE_ENV=production' : ''} (${variable.description})`);
      continue;
    }
    const parsed = variable.schema.safeParse(text);
    if (!parsed.success) {
      const why = parsed.error.issues[0]?.message ?? 'invalid';
      problems.push(`${name}: ${why}${variable.secret || given === undefined ? '' : `, got "${text.slice(0, 80)}"`}`);
      continue;
    }
    values[name] = parsed.data;
  }
  if (problems.length) throw new ConfigProblems(problems);
  return values as Values<V>;
}

/** Runs several readers and collects every problem: ConfigProblems and ConfigError alike. */
export function collectProblems(readers: ReadonlyArray<() => unknown>): string[] {
  const problems: string[] = [];
  for (const read of readers) {
    try {
      read();
    } catch (err) {
      if (err instanceof ConfigProblems) problems.push(...err.problems);
      else if (err instanceof ConfigError) problems.push(err.message);
      else throw err;
    }
  }
  return [...new Set(problems)];
}

// ---- schemas for the kinds of values the facade reads

export const text = () => z.string().min(1);

export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`));

export const port = () => wholeNumber(0, 65535);

export const flag = () =>
  z
    .string()
    .toLowerCase()
    .refine((v) => ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(v), 'must be true or false (also 1/0, yes/no, on/off)')
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: () => `must be one of ${values.join(', ')}` });

export const httpUrl = () =>
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'must be an http(s) URL')
    .transform((v) => v.replace(/\/+$/, ''));

export const rate = () =>
  z.string().transform((v, ctx) => {
    const parsed = parseRate(v);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  });

export const matching = (re: RegExp, description: string) => z.string().regex(re, `must be ${description}`);
