import type { Node as TsNode } from 'web-tree-sitter';
import type { Range } from '../model';
import type { LineIndex } from '../text';
import { nodeRange } from './ast';

// What the syntax-error finders report, and the errors the grammar lets through.

export const MAX_ERRORS = 25;

/**
 * How sure a finder is that an error is the cause rather than a consequence of another:
 *   cause       positive evidence of what the author got wrong (a string that runs past its line, a
 *               heredoc that never ends, a brace that closes the wrong block); what follows is noise.
 *   weak-cause  a construct that is never closed, with no better explanation found inside it.
 *   symptom     a local error tree-sitter recovered from (unexpected token, missing `=`).
 */
export type Weight = 'cause' | 'weak-cause' | 'symptom';

export interface Found {
  range: Range;
  message: string;
  /** Source offset the error points at. */
  at: number;
  /** Source span the error is about: errors pointing inside another's scope may be its consequences. */
  scope: [number, number];
  weight: Weight;
}

export function within(offset: number, [start, end]: [number, number]): boolean {
  return offset >= start && offset < end;
}

export function span(node: TsNode): [number, number] {
  return [node.startIndex, node.endIndex];
}

function lineEnd(source: string, offset: number): number {
  const newline = source.indexOf('\n', offset);
  return newline === -1 ? source.length : newline;
}

export function toEnd(node: TsNode, source: string): [number, number] {
  return [node.startIndex, source.length + 1];
}

export function firstLineRange(node: TsNode, lines: LineIndex): Range {
  const range = nodeRange(node);
  if (range.end.line === range.start.line) return range;
  return { start: range.start, end: { line: range.start.line, character: lines.lineText(range.start.line).length } };
}

export function textOf(node: TsNode, source: string): string {
  return source.slice(node.startIndex, node.endIndex);
}

// ---- errors the grammar lets through ----

/** Nodes whose newlines are legal inside a quoted string: `${ … }` and `%{ … }` markers. */
const NEWLINE_TOLERANT = ['template_interpolation', 'template_if_intro', 'template_else_intro', 'template_if_end', 'template_for_start', 'template_for_end'];

/** Single-line nodes the scan still enters, to reach bodies and objects written on one line. */
const STRUCTURAL = new Set(['config_file', 'body', 'block', 'attribute', 'expression', 'collection_value', 'object']);

interface SiblingState {
  parentType: string;
  previousEndRow: number;
  previousHasError: boolean;
  separated: boolean;
}

/**
 * The grammar accepts three things HCL does not: a quoted string that spans lines, two arguments
 * (or blocks) on one line, and object attributes on one line with no comma between them. One walk
 * finds all three. It runs on every parse, so it uses a cursor (no node objects) and only enters
 * nodes that span lines or that can hold a body or an object.
 */
export function grammarGaps(root: TsNode, source: string, lines: LineIndex): Found[] {
  const found: Found[] = [];
  const treeHasError = root.hasError;
  const cursor = root.walk();
  const frames: SiblingState[] = [{ parentType: '', previousEndRow: -1, previousHasError: false, separated: true }];
  try {
    for (;;) {
      const type = cursor.nodeType;
      const startRow = cursor.startPosition.row;
      const endRow = cursor.endPosition.row;
      const frame = frames[frames.length - 1];
      if (frame.parentType === 'body' && (type === 'attribute' || type === 'block')) {
        const hasError = treeHasError && cursor.currentNode.hasError;
        if (frame.previousEndRow === startRow && !frame.previousHasError && !hasError) found.push(sameLineItem(cursor.currentNode, source));
        frame.previousEndRow = endRow;
        frame.previousHasError = hasError;
      } else if (frame.parentType === 'object' && type === ',') {
        frame.separated = true;
      } else if (frame.parentType === 'object' && type === 'object_elem') {
        const hasError = treeHasError && cursor.currentNode.hasError;
        if (frame.previousEndRow === startRow && !frame.separated && !frame.previousHasError && !hasError) found.push(missingComma(cursor.currentNode, lines));
        frame.previousEndRow = endRow;
        frame.previousHasError = hasError;
        frame.separated = false;
      }
      if ((type === 'string_lit' || type === 'quoted_template') && startRow !== endRow) {
        const error = multiLineString(cursor.currentNode, source);
        if (error) found.push(error);
      }
      if ((startRow !== endRow || STRUCTURAL.has(type)) && cursor.gotoFirstChild()) {
        frames.push({ parentType: type, previousEndRow: -1, previousHasError: false, separated: true });
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return found.slice(0, MAX_ERRORS * 2);
        frames.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * A quoted string cannot span lines in HCL. Most often it is a string that was never closed, and
 * its missing quote shifts every later string.
 */
function multiLineString(node: TsNode, source: string): Found | undefined {
  const tolerated = node.descendantsOfType(NEWLINE_TOLERANT).filter((inner): inner is TsNode => inner !== null);
  let newline = source.indexOf('\n', node.startIndex);
  while (newline !== -1 && newline < node.endIndex && tolerated.some((inner) => within(newline, span(inner)))) {
    newline = source.indexOf('\n', newline + 1);
  }
  if (newline === -1 || newline >= node.endIndex) return undefined;
  const quote = { line: node.startPosition.row, character: node.startPosition.column };
  // A string whose closing quote ends its line was split on purpose; any other pairing means a
  // quote is missing, and every later string is shifted.
  const rest = source.slice(node.endIndex, lineEnd(source, node.endIndex));
  const balanced = /^[\s,)\]}]*(?:(?:#|\/\/).*)?$/.test(rest);
  return {
    range: { start: quote, end: { line: quote.line, character: quote.character + 1 } },
    message: balanced
      ? 'A quoted string cannot span lines: use `\\n`, or a heredoc (`<<-EOT`) for text on several lines.'
      : 'This string is not closed on its line: add the closing `"` (a quoted string cannot span lines).',
    at: node.startIndex,
    scope: balanced ? span(node) : toEnd(node, source),
    weight: balanced ? 'symptom' : 'cause',
  };
}

export function sameLineItem(node: TsNode, source: string): Found {
  const name = node.firstNamedChild ?? node;
  return {
    range: nodeRange(name),
    message: `\`${textOf(name, source)}\` must start on a new line: HCL allows one argument or block per line.`,
    at: node.startIndex,
    scope: span(node),
    weight: 'symptom',
  };
}

function missingComma(node: TsNode, lines: LineIndex): Found {
  return {
    range: firstLineRange(node, lines),
    message: 'Missing `,` before this object attribute: attributes on one line are separated by commas.',
    at: node.startIndex,
    scope: span(node),
    weight: 'symptom',
  };
}

