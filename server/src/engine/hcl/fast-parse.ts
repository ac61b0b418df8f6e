import type { Range } from '../model';
import type { LineIndex } from '../text';
import type { HclAttribute, HclBlock, HclBody, HclExpr, HclObjectEntry } from './ast';
import type { HclModelCache } from './model';

// A fast front end for well-formed Terraform. Parsing with tree-sitter and marshalling every node
// out of wasm costs about 3.5 ms per 6 KB file; most files use the common part of HCL, which plain
// JavaScript reads directly into the same model (same kinds, texts, values and ranges). Anything
// it is not sure about returns undefined and the caller parses with tree-sitter: splats,
// parentheses, legacy `.0` indexes, provider functions, `...` in calls, template directives in
// quoted strings, strip markers in interpolations, exponent numbers, non-ASCII identifiers, and
// every construct tree-sitter accepts but HCL does not (two items on one line, object elements on
// one line with no comma, a quoted string across lines). It never reports an error: a file it
// accepts has none. test/unit/hcl-fast-parse.test.ts compares both models.

class Unsupported extends Error {}

const unsupported = (): never => {
  throw new Unsupported();
};

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;

function isIdentStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57) || code === 45;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

class FastParser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly lines: LineIndex,
  ) {}

  private range(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
  }

  private code(at = this.pos): number {
    return at < this.source.length ? this.source.charCodeAt(at) : -1;
  }

  /** Skips spaces, tabs and comments; stops at a line break (a block comment may cross lines only when `acrossLines`). */
  private skipInline(acrossLines = false): void {
    for (;;) {
      const code = this.code();
      if (code === SPACE || code === TAB) {
        this.pos++;
      } else if (code === CR) {
        if (this.code(this.pos + 1) !== LF) unsupported();
        this.pos++;
      } else if (code === 35 /* # */ || (code === 47 /* / */ && this.code(this.pos + 1) === 47)) {
        const end = this.source.indexOf('\n', this.pos);
        this.pos = end === -1 ? this.source.length : end;
      } else if (code === 47 && this.code(this.pos + 1) === 42 /* * */) {
        const end = this.source.indexOf('*/', this.pos + 2);
        if (end === -1 || (!acrossLines && this.source.slice(this.pos, end).includes('\n'))) unsupported();
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  /** Skips whitespace, comments and line breaks. */
  private skipAll(): void {
    for (;;) {
      this.skipInline(true);
      if (this.code() !== LF) return;
      this.pos++;
    }
  }

  private identifier(): string {
    const start = this.pos;
    if (!isIdentStart(this.code())) unsupported();
    this.pos++;
    while (isIdentPart(this.code())) this.pos++;
    // A non-ASCII letter continues an identifier in HCL; leave those to tree-sitter.
    if (this.code() > 127) unsupported();
    return this.source.slice(start, this.pos);
  }

  // ---- bodies -------------------------------------------------------------------------------

  /** Parses items until `}` (nested) or the end of the file (top level). */
  body(nested: boolean, cache?: HclModelCache): HclBody {
    const body: HclBody = { attributes: [], blocks: [] };
    let previousEndLine = -1;
    for (;;) {
      this.skipAll();
      const code = this.code();
      if (code === -1) {
        if (nested) unsupported();
        return body;
      }
      if (code === 125 /* } */) {
        if (!nested) unsupported();
        return body;
      }
      const start = this.pos;
      const startPosition = this.lines.positionAt(start);
      // HCL allows one argument or block per line.
      if (startPosition.line === previousEndLine) unsupported();
      const name = this.identifier();
      // `null = { source = "hashicorp/null" }` names a provider; other keywords go to tree-sitter.
      if (KEYWORDS.has(name) && name !== 'null' && name !== 'true' && name !== 'false') unsupported();
      const nameEnd = this.pos;
      this.skipInline();
      let item: { attribute: HclAttribute } | { block: HclBlock };
      let itemEnd: number;
      if (this.code() === 61 /* = */) {
        if (this.code(this.pos + 1) === 61 || this.code(this.pos + 1) === 62) unsupported();
        this.pos++;
        this.skipInline();
        const value = this.expression(false);
        itemEnd = value.end;
        const attribute: HclAttribute = { name, nameRange: this.range(start, nameEnd), range: this.range(start, value.end), value: value.expr };
        body.attributes.push(attribute);
        item = { attribute };
      } else {
        const block = this.block(start, name, nameEnd);
        itemEnd = this.pos;
        body.blocks.push(block);
        item = { block };
      }
      previousEndLine = this.lines.positionAt(itemEnd).line;
      // After an item: a comment, then a line break, the end of the file, or the enclosing `}`.
      this.skipInline();
      const next = this.code();
      if (next !== LF && next !== -1 && !(nested && next === 125)) unsupported();
      // Keyed as tree-sitter's path keys its per-item cache, so a later tree-sitter parse reuses these.
      cache?.set(`${startPosition.character}:${this.source.slice(start, itemEnd)}`, { line: startPosition.line, offset: start, item, gaps: [] });
    }
  }

  private block(start: number, type: string, typeEnd: number): HclBlock {
    const labels: string[] = [];
    for (;;) {
      const code = this.code();
      if (code === 34 /* " */) {
        const label = this.quoted();
        if (label.dynamic) unsupported();
        labels.push(label.value);
      } else if (isIdentStart(code)) {
        const label = this.identifier();
        if (KEYWORDS.has(label)) unsupported();
        labels.push(label);
      } else if (code === 123 /* { */) {
        break;
      } else {
        unsupported();
      }
      this.skipInline();
    }
    const braceStart = this.pos;
    this.pos++;
    const body = this.body(true);
    this.pos++; // the closing brace
    return {
      type,
      labels,
      typeRange: this.range(start, typeEnd),
      range: this.range(start, this.pos),
      openBraceRange: this.range(braceStart, braceStart + 1),
      attributes: body.attributes,
      blocks: body.blocks,
    };
  }

  // ---- expressions ----------------------------------------------------------------------------

  /**
   * An expression: terms joined by operators, and a conditional. A plain term keeps its own model;
   * anything with an operator is `other`, spanning the whole expression (as tree-sitter's path
   * builds it). `multiline` is true inside brackets, where line breaks are whitespace.
   */
  private expression(multiline: boolean): { expr: HclExpr; end: number } {
    const start = this.pos;
    const first = this.operation(multiline);
    let end = first.end;
    let composite = first.composite;
    if (this.code() === 63 /* ? */) {
      this.pos++;
      this.skip(multiline);
      this.expression(multiline);
      if (this.code() !== 58 /* : */) unsupported();
      this.pos++;
      this.skip(multiline);
      end = this.expression(multiline).end;
      composite = true;
    }
    if (!composite) return { expr: first.expr, end };
    return { expr: { kind: 'other', range: this.range(start, end), text: this.source.slice(start, end) }, end };
  }

  /** Operands and binary operators; leaves the position after the whitespace that follows. */
  private operation(multiline: boolean): { expr: HclExpr; end: number; composite: boolean } {
    let composite = false;
    const operand = (): HclExpr => {
      while (this.code() === 45 /* - */ || (this.code() === 33 /* ! */ && this.code(this.pos + 1) !== 61)) {
        this.pos++;
        this.skip(multiline);
        composite = true;
      }
      return this.term();
    };
    const expr = operand();
    let end = this.pos;
    for (;;) {
      this.skip(multiline);
      const length = this.binaryOperator();
      if (length === 0) return { expr, end, composite };
      this.pos += length;
      this.skip(multiline);
      operand();
      end = this.pos;
      composite = true;
    }
  }

  private skip(multiline: boolean): void {
    if (multiline) this.skipAll();
    else this.skipInline();
  }

  /** The length of the binary operator at the position, or 0. */
  private binaryOperator(): number {
    const code = this.code();
    const next = this.code(this.pos + 1);
    if ((code === 61 || code === 33 || code === 60 || code === 62) && next === 61) return 2; // == != <= >=
    if ((code === 38 && next === 38) || (code === 124 && next === 124)) return 2; // && ||
    if (code === 60 || code === 62) return next === code ? 0 : 1; // < > (but never <<)
    if (code === 43 || code === 45 || code === 42 || code === 47 || code === 37) return 1; // + - * / %
    return 0;
  }

  private term(): HclExpr {
    const start = this.pos;
    const code = this.code();
    if (code === 34 /* " */) {
      const quoted = this.quoted();
      const text = this.source.slice(start, this.pos);
      return quoted.dynamic ? { kind: 'template', range: this.range(start, this.pos), text } : { kind: 'string', range: this.range(start, this.pos), text, value: quoted.value };
    }
    if (isDigit(code)) {
      this.number();
      const text = this.source.slice(start, this.pos);
      return { kind: 'number', range: this.range(start, this.pos), text, value: text };
    }
    if (code === 60 /* < */ && this.code(this.pos + 1) === 60) {
      this.heredoc();
      return { kind: 'template', range: this.range(start, this.pos), text: this.source.slice(start, this.pos) };
    }
    if (code === 91 /* [ */) return this.tuple(start);
    if (code === 123 /* { */) return this.object(start);
    if (isIdentStart(code)) return this.identifierExpression(start);
    return unsupported();
  }

  private number(): void {
    while (isDigit(this.code())) this.pos++;
    if (this.code() === 46 /* . */ && isDigit(this.code(this.pos + 1))) {
      this.pos++;
      while (isDigit(this.code())) this.pos++;
    }
    // Exponents (tree-sitter needs them masked), `1.`, and digits run into letters.
    if (isIdentPart(this.code()) || this.code() === 46 || this.code() > 127) unsupported();
  }

  private identifierExpression(start: number): HclExpr {
    const name = this.identifier();
    const code = this.code();
    if (KEYWORDS.has(name)) {
      if (code === 46 || code === 91 || code === 40 || (name !== 'true' && name !== 'false' && name !== 'null')) unsupported();
      const text = name;
      return name === 'null' ? { kind: 'null', range: this.range(start, this.pos), text } : { kind: 'bool', range: this.range(start, this.pos), text, value: text };
    }
    if (code === 40 /* ( */) {
      this.pos++;
      this.list(41 /* ) */, () => this.expression(true));
      return { kind: 'call', range: this.range(start, this.pos), text: this.source.slice(start, this.pos) };
    }
    if (code === 58 /* : */ && this.code(this.pos + 1) === 58) unsupported(); // provider::name::function
    // A reference: attribute access and index, but no splats and no legacy `.0` index.
    for (;;) {
      const next = this.code();
      if (next === 46 /* . */ && this.code(this.pos + 1) !== 46) {
        this.pos++;
        if (!isIdentStart(this.code())) unsupported();
        if (KEYWORDS.has(this.identifier())) unsupported();
      } else if (next === 91 /* [ */) {
        this.pos++;
        this.skipAll();
        if (this.code() === 42 /* * */) unsupported();
        this.expression(true);
        if (this.code() !== 93) unsupported();
        this.pos++;
      } else {
        break;
      }
    }
    return { kind: 'reference', range: this.range(start, this.pos), text: this.source.slice(start, this.pos) };
  }

  /** Comma-separated items up to `close` (consumed); a trailing comma is allowed. */
  private list(close: number, item: () => unknown): void {
    this.skipAll();
    while (this.code() !== close) {
      item();
      if (this.code() === 44 /* , */) {
        this.pos++;
        this.skipAll();
      } else if (this.code() !== close) {
        unsupported();
      }
    }
    this.pos++;
  }

  private tuple(start: number): HclExpr {
    this.pos++;
    if (this.atFor()) return this.forExpression(start, 93 /* ] */);
    const items: HclExpr[] = [];
    this.list(93 /* ] */, () => items.push(this.expression(true).expr));
    return { kind: 'tuple', range: this.range(start, this.pos), text: this.source.slice(start, this.pos), items };
  }

  /** After `[` or `{`: whether a `for` expression starts here (whitespace before it is skipped). */
  private atFor(): boolean {
    const at = this.pos;
    this.skipAll();
    if (this.source.startsWith('for', this.pos) && !isIdentPart(this.code(this.pos + 3)) && this.code(this.pos + 3) !== -1) return true;
    this.pos = at;
    return false;
  }

  /**
   * `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`: an
   * expression of kind `other`, as tree-sitter's path builds it.
   */
  private forExpression(start: number, close: number): HclExpr {
    this.pos += 3;
    this.skipAll();
    const variable = () => {
      if (!isIdentStart(this.code()) || KEYWORDS.has(this.identifier())) unsupported();
      this.skipAll();
    };
    variable();
    if (this.code() === 44 /* , */) {
      this.pos++;
      this.skipAll();
      variable();
    }
    if (!this.source.startsWith('in', this.pos) || isIdentPart(this.code(this.pos + 2))) unsupported();
    this.pos += 2;
    this.skipAll();
    this.expression(true);
    if (this.code() !== 58 /* : */) unsupported();
    this.pos++;
    this.skipAll();
    this.expression(true);
    if (close === 125) {
      if (this.code() !== 61 || this.code(this.pos + 1) !== 62) unsupported(); // =>
      this.pos += 2;
      this.skipAll();
      this.expression(true);
      if (this.source.startsWith('...', this.pos)) {
        this.pos += 3;
        this.skipAll();
      }
    }
    if (this.source.startsWith('if', this.pos) && !isIdentPart(this.code(this.pos + 2))) {
      this.pos += 2;
      this.skipAll();
      this.expression(true);
    }
    if (this.code() !== close) unsupported();
    this.pos++;
    return { kind: 'other', range: this.range(start, this.pos), text: this.source.slice(start, this.pos) };
  }

  /** Elements are separated by a comma or a line break (two on one line need the comma). */
  private object(start: number): HclExpr {
    this.pos++;
    if (this.atFor()) return this.forExpression(start, 125 /* } */);
    const entries: HclObjectEntry[] = [];
    this.skipAll();
    while (this.code() !== 125 /* } */) {
      const keyCode = this.code();
      if (keyCode !== 34 && !isIdentStart(keyCode)) unsupported();
      const key = this.term();
      if (key.kind !== 'string' && key.kind !== 'reference' && key.kind !== 'null' && key.kind !== 'bool') unsupported();
      this.skipInline();
      const separator = this.code();
      if (separator !== 61 /* = */ && separator !== 58 /* : */) unsupported();
      if (separator === 61 && (this.code(this.pos + 1) === 61 || this.code(this.pos + 1) === 62)) unsupported();
      this.pos++;
      this.skipInline();
      const value = this.expression(false).expr;
      entries.push({ key: key.kind === 'string' ? key.value ?? '' : key.text, keyRange: key.range, value });
      const next = this.code();
      if (next === 44 /* , */) {
        this.pos++;
        this.skipAll();
      } else if (next === LF) {
        this.skipAll();
        if (this.code() === 44) unsupported();
      } else if (next !== 125) {
        unsupported();
      }
    }
    this.pos++;
    return { kind: 'object', range: this.range(start, this.pos), text: this.source.slice(start, this.pos), entries };
  }

  /**
   * A quoted string: its literal value when it has no interpolation. An interpolation holds one
   * reference, call, number or string; a line break anywhere in the string is left to tree-sitter.
   */
  private quoted(): { value: string; dynamic: boolean } {
    const start = this.pos;
    this.pos++;
    let dynamic = false;
    for (;;) {
      const code = this.code();
      if (code === -1 || code === LF || code === CR) unsupported();
      if (code === 34 /* " */) break;
      if (code === 92 /* \ */) {
        this.escape();
        continue;
      }
      if ((code === 36 /* $ */ || code === 37) /* % */ && this.code(this.pos + 1) === code && this.code(this.pos + 2) === 123) {
        this.pos += 3; // `$${` and `%%{` are literal text
        continue;
      }
      if (code === 37 && this.code(this.pos + 1) === 123) unsupported(); // a template directive
      if (code === 36 && this.code(this.pos + 1) === 123) {
        const open = this.pos;
        this.pos += 2;
        if (this.code() === 126 /* ~ */) unsupported();
        this.skipSpaces();
        this.templateTerm();
        this.skipSpaces();
        if (this.code() !== 125 || this.source.slice(open, this.pos).includes('\n')) unsupported();
        this.pos++;
        dynamic = true;
        continue;
      }
      this.pos++;
    }
    this.pos++;
    if (dynamic) return { value: '', dynamic };
    // tree-sitter leaves the spaces and tabs at either end of a literal out of it (they are extras).
    const value = this.source.slice(start + 1, this.pos - 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (/^\s|\s$/.test(value)) unsupported();
    return { value, dynamic };
  }

  /** `\n`, `\r`, `\t`, `\"`, `\\`, `\uXXXX` and `\UXXXXXXXX`; any other escape is an error for tree-sitter. */
  private escape(): void {
    const next = this.code(this.pos + 1);
    if (next === 110 || next === 114 || next === 116 || next === 34 || next === 92) {
      this.pos += 2;
      return;
    }
    const digits = next === 117 /* u */ ? 4 : next === 85 /* U */ ? 8 : 0;
    if (digits === 0 || !/^[0-9a-fA-F]+$/.test(this.source.slice(this.pos + 2, this.pos + 2 + digits)) || this.pos + 2 + digits > this.source.length) unsupported();
    this.pos += 2 + digits;
  }

  /**
   * `<<EOT` or `<<-EOT`, lines, and the marker alone on its line (indented only after `<<-`). Its
   * template sequences must each stay on one line: interpolations as in quoted strings, and
   * `for`/`if` directives over a single term, balanced.
   */
  private heredoc(): void {
    this.pos += 2;
    if (this.code() === 45 /* - */) this.pos++;
    if (!isIdentStart(this.code())) unsupported();
    const marker = this.identifier();
    if (this.code() === CR) this.pos++;
    if (this.code() !== LF) unsupported();
    this.pos++;
    const open: string[] = [];
    for (;;) {
      if (this.pos >= this.source.length) unsupported();
      let lineEnd = this.source.indexOf('\n', this.pos);
      if (lineEnd === -1) lineEnd = this.source.length;
      const line = this.source.slice(this.pos, lineEnd).replace(/\r$/, '');
      const trimmed = line.trimStart();
      if (trimmed.trimEnd() === marker) {
        // tree-sitter wants a line break after the marker.
        if (open.length > 0 || trimmed !== trimmed.trimEnd() || lineEnd >= this.source.length) unsupported();
        this.pos += line.length;
        return;
      }
      if (line.includes('\r')) unsupported();
      this.templateLine(lineEnd, open);
      this.pos = Math.min(lineEnd + 1, this.source.length);
    }
  }

  /** Checks the template sequences of one heredoc line, up to `lineEnd`. */
  private templateLine(lineEnd: number, open: string[]): void {
    while (this.pos < lineEnd) {
      const code = this.code();
      const next = this.code(this.pos + 1);
      if ((code === 36 || code === 37) && next === code && this.code(this.pos + 2) === 123) {
        this.pos += 3;
      } else if (code === 36 && next === 123) {
        this.pos += 2;
        this.skipSpaces();
        if (this.code() === 126) unsupported();
        this.templateTerm();
        this.skipSpaces();
        if (this.code() !== 125) unsupported();
        this.pos++;
      } else if (code === 37 && next === 123) {
        this.pos += 2;
        if (this.code() === 126) this.pos++;
        this.skipSpaces();
        this.directive(open);
        this.skipSpaces();
        if (this.code() === 126) this.pos++;
        if (this.code() !== 125) unsupported();
        this.pos++;
      } else {
        this.pos++;
      }
      if (this.pos > lineEnd) unsupported();
    }
  }

  private directive(open: string[]): void {
    if (!isIdentStart(this.code())) unsupported();
    const word = this.identifier();
    if (word === 'for') {
      this.skipSpaces();
      this.identifier();
      this.skipSpaces();
      if (this.code() === 44) {
        this.pos++;
        this.skipSpaces();
        this.identifier();
        this.skipSpaces();
      }
      if (this.identifier() !== 'in') unsupported();
      this.skipSpaces();
      this.templateTerm();
      open.push('for');
    } else if (word === 'if') {
      this.skipSpaces();
      this.templateTerm();
      open.push('if');
    } else if (word === 'else') {
      if (open.at(-1) !== 'if') unsupported();
      open[open.length - 1] = 'else';
    } else if (word === 'endfor') {
      if (open.pop() !== 'for') unsupported();
    } else if (word === 'endif') {
      const last = open.pop();
      if (last !== 'if' && last !== 'else') unsupported();
    } else {
      unsupported();
    }
  }

  /** The one term a template sequence may hold here: a reference, call, number, string or tuple. */
  private templateTerm(): void {
    const code = this.code();
    if (code !== 34 && code !== 91 && code !== 45 && code !== 33 && !isDigit(code) && !isIdentStart(code)) unsupported();
    const start = this.pos;
    const { expr } = this.expression(false);
    if (expr.kind === 'object' || expr.kind === 'template' || this.source.slice(start, this.pos).includes('\n')) unsupported();
  }

  private skipSpaces(): void {
    while (this.code() === SPACE || this.code() === TAB) this.pos++;
  }
}

// Words tree-sitter's grammar reserves; as names or references they go to tree-sitter.
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);

/**
 * The model of a Terraform file read without tree-sitter, or undefined when the file uses anything
 * beyond the common subset (the caller then parses it with tree-sitter). `cache` gets each
 * top-level item, as the tree-sitter path keeps it, so a later edit can reuse it.
 */
export function fastParseHcl(source: string, lines: LineIndex): { body: HclBody; cache: HclModelCache } | undefined {
  if (source.charCodeAt(0) === 0xfeff) return undefined;
  const cache: HclModelCache = new Map();
  try {
    const body = new FastParser(source, lines).body(false, cache);
    return { body, cache };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
