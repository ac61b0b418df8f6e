import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import { FIXTURES, listFiles } from '../helpers/fixtures';
// @ts-expect-error: a plain ES module without type declarations
import * as generate from '../../scripts/bench/generate.mjs';

// Everything the engine keeps between versions (tree-sitter trees, per-block Terraform models,
// per-document YAML parses and findings) must give exactly what a fresh analysis gives.

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** One random edit: insert or delete a line, retype part of one, or duplicate one. */
function edit(text: string, next: () => number): string {
  const lines = text.split('\n');
  const at = Math.floor(next() * lines.length);
  const choice = next();
  if (choice < 0.25) lines.splice(at, 0, lines[Math.floor(next() * lines.length)]);
  else if (choice < 0.45) lines.splice(at, 1);
  else if (choice < 0.7) lines[at] = `${lines[at]} # edited`;
  else if (choice < 0.85) lines[at] = lines[at].slice(0, Math.floor(next() * lines[at].length));
  else lines.splice(at, 0, '');
  return lines.join('\n');
}

async function fresh(file: string, text: string) {
  const engine = new Engine({ root: '/r' });
  await engine.update({ path: file, text });
  return engine.findings(file);
}

describe('incremental analysis equals fresh analysis', () => {
  const cases: [string, string][] = [
    ['/r/infra/main.tf', generate.terraform(40)],
    ['/r/k8s/stream.yaml', generate.manifestStream(30)],
    ['/r/.github/workflows/ci.yml', generate.workflow(150)],
    ...listFiles(FIXTURES)
      .filter((file) => /\.(tf|ya?ml)$/.test(file) && fs.statSync(file).size < 6000)
      .filter((_, index) => index % 6 === 0)
      .map((file): [string, string] => [file.replace(FIXTURES, '/r'), fs.readFileSync(file, 'utf8')]),
  ];
  it.each(cases)('%s, through 25 random edits', async (file, original) => {
    const next = random(file.length * 7919);
    const engine = new Engine({ root: '/r', retainTrees: true });
    let text = original;
    for (let step = 0; step < 25; step++) {
      await engine.update({ path: file, text });
      const incremental = await engine.findings(file);
      expect(incremental, `step ${step}`).toEqual(await fresh(file, text));
      text = edit(text, next);
    }
  });
});
