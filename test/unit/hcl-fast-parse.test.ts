import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from 'web-tree-sitter';
import { fastParseHcl } from '../../server/src/engine/hcl/fast-parse';
import { buildModel } from '../../server/src/engine/hcl/model';
import { loadTerraformLanguage, parseHcl } from '../../server/src/engine/hcl/parser';
import { collectSyntaxErrors } from '../../server/src/engine/hcl/syntax';
import { LineIndex } from '../../server/src/engine/text';
import { FIXTURES, listFiles } from '../helpers/fixtures';
// @ts-expect-error: a plain ES module without type declarations
import * as generate from '../../scripts/bench/generate.mjs';

// The fast Terraform front end must build exactly the model tree-sitter's path builds, or decline.
// It must never accept a file tree-sitter's path reports an error for: those errors are findings.

let language: Language;
beforeAll(async () => {
  language = await loadTerraformLanguage();
});

type Outcome = 'same' | 'declined' | { mismatch: string };

function compare(text: string): Outcome {
  const lines = new LineIndex(text);
  const fast = fastParseHcl(text, lines);
  if (!fast) return 'declined';
  const hcl = parseHcl(language, text);
  try {
    const root = hcl.tree.rootNode;
    const model = buildModel(root, text, lines, undefined);
    const errors = collectSyntaxErrors(root, text, model.gaps);
    if (errors.length > 0) return { mismatch: `accepted a file with errors: ${errors.map((error) => error.message).join('; ')}` };
    try {
      expect(fast.body).toEqual(model.body);
      expect([...fast.cache.entries()]).toEqual([...model.cache.entries()]);
    } catch (error) {
      return { mismatch: error instanceof Error ? error.message.slice(0, 2000) : String(error) };
    }
    return 'same';
  } finally {
    hcl.tree.delete();
  }
}

function tally(texts: string[]) {
  const counts = { same: 0, declined: 0 };
  const mismatches: string[] = [];
  for (const text of texts) {
    const outcome = compare(text);
    if (typeof outcome === 'string') counts[outcome]++;
    else mismatches.push(`${outcome.mismatch}\n--- file:\n${text.slice(0, 600)}`);
  }
  return { counts, mismatches };
}

const terraformFiles = [...listFiles(FIXTURES), ...listFiles(path.resolve(__dirname, '../../examples'))].filter((file) => /\.(tf|tfvars)$/.test(file));
const corpus = path.resolve(__dirname, '../../../shared/corpus');

/** A seeded generator, so a failure names a mutation that can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('fast Terraform front end', () => {
  it('builds the same model as tree-sitter on every fixture and example, or declines', () => {
    const { counts, mismatches } = tally(terraformFiles.map((file) => fs.readFileSync(file, 'utf8')));
    expect(mismatches).toEqual([]);
    expect(counts.same).toBeGreaterThan(20);
  });

  it('reads every generated benchmark file itself', () => {
    const texts = [5, 10, 20, 40, 300].map((resources) => generate.terraform(resources) as string);
    const { counts, mismatches } = tally(texts);
    expect(mismatches).toEqual([]);
    expect(counts).toEqual({ same: texts.length, declined: 0 });
  });

  it.runIf(fs.existsSync(corpus))('agrees with tree-sitter on the real-world corpus', () => {
    const files = listFiles(corpus).filter((file) => /\.(tf|tfvars)$/.test(file));
    const { counts, mismatches } = tally(files.map((file) => fs.readFileSync(file, 'utf8')));
    expect(mismatches).toEqual([]);
    expect(counts.same + counts.declined).toBe(files.length);
  });

  it('declines what tree-sitter accepts but HCL does not, and other constructs it leaves to tree-sitter', () => {
    const declined = [
      'a = "one\ntwo"\n', // a quoted string across lines
      'a = 1 b = 2\n', // two attributes on one line
      'x {\n  a = 1 b = 2\n}\n',
      'a = { b = 1 c = 2 }\n', // object elements with no comma
      'a = {\n  b = {\n    x = 1\n  } c = 2\n}\n',
      'a = x.*.id\n',
      'a = x[*].id\n',
      'a = x.0\n',
      'a = "%{ if x }y%{ endif }"\n',
      'a = "${~ x ~}"\n',
      'a = 1e3\n',
      'a = provider::aws::arn_parse(x)\n',
      'résumé = 1\n',
      '\ufeffa = 1\n',
      'a = (1)\n',
      'a = foo(x...)\n',
      'a = "${\n  x\n}"\n',
      'a = 1\r',
      'a = \n',
      'block "l" {\n',
      'a = 1,\n',
      'a = <<-EOT\n%{ for x in y }\nEOT\n', // a directive never closed
      'a = <<-EOT\n${x\n}\nEOT\n',
      'a = "  \u00a0x"\n', // other whitespace at a literal's end
      'a = 1 +\n  2\n', // an operator continued on the next line
      'a = 1 /* a comment\n across lines */ b = 2\n',
      '/* never closed\na = 1\n',
      'a = [for x in y : x if x if y]\n',
      'a = {for k, v in m : k => v... ...}\n',
    ];
    for (const text of declined) expect(fastParseHcl(text, new LineIndex(text)), JSON.stringify(text)).toBeUndefined();
  });

  it('agrees on tricky accepted shapes', () => {
    const shapes = [
      '',
      '\n\n# only a comment\n',
      'a = var.x # c\nb = "x${var.y}z" // d\n',
      'blk "l1" l2 {\n  x = [1, 2,]\n  y = { a = 1, "b" = "2"\n    c : d }\n}\n',
      'a { b = 1 }\nc = foo(x, { k = v })\nd = true\ne = null\nf = 1.5\ng = ""\nh = x[0].y\n',
      'a = "a\\"b"\nb = "$${x}"\nc = "%%{x}"\nd = "50%"\ne = "$x"\n',
      'a {\n  b = 1 }\n',
      'a { b { c = 1 } }\n',
      'a {}\nb "x" {\n}\n',
      'a = [\n  1,\n  2\n]\nb = {\n}\nc = []\nd = foo()\ne = foo(\n  1,\n  [2, 3],\n)\n',
      'a = "${var.a}-${var.b}"\nb = "${upper("x")}"\nc = "${1}"\nd = "${ var.x }"\n',
      'r "t" "n" {\r\n  a = 1\r\n  b = "x"\r\n}\r\n',
      'a = "héllo ✓"\nb = { "clé" = "välue" }\n',
      'locals {\n  m = {\n    a = 1 # one\n    b = 2 // two\n  }\n}\n',
      'a = x["k"]["j"].y\n',
      'a = {\n  "k" = 1,\n  l     = [\n    2\n  ]\n}\n',
      '\ta\t=\t1\n',
      'a = 1',
      'a = <<EOT\ntext "with" ${var.x}\nEOT\nb = <<-EOT\n    indented\n    EOT\n',
      'p = <<-EOT\n  [%{ for s in ["a", "b"] ~}{"x": "${s}"},%{ endfor ~}{}]\n  %{ if var.on }on%{ else }off%{ endif }\n  EOT\n',
      'a = b ? c : d\nb = 1 + 2 * x.y\nc = -1\nd = !var.off && var.on || x != "y"\ne = [a >= 1 ? "x" : "y", b % 2]\nf = { k = v == 1 ? 2 : 3 }\n',
      'count = var.env == "prod" ? 2 : 1\nname = "${var.a == "x" ? "y" : "z"}-n"\n',
      'a = "  spaced  "\nb = " "\nc = "\tx\t"\nd = "a    b"\n',
      '/**\n * License header\n */\n\na = 1 /* trailing */\nb { /* inside */ c = [1, /* two */ 2] }\n',
      'a = [for x in y : x]\nb = [for i, x in var.list : upper(x) if x != ""]\nc = { for k, v in var.m : k => v.id }\nd = {\n  for k, v in var.m :\n  k => v...\n  if v.on\n}\ne = toset([for log in var.logs : log])\n',
      'p {\n  null = { source = "hashicorp/null" }\n  true = 1\n}\n',
      'd = <<EOF\n  Indented text\n  EOF\n',
    ];
    const { counts, mismatches } = tally(shapes);
    expect(mismatches).toEqual([]);
    expect(counts).toEqual({ same: shapes.length, declined: 0 });
  });

  it('never accepts a mutated file that tree-sitter reports an error for, and builds the same model otherwise', () => {
    const corpusFiles = fs.existsSync(corpus) ? listFiles(corpus).filter((file) => /\.tf$/.test(file)).slice(0, 40) : [];
    const sources = [generate.terraform(6) as string, generate.terraform(3) as string, ...[...terraformFiles.slice(0, 40), ...corpusFiles].map((file) => fs.readFileSync(file, 'utf8'))];
    const pieces = ['"', '{', '}', '=', '\n', ',', ' ', '\t', '[', ']', '(', ')', '#', '//', '/*', '$', '${', '%{', '<<', '.', '-', '*', ':', '?', '!', '~', '\\', 'x', 'EOT', '*/', 'for', 'in', 'if', '=>', '...'];
    const next = random(20261122);
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const source = sources[i % sources.length];
      const at = Math.floor(next() * source.length);
      const text = next() < 0.4 ? source.slice(0, at) + source.slice(at + 1) : source.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + source.slice(at);
      texts.push(text);
    }
    const { counts, mismatches } = tally(texts);
    expect(mismatches).toEqual([]);
    // The fast path takes a good share of the harmless mutations (inside strings and comments).
    expect(counts.same).toBeGreaterThan(100);
  }, 60_000);
});
