import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../server/src/engine/rules/registry';
import { applyEdits, checkCase, listCases, readMarkers } from './helpers/fixtures';

// Rule fixtures, ESLint-RuleTester style: `fire*` cases must report exactly the marked lines,
// `silent*` cases (realistic near-misses) must report nothing for the rule, and `fix*` cases must
// turn into their `.fixed` twins when the rule's fixes are applied, still parse, and be clean.

const cases = listCases();

describe('every rule has fixtures', () => {
  for (const rule of ALL_RULES) {
    it(`${rule.id} has a fire case and a silent case${rule.fixable ? ' and a fix case' : ''}`, () => {
      const own = cases.filter((entry) => entry.ruleId === rule.id);
      expect(own.some((entry) => entry.mode === 'fire'), 'fire case').toBe(true);
      expect(own.some((entry) => entry.mode === 'silent'), 'silent case').toBe(true);
      if (rule.fixable) expect(own.some((entry) => entry.mode === 'fix'), 'fix case').toBe(true);
    });
  }
});

const key = (file: string, line: number, ruleId: string) => `${file}:${line + 1} ${ruleId}`;

for (const ruleCase of cases) {
  describe(ruleCase.ruleId, () => {
    it(`${ruleCase.name}`, async () => {
      const { engine, findings } = await checkCase(ruleCase.dir);
      const relative = (file: string) => path.relative(ruleCase.dir, file);
      const markers = readMarkers(ruleCase.dir);
      const checked = new Set([ruleCase.ruleId, ...markers.map((marker) => marker.ruleId)]);
      const actual = findings.filter((finding) => checked.has(finding.ruleId)).map((finding) => key(relative(finding.file), finding.range.start.line, finding.ruleId));
      const expected = markers.map((marker) => key(marker.file, marker.line, marker.ruleId));

      if (ruleCase.mode === 'fire') {
        expect(expected.filter((entry) => entry.endsWith(` ${ruleCase.ruleId}`)).length, 'a fire case marks at least one line').toBeGreaterThan(0);
      }
      if (ruleCase.mode !== 'fix') {
        expect(actual.sort()).toEqual(expected.sort());
        return;
      }

      const fixedFiles = fs.readdirSync(ruleCase.dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.fixed'));
      expect(fixedFiles.length, 'a fix case holds <file>.fixed').toBeGreaterThan(0);
      for (const fixedName of fixedFiles) {
        const target = path.join(ruleCase.dir, fixedName.slice(0, -'.fixed'.length));
        const own = findings.filter((finding) => finding.ruleId === ruleCase.ruleId && finding.file === target && finding.fixes?.length);
        expect(own.length, `${fixedName}: the rule offers a fix`).toBeGreaterThan(0);
        const edits = own.flatMap((finding) => finding.fixes![0].edits);
        expect(edits.every((edit) => edit.file === target)).toBe(true);
        const fixed = applyEdits(fs.readFileSync(target, 'utf8'), edits);
        expect(fixed).toBe(fs.readFileSync(path.join(ruleCase.dir, fixedName), 'utf8'));
        // The fixed file still parses and the finding is gone.
        await engine.update({ path: target, text: fixed });
        const after = await engine.findings(target);
        expect(after.filter((finding) => finding.ruleId.endsWith('/syntax-error') || finding.ruleId === ruleCase.ruleId)).toEqual([]);
      }
    });
  });
}
