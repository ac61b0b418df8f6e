import { isScalar, parse, Scalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { K8sObjectFact } from '../../facts/k8s';
import type { K8sPath, K8sSchemaProblem } from '../../k8s/schema';
import { formatPath, typeMessage, validateK8sObject } from '../../k8s/schema';
import type { Range } from '../../model';
import type { YamlDoc } from '../../yaml/document';
import { asMap, asSeq, getPair, getValue, itemsOf, pairsOf, resolveAlias } from '../../yaml/document';
import type { K8sRuleContext } from '../define';
import { defineK8sRule } from '../define';

/** Merge keys may chain (`<<: *a` where `a` has its own `<<`); real files never go this deep. */
const MAX_MERGE_DEPTH = 8;

/** The object as plain data, from the document's budgeted alias expansion (never `toJSON()` itself). */
function plainValue(doc: YamlDoc, object: K8sObjectFact): unknown {
  const plain = doc.toPlain();
  if (plain.error !== undefined) return undefined;
  if (!object.fromList) return plain.value;
  const index = itemsOf(getValue(doc.root, 'items')).indexOf(object.map);
  const items = (plain.value as { items?: unknown } | null)?.items;
  return index >= 0 && Array.isArray(items) ? items[index] : undefined;
}

function keyMatches(pair: Pair, key: string): boolean {
  if (!isScalar(pair.key)) return false;
  const value = pair.key.value;
  return (value === null ? '' : String(value)) === key;
}

/** The pair for `key` in a mapping, looking through `<<` merge keys as kubectl does. */
function findPair(doc: YamlDoc, map: unknown, key: string, depth = 0): Pair | undefined {
  const pairs = pairsOf(map);
  const own = pairs.find((pair) => keyMatches(pair, key));
  if (own || depth >= MAX_MERGE_DEPTH) return own;
  for (const merge of pairs.filter((pair) => keyMatches(pair, '<<'))) {
    const value = resolveAlias(doc, merge.value);
    const sources = asSeq(value) ? itemsOf(value) : [value];
    for (const source of sources) {
      const found = findPair(doc, resolveAlias(doc, source), key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

interface Reached {
  /** The deepest node the path reached. */
  node: unknown;
  /** The pair whose value `node` is, when the last step was a key. */
  pair?: Pair;
  complete: boolean;
}

/** Follows a problem's path through the YAML nodes, as far as they go. */
function walk(doc: YamlDoc, start: YAMLMap, path: K8sPath): Reached {
  let reached: Reached = { node: start, complete: true };
  for (const segment of path) {
    const current = resolveAlias(doc, reached.node);
    if (typeof segment === 'number') {
      const item = asSeq(current)?.items[segment];
      if (item === undefined) return { ...reached, complete: false };
      reached = { node: item, complete: true };
    } else {
      const pair = findPair(doc, current, segment);
      if (!pair) return { ...reached, complete: false };
      reached = { node: pair.value, pair, complete: true };
    }
  }
  return reached;
}

/** A mapping without a key of its own (a list item, the object itself): point at its first line. */
function rangeOfKeylessNode(doc: YamlDoc, node: unknown): Range {
  const first = asMap(node)?.items[0];
  return first ? doc.rangeOfKey(first as Pair) : doc.rangeOf(node as YAMLMap);
}

interface Placed {
  range: Range;
  message: string;
}

/** Where a problem goes and what it says; undefined when kubectl would in fact accept the value. */
function place(doc: YamlDoc, object: K8sObjectFact, problem: K8sSchemaProblem): Placed | undefined {
  const reached = walk(doc, object.map, problem.path);
  const onValue = problem.at === 'value' && reached.complete && reached.node !== null && reached.node !== undefined;
  if (onValue) return placeOnValue(doc, reached.node as Node, problem, object.kind);
  if (reached.pair) return { range: doc.rangeOfKey(reached.pair), message: problem.message };
  // The object itself lacks a field: its `kind:` line says which object.
  const kindPair = problem.path.length === 0 ? findPair(doc, object.map, 'kind') : undefined;
  const range = kindPair ? doc.rangeOfKey(kindPair) : rangeOfKeylessNode(doc, reached.node);
  return { range, message: problem.message };
}

function placeOnValue(doc: YamlDoc, node: Node, problem: K8sSchemaProblem, kind: string | undefined): Placed | undefined {
  const placeholder = placeholderOf(doc, node);
  // `replicas: ${REPLICAS}` or `type: ${SERVICE_TYPE}` only has a value once substituted.
  if (placeholder?.style === 'dollar' && (problem.keyword === 'type' || problem.keyword === 'enum')) return undefined;
  if (problem.keyword !== 'type') return { range: doc.rangeOf(node), message: problem.message };
  if (isValidForKubectl(node, problem.expected)) return undefined;
  if (!placeholder) return { range: doc.rangeOf(node), message: asWritten(node, problem, kind) ?? problem.message };
  // A `{{TOKEN}}` where a string goes can be quoted; elsewhere, as with `${…}`, wait for the value.
  if (!problem.expected?.includes('string')) return undefined;
  const message = `${formatPath(problem.path)}: \`${placeholder.source}\` is a template placeholder that YAML reads as a mapping. Quote it (\`"${placeholder.source}"\`) so the file stays valid before and after substitution.`;
  return { range: doc.rangeOf(node), message };
}

/**
 * kubectl reads manifests as YAML 1.1, where a plain `yes`, `off` or `1_000` is a boolean or a
 * number; the document was parsed as YAML 1.2, where they are strings. Such a value is fine.
 */
function isValidForKubectl(node: Node, expected: string[] | undefined): boolean {
  if (!expected || !isScalar(node) || node.type !== Scalar.PLAIN || typeof node.source !== 'string') return false;
  let value: unknown;
  try {
    value = parse(node.source, { version: '1.1' });
  } catch {
    return false;
  }
  if (typeof value === 'boolean') return expected.includes('boolean');
  if (typeof value === 'number') return expected.includes('number') || (Number.isInteger(value) && expected.includes('integer'));
  return false;
}

/** The message with the number or boolean as the file spells it (`1.10`, not `1.1`). */
function asWritten(node: Node, problem: K8sSchemaProblem, kind: string | undefined): string | undefined {
  if (!isScalar(node) || typeof node.source !== 'string' || !problem.expected) return undefined;
  if (typeof node.value !== 'number' && typeof node.value !== 'boolean') return undefined;
  return typeMessage(problem.path, node.value, problem.expected, node.source, kind);
}

/**
 * A value substituted before the manifest is applied (sed, envsubst, Flux post-build variables):
 * `${NAME}` or `$NAME` in a string, or a whole `{{NAME}}`, which YAML reads as a nested mapping.
 */
function placeholderOf(doc: YamlDoc, node: Node): { style: 'dollar' | 'braces'; source: string } | undefined {
  const range = node.range;
  if (!range) return undefined;
  const source = doc.text.slice(range[0], range[1]);
  if (/^\{\{[^{}]*\}\}$/.test(source)) return { style: 'braces', source };
  if (isScalar(node) && typeof node.value === 'string' && /\$(\{[^}]+\}|[A-Za-z_][A-Za-z0-9_]*)/.test(node.value)) return { style: 'dollar', source };
  return undefined;
}

/** Strategic-merge patch directives (`$patch: delete`, `$setElementOrder/…`) are not fields. */
function isPatchDirective(problem: K8sSchemaProblem): boolean {
  const last = problem.path[problem.path.length - 1];
  return problem.keyword === 'unknown-field' && typeof last === 'string' && last.startsWith('$');
}

function problemsOf(context: K8sRuleContext, object: K8sObjectFact): K8sSchemaProblem[] {
  if (!object.apiVersion || !object.kind) return [];
  const value = plainValue(context.doc, object);
  if (value === undefined) return [];
  const problems = (validateK8sObject(object.apiVersion, object.kind, value) ?? []).filter((problem) => !isPatchDirective(problem));
  // A kustomize patch is a partial object by design: only what it says must be right.
  if (!context.workspace.isKustomizePatch(context.file.path)) return problems;
  return problems.filter((problem) => problem.keyword !== 'required');
}

export default defineK8sRule({
  id: 'k8s/invalid-manifest',
  title: 'Invalid Kubernetes manifest',
  severity: 'error',
  tags: ['schema'],
  gate: 'valid-config',
  fixable: false,
  description:
    'A field of a core Kubernetes object that the API server would reject: an unknown field, a wrong type, a value outside its allowed set, or a missing required field.',
  usesWorkspace: true,
  check(context) {
    // A document that does not parse is reported by yaml/syntax-error; its data cannot be trusted.
    if (context.doc.doc.errors.length > 0) return;
    // SOPS-encrypted files are decrypted (by Flux, ksops, helm-secrets) before they reach the cluster.
    if (asMap(getPair(context.doc.root, 'sops')?.value)) return;
    for (const object of context.k8s.objects) {
      for (const problem of problemsOf(context, object)) {
        const placed = place(context.doc, object, problem);
        if (placed) context.report(placed);
      }
    }
  },
});
