import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../server/src/engine/rules/registry';
import { GATES } from '../server/src/engine/gates';
// @ts-expect-error: a plain ES module without type declarations
import { renderRuleIndex } from '../scripts/rule-index.mjs';

const DOCS = path.resolve(__dirname, '..', 'docs', 'rules');
const SECTIONS = ['## What it catches', '## Why it matters', '## How to fix', '## Examples', '## Suppress'];

describe('rule documentation', () => {
  for (const rule of ALL_RULES) {
    it(`${rule.id} has a page that matches its metadata`, () => {
      const file = path.join(DOCS, `${rule.id}.md`);
      expect(fs.existsSync(file), file).toBe(true);
      const text = fs.readFileSync(file, 'utf8');
      const [title, , meta] = text.split('\n');
      expect(title).toBe(`# ${rule.id}`);
      const gate = rule.gate ? GATES.find((entry) => entry.id === rule.gate)!.title : 'none';
      expect(meta).toBe(`**${rule.title}** · severity: ${rule.severity} · gate: ${gate} · quick fix: ${rule.fixable ? 'yes' : 'no'}`);
      let position = 0;
      for (const section of SECTIONS) {
        const at = text.indexOf(`\n${section}\n`, position);
        expect(at, `${rule.id}: "${section}" in order`).toBeGreaterThan(position - 1);
        position = at;
      }
    });
  }

  it('the index is generated from the registry (run `npm run docs` after adding a rule)', () => {
    expect(fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8')).toBe(renderRuleIndex(ALL_RULES));
  });

  it('every rule id is <domain>/<kebab-name> and unique', () => {
    const ids = ALL_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(yaml|gha|gitlab|k8s|tf|secrets|delivery|shipshape)\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
