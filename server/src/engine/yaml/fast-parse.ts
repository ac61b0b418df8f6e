import { CORE_SCHEMA, load } from 'js-yaml';
import { Alias, Document, isMap, isSeq, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';

// A fast front end for well-formed YAML. `yaml` gives exact ranges and every error, but its
// parser is the single biggest cost of a check (63 ms against 8 ms for js-yaml on the corpus
// workflows). This module lets js-yaml parse, listens to the nodes it composes, and rebuilds the
// same tree `yaml` would build: the same node classes, values, ranges, anchors and aliases, so the
// rest of the engine cannot tell the difference. Anything it is not sure about (errors, tags,
// explicit keys, directives, tabs in indentation, or a tree it cannot rebuild) returns undefined,
// and the caller parses with `yaml` instead. test/unit/fast-parse.test.ts compares both trees.

interface ComposeEvent {
  open: number;
  close: number;
  kind: string | null;
  result: unknown;
  anchor: string | null;
  children: ComposeEvent[];
}

class Unsupported extends Error {}

/**
 * Tabs in indentation and lone carriage returns (yaml reports them; js-yaml takes them), directives
 * and document-end markers go to `yaml`.
 */
const UNSUPPORTED = /^[ ]*\t|^%|^\.\.\.(?:\s|$)|\r(?!\n)/m;

// The YAML 1.2 core schema (spec §10.3.2), which `yaml` applies to plain scalars. js-yaml's
// "core" schema also reads `1_000` as a number, so plain values are typed here, as `yaml` types them.
const CORE_NULL = /^(?:~|null|Null|NULL)?$/;
const CORE_BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const CORE_INT_10 = /^[-+]?[0-9]+$/;
const CORE_INT_8 = /^0o[0-7]+$/;
const CORE_INT_16 = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const CORE_INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const CORE_NAN = /^\.(?:nan|NaN|NAN)$/;

function resolvePlain(text: string): unknown {
  if (CORE_NULL.test(text)) return null;
  if (CORE_BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (CORE_INT_10.test(text)) return Number.parseInt(text, 10);
  if (CORE_INT_8.test(text)) return Number.parseInt(text.slice(2), 8);
  if (CORE_INT_16.test(text)) return Number.parseInt(text.slice(2), 16);
  if (CORE_FLOAT.test(text)) return Number.parseFloat(text);
  if (CORE_INF.test(text)) return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (CORE_NAN.test(text)) return Number.NaN;
  return text;
}

export interface FastParseResult {
  doc: Document.Parsed;
  lines: LineCounter;
}

export function fastParseDocument(text: string, keepSourceTokens: boolean): FastParseResult | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  const root: ComposeEvent = { open: 0, close: text.length, kind: null, result: undefined, anchor: null, children: [] };
  const stack: ComposeEvent[] = [root];
  try {
    load(text, {
      schema: CORE_SCHEMA,
      json: true, // duplicate keys are reported by the caller, as `yaml` would
      listener(event, state) {
        if (event === 'open') {
          const frame: ComposeEvent = { open: state.position, close: -1, kind: null, result: undefined, anchor: null, children: [] };
          stack[stack.length - 1].children.push(frame);
          stack.push(frame);
        } else {
          const frame = stack.pop()!;
          frame.close = state.position;
          frame.kind = state.kind;
          frame.result = state.result;
          frame.anchor = (state as typeof state & { anchor: string | null }).anchor;
        }
      },
    });
    // Documents with no content (only `---` or comments), or that are one bare scalar, are left to
    // yaml: they cost nothing, and a top-level plain scalar folds lines by rules of its own.
    if (root.children.length !== 1 || root.children[0].kind === null || root.children[0].kind === 'scalar') return undefined;
    const builder = new TreeBuilder(text, keepSourceTokens);
    const contents = builder.node(root.children[0], 'block');
    const doc = new Document() as Document.Parsed;
    doc.contents = contents as Document.Parsed['contents'];
    doc.range = [0, text.length, text.length];
    const lines = new LineCounter();
    lines.addNewLine(0);
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
    return { doc, lines };
  } catch {
    return undefined;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

function isBreak(code: number): boolean {
  return code === 10 || code === 13;
}

class TreeBuilder {
  constructor(
    private readonly text: string,
    private readonly keepSourceTokens: boolean,
  ) {}

  /** Skips spaces, line breaks and comments. */
  private skipSeparation(at: number, end = this.text.length): number {
    const text = this.text;
    while (at < end) {
      const code = text.charCodeAt(at);
      if (isSpace(code) || isBreak(code)) at++;
      else if (code === 35 /* # */ && (at === 0 || isSpace(text.charCodeAt(at - 1)) || isBreak(text.charCodeAt(at - 1)))) {
        while (at < end && !isBreak(text.charCodeAt(at))) at++;
      } else break;
    }
    return at;
  }

  /** Where a node's content starts: after separation and its `&anchor`. */
  private contentStart(event: ComposeEvent): number {
    let at = this.skipSeparation(event.open, event.close);
    if (event.anchor !== null && this.text.charCodeAt(at) === 38 /* & */) {
      at = this.skipSeparation(at + 1 + event.anchor.length, event.close);
    }
    return at;
  }

  /** After a value: its trailing spaces, comment and one line break belong to it (yaml's nodeEnd). */
  private nodeEnd(valueEnd: number): number {
    const text = this.text;
    let at = valueEnd;
    while (at < text.length && isSpace(text.charCodeAt(at))) at++;
    if (text.charCodeAt(at) === 35 /* # */) while (at < text.length && !isBreak(text.charCodeAt(at))) at++;
    if (text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10) return at + 2;
    if (text.charCodeAt(at) === 10) return at + 1;
    return at === valueEnd || at >= text.length ? at : valueEnd;
  }

  /**
   * Collapses the nested events js-yaml emits for one node (when it first tries a node as a mapping
   * key, or reads a flow collection as a sequence item): a single child that starts and ends where
   * its parent does is the same node. `- - x` is two nodes: they start at different dashes.
   */
  private unwrap(event: ComposeEvent): ComposeEvent {
    let current = event;
    while (current.children.length === 1) {
      const child = current.children[0];
      const anchor = current.anchor ?? child.anchor;
      if (child.close !== current.close || this.contentStart({ ...child, anchor }) !== this.contentStart(current)) break;
      current = { ...child, anchor, result: current.result };
    }
    return current;
  }

  node(raw: ComposeEvent, context: 'block' | 'flow'): Node {
    const event = this.unwrap(raw);
    const start = this.contentStart(event);
    const code = this.text.charCodeAt(start);
    if (code === 33 /* ! */ && start < event.close) throw new Unsupported('tag');
    let node: Node;
    if (code === 42 /* * */) node = this.alias(event, start);
    else if (event.kind === 'mapping') node = this.mapping(event, start);
    else if (event.kind === 'sequence') node = this.sequence(event, start);
    else if (event.kind === 'scalar' || event.kind === null) node = this.scalar(event, start, context);
    else throw new Unsupported(`kind ${event.kind}`);
    if (event.anchor !== null) node.anchor = event.anchor;
    return node;
  }

  private alias(event: ComposeEvent, start: number): Node {
    const match = /^\*([^\s,[\]{}]+)/.exec(this.text.slice(start, start + 1024));
    if (!match || event.children.length > 0) throw new Unsupported('alias');
    const alias = new Alias(match[1]);
    const end = start + match[0].length;
    alias.range = [start, end, this.nodeEnd(end)];
    return alias;
  }

  private scalar(event: ComposeEvent, start: number, context: 'block' | 'flow'): Node {
    if (event.children.length > 0) throw new Unsupported('scalar with children');
    const text = this.text;
    const code = text.charCodeAt(start);
    const scalar = new Scalar(event.result);
    let valueEnd: number;
    let type: Scalar.Type;
    if (event.kind === null || start >= event.close) {
      // An empty value (`key:` or `-` with nothing after it): yaml places a null at the first
      // position after the indicator and its spaces.
      if (event.result !== null) throw new Unsupported('empty non-null');
      let at = event.open;
      while (at < text.length && isSpace(text.charCodeAt(at))) at++;
      if (event.anchor !== null && text.charCodeAt(at) === 38 /* & */) {
        // yaml gives an anchored empty value inside a flow collection a source token of its own.
        if (context === 'flow') throw new Unsupported('anchored empty flow value');
        at += 1 + event.anchor.length;
        while (at < text.length && isSpace(text.charCodeAt(at))) at++;
      }
      scalar.range = [at, at, at];
      scalar.source = '';
      scalar.type = Scalar.PLAIN;
      return scalar;
    }
    if (code === 34 /* " */ || code === 39 /* ' */) {
      type = code === 34 ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
      valueEnd = event.close;
      while (valueEnd > start && text.charCodeAt(valueEnd - 1) !== code) valueEnd--;
      // js-yaml lets a quoted scalar's continuation lines sit at any indentation; yaml does not.
      if (text.indexOf('\n', start) !== -1 && text.indexOf('\n', start) < valueEnd) throw new Unsupported('multi-line quoted scalar');
      // …nor a comment glued to the closing quote (`'x'#`).
      const after = text.charCodeAt(valueEnd);
      if (valueEnd < text.length && !isSpace(after) && !isBreak(after) && after !== 44 && after !== 93 && after !== 125 && after !== 58) {
        throw new Unsupported('text after closing quote');
      }
    } else if (code === 124 /* | */ || code === 62 /* > */) {
      type = code === 124 ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED;
      valueEnd = this.blockScalarEnd(start, event.close);
    } else {
      type = Scalar.PLAIN;
      valueEnd = event.close;
      while (valueEnd > start && (isSpace(text.charCodeAt(valueEnd - 1)) || isBreak(text.charCodeAt(valueEnd - 1)))) valueEnd--;
    }
    scalar.type = type;
    const raw = text.slice(start, valueEnd);
    scalar.source = typeof event.result === 'string' ? event.result : raw;
    if (type === Scalar.PLAIN) {
      if (typeof event.result !== 'string' && raw.includes('\n')) throw new Unsupported('multi-line typed scalar');
      scalar.value = resolvePlain(scalar.source);
    }
    const isBlock = type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED;
    scalar.range = [start, valueEnd, isBlock ? valueEnd : context === 'flow' ? valueEnd : this.nodeEnd(valueEnd)];
    if (this.keepSourceTokens) (scalar as { srcToken?: unknown }).srcToken = this.sourceToken(type, raw);
    return scalar;
  }

  /** A block scalar ends after the line break of its last non-empty line (trailing blank lines are not its text). */
  private blockScalarEnd(start: number, close: number): number {
    const text = this.text;
    const header = /^[|>][0-9+-]*/.exec(text.slice(start, start + 4))?.[0] ?? '|';
    if (header.includes('+')) throw new Unsupported('keep chomping');
    let end = close;
    while (end > start && (isSpace(text.charCodeAt(end - 1)) || isBreak(text.charCodeAt(end - 1)))) end--;
    const lineEnd = text.indexOf('\n', end);
    return lineEnd === -1 ? text.length : lineEnd + 1;
  }

  private sourceToken(type: Scalar.Type, raw: string) {
    if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) {
      const newline = raw.indexOf('\n');
      const header = raw.slice(0, newline === -1 ? raw.length : newline).replace(/\s*(#.*)?\r?$/, '');
      return {
        type: 'block-scalar',
        source: newline === -1 ? '' : raw.slice(newline + 1),
        props: [
          { type: 'block-scalar-header', source: header },
          { type: 'newline', source: '\n' },
        ],
      };
    }
    const cstType = type === Scalar.QUOTE_DOUBLE ? 'double-quoted-scalar' : type === Scalar.QUOTE_SINGLE ? 'single-quoted-scalar' : 'scalar';
    return { type: cstType, source: raw };
  }

  private mapping(event: ComposeEvent, start: number): Node {
    const flow = this.text.charCodeAt(start) === 123; /* { */
    const map = new YAMLMap();
    map.flow = flow;
    const context = flow ? 'flow' : 'block';
    const children = event.children;
    if (children.length % 2 !== 0) throw new Unsupported('key without value');
    for (let i = 0; i < children.length; i += 2) {
      const key = this.node(children[i], flow ? 'flow' : 'block');
      // A key is always followed by its `:`; anything else is a shape this module does not rebuild.
      const keyEnd = key.range![1];
      let at = keyEnd;
      while (isSpace(this.text.charCodeAt(at))) at++;
      if (this.text.charCodeAt(at) !== 58 /* : */) throw new Unsupported('key not followed by :');
      if (!flow) key.range = [key.range![0], keyEnd, keyEnd];
      const value = this.node(children[i + 1], context);
      // `a: b: c` and `a: - b` (a block collection on its key's line) are errors for yaml.
      if (!flow && (isMap(value) || isSeq(value)) && !value.flow && this.text.lastIndexOf('\n', value.range![0]) < keyEnd) {
        throw new Unsupported('compact block collection');
      }
      map.items.push(new Pair(key, value));
    }
    if (flow) {
      const end = this.text.lastIndexOf('}', event.close - 1) + 1;
      this.expectIndentedContinuation(start, end);
      map.range = [start, end, this.nodeEnd(end)];
    } else {
      const last = map.items[map.items.length - 1]?.value as Node | undefined;
      const end = last?.range?.[2] ?? start;
      map.range = [start, end, end];
    }
    return map;
  }

  private sequence(event: ComposeEvent, start: number): Node {
    const flow = this.text.charCodeAt(start) === 91; /* [ */
    const seq = new YAMLSeq();
    seq.flow = flow;
    if (flow) {
      let gapStart = start + 1;
      for (const child of event.children) {
        const item = this.node(child, 'flow');
        // Only commas, spaces and comments between items: `[a, : b]` holds an implicit pair.
        this.expectSeparatorOnly(gapStart, item.range![0]);
        gapStart = item.range![1];
        seq.items.push(item);
      }
      const end = this.text.lastIndexOf(']', event.close - 1) + 1;
      this.expectSeparatorOnly(gapStart, end - 1);
      this.expectIndentedContinuation(start, end);
      seq.range = [start, end, this.nodeEnd(end)];
      return seq;
    }
    // js-yaml emits nothing for an empty item (`-` alone): find every `-` of this sequence.
    const indicators = this.sequenceIndicators(start, event.close);
    if (indicators.length !== (event.result as unknown[]).length) throw new Unsupported('item count');
    let childIndex = 0;
    indicators.forEach((indicator, index) => {
      const next = indicators[index + 1] ?? Number.POSITIVE_INFINITY;
      const child = event.children[childIndex];
      if (child && this.contentStart(this.unwrap(child)) > indicator && this.contentStart(this.unwrap(child)) < next) {
        seq.items.push(this.node(child, 'block'));
        childIndex++;
      } else {
        seq.items.push(this.emptyItem(indicator));
      }
    });
    if (childIndex !== event.children.length) throw new Unsupported('unmatched items');
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    const end = last?.range?.[2] ?? start;
    seq.range = [start, end, end];
    return seq;
  }

  private expectSeparatorOnly(from: number, to: number): void {
    if (/[^\s,]/.test(this.text.slice(from, to).replace(/(^|\s)#[^\n]*/g, ''))) throw new Unsupported('flow separator');
  }

  /** yaml wants every line of a multi-line flow collection indented past the line it starts on. */
  private expectIndentedContinuation(start: number, end: number): void {
    const text = this.text;
    const firstLineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (text.indexOf('\n', start) === -1 || text.indexOf('\n', start) > end) return;
    let indent = 0;
    while (text.charCodeAt(firstLineStart + indent) === 32) indent++;
    for (let lineStart = text.indexOf('\n', start) + 1; lineStart > 0 && lineStart < end; lineStart = text.indexOf('\n', lineStart) + 1) {
      let at = lineStart;
      while (text.charCodeAt(at) === 32) at++;
      if (at < end && !isBreak(text.charCodeAt(at)) && at - lineStart <= indent) throw new Unsupported('flow continuation indentation');
    }
  }

  private emptyItem(indicator: number): Node {
    let at = indicator + 1;
    while (at < this.text.length && isSpace(this.text.charCodeAt(at))) at++;
    const scalar = new Scalar(null);
    scalar.range = [at, at, at];
    scalar.source = '';
    scalar.type = Scalar.PLAIN;
    return scalar;
  }

  /** Offsets of the `-` indicators of a block sequence whose first `-` is at `start`. */
  private sequenceIndicators(start: number, close: number): number[] {
    const text = this.text;
    const column = start - (text.lastIndexOf('\n', start - 1) + 1);
    const indicators = [start];
    let lineStart = text.indexOf('\n', start) + 1;
    while (lineStart > 0 && lineStart < close) {
      let at = lineStart;
      while (at < text.length && text.charCodeAt(at) === 32) at++;
      const code = text.charCodeAt(at);
      if (at - lineStart === column && code === 45 /* - */ && (isSpace(text.charCodeAt(at + 1)) || isBreak(text.charCodeAt(at + 1)) || at + 1 >= text.length)) {
        indicators.push(at);
      }
      lineStart = text.indexOf('\n', lineStart) + 1;
    }
    return indicators;
  }
}
