import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitDocuments } from '../../server/src/engine/yaml/document';
import { compareParsers } from '../helpers/yaml-tree';
import type { Comparison } from '../helpers/yaml-tree';
import { FIXTURES, listFiles } from '../helpers/fixtures';
// @ts-expect-error: a plain ES module without type declarations
import * as generate from '../../scripts/bench/generate.mjs';

// The fast YAML front end must build exactly the tree `yaml` builds, or decline. It must never
// accept a document that `yaml` reports errors for: those errors are findings.

function documentsOf(text: string): string[] {
  return splitDocuments(text).map((slice) => text.slice(slice.start, slice.end));
}

function tally(texts: string[]) {
  const counts = { same: 0, fallback: 0, 'fallback-on-error': 0 };
  const mismatches: string[] = [];
  for (const text of texts) {
    for (const doc of documentsOf(text)) {
      const result: Comparison = compareParsers(doc);
      if (typeof result === 'string') counts[result]++;
      else mismatches.push(`${result.mismatch}\n--- document:\n${doc.slice(0, 400)}`);
    }
  }
  return { counts, mismatches };
}

const yamlFixtures = [...listFiles(FIXTURES), ...listFiles(path.resolve(__dirname, '../../examples'))].filter((file) => /\.ya?ml$/.test(file));

describe('fast YAML front end', () => {
  it('agrees with yaml on every fixture and example document, and takes the fast path for most', () => {
    const { counts, mismatches } = tally(yamlFixtures.map((file) => fs.readFileSync(file, 'utf8')));
    expect(mismatches).toEqual([]);
    expect(counts.same).toBeGreaterThan(100);
    expect(counts.same / (counts.same + counts.fallback)).toBeGreaterThan(0.8);
  });

  it('agrees with yaml on the generated benchmark inputs', () => {
    const { counts, mismatches } = tally([generate.workflow(400), generate.manifestStream(60)]);
    expect(mismatches).toEqual([]);
    expect(counts.fallback + counts['fallback-on-error']).toBe(0);
  });

  const shapes: [string, string][] = [
    ['anchored empty values in flow and block collections', 'a: {p: &x, q: 1}\nb: [&y , 1]\nc: &z\nd: {p: &w }\n'],
    ['anchors, aliases and merge keys', 'base: &base\n  a: 1\n  b: [x, y]\nchild:\n  <<: *base\n  c: *base\nlist:\n  - &item {k: v}\n  - *item\n'],
    ['multi-line plain and quoted scalars', 'a: first\n  second\n\n  third\nb: "one\n  two \\t three"\nc: \'it\'\'s\n  folded\'\n'],
    ['block scalars with indicators', 'a: |\n  keep\n    indented\nb: |-\n  strip\nc: >\n  folded\n  text\n\nd: |2\n    two extra\ne: >-\n  x\n'],
    ['empty values and empty items', 'a:\nb: ~\nc: null\nd:\n  -\n  - x\n  -\ne: {}\nf: []\n'],
    ['comments everywhere', '# head\na: 1 # trailing\n# between\nb:\n  # inside\n  - x # item\n  # last\nc: "q" # quoted\n'],
    ['core schema types', 'i: 007\no: 0o17\nh: 0x1F\nf: 1e3\ng: .5\ninf: -.inf\nnan: .nan\nu: 1_000\nt: True\ny: yes\nd: 2024-01-01\nv: 1.50\n'],
    ['non-string keys', '1: one\ntrue: yes\n~: nothing\n"2": two\n'],
    ['nested flow collections', 'matrix: { include: [ { os: linux, arch: [x64, arm64] }, { os: mac } ] }\nx: [[1, 2], [3, [4, {a: b}]]]\n'],
    ['document markers and CRLF', '---\r\napiVersion: v1\r\nkind: ConfigMap\r\ndata:\r\n  a: "1"\r\n'],
    ['compact nested sequences', 'a:\n- - x\n  - y\n- - z\nb:\n  - k: v\n    l: w\n  - - q\n'],
    ['unicode and long lines', `name: "café 日本 😀"\nlong: ${'x'.repeat(3000)}\n`],
    ['GitHub expressions and scripts', 'if: ${{ !cancelled() && github.event_name != \'push\' }}\nrun: |\n  if ! command -v x; then echo "a: b"; fi\n  echo ${{ matrix.os }}\n'],
  ];
  it.each(shapes)('%s', (_, text) => {
    const results = documentsOf(text).map((doc) => compareParsers(doc));
    expect(results.filter((result) => typeof result !== 'string')).toEqual([]);
  });

  it('declines, and never mismatches, on 2,000 random mutations of real documents', () => {
    // A deterministic generator, so a failure reproduces.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = [' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', '&', '*', '|', '>', '\t', 'x', '!', '?'];
    const sources = yamlFixtures.map((file) => fs.readFileSync(file, 'utf8')).filter((text) => text.length > 40 && text.length < 4000);
    const mismatches: string[] = [];
    let declinedOnError = 0;
    for (let i = 0; i < 2000; i++) {
      const source = sources[Math.floor(random() * sources.length)];
      const at = Math.floor(random() * source.length);
      const operation = random();
      const piece = alphabet[Math.floor(random() * alphabet.length)];
      const mutated = operation < 0.4 ? source.slice(0, at) + piece + source.slice(at) : operation < 0.7 ? source.slice(0, at) + source.slice(at + 1) : source.slice(0, at) + piece + source.slice(at + 1);
      for (const doc of documentsOf(mutated)) {
        const result = compareParsers(doc);
        if (result === 'fallback-on-error') declinedOnError++;
        if (typeof result !== 'string') mismatches.push(`${result.mismatch}\n--- document:\n${doc.slice(0, 300)}`);
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(declinedOnError).toBeGreaterThan(100);
  });
});
