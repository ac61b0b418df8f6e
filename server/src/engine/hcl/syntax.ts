import type { Node as TsNode } from 'web-tree-sitter';
import type { Range } from '../model';
import { LineIndex, indentationOf } from '../text';
import { nodeRange } from './ast';

export interface HclSyntaxError {
  range: Range;
  message: string;
}

const MAX_ERRORS = 25;

// tree-sitter recovers from a syntax error by folding what follows into the broken construct, and
// it reports the symptom (a `}` missing at the end of the file, an ERROR node that starts at the
// enclosing block) rather than the cause. The errors below are therefore collected with a weight:
//   cause       positive evidence of what the author got wrong (a string that runs past its line, a
//               heredoc that never ends, a brace that closes the wrong block); what follows is noise.
//   weak-cause  a construct that is never closed, with no better explanation found inside it.
//   symptom     a local error tree-sitter recovered from (unexpected token, missing `=`).
// Only the first cause is reported, with the independent errors before it.

type Weight = 'cause' | 'weak-cause' | 'symptom';

interface Found extends HclSyntaxError {
  /** Source offset the error points at. */
  at: number;
  /** Source span the error is about: errors pointing inside another's scope may be its consequences. */
  scope: [number, number];
  weight: Weight;
}

/** The syntax errors of a tree, each at a range a reader can act on. */
export function collectSyntaxErrors(root: TsNode, source: string): HclSyntaxError[] {
  const lines = new LineIndex(source);
  const found: Found[] = [...multiLineStrings(root, source), ...missingSeparators(root, source, lines)];
  if (root.hasError) found.push(...treeErrors(root, source, lines));
  return settle(found);
}

function settle(found: Found[]): HclSyntaxError[] {
  const causes = found.filter((error) => error.weight === 'cause');
  const kept = found
    .filter((error) => error.weight !== 'weak-cause' || !causes.some((cause) => within(cause.at, error.scope)))
    .sort((a, b) => a.at - b.at);
  const first = kept.find((error) => error.weight !== 'symptom');
  const reported = first ? kept.filter((error) => error === first || (error.at < first.at && !within(first.at, error.scope))) : kept;
  const seen = new Set<string>();
  const result: HclSyntaxError[] = [];
  for (const error of reported) {
    const key = `${error.range.start.line}:${error.range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ range: error.range, message: error.message });
    if (result.length === MAX_ERRORS) break;
  }
  return result;
}

function within(offset: number, [start, end]: [number, number]): boolean {
  return offset >= start && offset < end;
}

function span(node: TsNode): [number, number] {
  return [node.startIndex, node.endIndex];
}

function toEnd(node: TsNode, source: string): [number, number] {
  return [node.startIndex, source.length + 1];
}

// ---- causes found without an error in the tree ----

/** Nodes whose newlines are legal inside a quoted string: `${ … }` and `%{ … }` markers. */
const NEWLINE_TOLERANT = ['template_interpolation', 'template_if_intro', 'template_else_intro', 'template_if_end', 'template_for_start', 'template_for_end'];

/**
 * A quoted string cannot span lines in HCL, but the grammar accepts it. Most often it is a string
 * that was never closed, and its missing quote shifts every later string.
 */
function multiLineStrings(root: TsNode, source: string): Found[] {
  const found: Found[] = [];
  for (const node of root.descendantsOfType(['string_lit', 'quoted_template'])) {
    if (!node || node.startPosition.row === node.endPosition.row) continue;
    const tolerated = node.descendantsOfType(NEWLINE_TOLERANT).filter((inner): inner is TsNode => inner !== null);
    let newline = source.indexOf('\n', node.startIndex);
    while (newline !== -1 && newline < node.endIndex && tolerated.some((inner) => within(newline, span(inner)))) {
      newline = source.indexOf('\n', newline + 1);
    }
    if (newline === -1 || newline >= node.endIndex) continue;
    const quote = { line: node.startPosition.row, character: node.startPosition.column };
    found.push({
      range: { start: quote, end: { line: quote.line, character: quote.character + 1 } },
      message: 'This string is not closed on its line: a quoted string cannot span lines. Add the closing `"`, or use `\\n` or a heredoc (`<<-EOT`) for text on several lines.',
      at: node.startIndex,
      scope: toEnd(node, source),
      weight: 'cause',
    });
    if (found.length >= MAX_ERRORS) break;
  }
  return found;
}

/** HCL needs a newline between the arguments and blocks of a body, and a comma or newline between object attributes. */
function missingSeparators(root: TsNode, source: string, lines: LineIndex): Found[] {
  const found: Found[] = [];
  for (const body of root.descendantsOfType('body')) {
    let previous: TsNode | undefined;
    for (const child of body?.namedChildren ?? []) {
      if (!child || (child.type !== 'attribute' && child.type !== 'block')) continue;
      if (previous && previous.endPosition.row === child.startPosition.row && !previous.hasError && !child.hasError) {
        const name = child.firstNamedChild ?? child;
        found.push({
          range: nodeRange(name),
          message: `\`${source.slice(name.startIndex, name.endIndex)}\` must start on a new line: HCL allows one argument or block per line.`,
          at: child.startIndex,
          scope: span(child),
          weight: 'symptom',
        });
      }
      previous = child;
    }
  }
  for (const object of root.descendantsOfType('object')) {
    let previous: TsNode | undefined;
    let separated = true;
    for (const child of object?.children ?? []) {
      if (!child) continue;
      if (child.type === ',') separated = true;
      if (child.type !== 'object_elem') continue;
      if (previous && !separated && previous.endPosition.row === child.startPosition.row && !previous.hasError && !child.hasError) {
        found.push({
          range: firstLineRange(child, lines),
          message: 'Missing `,` before this object attribute: attributes on one line are separated by commas.',
          at: child.startIndex,
          scope: span(child),
          weight: 'symptom',
        });
      }
      previous = child;
      separated = false;
    }
  }
  return found;
}

// ---- errors tree-sitter reports ----

function treeErrors(root: TsNode, source: string, lines: LineIndex): Found[] {
  const found: Found[] = [...unclosedInterpolations(root, source)];
  const stack: TsNode[] = [root];
  while (stack.length > 0 && found.length < MAX_ERRORS * 2) {
    const node = stack.pop()!;
    if (node.type === 'ERROR') {
      found.push(unexpectedError(node, source, lines));
      // Missing tokens inside an ERROR (an unclosed heredoc, say) may explain it.
      for (const missing of missingDescendants(node)) found.push(missingError(missing, source, lines));
      continue;
    }
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (!child) continue;
      if (child.isMissing) found.push(missingError(child, source, lines));
      else if (child.type === 'ERROR' || child.hasError) stack.push(child);
    }
  }
  return found;
}

function missingDescendants(node: TsNode): TsNode[] {
  const missing: TsNode[] = [];
  const stack: TsNode[] = [node];
  while (stack.length > 0 && missing.length < MAX_ERRORS) {
    const current = stack.pop()!;
    for (let i = current.childCount - 1; i >= 0; i--) {
      const child = current.child(i);
      if (!child) continue;
      if (child.isMissing) missing.push(child);
      else if (child.hasError && child.type !== 'ERROR') stack.push(child);
    }
  }
  return missing;
}

/** `${` whose interpolation never ends properly: everything after it is read as something else. */
function unclosedInterpolations(root: TsNode, source: string): Found[] {
  const found: Found[] = [];
  for (const start of root.descendantsOfType('template_interpolation_start')) {
    if (!start) continue;
    const parent = start.parent;
    const end = parent?.type === 'template_interpolation' ? parent.lastChild : null;
    if (end?.type === 'template_interpolation_end' && !end.isMissing && !parent!.hasError) continue;
    found.push({
      range: nodeRange(start),
      message: 'This interpolation `${…}` is not closed properly: it must hold one complete expression followed by `}` (check its brackets and quotes).',
      at: start.startIndex,
      scope: toEnd(start, source),
      weight: 'cause',
    });
  }
  return found;
}

function firstLineRange(node: TsNode, lines: LineIndex): Range {
  const range = nodeRange(node);
  if (range.end.line === range.start.line) return range;
  return { start: range.start, end: { line: range.start.line, character: lines.lineText(range.start.line).length } };
}

function textOf(node: TsNode, source: string): string {
  return source.slice(node.startIndex, node.endIndex);
}

function missingEquals(name: TsNode, source: string, lines: LineIndex, at: TsNode, scope: [number, number], weight: Weight): Found {
  const text = textOf(name, source);
  return {
    range: firstLineRange(at, lines),
    message: `Missing \`=\` after \`${text}\`: an argument is written \`${text} = value\`.`,
    at: at.startIndex,
    scope,
    weight,
  };
}

function unexpectedError(node: TsNode, source: string, lines: LineIndex): Found {
  const previous = node.previousSibling;
  if (node.parent?.type === 'attribute' && previous?.type === 'identifier') {
    if (node.firstChild?.type === '=') {
      // `name =` with nothing after it: the next line was read as its value.
      const equals = node.firstChild;
      return {
        range: nodeRange(equals),
        message: `\`${textOf(previous, source)} =\` has no value: write the value after \`=\` on the same line.`,
        at: equals.startIndex,
        scope: span(node),
        weight: 'symptom',
      };
    }
    return missingEquals(previous, source, lines, node, span(node), 'symptom');
  }
  // An ERROR that starts with a well-formed block header is broken further in: point at the
  // innermost error, not at the block keyword.
  let target = node;
  for (;;) {
    const inner = target.namedChildren.find((child) => child?.type === 'ERROR');
    if (!inner) break;
    target = inner;
  }
  const snippet = textOf(target, source).trim().split(/\s+/)[0] ?? '';
  const shown = snippet.length > 24 ? `${snippet.slice(0, 24)}…` : snippet;
  const range = firstLineRange(target, lines);
  if (range.start.line === range.end.line && range.start.character === range.end.character) range.end.character++;
  return { range, message: shown ? `Syntax error: unexpected \`${shown}\`.` : 'Syntax error.', at: target.startIndex, scope: span(node), weight: 'symptom' };
}

function missingError(node: TsNode, source: string, lines: LineIndex): Found {
  const parent = node.parent;
  const owner = parent?.parent;
  if (node.type === '}' && parent?.type === 'block_end' && owner?.type === 'block') return unclosedError(owner, source, lines);
  if (node.type === '}' && parent?.type === 'object_end' && owner) return unclosedError(owner, source, lines);
  if (node.type === ']' && parent?.type === 'tuple_end' && owner) return unclosedError(owner, source, lines);
  if (node.type === ')' && parent?.type === 'function_call') return unclosedError(parent, source, lines);
  if (node.type === 'heredoc_identifier' && parent?.type === 'heredoc_template') {
    const start = parent.namedChildren.find((child) => child?.type === 'heredoc_start');
    const identifier = parent.namedChildren.find((child) => child?.type === 'heredoc_identifier' && !child.isMissing);
    const name = identifier ? textOf(identifier, source) : 'EOT';
    const range = start && identifier ? { start: nodeRange(start).start, end: nodeRange(identifier).end } : nodeRange(parent);
    return {
      range,
      message: `This heredoc is never closed: end it with a line that holds only \`${name}\`.`,
      at: parent.startIndex,
      scope: toEnd(parent, source),
      weight: 'cause',
    };
  }
  if (node.type === '{' && parent?.type === 'block_start' && owner?.type === 'block') {
    // `type string`: two words and no `{` is an argument without its `=`, not a block.
    const [name, second] = owner.namedChildren;
    if (name?.type === 'identifier' && second?.type === 'identifier') return missingEquals(name, source, lines, owner, toEnd(owner, source), 'cause');
    return {
      range: firstLineRange(owner, lines),
      message: `Block \`${blockTitle(owner, source)}\` has no \`{\`: a block's body is written between braces.`,
      at: owner.startIndex,
      scope: toEnd(owner, source),
      weight: 'cause',
    };
  }
  const range = nodeRange(node);
  if (range.start.line === range.end.line && range.start.character === range.end.character) range.end.character++;
  return { range, message: `Syntax error: missing \`${node.type}\`.`, at: node.startIndex, scope: span(node), weight: 'symptom' };
}

// ---- unclosed brackets ----

interface Opener {
  node: TsNode;
  open: TsNode;
  close: TsNode;
}

const CLOSERS: Record<string, [string, string]> = {
  block: ['block_start', 'block_end'],
  object: ['object_start', 'object_end'],
  tuple: ['tuple_start', 'tuple_end'],
  function_call: ['(', ')'],
};

function openerOf(node: TsNode): Opener | undefined {
  const pair = CLOSERS[node.type];
  if (!pair) return undefined;
  let open: TsNode | undefined;
  let close: TsNode | undefined;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === pair[0] && !open) open = child;
    else if (child.type === pair[1]) close = child;
  }
  if (!open || !close) return undefined;
  return { node, open, close };
}

function isMissingToken(node: TsNode): boolean {
  return node.isMissing || (node.childCount > 0 && node.child(0)!.isMissing);
}

/**
 * tree-sitter reports a missing closer at the end of the file, after it has folded everything that
 * follows into the unclosed construct. The construct that really lacks its closer is one whose
 * closer sits left of its own line's indentation: that closer belonged to an enclosing block. When
 * several are nested that way, the innermost is the culprit.
 */
function unclosedError(node: TsNode, source: string, lines: LineIndex): Found {
  const stolen: Opener[] = [];
  for (const candidate of node.descendantsOfType(Object.keys(CLOSERS))) {
    const opener = candidate ? openerOf(candidate) : undefined;
    if (!opener || isMissingToken(opener.open) || isMissingToken(opener.close)) continue;
    const openRow = opener.open.startPosition.row;
    if (opener.close.startPosition.row <= openRow) continue;
    if (opener.close.startPosition.column < indentationOf(lines.lineText(openRow)).length) stolen.push(opener);
  }
  const innermost = stolen.find((outer) => !stolen.some((inner) => inner !== outer && within(inner.node.startIndex, span(outer.node)) && inner.node.startIndex > outer.node.startIndex));
  if (innermost) return unclosed(innermost, source, 'cause');
  const self = openerOf(node);
  if (self && !isMissingToken(self.open)) return unclosed(self, source, 'weak-cause');
  const range = nodeRange(node);
  return { range: { start: range.start, end: range.start }, message: 'Syntax error: this is never closed.', at: node.startIndex, scope: toEnd(node, source), weight: 'weak-cause' };
}

function unclosed({ node, open }: Opener, source: string, weight: Weight): Found {
  const messages: Record<string, string> = {
    block: `Block \`${blockTitle(node, source)}\` is never closed: add the matching \`}\`.`,
    object: 'This object `{` is never closed: add the matching `}`.',
    tuple: 'This list `[` is never closed: add the matching `]`.',
    function_call: `This call \`${textOf(node.firstNamedChild ?? node, source)}(\` is never closed: add the matching \`)\`.`,
  };
  return { range: nodeRange(open), message: messages[node.type], at: open.startIndex, scope: toEnd(node, source), weight };
}

function blockTitle(block: TsNode, source: string): string {
  const parts: string[] = [];
  for (const child of block.namedChildren) {
    if (!child) continue;
    if (child.type === 'identifier' || child.type === 'string_lit') parts.push(textOf(child, source));
    else break;
  }
  return parts.join(' ') || 'block';
}
