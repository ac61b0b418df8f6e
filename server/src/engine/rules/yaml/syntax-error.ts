import { isCollection, visit } from 'yaml';
import type { Node, YAMLError } from 'yaml';
import { YAML_KINDS } from '../../model';
import type { YamlDoc } from '../../yaml/document';
import { defineYamlRule } from '../define';

// yaml reports what its parser saw, where it noticed it: often on the whitespace before the real
// mistake, at the end of the file for an unclosed quote, and as two or three errors for one
// misplaced line. This rule turns those into one finding per mistake, on the token the author must
// change, with a message that says what to do.

/** One YAML problem of a document, with offsets into the document's text. */
export interface YamlSyntaxProblem {
  /** yaml's error code, or `UNRESOLVED_ALIAS`. */
  code: string;
  start: number;
  end: number;
  message: string;
}

const cache = new WeakMap<YamlDoc, YamlSyntaxProblem[]>();

/** The YAML problems of a document, one per mistake (memoised: three rules ask). */
export function yamlSyntaxProblems(doc: YamlDoc): YamlSyntaxProblem[] {
  let problems = cache.get(doc);
  if (!problems) {
    problems = [...fromParser(doc), ...unresolvedAliases(doc)];
    cache.set(doc, problems);
  }
  return problems;
}

function fromParser(doc: YamlDoc): YamlSyntaxProblem[] {
  // In text order (duplicate keys are found after parsing and come last); stable, so yaml's pairs stay adjacent.
  const errors = [...doc.doc.errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const problems: YamlSyntaxProblem[] = [];
  // A mistake is reported once: on the line yaml first noticed it and on the line we point at.
  const takenLines = new Set<number>();
  // After a tab in the indentation, yaml's idea of the structure is off, and what it reports next
  // is mostly that: only further tabs are certain.
  let tabSeen = false;
  errors.forEach((error, index) => {
    // GitLab (Ruby) and PyYAML apply every `<<` merge key of a mapping in turn: a common idiom, not a mistake.
    if (error.code === 'DUPLICATE_KEY' && keyAt(doc, error.pos[0]) === '<<') return;
    const isTab = error.code === 'TAB_AS_INDENT' || tabInIndentation(doc, error.pos[0]);
    if (tabSeen && !isTab) return;
    tabSeen ||= isTab;
    // yaml pairs "nested mapping in compact mapping" with the multi-line key it explains.
    const next = errors[index + 1];
    if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && next?.pos[0] === error.pos[0] && isMisindentedContinuation(doc, next)) return;
    const problem = isTab ? tabProblem(doc, error.pos[0]) : describe(error, doc);
    const originLine = doc.positionAt(error.pos[0]).line;
    const line = doc.positionAt(problem.start).line;
    if (takenLines.has(originLine) || takenLines.has(line)) return;
    takenLines.add(originLine).add(line);
    problems.push(problem);
  });
  return problems;
}

function tabInIndentation(doc: YamlDoc, offset: number): boolean {
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  return doc.text[offset] === '\t' && /^[ \t]*$/.test(doc.text.slice(lineStart, offset));
}

function tabProblem(doc: YamlDoc, start: number): YamlSyntaxProblem {
  let stop = start;
  while (stop < doc.text.length && (doc.text[stop] === '\t' || doc.text[stop] === ' ')) stop++;
  return { code: 'TAB_AS_INDENT', start, end: Math.max(stop, start + 1), message: 'Tabs are not allowed as YAML indentation; indent with spaces.' };
}

/** `key: value` then a line indented deeper than `key`: yaml reads `value` + that line as one key. */
function isMisindentedContinuation(doc: YamlDoc, error: YAMLError): boolean {
  if (error.code !== 'MULTILINE_IMPLICIT_KEY') return false;
  const [start, end] = error.pos;
  return doc.text.slice(start, end).includes('\n') && !/["'[{]/.test(doc.text[start]);
}

function describe(error: YAMLError, doc: YamlDoc): YamlSyntaxProblem {
  const code = error.code;
  const [start, end] = error.pos;
  if (/call stack/i.test(error.message)) {
    return { code, ...firstToken(doc, 0), message: 'YAML nesting is too deep to parse (about a thousand levels or more); flatten the structure.' };
  }
  if (code === 'DUPLICATE_KEY') {
    const key = keyAt(doc, start);
    return {
      code,
      start,
      end: key ? start + key.length : start + 1,
      message: `Duplicate key${key ? ` \`${key}\`` : ''}: each key may appear once per mapping, and tools disagree on which value wins. Remove one or merge them.`,
    };
  }
  if (code === 'MISSING_CHAR' && /closing .?quote/i.test(error.message)) {
    const opening = unclosedQuote(doc, start);
    if (opening !== undefined) {
      const quote = doc.text[opening];
      return {
        code,
        start: opening,
        end: opening + 1,
        message: `Unclosed quote: the string that starts with this \`${quote}\` is never closed, so YAML reads the rest of the document into it. Add the closing \`${quote}\`.`,
      };
    }
  }
  const flow = /^Flow (map|sequence) in block collection/.exec(error.message);
  if (flow) {
    const opening = unclosedFlowCollection(doc, start, flow[1] === 'map' ? '{' : '[');
    if (opening !== undefined) {
      const [open, close] = flow[1] === 'map' ? ['{', '}'] : ['[', ']'];
      return {
        code,
        start: opening,
        end: opening + 1,
        message: `Unclosed \`${open}\`: this flow ${flow[1] === 'map' ? 'mapping' : 'sequence'} is never closed with \`${close}\` (or a line inside it is indented less than its key). Close it, or write it as an indented block.`,
      };
    }
  }
  if (isMisindentedContinuation(doc, error)) {
    // The line to fix is the second one: point at its first token.
    const lastBreak = doc.text.lastIndexOf('\n', end - 1);
    const token = firstToken(doc, lastBreak + 1);
    const keyName = doc.text.slice(token.start, end).trim();
    // Relative, not absolute: findings are kept with their document and moved when lines shift.
    const linesAbove = doc.positionAt(token.start).line - doc.positionAt(start).line;
    return {
      code,
      start: token.start,
      end: Math.max(end, token.start + 1),
      // The value is not quoted: it may be a credential (`password: …` followed by a stray line).
      message: `Wrong indentation: \`${keyName}\` is indented deeper than the entry above it, so YAML reads it as the continuation of the value ${linesAbove === 1 ? 'on the line above' : `${linesAbove} lines above`}. Align it with its sibling keys.`,
    };
  }
  const range = meaningfulRange(doc, start, end);
  const text = error.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '').trim();
  let message = `YAML syntax error: ${text.endsWith('.') ? text : `${text}.`}`;
  if (code === 'BAD_INDENT' && /must start at the same column/.test(text)) message += ' Check the indentation of this line against its siblings.';
  if (/Sequence item without - indicator/.test(text)) message += ' This line is indented like an item of the list above; align it with the keys of that item, or start a new item with `- `.';
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /Nested mappings are not allowed in compact mappings/.test(text)) {
    message = 'A `: ` inside a plain value starts a nested mapping, which YAML does not allow on the same line. Quote the whole value if the `: ` belongs to it, or move the nested mapping to its own indented line.';
  }
  if (/block sequence may not be used as an implicit map key/.test(text)) {
    message = 'Wrong indentation: this `-` item does not line up with the items of its list, so YAML reads it as part of the entry above. Align its `-` with the other items.';
  }
  return { code, ...range, message };
}

/** yaml points a duplicate key error at the key's first character; the reader wants the whole key. */
function keyAt(doc: YamlDoc, offset: number): string | undefined {
  return /^("[^"\n]*"|'[^'\n]*'|[^:#\n]+?)[ \t]*:/.exec(doc.text.slice(offset, offset + 300))?.[1];
}

/** The first whitespace-delimited token at or after `offset` (across blank lines). */
function firstToken(doc: YamlDoc, offset: number): { start: number; end: number } {
  const text = doc.text;
  let start = offset;
  while (start < text.length && /\s/.test(text[start])) start++;
  if (start >= text.length) return { start: Math.min(offset, text.length), end: Math.min(offset, text.length) };
  let end = start;
  while (end < text.length && !/\s/.test(text[end])) end++;
  return { start, end };
}

/**
 * yaml often points at the indentation before a misplaced line, or at the line break after the line
 * that preceded it. Either way the author needs to look at the next token, so point there.
 */
function meaningfulRange(doc: YamlDoc, start: number, end: number): { start: number; end: number } {
  const text = doc.text;
  if (text.slice(start, Math.max(end, start + 1)).trim() !== '') return { start, end: Math.max(end, Math.min(start + 1, text.length)) };
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const inIndentation = text.slice(lineStart, start).trim() === '';
  const lineEnd = text.indexOf('\n', start);
  const restOfLineBlank = text.slice(start, lineEnd === -1 ? text.length : lineEnd).trim() === '';
  if (inIndentation || restOfLineBlank) {
    const token = firstToken(doc, start);
    if (token.end > token.start) return token;
  }
  return { start, end: Math.min(start + 1, text.length) };
}

/** The opening quote of the quoted scalar that runs up to `errorAt` without closing. */
function unclosedQuote(doc: YamlDoc, errorAt: number): number | undefined {
  let found: number | undefined;
  visit(doc.doc, {
    Scalar(_key, node) {
      const range = node.range;
      if (!range || (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE')) return;
      const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
      const written = doc.text.slice(range[0], range[1]).trimEnd();
      const closed = written.length > 1 && written.endsWith(quote) && !(quote === '"' && /(^|[^\\])(\\\\)*\\"$/.test(written));
      if (range[0] < errorAt && range[1] >= errorAt - 1 && !closed && (found === undefined || range[0] > found)) found = range[0];
    },
  });
  return found;
}

/** The opening bracket of the flow collection that is still open where yaml gave up. */
function unclosedFlowCollection(doc: YamlDoc, errorAt: number, open: '{' | '['): number | undefined {
  let found: number | undefined;
  const close = open === '{' ? '}' : ']';
  visit(doc.doc, {
    Node(_key, node) {
      if (!isCollection(node) || !node.flow) return;
      const range = (node as Node).range;
      if (!range || doc.text[range[0]] !== open || range[0] >= errorAt) return;
      if (doc.text.slice(range[0], range[1]).trimEnd().endsWith(close)) return;
      if (found === undefined || range[0] > found) found = range[0];
    },
  });
  return found;
}

/** `*name` with no `&name` before it: yaml only notices when the value is used. */
function unresolvedAliases(doc: YamlDoc): YamlSyntaxProblem[] {
  return doc.unresolvedAliases
    .filter((node) => node.range)
    .map((node) => ({
      code: 'UNRESOLVED_ALIAS',
      start: node.range![0],
      end: node.range![0] + node.source.length + 1,
      message: `Unknown alias \`*${node.source}\`: no anchor \`&${node.source}\` is defined before it in this document. Define the anchor first, or fix the name.`,
    }));
}

export default defineYamlRule({
  id: 'yaml/syntax-error',
  title: 'YAML syntax error',
  severity: 'error',
  tags: ['schema'],
  gate: 'valid-config',
  fixable: false,
  description: 'A YAML syntax error in a file Shipshape recognises, reported once, on the token to fix.',
  kinds: [...YAML_KINDS],
  check({ doc, report }) {
    const problems = yamlSyntaxProblems(doc);
    for (const problem of problems) report({ range: doc.rangeAt(problem.start, problem.end), message: problem.message });
    if (problems.length === 0 && doc.hasExcessiveAliases && /excessive/i.test(doc.toPlain().error ?? '')) {
      const firstLineEnd = doc.text.indexOf('\n');
      report({
        range: doc.rangeAt(0, firstLineEnd === -1 ? doc.text.length : firstLineEnd),
        message:
          'Excessive aliasing: expanding this document\'s aliases would exceed the safety budget (an "alias bomb"). Kubernetes, GitHub and GitLab reject such files; the document was not analysed further.',
      });
    }
  },
});
