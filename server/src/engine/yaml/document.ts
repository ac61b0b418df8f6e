import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, YAMLParseError } from 'yaml';
import type { Alias, Document, Node, Pair, ParsedNode, YAMLMap, YAMLSeq } from 'yaml';
import type { Position, Range } from '../model';
import { fastParseDocument } from './fast-parse';

/**
 * One YAML document of a file, parsed on its own. Documents of a stream are split at their `---`
 * markers before parsing, so an edit re-parses only the document it touched, and a big stream can be
 * processed a document at a time without blocking the server. Node offsets are relative to the
 * document's text; `lineBase` (the document's first line in the file) turns them into file positions.
 */
export class YamlDoc {
  /** First line of this document in the file; updated when an unchanged document moves. */
  lineBase: number;

  constructor(
    readonly text: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    lineBase: number,
    index: number,
  ) {
    this.lineBase = lineBase;
    this.index = index;
  }

  /** Position of this document in its file's stream (0-based). */
  index: number;

  /** Offsets where each line of this document starts (relative to the document's text). */
  get lineStarts(): readonly number[] {
    return this.lines.lineStarts;
  }

  get contents(): ParsedNode | null {
    return this.doc.contents;
  }

  positionAt(offset: number): Position {
    const { line, col } = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line: line - 1 + this.lineBase, character: col - 1 };
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The range of a node's value (without trailing comments or line breaks). */
  rangeOf(node: Node | null | undefined): Range {
    const start = node?.range?.[0];
    if (start === undefined) return this.rangeAt(0, 0);
    return this.rangeAt(start, contentEnd(node!));
  }

  /** The range of a pair's key: where most findings about that entry point. */
  rangeOfKey(pair: Pair): Range {
    return this.rangeOf(pair.key as Node);
  }

  private plain: { value: unknown; error?: string } | undefined;

  /**
   * The document as plain data, with aliases expanded under a budget. A document that needs more
   * expansions than the budget (an "alias bomb") yields an error instead of exhausting memory.
   */
  toPlain(): { value: unknown; error?: string } {
    if (!this.plain) {
      try {
        this.plain = { value: this.doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }) };
      } catch (error) {
        this.plain = { value: undefined, error: error instanceof Error ? error.message : String(error) };
      }
    }
    return this.plain;
  }

  private excessiveAliases: boolean | undefined;

  /** Set when expanding the document's aliases would exceed the budget; rules then skip it. */
  get hasExcessiveAliases(): boolean {
    // Only the expansion budget counts; an alias without an anchor is a plain syntax error.
    this.excessiveAliases ??= ANCHOR.test(this.text) && /excessive alias count/i.test(this.toPlain().error ?? '');
    return this.excessiveAliases;
  }

  private unresolved: Alias[] | undefined;

  /** Aliases with no anchor before them: yaml does not count them as errors, but every consumer rejects them. */
  get unresolvedAliases(): Alias[] {
    if (!this.unresolved) {
      const unresolved: Alias[] = [];
      if (this.text.includes('*')) {
        const anchors = new Set<string>();
        visit(this.doc, {
          Node(_key, node) {
            if (isAlias(node)) {
              if (!anchors.has(node.source)) unresolved.push(node);
              return;
            }
            const anchor = (isScalar(node) || isCollection(node)) && node.anchor;
            if (anchor) anchors.add(anchor);
          },
        });
      }
      this.unresolved = unresolved;
    }
    return this.unresolved;
  }

  /**
   * The tree cannot be trusted: a structural YAML error (a duplicate key leaves the tree whole), an
   * alias with no anchor, or an alias bomb. Only yaml/syntax-error runs on such a document.
   */
  get hasStructuralErrors(): boolean {
    return this.doc.errors.some((error) => error.code !== 'DUPLICATE_KEY') || this.unresolvedAliases.length > 0 || this.hasExcessiveAliases;
  }

  /** The top-level mapping of the document, or undefined when the document is not a mapping. */
  get root(): YAMLMap | undefined {
    return isMap(this.doc.contents) ? (this.doc.contents as YAMLMap) : undefined;
  }
}

/** The parsed documents of one YAML file. */
export interface ParsedYaml {
  docs: YamlDoc[];
}

export interface DocumentSlice {
  start: number;
  end: number;
  line: number;
}

/**
 * yaml's budget: references to one anchor times the aliases inside it. Real GitLab CI files reuse an
 * anchor a few hundred times; an alias bomb needs millions.
 */
export const MAX_ALIAS_EXPANSIONS = 10_000;

/** A YAML anchor (`&name` as a node property); shell `&&` in scripts is not one. */
const ANCHOR = /(?:^|[\s:,[{-])&[\w.-]+(?=[\s,\]}]|$)/m;

const MARKER_START = /^(---|\.\.\.)(?=[ \t\r\n]|$)/;

/**
 * Splits a YAML stream at its document markers. A line that starts with `---` or `...` is a
 * document boundary wherever it appears (YAML forbids such lines inside scalars), so this split is
 * exact. Directives and comments before a `---` stay with the document they introduce.
 */
export function splitDocuments(text: string): DocumentSlice[] {
  const slices: DocumentSlice[] = [];
  let sliceStart = 0;
  let sliceLine = 0;
  let hasContent = false;
  let lineStart = 0;
  let line = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const first = text.charCodeAt(lineStart);
    if ((first === 45 || first === 46) && MARKER_START.test(text.slice(lineStart, lineStart + 4))) {
      const isEnd = first === 46;
      if (!isEnd && hasContent) {
        slices.push({ start: sliceStart, end: lineStart, line: sliceLine });
        sliceStart = lineStart;
        sliceLine = line;
      }
      hasContent = true;
      if (isEnd) {
        slices.push({ start: sliceStart, end: lineEnd, line: sliceLine });
        sliceStart = lineEnd;
        sliceLine = line + 1;
        hasContent = false;
      }
    } else if (!hasContent && !isBlankCommentOrDirective(text, lineStart, lineEnd)) {
      hasContent = true;
    }
    if (newline === -1) break;
    lineStart = lineEnd;
    line++;
  }
  if (sliceStart < text.length || slices.length === 0) {
    if (hasContent || slices.length === 0) slices.push({ start: sliceStart, end: text.length, line: sliceLine });
    else slices[slices.length - 1].end = text.length; // trailing comments belong to the last document
  }
  return slices;
}

function isBlankCommentOrDirective(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 13 || code === 10) continue;
    return code === 35 /* # */ || (code === 37 /* % */ && i === start);
  }
  return true;
}

export interface YamlParseOptions {
  /** Keep CST tokens on nodes (the workflow parser reads block-scalar headers from them). */
  keepSourceTokens?: boolean;
}

/** Parses one document's text. Never throws: problems become `doc.errors`. */
export function parseYamlDocument(text: string, lineBase: number, index: number, options: YamlParseOptions = {}): YamlDoc {
  // Well-formed documents take the fast path; anything else (and every error) goes to yaml.
  const fast = fastParseDocument(text, options.keepSourceTokens ?? false);
  if (fast) {
    reportDuplicateKeys(fast.doc);
    return new YamlDoc(text, fast.doc, fast.lines, lineBase, index);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    keepSourceTokens: options.keepSourceTokens ?? false,
    // yaml compares every key with every other (quadratic: 3.5 s for a 20,000-key map); a Set does it linearly.
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
    // Warnings (e.g. collection keys stringified by toJS) are not findings; never print them.
    logLevel: 'error',
  }) as Document.Parsed;
  reportDuplicateKeys(doc);
  return new YamlDoc(text, doc, lines, lineBase, index);
}

/** Adds a DUPLICATE_KEY error for every scalar key repeated in the same mapping, as yaml would. */
function reportDuplicateKeys(doc: Document.Parsed): void {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          const identity = `${typeof key.value}:${String(key.value)}`;
          if (seen.has(identity)) {
            const start = key.range?.[0] ?? 0;
            doc.errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          }
          seen.add(identity);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
}

/**
 * Parses a file's documents, reusing the documents of the previous version whose text did not
 * change (`previous`, keyed by document text). Yields between documents through `pause` so a big
 * stream never blocks the caller's event loop for long.
 */
export async function parseYamlStream(
  text: string,
  previous: ReadonlyMap<string, YamlDoc> | undefined,
  options: YamlParseOptions,
  pause?: () => Promise<void>,
): Promise<ParsedYaml> {
  const docs: YamlDoc[] = [];
  const reusedDocs = new Set<YamlDoc>();
  const slices = splitDocuments(text);
  for (let i = 0; i < slices.length; i++) {
    const slice = slices[i];
    const docText = text.slice(slice.start, slice.end);
    const reused = previous?.get(docText);
    if (reused && !reusedDocs.has(reused)) {
      // Identical text parses identically; only its place in the file moved.
      reused.lineBase = slice.line;
      reused.index = i;
      reusedDocs.add(reused);
      docs.push(reused);
    } else {
      docs.push(parseYamlDocument(docText, slice.line, i, options));
      if (pause) await pause();
    }
  }
  return { docs };
}

// ---- small AST helpers shared by facts and rules ----

/**
 * Where a node's own text ends. For a block collection that is the end of its last item's text:
 * trailing comments are nobody's content (parsers disagree on whom they belong to), so nothing that
 * reports or edits a range depends on where a parser put them.
 */
export function contentEnd(node: Node): number {
  let current: unknown = node;
  for (;;) {
    if ((isMap(current) || isSeq(current)) && !current.flow && current.items.length > 0) {
      const last = current.items[current.items.length - 1] as unknown;
      current = isPair(last) ? (last.value ?? last.key) : last;
      continue;
    }
    const range = (current as Node | null)?.range;
    return range ? range[1] : (node.range?.[0] ?? 0);
  }
}

/** The pair of a mapping whose key is the plain string `key`. */
export function getPair(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of (map as YAMLMap).items) {
    const pairKey = pair.key;
    if (isScalar(pairKey) ? pairKey.value === key : pairKey === key) return pair as Pair;
  }
  return undefined;
}

/** The value node of `key` in a mapping. */
export function getValue(map: unknown, key: string): Node | undefined {
  const value = getPair(map, key)?.value;
  return value === null || value === undefined ? undefined : (value as Node);
}

/** The string form of a scalar (numbers and booleans as written), else undefined. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return node.source ?? String(value);
  return undefined;
}

/** The key of a pair as a string (only scalar keys have one). */
export function keyText(pair: Pair): string | undefined {
  return scalarText(pair.key);
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? (node as YAMLMap) : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? (node as YAMLSeq) : undefined;
}

/**
 * Follows an alias to its anchored node. Facts resolve aliases one hop at a time and never expand
 * them recursively, so an alias bomb costs nothing here.
 */
export function resolveAlias(yamlDoc: YamlDoc, node: unknown): unknown {
  if (isAlias(node)) {
    try {
      return node.resolve(yamlDoc.doc);
    } catch {
      return undefined;
    }
  }
  return node;
}

/**
 * Like `getPair`, but also finds keys a `<<: *anchor` merge key brings in (Kubernetes, GitLab and
 * Compose files share blocks this way). Follows one level of merges, as a reader would.
 */
export function getMergedPair(yamlDoc: YamlDoc, map: unknown, key: string): Pair | undefined {
  const own = getPair(map, key);
  if (own) return own;
  const merge = getPair(map, '<<');
  if (!merge) return undefined;
  const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
  for (const source of sources) {
    const found = getPair(resolveAlias(yamlDoc, source), key);
    if (found) return found;
  }
  return undefined;
}

/** Pairs of a mapping, with `<<` merge keys left as they are (facts decide whether to follow). */
export function pairsOf(map: unknown): Pair[] {
  return isMap(map) ? ((map as YAMLMap).items as Pair[]) : [];
}

/** Items of a sequence. */
export function itemsOf(seq: unknown): unknown[] {
  return isSeq(seq) ? (seq as YAMLSeq).items : [];
}
