import type { Node as TsNode } from 'web-tree-sitter';
import type { Range } from '../model';
import { LineIndex, indentationOf } from '../text';
import { nodeRange } from './ast';

export interface HclSyntaxError {
  range: Range;
  message: string;
}

const MAX_ERRORS = 25;

/** The syntax errors of a tree, each at a range a reader can act on. */
export function collectSyntaxErrors(root: TsNode, source: string): HclSyntaxError[] {
  if (!root.hasError) return [];
  const lines = new LineIndex(source);
  const errors: HclSyntaxError[] = [];
  const stack: TsNode[] = [root];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const node = stack.pop()!;
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (!child) continue;
      if (child.isMissing) errors.push(missingError(child, source, lines));
      else if (child.type === 'ERROR') errors.push(unexpectedError(child, source, lines));
      else if (child.hasError) stack.push(child);
    }
  }
  return dedupe(errors).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function firstLineRange(node: TsNode, lines: LineIndex): Range {
  const range = nodeRange(node);
  if (range.end.line === range.start.line) return range;
  return { start: range.start, end: { line: range.start.line, character: lines.lineText(range.start.line).length } };
}

function unexpectedError(node: TsNode, source: string, lines: LineIndex): HclSyntaxError {
  const snippet = source.slice(node.startIndex, node.endIndex).trim().split(/\s+/)[0] ?? '';
  const shown = snippet.length > 24 ? `${snippet.slice(0, 24)}…` : snippet;
  const range = firstLineRange(node, lines);
  if (range.start.line === range.end.line && range.start.character === range.end.character) range.end.character++;
  return { range, message: shown ? `Syntax error: unexpected \`${shown}\`.` : 'Syntax error.' };
}

function missingError(node: TsNode, source: string, lines: LineIndex): HclSyntaxError {
  if (node.type === '}') {
    const blockEnd = node.parent;
    const block = blockEnd?.parent;
    if (block?.type === 'block') return unclosedBlockError(block, source, lines);
  }
  const range = nodeRange(node);
  return { range, message: `Syntax error: missing \`${node.type}\`.` };
}

/**
 * tree-sitter reports a missing `}` at the end of the file, after it has folded every following
 * block into the unclosed one. The block that really lacks its brace is the first one whose `}` sits
 * left of its own indentation: that brace belonged to an enclosing block.
 */
function unclosedBlockError(block: TsNode, source: string, lines: LineIndex): HclSyntaxError {
  const culprit = findBlockWithStolenBrace(block, lines) ?? block;
  const brace = culprit.namedChildren.find((child) => child?.type === 'block_start') ?? culprit;
  return {
    range: nodeRange(brace),
    message: `Block \`${blockTitle(culprit, source)}\` is never closed: add the matching \`}\`.`,
  };
}

function findBlockWithStolenBrace(outer: TsNode, lines: LineIndex): TsNode | undefined {
  const queue: TsNode[] = [outer];
  while (queue.length > 0) {
    const block = queue.shift()!;
    const end = block.namedChildren.find((child) => child?.type === 'block_end');
    if (end && !end.firstChild?.isMissing && end.startPosition.row > block.startPosition.row) {
      const expectedIndent = indentationOf(lines.lineText(block.startPosition.row)).length;
      if (end.startPosition.column < expectedIndent) return block;
    }
    const body = block.namedChildren.find((child) => child?.type === 'body');
    for (const child of body?.namedChildren ?? []) {
      if (child?.type === 'block') queue.push(child);
    }
  }
  return undefined;
}

function blockTitle(block: TsNode, source: string): string {
  const parts: string[] = [];
  for (const child of block.namedChildren) {
    if (!child) continue;
    if (child.type === 'identifier' || child.type === 'string_lit') parts.push(source.slice(child.startIndex, child.endIndex));
    else break;
  }
  return parts.join(' ') || 'block';
}

function dedupe(errors: HclSyntaxError[]): HclSyntaxError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.range.start.line}:${error.range.start.character}:${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
