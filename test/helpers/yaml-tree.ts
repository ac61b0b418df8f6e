import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { contentEnd } from '../../server/src/engine/yaml/document';
import { fastParseDocument } from '../../server/src/engine/yaml/fast-parse';

/** A plain picture of a yaml tree: what the engine reads from nodes (class, range, value, …). */
export function describeTree(node: unknown, withSourceTokens: boolean): unknown {
  if (node === null || node === undefined) return null;
  if (isPair(node)) return { pair: [describeTree(node.key, withSourceTokens), describeTree(node.value, withSourceTokens)] };
  const base = node as { range?: number[]; anchor?: string; flow?: boolean };
  // Block collections are compared by where they start and where their content ends: where a
  // parser ends them among trailing comments is not something the engine reads (see contentEnd).
  const block = (isMap(node) || isSeq(node)) && !base.flow;
  const range = block ? [base.range?.[0], contentEnd(node as Node)] : base.range?.slice(0, 2);
  const common = { range, ...(base.anchor ? { anchor: base.anchor } : {}) };
  if (isAlias(node)) return { alias: node.source, ...common };
  if (isScalar(node)) {
    const token = (node as { srcToken?: { type?: string; source?: string; props?: { type: string; source: string }[] } }).srcToken;
    return {
      scalar: Number.isNaN(node.value) ? 'NaN' : node.value,
      type: node.type,
      source: node.source,
      ...common,
      ...(withSourceTokens && token?.type
        ? { token: { type: token.type, source: token.source, header: token.props?.find((prop) => prop.type === 'block-scalar-header')?.source } }
        : {}),
    };
  }
  if (isMap(node)) return { map: node.items.map((item) => describeTree(item, withSourceTokens)), flow: Boolean(node.flow), ...common };
  if (isSeq(node)) return { seq: node.items.map((item) => describeTree(item, withSourceTokens)), flow: Boolean(node.flow), ...common };
  return { unknown: String(node) };
}

export type Comparison = 'same' | 'fallback' | 'fallback-on-error' | { mismatch: string };

/** Parses one document both ways and says whether the fast path agreed, declined, or differed. */
export function compareParsers(text: string, withSourceTokens = true): Comparison {
  const reference = parseDocument(text, { lineCounter: new LineCounter(), keepSourceTokens: withSourceTokens, uniqueKeys: false, prettyErrors: false, strict: true, logLevel: 'error' });
  const fast = fastParseDocument(text, withSourceTokens);
  if (!fast) return reference.errors.length > 0 ? 'fallback-on-error' : 'fallback';
  if (reference.errors.length > 0) return { mismatch: `fast path accepted a document yaml rejects: ${reference.errors[0].message}` };
  const expected = JSON.stringify(describeTree(reference.contents, withSourceTokens));
  const actual = JSON.stringify(describeTree(fast.doc.contents, withSourceTokens));
  if (expected === actual) return 'same';
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at++;
  return { mismatch: `trees differ at ${at}:\n  yaml: …${expected.slice(Math.max(0, at - 80), at + 120)}\n  fast: …${actual.slice(Math.max(0, at - 80), at + 120)}` };
}
