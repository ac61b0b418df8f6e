import { describe, expect, it } from 'vitest';
import { splitDocuments, parseYamlStream } from '../../server/src/engine/yaml/document';

const texts = (text: string) => splitDocuments(text).map((slice) => text.slice(slice.start, slice.end));

describe('splitDocuments', () => {
  it('splits a stream at --- and keeps each document whole', () => {
    const text = 'a: 1\n---\nb: 2\n--- # second\nc: 3\n';
    expect(texts(text)).toEqual(['a: 1\n', '---\nb: 2\n', '--- # second\nc: 3\n']);
    expect(splitDocuments(text).map((slice) => slice.line)).toEqual([0, 1, 3]);
  });

  it('keeps leading comments and directives with the document they introduce', () => {
    const text = '# header\n%YAML 1.2\n---\na: 1\n';
    expect(texts(text)).toEqual([text]);
  });

  it('ends a document at ... and keeps trailing comments with the last one', () => {
    expect(texts('a: 1\n...\nb: 2\n')).toEqual(['a: 1\n...\n', 'b: 2\n']);
    expect(texts('a: 1\n---\nb: 2\n# trailing\n')).toEqual(['a: 1\n', '---\nb: 2\n# trailing\n']);
  });

  it('does not split at indented markers or at markers glued to text', () => {
    const text = 'script: |\n  ---\n  echo\nkey: ---x\n';
    expect(texts(text)).toEqual([text]);
  });

  it('handles CRLF, an empty text and a lone marker', () => {
    expect(texts('a: 1\r\n---\r\nb: 2\r\n')).toEqual(['a: 1\r\n', '---\r\nb: 2\r\n']);
    expect(texts('')).toEqual(['']);
    expect(texts('---\n')).toEqual(['---\n']);
  });
});

describe('parseYamlStream', () => {
  it('re-uses the parse of unchanged documents and moves them to their new lines', async () => {
    const first = await parseYamlStream('a: 1\n---\nb: 2\n', undefined, {});
    const previous = new Map(first.docs.map((doc) => [doc.text, doc]));
    const second = await parseYamlStream('a: 10\n---\nb: 2\n', previous, {});
    expect(second.docs[1]).toBe(first.docs[1]);
    expect(second.docs[0]).not.toBe(first.docs[0]);
    const third = await parseYamlStream('# new\na: 10\n---\nb: 2\n', new Map(second.docs.map((doc) => [doc.text, doc])), {});
    expect(third.docs[1]).toBe(first.docs[1]);
    expect(third.docs[1].lineBase).toBe(2); // the `---` line
    expect(third.docs[1].positionAt(third.docs[1].text.indexOf('b'))).toEqual({ line: 3, character: 0 });
  });

  it('never hands the same parsed document to two identical documents', async () => {
    const first = await parseYamlStream('a: 1\n', undefined, {});
    const second = await parseYamlStream('a: 1\n---\na: 1\n', new Map(first.docs.map((doc) => [doc.text, doc])), {});
    expect(second.docs[0]).not.toBe(second.docs[1]);
  });
});

describe('duplicate keys', () => {
  it('are reported once per repeated key, per mapping, telling strings from numbers', async () => {
    const { docs } = await parseYamlStream('a: 1\nb: 2\na: 3\n"1": x\n1: y\nc: {d: 1, d: 2}\ne:\n  - {a: 1}\n  - {a: 2}\n', undefined, {});
    const errors = docs[0].doc.errors.filter((error) => error.code === 'DUPLICATE_KEY');
    expect(errors.map((error) => docs[0].positionAt(error.pos[0]))).toEqual([
      { line: 2, character: 0 },
      { line: 5, character: 10 },
    ]);
  });

  it('are found in a mapping of 20,000 keys (linear, not pairwise)', async () => {
    const keys = Array.from({ length: 20_000 }, (_, index) => `k${index}: v`);
    const { docs } = await parseYamlStream(`${keys.join('\n')}\nk19999: again\n`, undefined, {});
    expect(docs[0].doc.errors.map((error) => docs[0].positionAt(error.pos[0]).line)).toEqual([20_000]);
  });
});
