import fs from 'node:fs';
import path from 'node:path';
import { Edit, Language, Parser } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';

// web-tree-sitter needs two wasm files: its runtime and the Terraform grammar. The build copies
// both next to the bundles; from sources (tests) they are found in node_modules. Never in the
// working directory: that is often the workspace, and a wasm from there would run as our code.
const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-terraform.wasm';

function candidateDirs(): string[] {
  const dirs = [typeof __dirname === 'string' ? __dirname : ''];
  for (const base of [path.resolve(dirs[0], '..'), path.resolve(dirs[0], '../../../..')]) {
    dirs.push(path.join(base, 'dist'));
    dirs.push(path.join(base, 'node_modules', 'web-tree-sitter'));
    dirs.push(path.join(base, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl'));
  }
  return dirs.filter(Boolean);
}

function locateWasm(name: string): string {
  for (const dir of candidateDirs()) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`Shipshape could not find ${name} next to its bundle; the installation is incomplete.`);
}

let ready: Promise<Language> | undefined;

/** Loads tree-sitter and the Terraform grammar once per process. */
export function loadTerraformLanguage(): Promise<Language> {
  ready ??= (async () => {
    await Parser.init({ locateFile: () => locateWasm(RUNTIME_WASM) });
    return Language.load(fs.readFileSync(locateWasm(GRAMMAR_WASM)));
  })();
  return ready;
}

export interface HclTree {
  /** The text tree-sitter parsed: the source with exponent numbers masked (see below). */
  parsedText: string;
  tree: Tree;
}

const EXPONENT_NUMBER = /\b(\d+(?:\.\d+)?)([eE][+-]?)(\d+)\b/g;

/**
 * The grammar only accepts an exponent after a fraction, so `3e2` (valid HCL) would become a false
 * syntax error that swallows the next line. Exponent markers are replaced by digits of the same
 * length before parsing; positions are unchanged and values are always read from the original text.
 */
export function maskExponentNumbers(text: string): string {
  if (!/\d[eE][+-]?\d/.test(text)) return text;
  return text.replace(EXPONENT_NUMBER, (_, mantissa: string, marker: string, exponent: string) => mantissa + '0'.repeat(marker.length) + exponent);
}

/**
 * Parses (or re-parses incrementally, when the previous tree is given) a Terraform file. The edit
 * between the two texts is found by their common prefix and suffix, so callers only pass texts.
 */
export function parseHcl(language: Language, text: string, previous?: HclTree): HclTree {
  const parser = new Parser();
  try {
    parser.setLanguage(language);
    const parsedText = maskExponentNumbers(text);
    let oldTree: Tree | undefined;
    if (previous) {
      oldTree = previous.tree;
      const edit = computeEdit(previous.parsedText, parsedText);
      if (edit) oldTree.edit(edit);
    }
    const tree = parser.parse(parsedText, oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return { parsedText, tree };
  } finally {
    parser.delete();
  }
}

interface Point {
  row: number;
  column: number;
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  let index = text.indexOf('\n');
  while (index !== -1 && index < offset) {
    row++;
    lineStart = index + 1;
    index = text.indexOf('\n', lineStart);
  }
  return { row, column: offset - lineStart };
}

function computeEdit(oldText: string, newText: string) {
  if (oldText === newText) return undefined;
  let prefix = 0;
  const shortest = Math.min(oldText.length, newText.length);
  while (prefix < shortest && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) {
    suffix++;
  }
  const oldEnd = oldText.length - suffix;
  const newEnd = newText.length - suffix;
  return new Edit({
    startIndex: prefix,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(oldText, prefix),
    oldEndPosition: pointAt(oldText, oldEnd),
    newEndPosition: pointAt(newText, newEnd),
  });
}
