import type { Node as TsNode } from 'web-tree-sitter';
import type { Range } from '../model';
import { LineIndex, indentationOf } from '../text';
import { nodeRange } from './ast';
import { MAX_ERRORS, firstLineRange, grammarGaps, span, textOf, toEnd, within } from './syntax-gaps';
import type { Found, Weight } from './syntax-gaps';

export interface HclSyntaxError {
  range: Range;
  message: string;
}

// tree-sitter recovers from a syntax error by folding what follows into the broken construct, and
// it reports the symptom (a `}` missing at the end of the file, an ERROR node that starts at the
// enclosing block) rather than the cause. Every error is therefore found with a weight (see
// `Weight`), and the errors a cause explains (everything after it within its reach, generic errors
// around it) are not reported.

/**
 * The syntax errors of a tree, each at a range a reader can act on. `gaps` are the grammar gaps when
 * already known (see hcl/model.ts); otherwise the whole tree is scanned for them.
 */
export function collectSyntaxErrors(root: TsNode, source: string, gaps?: Found[]): HclSyntaxError[] {
  if (gaps && gaps.length === 0 && !root.hasError) return [];
  const lines = new LineIndex(source);
  const found = gaps ? [...gaps] : grammarGaps(root, source, lines);
  if (root.hasError) found.push(...treeErrors(root, source, lines));
  return settle(found);
}

function settle(found: Found[]): HclSyntaxError[] {
  const sorted = [...found].sort((a, b) => a.at - b.at);
  // A construct left open with no better explanation is itself explained by any error inside it.
  const candidates = sorted.filter((error) => error.weight !== 'weak-cause' || !sorted.some((other) => other !== error && other.at >= error.at && within(other.at, error.scope)));
  const causes = candidates.filter((error) => error.weight !== 'symptom');
  const reported = candidates.filter(
    (error) =>
      !causes.some(
        (cause) =>
          cause !== error &&
          // after a cause, within its reach: a consequence of it
          ((error.at > cause.at && within(error.at, cause.scope)) ||
            // a generic error around a cause: the cause says more
            (error.weight === 'symptom' && within(cause.at, error.scope))),
      ),
  );
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
    if (found.length === MAX_ERRORS) break;
  }
  return found;
}

/** `name value` with no `=` between: the range covers both words when they share a line. */
function missingEquals(name: TsNode, value: TsNode | null | undefined, source: string, scope: [number, number], weight: Weight): Found {
  const text = textOf(name, source);
  const start = nodeRange(name).start;
  const end = value && value.startPosition.row === start.line ? nodeRange(value).end : nodeRange(name).end;
  return {
    range: { start, end: end.line === start.line ? end : nodeRange(name).end },
    message: `Missing \`=\` after \`${text}\`: an argument is written \`${text} = value\`.`,
    at: name.startIndex,
    scope,
    weight,
  };
}

function noValue(name: TsNode, equals: TsNode, source: string, scope: [number, number]): Found {
  return {
    range: nodeRange(equals),
    message: `\`${textOf(name, source)} =\` has no value: write the value after \`=\` on the same line.`,
    at: equals.startIndex,
    scope,
    weight: 'symptom',
  };
}

/** An ERROR inside an attribute, right after its name or its `=`: the `=` or the value is missing. */
function attributeError(node: TsNode, source: string): Found | undefined {
  const parent = node.parent;
  if (parent?.type !== 'attribute') return undefined;
  const before: TsNode[] = [];
  for (const child of parent.children) {
    if (!child || child.id === node.id) break;
    if (child.type !== 'comment') before.push(child);
  }
  const [name, equals] = before;
  if (name?.type !== 'identifier' || before.length > 2) return undefined;
  const first = node.firstChild;
  if (!equals) {
    if (first?.type !== '=') return missingEquals(name, first, source, span(node), 'symptom');
    // `name =` then the next line: tree-sitter read that line as the value.
    const value = first.nextSibling;
    if (!value || value.startPosition.row > first.startPosition.row) return noValue(name, first, source, span(node));
    return undefined;
  }
  if (equals.type === '=' && node.startPosition.row > equals.startPosition.row) return noValue(name, equals, source, span(node));
  return undefined;
}

function unexpectedError(node: TsNode, source: string, lines: LineIndex): Found {
  const attribute = attributeError(node, source);
  if (attribute) return attribute;
  // An ERROR that starts with a well-formed block header is broken further in: point at the
  // innermost error, not at the block keyword.
  let target = node;
  for (;;) {
    const inner = target.namedChildren.find((child) => child?.type === 'ERROR');
    if (!inner) break;
    target = inner;
  }
  const bracket = unmatchedBracket(target, source);
  if (bracket) return { ...bracket, scope: span(node) };
  const snippet = textOf(target, source).trim().split(/\s+/)[0] ?? '';
  const shown = snippet.length > 24 ? `${snippet.slice(0, 24)}…` : snippet;
  const range = firstLineRange(target, lines);
  if (range.start.line === range.end.line && range.start.character === range.end.character) range.end.character++;
  return { range, message: shown ? `Syntax error: unexpected \`${shown}\`.` : 'Syntax error.', at: target.startIndex, scope: span(node), weight: 'symptom' };
}

const OPENING: Record<string, string> = { '(': ')', '[': ']', '{': '}', tuple_start: ']', object_start: '}', block_start: '}' };
const CLOSING: Record<string, string> = { ')': ')', ']': ']', '}': '}', tuple_end: ']', object_end: '}', block_end: '}' };

/** The last bracket an ERROR opens and never closes: the first closer the author forgot. */
function unmatchedBracket(node: TsNode, source: string): Found | undefined {
  const open: TsNode[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (OPENING[child.type]) open.push(child);
    else if (CLOSING[child.type] && open.length > 0 && OPENING[open[open.length - 1].type] === CLOSING[child.type]) open.pop();
  }
  const last = open[open.length - 1];
  if (!last) return undefined;
  const closer = OPENING[last.type];
  return {
    range: nodeRange(last),
    message: `This \`${textOf(last, source)}\` is never closed: add the matching \`${closer}\`.`,
    at: last.startIndex,
    scope: span(node),
    weight: 'symptom',
  };
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
    // It swallowed the lines up to the next `}`; the errors in there are its consequences.
    if (name?.type === 'identifier' && second?.type === 'identifier') return missingEquals(name, second, source, span(owner), 'cause');
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
  return { range: { start: range.start, end: range.start }, message: 'Syntax error: this is never closed.', at: node.startIndex, scope: span(node), weight: 'weak-cause' };
}

function unclosed({ node, open }: Opener, source: string, weight: Weight): Found {
  const messages: Record<string, string> = {
    block: `Block \`${blockTitle(node, source)}\` is never closed: add the matching \`}\`.`,
    object: 'This object `{` is never closed: add the matching `}`.',
    tuple: 'This list `[` is never closed: add the matching `]`.',
    function_call: `This call \`${textOf(node.firstNamedChild ?? node, source)}(\` is never closed: add the matching \`)\`.`,
  };
  // A culprit found by its stolen closer swallowed the rest of the file; a construct that is merely
  // left open reaches as far as tree-sitter let it.
  return { range: nodeRange(open), message: messages[node.type], at: open.startIndex, scope: weight === 'cause' ? toEnd(node, source) : span(node), weight };
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
