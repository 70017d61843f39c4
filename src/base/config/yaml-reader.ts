// Reads a YAML configuration file (the policy, the Edu-V seed) into values,
// collecting every problem with file, line, column and key instead of stopping
// at the first: an operator fixes a file in one pass.
import { LineCounter, Scalar, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';

/** A problem message, or undefined for none. */
export type Problem = string | undefined;

export type Entry = [name: string, value: YamlNode | null, keyNode: YamlNode];
export type Fields = Map<string, { value: YamlNode | null; at: YamlNode }>;

/**
 * The value of a required key; when the key is absent, a null placeholder positioned at the
 * mapping, so the problem ("is required") points at the entry that lacks it.
 */
export function field(m: Fields, name: string, parent: YamlNode): YamlNode {
  const value = m.get(name)?.value;
  if (value) return value;
  const missing = new Scalar(null);
  missing.range = parent.range;
  return missing;
}

/** `purposes.p.queries[0]`: a key path as the readers name keys in their problems. */
export const keyPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>((key, p) => (typeof p === 'number' ? `${key}[${p}]` : key ? `${key}.${String(p)}` : String(p)), '');

/** Reads YAML nodes into values, collecting problems with their position instead of throwing. */
export class YamlReader {
  readonly problems: string[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  problem(node: YamlNode | null | undefined, key: string, message: string): void {
    this.problems.push(`${this.where(node, key)}: ${message}`);
  }

  /** `file:line:col key`: where a value stands, for a problem found later (another file's check). */
  where(node: YamlNode | null | undefined, key: string): string {
    const offset = node?.range?.[0];
    const pos = offset === undefined ? undefined : this.lines.linePos(offset);
    return `${this.file}${pos ? `:${pos.line}:${pos.col}` : ''} ${key}`;
  }

  check(node: YamlNode | null | undefined, key: string, problem: Problem): void {
    if (problem) this.problem(node, key, problem);
  }

  /** A mapping whose keys are names of the caller's choosing (ids): its entries in order. */
  entries(node: YamlNode | null | undefined, key: string): Entry[] {
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isMap(node)) {
      this.problem(node, key, 'must be a mapping');
      return [];
    }
    return node.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), (pair.value ?? null) as YamlNode | null, pair.key as YamlNode]);
  }

  /** A mapping's entries, checked against the allowed keys. */
  map(node: YamlNode | null, key: string, allowed: readonly string[]): Fields {
    const out: Fields = new Map();
    if (!isMap(node)) {
      this.problem(node, key, 'must be a mapping');
      return out;
    }
    const entries: Entry[] = node.items.map((pair) => [
      String(isScalar(pair.key) ? pair.key.value : pair.key),
      (pair.value ?? null) as YamlNode | null,
      pair.key as YamlNode,
    ]);
    for (const [name, value, at] of entries) {
      if (!allowed.includes(name)) this.problem(at, `${key}.${name}`, `unknown key (allowed: ${allowed.join(', ')})`);
      else out.set(name, { value, at });
    }
    return out;
  }

  /** A list's items; an absent list is empty. */
  list(node: YamlNode | null | undefined, key: string): YamlNode[] {
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      this.problem(node, key, 'must be a list');
      return [];
    }
    return node.items as YamlNode[];
  }

  /**
   * A non-empty string. With `raw`, an unquoted value that YAML read as a number is taken by its
   * source text, so identifiers keep what was written: `41821`, `00000003…` (leading zeros) and
   * `114E377` (which YAML reads as 1.14e379).
   */
  text(node: YamlNode | null | undefined, key: string, options: { required?: boolean; raw?: boolean } = {}): string | undefined {
    const required = options.required ?? true;
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) {
      if (required) this.problem(node, key, 'is required');
      return undefined;
    }
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.value.trim()) return node.value.trim();
      if (options.raw && typeof node.value === 'number' && node.type === 'PLAIN' && /^[0-9A-Za-z.+-]+$/.test(node.source ?? '')) {
        return node.source;
      }
      if (typeof node.value === 'number' || typeof node.value === 'boolean') {
        this.problem(node, key, `must be a string (YAML read ${JSON.stringify(node.source ?? String(node.value))} as a ${typeof node.value}: quote it)`);
        return undefined;
      }
    }
    this.problem(node, key, 'must be a non-empty string');
    return undefined;
  }

  boolean(node: YamlNode | null | undefined, key: string, fallback: boolean): boolean {
    if (node === null || node === undefined) return fallback;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.problem(node, key, 'must be true or false');
    return fallback;
  }

  stringList(node: YamlNode | null | undefined, key: string, options: { raw?: boolean } = {}): string[] {
    return this.list(node, key).flatMap((item, i) => {
      const value = this.text(item, `${key}[${i}]`, options);
      return value === undefined ? [] : [value];
    });
  }
}

/** Parses the text; YAML syntax errors are the reader's first problems. */
export function readYaml(text: string, file: string): { doc: Document; reader: YamlReader } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader = new YamlReader(file, lines);
  for (const error of doc.errors) {
    const pos = lines.linePos(error.pos[0]);
    reader.problems.push(`${file}:${pos.line}:${pos.col} YAML: ${error.message.split('\n')[0]}`);
  }
  return { doc, reader };
}
