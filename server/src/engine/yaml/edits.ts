import type { Node, Pair, YAMLMap } from 'yaml';
import type { Range } from '../model';
import { lineBreakOf } from '../text';
import type { YamlDoc } from './document';
import { contentEnd } from './document';

// Edits that quick fixes build on YAML. Each keeps everything it does not touch byte-for-byte:
// indentation, comments, quoting style and line breaks.

export interface DraftEdit {
  range: Range;
  newText: string;
}

function lineEndOffset(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline === -1) return text.length;
  return newline > 0 && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
}

function lineStartOffset(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The indentation unit a document uses (2 unless its nesting says otherwise). */
export function indentUnit(doc: YamlDoc): string {
  const match = /\n([ ]+)\S/.exec(doc.text);
  return match && match[1].length <= 8 ? match[1] : '  ';
}

/** Column at which a block mapping's keys start. */
export function keyColumn(doc: YamlDoc, map: YAMLMap): number | undefined {
  const first = map.items[0]?.key as Node | undefined;
  const offset = first?.range?.[0];
  if (offset === undefined) return undefined;
  return offset - lineStartOffset(doc.text, offset);
}

/**
 * Appends lines at the end of a block mapping, at its key indentation. `lines` are relative to that
 * indentation. Returns undefined for flow mappings (`{a: 1}`), which cannot take block lines.
 */
export function appendToBlockMap(doc: YamlDoc, map: YAMLMap, lines: string[]): DraftEdit | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const column = keyColumn(doc, map);
  if (column === undefined || !map.range) return undefined;
  const end = contentEnd(map);
  // The last character that belongs to the mapping, then the end of its line.
  let last = end;
  while (last > 0 && /\s/.test(doc.text[last - 1])) last--;
  const insertAt = lineEndOffset(doc.text, Math.max(0, last - 1));
  const indent = ' '.repeat(column);
  const eol = lineBreakOf(doc.text);
  const newText = lines.map((line) => eol + indent + line).join('');
  const position = doc.positionAt(insertAt);
  return { range: { start: position, end: position }, newText };
}

/** Deletes a pair of a block mapping: its key line through the last line of its value. */
export function deleteBlockPair(doc: YamlDoc, pair: Pair): DraftEdit | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0];
  if (start === undefined) return undefined;
  let end = value?.range ? contentEnd(value) : (key?.range?.[1] ?? start);
  while (end > start && /\s/.test(doc.text[end - 1])) end--;
  const from = lineStartOffset(doc.text, start);
  const lineEnd = doc.text.indexOf('\n', end);
  const to = lineEnd === -1 ? doc.text.length : lineEnd + 1;
  // Only whole lines: the pair must start its line (after indentation or a `- `).
  const before = doc.text.slice(from, start);
  if (before.trim() === '') return { range: doc.rangeAt(from, to), newText: '' };
  if (before.trim() !== '-') return undefined;
  // `- key: …` opens a sequence item: deleting its line would drop the dash and merge the item's
  // other keys into the previous item. Keep the dash and let the next key of the item move up.
  const column = start - from;
  const nextKey = /([ ]*)[^\s#-]/y;
  nextKey.lastIndex = to;
  const next = nextKey.exec(doc.text);
  if (!next || next[1].length !== column) return undefined;
  return { range: doc.rangeAt(start, to + column), newText: '' };
}

/** Replaces the text of a scalar, keeping its quotes. */
export function replaceScalar(doc: YamlDoc, node: Node, oldValue: string, newValue: string): DraftEdit | undefined {
  const range = node.range;
  if (!range) return undefined;
  const written = doc.text.slice(range[0], range[1]);
  const at = written.indexOf(oldValue);
  if (at === -1) return undefined;
  return { range: doc.rangeAt(range[0] + at, range[0] + at + oldValue.length), newText: newValue };
}
