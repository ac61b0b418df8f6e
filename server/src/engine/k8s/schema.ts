import { isSecretName } from '../mask';
import { validators } from '../../../generated/k8s-validators.js';
import type { K8sValidationError } from '../../../generated/k8s-validators.js';
import { closestMatch, editDistance } from '../text';

// Validates Kubernetes objects against the schema generated from the Kubernetes 1.36 API types
// (schemas/kubernetes/), and turns ajv's errors into a few problems that say what to change.

export type K8sSchemaKeyword = 'unknown-field' | 'type' | 'enum' | 'required' | 'other';

export type K8sPath = (string | number)[];

export interface K8sSchemaProblem {
  /** Where the problem is: the unknown key, the bad value, or the mapping that lacks a field. */
  path: K8sPath;
  keyword: K8sSchemaKeyword;
  message: string;
  /** Whether the finding belongs on the key at `path` or on its value. */
  at: 'key' | 'value';
  /** For `type` problems, the JSON types the schema accepts there (`integer`, `string`, …). */
  expected?: string[];
}

/** More than this and the rest is noise: the object is probably not what its kind says. */
export const MAX_PROBLEMS_PER_OBJECT = 20;

/** Beyond the schema's own depth ajv never looks, so there is no point in copying deeper data. */
const MAX_COPY_DEPTH = 64;

export function isK8sKindCovered(apiVersion: string, kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(validators, `${apiVersion}/${kind}`);
}

/**
 * Schema problems of one object, or undefined when its apiVersion/kind is not one Shipshape has a
 * schema for (custom resources, removed API versions): those are never guessed at.
 */
export function validateK8sObject(apiVersion: string, kind: string, value: unknown): K8sSchemaProblem[] | undefined {
  if (!isK8sKindCovered(apiVersion, kind)) return undefined;
  const validate = validators[`${apiVersion}/${kind}`];
  const data = normalize(value, 0);
  if (validate(data)) return [];
  return toProblems(validate.errors ?? [], data, kind);
}

/**
 * What the API server decodes: a `null` field is an unset field (`creationTimestamp: null` from
 * `kubectl create --dry-run`, an empty `env:`), and `<<` merge keys are expanded as kubectl's
 * YAML 1.1 parser does.
 */
function normalize(value: unknown, depth: number): unknown {
  if (depth > MAX_COPY_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => normalize(item, depth + 1));
  const copy: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const merged of mergeSources(source['<<'])) {
    for (const [key, item] of Object.entries(merged)) {
      // Keys of the mapping itself win over merged ones, and earlier merge sources over later ones.
      if (!Object.hasOwn(source, key) && !Object.hasOwn(copy, key)) setField(copy, key, normalize(item, depth + 1));
    }
  }
  for (const [key, item] of Object.entries(source)) {
    if (key === '<<' && mergeSources(item).length > 0) continue;
    setField(copy, key, normalize(item, depth + 1));
  }
  return copy;
}

function mergeSources(value: unknown): Record<string, unknown>[] {
  const candidates = Array.isArray(value) ? value : [value];
  return candidates.filter((item): item is Record<string, unknown> => isRecord(item));
}

function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === null) return;
  // A YAML key `__proto__` is data, not the prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- ajv errors → problems ----

interface Located {
  error: K8sValidationError;
  path: K8sPath;
  value: unknown;
}

/** How specific an error is: at the same path, a type error explains an enum error, and so on. */
const PRIORITY: Record<string, number> = { additionalProperties: 0, type: 1, enum: 2, const: 2, required: 3 };
const UMBRELLAS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'not']);

function toProblems(errors: K8sValidationError[], data: unknown, kind: string): K8sSchemaProblem[] {
  const located = errors.map((error) => locate(error, data));
  const specific = located.filter(
    (item) => !isUnsetEnum(item) && (!UMBRELLAS.has(item.error.keyword) || !hasErrorWithin(located, item)),
  );
  const problems: K8sSchemaProblem[] = [];
  const seen = new Set<string>();
  for (const item of [...specific].sort(bySpecificity)) {
    if (item.error.keyword === 'required') continue; // grouped below, one problem per mapping
    // One problem per place: a value that is not even a string needs no "not one of …" on top.
    const id = `${item.error.keyword === 'additionalProperties' ? 'key' : 'value'}:${pathKey(item.path)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(describe(item, kind));
  }
  problems.push(...missingFields(specific, kind));
  return problems.slice(0, MAX_PROBLEMS_PER_OBJECT);
}

/** `""` is Go's zero value: the API server treats it as unset and applies the default. */
function isUnsetEnum({ error, value }: Located): boolean {
  return error.keyword === 'enum' && value === '';
}

function bySpecificity(a: Located, b: Located): number {
  return (PRIORITY[a.error.keyword] ?? 4) - (PRIORITY[b.error.keyword] ?? 4);
}

function hasErrorWithin(all: Located[], umbrella: Located): boolean {
  return all.some(
    (other) => other !== umbrella && !UMBRELLAS.has(other.error.keyword) && startsWith(other.path, umbrella.path),
  );
}

/** Turns a JSON Pointer into path segments, with numbers where the data holds a list. */
function locate(error: K8sValidationError, data: unknown): Located {
  const path: K8sPath = [];
  let value = data;
  for (const raw of error.instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path.push(Number(segment));
      value = value[Number(segment)];
    } else {
      path.push(segment);
      value = isRecord(value) ? value[segment] : undefined;
    }
  }
  if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
    path.push(error.params.additionalProperty);
    value = isRecord(value) ? value[error.params.additionalProperty] : undefined;
  }
  return { error, path, value };
}

function describe({ error, path, value }: Located, kind: string): K8sSchemaProblem {
  switch (error.keyword) {
    case 'additionalProperties':
      return { path, keyword: 'unknown-field', at: 'key', message: unknownFieldMessage(path, error, kind) };
    case 'type': {
      const expected = typesOf(error.params.type);
      return { path, keyword: 'type', at: 'value', expected, message: typeMessage(path, value, expected, undefined, kind) };
    }
    case 'enum':
    case 'const': {
      const allowed = error.params.allowedValues ?? [error.params.allowedValue];
      return { path, keyword: 'enum', at: 'value', message: enumMessage(path, value, allowed, kind) };
    }
    default:
      return { path, keyword: 'other', at: 'value', message: `${where(path, kind)} ${error.message ?? 'is invalid'}.` };
  }
}

function unknownFieldMessage(path: K8sPath, error: K8sValidationError, kind: string): string {
  const field = String(path[path.length - 1]);
  const parent = path.slice(0, -1);
  const place = parent.length === 0 ? `at the top level of the ${kind}` : `in ${formatPath(parent)}`;
  const allowed = Object.keys(error.parentSchema?.properties ?? {});
  const suggestion = closestMatch(field, allowed);
  if (suggestion) return `Unknown field \`${field}\` ${place}; did you mean \`${suggestion}\`?`;
  const moved = MOVED_FIELDS[field];
  if (moved && allowed.includes(moved.replacement)) return `Unknown field \`${field}\` ${place}: ${moved.hint}`;
  return `Unknown field \`${field}\` ${place}: the API server rejects it. Remove it, or check its spelling and indentation.`;
}

/** Fields of older API versions that people still write, and where the current version moved them. */
const MOVED_FIELDS: Record<string, { replacement: string; hint: string }> = {
  serviceName: { replacement: 'service', hint: 'networking.k8s.io/v1 moved it to `service.name`.' },
  servicePort: { replacement: 'service', hint: 'networking.k8s.io/v1 moved it to `service.port.number` (or `service.port.name`).' },
  targetAverageUtilization: { replacement: 'target', hint: 'autoscaling/v2 uses `target: {type: Utilization, averageUtilization: N}`.' },
  targetAverageValue: { replacement: 'target', hint: 'autoscaling/v2 uses `target: {type: AverageValue, averageValue: Q}`.' },
  targetCPUUtilizationPercentage: { replacement: 'metrics', hint: 'autoscaling/v2 uses a `metrics` entry of type Resource with `target.averageUtilization`.' },
};

function typesOf(type: string | string[] | undefined): string[] {
  return Array.isArray(type) ? type : type ? [type] : [];
}

/**
 * "must be an integer, not …" with what to do. `written` is the value as the file spells it
 * (`1.10`, `0x1F`), when the caller knows it: the parsed number would print differently.
 */
export function typeMessage(path: K8sPath, value: unknown, types: string[], written?: string, kind?: string): string {
  const wanted = types.map(typeName).join(' or ');
  const literal = written ?? String(value);
  const hidden = mayBeSecret(path, kind);
  const actual = hidden ? `${valueKind(value)} (not shown: it may be a credential)` : typeof value === 'boolean' ? `the boolean ${literal}` : typeof value === 'number' ? literal : valueName(value);
  const base = `${formatPath(path)} must be ${wanted}, not ${actual}`;
  if (types.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) {
    return hidden ? `${base}: quote it.` : `${base}: quote it (\`"${literal}"\`).`;
  }
  if (types.includes('integer') && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    return hidden ? `${base}: remove the quotes.` : `${base}: remove the quotes (\`${value.trim()}\`).`;
  }
  if (types.includes('integer') && typeof value === 'number') return `${base}: use a whole number.`;
  return `${base}.`;
}

/**
 * Values a message must not quote: a Secret's data, anything under a credential-like key, and
 * container environment values (their names, which say what they hold, are siblings, not keys).
 */
function mayBeSecret(path: K8sPath, kind: string | undefined): boolean {
  if (kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData')) return true;
  if (path.some((segment) => typeof segment === 'string' && isSecretName(segment))) return true;
  return path.length >= 3 && path[path.length - 1] === 'value' && path[path.length - 3] === 'env';
}

function valueKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'null';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function enumMessage(path: K8sPath, value: unknown, allowed: unknown[], kind?: string): string {
  const names = allowed.map(String);
  const base = `${formatPath(path)} must be one of ${names.join(', ')}, not ${mayBeSecret(path, kind) ? valueKind(value) : JSON.stringify(value)}`;
  const suggestion = typeof value === 'string' ? closeEnumValue(value, names) : undefined;
  return suggestion ? `${base}; did you mean ${suggestion}?` : `${base}.`;
}

/** Enum values are short and alike (`HTTP` is two edits from `SCTP`): suggest only near misses. */
function closeEnumValue(value: string, names: string[]): string | undefined {
  const lower = value.toLowerCase();
  const prefixed = names.filter((name) => name.toLowerCase().startsWith(lower));
  if (lower.length >= 3 && prefixed.length === 1) return prefixed[0];
  const best = closestMatch(value, names);
  return best && editDistance(lower, best.toLowerCase()) <= Math.floor(value.length / 3) ? best : undefined;
}

/** Missing required fields, one problem per mapping that lacks some. */
function missingFields(located: Located[], kind: string): K8sSchemaProblem[] {
  const byPath = new Map<string, { path: K8sPath; fields: string[] }>();
  for (const { error, path } of located) {
    const field = error.keyword === 'required' ? error.params.missingProperty : undefined;
    if (typeof field !== 'string') continue;
    const entry = byPath.get(pathKey(path)) ?? { path, fields: [] };
    if (!entry.fields.includes(field)) entry.fields.push(field);
    byPath.set(pathKey(path), entry);
  }
  return [...byPath.values()].map(({ path, fields }) => {
    const list = fields.map((field) => `\`${field}\``).join(' and ');
    const noun = fields.length === 1 ? 'the required field' : 'the required fields';
    return { path, keyword: 'required', at: 'key', message: `${where(path, kind)} is missing ${noun} ${list}; add ${fields.length === 1 ? 'it' : 'them'}.` };
  });
}

function where(path: K8sPath, kind: string): string {
  return path.length === 0 ? `The ${kind}` : formatPath(path);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

function valueName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return String(value);
}

const PLAIN_SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `spec.template.spec.containers[0].image`; keys that are not identifiers in brackets. */
export function formatPath(path: K8sPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_SEGMENT.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text || '(root)';
}

function pathKey(path: K8sPath): string {
  return JSON.stringify(path);
}

function startsWith(path: K8sPath, prefix: K8sPath): boolean {
  return path.length >= prefix.length && prefix.every((segment, index) => path[index] === segment);
}

