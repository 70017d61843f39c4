import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// Reads what data/eduv/openapi.yaml says about access: the Edu-V classification of each
// information object and the scope of each object or Student property. The contract is the single
// source for these; the mock uses it to deliver only the requested scope groups, and the facade can
// use it for its field rules and its layers.

export const EDUV_CONTRACT_PATH = fileURLToPath(new URL('../../../data/eduv/openapi.yaml', import.meta.url));

export type EduvClass = 'I' | 'II' | 'III' | 'IV';

export interface EduvClassification {
  class: EduvClass;
  confidential: boolean;
  directedBy: 'supplier' | 'school';
  personalData: boolean;
  processingAgreement: boolean;
}

export interface InformationObject {
  name: string;
  gegevensdienst: string;
  classification: EduvClassification;
  /** Scope of the whole object (x-eduv-scope on the schema); undefined when set per property. */
  scope: string | undefined;
  /** Scope of each property: its own x-eduv-scope, else the object's. */
  propertyScopes: ReadonlyMap<string, string>;
}

export interface EduvContract {
  /** The parsed OpenAPI document, for validators. */
  document: Record<string, unknown>;
  informationObjects: ReadonlyMap<string, InformationObject>;
  /** Scope group → Student properties in it, in contract order. */
  studentScopeGroups: ReadonlyMap<string, readonly string[]>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(what: string): never {
  throw new Error(`data/eduv/openapi.yaml: ${what}`);
}

function readClassification(name: string, raw: unknown): EduvClassification {
  if (!isRecord(raw)) fail(`${name}: x-eduv-classification must be an object`);
  const cls = raw.class;
  if (cls !== 'I' && cls !== 'II' && cls !== 'III' && cls !== 'IV') fail(`${name}: class must be I, II, III or IV`);
  const directedBy = raw.directedBy;
  if (directedBy !== 'supplier' && directedBy !== 'school') fail(`${name}: directedBy must be supplier or school`);
  const flag = (key: string): boolean => {
    const v = raw[key];
    if (typeof v !== 'boolean') fail(`${name}: ${key} must be a boolean`);
    return v;
  };
  return { class: cls, confidential: flag('confidential'), directedBy, personalData: flag('personalData'), processingAgreement: flag('processingAgreement') };
}

export function parseEduvContract(text: string): EduvContract {
  const document: unknown = parse(text);
  if (!isRecord(document)) fail('not a YAML mapping');
  const components = document.components;
  const schemas = isRecord(components) ? components.schemas : undefined;
  if (!isRecord(schemas)) fail('components.schemas missing');

  const informationObjects = new Map<string, InformationObject>();
  for (const [name, schema] of Object.entries(schemas)) {
    if (!isRecord(schema) || schema['x-eduv-classification'] === undefined) continue;
    const classification = readClassification(name, schema['x-eduv-classification']);
    const gegevensdienst = schema['x-eduv-gegevensdienst'];
    if (typeof gegevensdienst !== 'string') fail(`${name}: x-eduv-gegevensdienst missing`);
    const objectScope = schema['x-eduv-scope'];
    if (objectScope !== undefined && typeof objectScope !== 'string') fail(`${name}: x-eduv-scope must be a string`);
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const propertyScopes = new Map<string, string>();
    for (const [prop, propSchema] of Object.entries(properties)) {
      const own = isRecord(propSchema) ? propSchema['x-eduv-scope'] : undefined;
      const scope = typeof own === 'string' ? own : objectScope;
      if (scope === undefined) fail(`${name}.${prop}: no x-eduv-scope on the property or the object`);
      propertyScopes.set(prop, scope);
    }
    informationObjects.set(name, { name, gegevensdienst, classification, scope: objectScope, propertyScopes });
  }

  const student = informationObjects.get('Student');
  if (!student) fail('Student schema with x-eduv-classification missing');
  const groups = new Map<string, string[]>();
  for (const [prop, scope] of student.propertyScopes) {
    const list = groups.get(scope) ?? [];
    list.push(prop);
    groups.set(scope, list);
  }
  return { document, informationObjects, studentScopeGroups: groups };
}

let cached: EduvContract | undefined;

/** The contract, parsed once per process. */
export function loadEduvContract(): EduvContract {
  cached ??= parseEduvContract(readFileSync(EDUV_CONTRACT_PATH, 'utf8'));
  return cached;
}
