// Generates schemas/kubernetes/kubernetes-1.36.schema.json: one JSON Schema (draft-07) with shared
// definitions for the core Kubernetes kinds Shipshape validates, built from the `.d.ts` files of
// kubernetes-models (K8s 1.36, with descriptions and enums) by ts-json-schema-generator. The output
// is committed; regenerating with the same packages gives a byte-identical file.
// Usage: node scripts/gen-k8s-schema.mjs   (npm run schemas:k8s)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { createGenerator } = require('ts-json-schema-generator');

const OUTPUT = path.join(root, 'schemas/kubernetes/kubernetes-1.36.schema.json');
const WORK_DIR = path.join(root, 'node_modules/.cache/shipshape-k8s-schema');
/** Longer descriptions are cut at a sentence or paragraph end; hovers need the gist, not an essay. */
const MAX_DESCRIPTION = 400;

/** [apiVersion, kind, module of kubernetes-models that declares `I<kind>`] */
export const K8S_KINDS = [
  ['apps/v1', 'Deployment', 'apps/v1/Deployment'],
  ['apps/v1', 'StatefulSet', 'apps/v1/StatefulSet'],
  ['apps/v1', 'DaemonSet', 'apps/v1/DaemonSet'],
  ['batch/v1', 'Job', 'batch/v1/Job'],
  ['batch/v1', 'CronJob', 'batch/v1/CronJob'],
  ['v1', 'Pod', 'v1/Pod'],
  ['v1', 'Service', 'v1/Service'],
  ['networking.k8s.io/v1', 'Ingress', 'networking.k8s.io/v1/Ingress'],
  ['v1', 'ConfigMap', 'v1/ConfigMap'],
  ['v1', 'Secret', 'v1/Secret'],
  ['v1', 'ServiceAccount', 'v1/ServiceAccount'],
  ['rbac.authorization.k8s.io/v1', 'Role', 'rbac.authorization.k8s.io/v1/Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'rbac.authorization.k8s.io/v1/RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', 'autoscaling/v2/HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget', 'policy/v1/PodDisruptionBudget'],
  ['networking.k8s.io/v1', 'NetworkPolicy', 'networking.k8s.io/v1/NetworkPolicy'],
  ['v1', 'PersistentVolumeClaim', 'v1/PersistentVolumeClaim'],
  ['v1', 'Namespace', 'v1/Namespace'],
];

function packageVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/** Runs ts-json-schema-generator over an entry file that re-exports every `I<kind>` interface. */
function generateRawSchema() {
  mkdirSync(WORK_DIR, { recursive: true });
  const entry = path.join(WORK_DIR, 'entry.ts');
  const tsconfig = path.join(WORK_DIR, 'tsconfig.json');
  writeFileSync(entry, K8S_KINDS.map(([, kind, module]) => `export type { I${kind} } from 'kubernetes-models/${module}';\n`).join(''));
  // nodenext resolution is required: with the default the generator crashes on `extends TypeMeta`.
  const compilerOptions = { module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: true, noEmit: true };
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files: ['entry.ts'] }));
  const generator = createGenerator({
    path: entry,
    tsconfig,
    type: '*',
    jsDoc: 'extended',
    additionalProperties: false,
    skipTypeCheck: true,
  });
  return generator.createSchema('*').definitions;
}

/** Every `$ref` target name below a schema node. */
function refsOf(node, found = new Set()) {
  if (Array.isArray(node)) node.forEach((item) => refsOf(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value.replace('#/definitions/', ''));
      else refsOf(value, found);
    }
  }
  return found;
}

/** The generator names definitions after the interface (`IContainer`); drop the `I`. */
function definitionName(raw) {
  return raw.replace(/^I(?=[A-Z])/, '');
}

/** The definitions reachable from `roots` through `$ref`s. */
function reachable(definitions, roots) {
  const kept = {};
  const queue = [...roots];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const name = queue.shift();
    if (!definitions[name]) throw new Error(`no definition for ${name}`);
    kept[name] = definitions[name];
    for (const ref of refsOf(definitions[name])) {
      if (!seen.has(ref)) {
        seen.add(ref);
        queue.push(ref);
      }
    }
  }
  return kept;
}

/** Our kinds' definitions, renamed (`IContainer` → `Container`), with `$ref`s rewritten to match. */
function renamedDefinitions(raw) {
  const renamed = {};
  for (const [name, definition] of Object.entries(reachable(raw, K8S_KINDS.map(([, kind]) => `I${kind}`)))) {
    if (renamed[definitionName(name)]) throw new Error(`two definitions would both be named ${definitionName(name)}`);
    renamed[definitionName(name)] = definition;
  }
  const text = JSON.stringify(renamed).replace(/"#\/definitions\/([^"]+)"/g, (_, ref) => JSON.stringify(`#/definitions/${definitionName(decodeURIComponent(ref))}`));
  return JSON.parse(text);
}

/** Cuts a description at a paragraph or sentence end within the limit. */
function trimDescription(text) {
  if (text.length <= MAX_DESCRIPTION) return text;
  const head = text.slice(0, MAX_DESCRIPTION);
  const paragraph = head.lastIndexOf('\n\n');
  if (paragraph > MAX_DESCRIPTION / 3) return `${head.slice(0, paragraph).trimEnd()} …`;
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  if (sentence > MAX_DESCRIPTION / 3) return `${head.slice(0, sentence + 1)} …`;
  return `${head.replace(/\s+\S*$/, '')} …`;
}

function mapNodes(node, visit) {
  if (Array.isArray(node)) return node.map((item) => mapNodes(item, visit));
  if (!node || typeof node !== 'object') return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) copy[key] = mapNodes(value, visit);
  return visit(copy);
}

/**
 * Adjustments that make the schema describe what the API server accepts rather than what the Go
 * types print:
 * - an empty interface (FieldsV1) is free-form JSON, not "no properties allowed";
 * - `creationTimestamp: null` is what `kubectl create --dry-run -o yaml` writes;
 * - `status` is written by the cluster and ignored on apply, so any object is accepted there.
 */
function adjust(definitions) {
  const adjusted = {};
  for (const [name, definition] of Object.entries(definitions)) {
    adjusted[name] = mapNodes(definition, (node) => {
      if (typeof node.description === 'string') node.description = trimDescription(node.description);
      if (node.type === 'object' && !node.properties && node.additionalProperties === false) delete node.additionalProperties;
      const status = node.properties?.status;
      if (/Status$/.test(status?.$ref ?? '')) node.properties.status = { type: 'object', description: status.description };
      return node;
    });
  }
  adjusted.Time = { ...adjusted.Time, type: ['string', 'null'] };
  // Relaxing `status` leaves the status types unused.
  return reachable(adjusted, K8S_KINDS.map(([, kind]) => kind));
}

/** Recursively sorts object keys so the output does not depend on generator internals. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

// ---- integer recovery ----
// TypeScript has only `number`, so the generated schema cannot tell `replicas: 1.5` from `3`. The
// validators kubernetes-models compiled from the OpenAPI spec do check `type: integer`: feed each of
// them a skeleton object with one numeric field set to 1.5 and see whether it complains there.

function typesOf(node) {
  return Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
}

/** Every numeric schema node, with one instance path that reaches it from some kind's root. */
function numericNodes(definitions) {
  const found = [];
  const visited = new Set();
  const queue = K8S_KINDS.map((entry) => ({ name: entry[1], at: [], entry }));
  const walk = (node, at, entry) => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.$ref === 'string') queue.push({ name: node.$ref.replace('#/definitions/', ''), at, entry });
    if (typesOf(node).includes('number')) found.push({ node, at, entry });
    for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, [...at, key], entry);
    if (node.items && typeof node.items === 'object') walk(node.items, [...at, 0], entry);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(node.additionalProperties, [...at, 'x'], entry);
    for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) walk(branch, at, entry);
  };
  while (queue.length > 0) {
    const { name, at, entry } = queue.shift();
    if (visited.has(name)) continue;
    visited.add(name);
    walk(definitions[name], at, entry);
  }
  return found;
}

/** The precompiled validator kubernetes-models uses for a kind (its model module imports it). */
async function modelValidator([, , module]) {
  const modelFile = fileURLToPath(import.meta.resolve(`kubernetes-models/${module}`));
  const match = /import\{validate\}from"([^"]+)"/.exec(readFileSync(modelFile, 'utf8'));
  if (!match) throw new Error(`cannot find the validator of kubernetes-models/${module}`);
  const { validate } = await import(pathToFileURL(path.resolve(path.dirname(modelFile), match[1])).href);
  return validate;
}

/** A minimal object of the kind with 1.5 at the given path (arrays for numeric segments). */
function probeObject([apiVersion, kind], at) {
  const object = { apiVersion, kind };
  let parent = object;
  at.forEach((segment, index) => {
    const next = index === at.length - 1 ? 1.5 : typeof at[index + 1] === 'number' ? [] : {};
    parent[segment] = next;
    parent = next;
  });
  return object;
}

function complainsAboutInteger(errors, pointer) {
  return (errors ?? []).some(
    (error) =>
      error.instancePath === pointer &&
      ((error.keyword === 'type' && String(error.params?.type).includes('integer')) ||
        (error.keyword === 'format' && /^int(32|64)$/.test(String(error.params?.format)))),
  );
}

/** Marks integer fields; returns how many numeric fields became integers and how many stayed numbers. */
async function markIntegers(definitions) {
  const validators = new Map();
  const numeric = numericNodes(definitions);
  let marked = 0;
  for (const { node, at, entry } of numeric) {
    if (!validators.has(entry)) validators.set(entry, await modelValidator(entry));
    const validate = validators.get(entry);
    validate(probeObject(entry, at));
    if (!complainsAboutInteger(validate.errors, at.map((segment) => `/${segment}`).join(''))) continue;
    node.type = Array.isArray(node.type) ? node.type.map((type) => (type === 'number' ? 'integer' : type)) : 'integer';
    marked++;
  }
  return { integers: marked, numbers: numeric.length - marked };
}

function assemble(definitions) {
  const versions = ['kubernetes-models', 'ts-json-schema-generator', 'ajv'].map((name) => `${name}@${packageVersion(name)}`);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment:
      `Generated by scripts/gen-k8s-schema.mjs (npm run schemas:k8s) from the .d.ts files of ${versions[0]} ` +
      `(Kubernetes 1.36) with ${versions[1]}; integer fields recovered by probing the validators kubernetes-models ships; ` +
      'compiled into standalone validators at build time with ' + versions[2] + '. Do not edit by hand.',
    title: 'Kubernetes 1.36 manifests (core kinds)',
    type: 'object',
    allOf: K8S_KINDS.map(([apiVersion, kind]) => ({
      if: { properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
      then: { $ref: `#/definitions/${kind}` },
    })),
    definitions: sortKeys(definitions),
  };
}

export async function generateSchema() {
  const started = Date.now();
  const definitions = adjust(renamedDefinitions(generateRawSchema()));
  const { integers, numbers } = await markIntegers(definitions);
  const schema = assemble(definitions);
  mkdirSync(path.dirname(OUTPUT), { recursive: true });
  const text = `${JSON.stringify(schema, null, 1)}\n`;
  writeFileSync(OUTPUT, text);
  const size = Buffer.byteLength(text);
  console.error(
    `shipshape: wrote ${path.relative(root, OUTPUT)} (${Object.keys(definitions).length} definitions, ` +
      `${integers} integer and ${numbers} non-integer numeric types, ${(size / 1024).toFixed(0)} KB) in ${Date.now() - started} ms`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await generateSchema();
