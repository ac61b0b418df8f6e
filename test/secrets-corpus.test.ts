import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../server/src/engine/engine';
import type { Finding } from '../server/src/engine/model';
import { ALL_RULES } from '../server/src/engine/rules/registry';
import { loadFiles } from '../server/src/engine/project';
import { LineIndex } from '../server/src/engine/text';
import { labelledCorpus } from '../scripts/bench/secrets-corpus.mjs';
import { makeWorkspace } from './helpers/workspace';

// A labelled corpus, generated: true positives of every supported format in the files that carry
// them in real repositories, and false-positive traps (hashes, UUIDs, base64 images, lockfile
// integrity strings, documentation examples, SSH public keys, test fixtures, secret references,
// Vault paths, encrypted values). Recall must be 100% and the traps must stay silent; the figures
// are printed and saved to test-results/secrets-quality.json.

const corpus = labelledCorpus();
const SECRET_RULES = new Set(ALL_RULES.filter((rule) => rule.gate === 'no-secrets').map((rule) => rule.id));

let root: string;
let findings: Finding[] = [];
let files: string[] = [];

beforeAll(async () => {
  root = makeWorkspace({ ...corpus.files, ...Object.fromEntries(Object.entries(corpus.traps).map(([file, text]) => [`traps/${file}`, text])) });
  const logs: string[] = [];
  const engine = new Engine({ root, probe: { exists: (file) => fs.existsSync(file) }, logger: (message) => logs.push(message) });
  files = await loadFiles(engine, [root]);
  findings = [...(await engine.allFindings()).values()].flat().filter((finding) => SECRET_RULES.has(finding.ruleId));
  expect(logs).toEqual([]);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');

function covering(file: string, value: string): Finding | undefined {
  const text = file in corpus.files ? corpus.files[file] : '';
  const lines = new LineIndex(text);
  const start = lines.positionAt(text.indexOf(value));
  const end = lines.positionAt(text.indexOf(value) + value.length);
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  // A context rule may point at the key on the secret's line (k8s/secret-in-manifest), or list it as related.
  const onLine = (range: Finding['range']) => range.start.line === start.line && range.end.line === start.line;
  return findings.find(
    (finding) =>
      relative(finding.file) === file &&
      ((before(finding.range.start, start) && before(end, finding.range.end)) || onLine(finding.range) || (finding.related ?? []).some((item) => onLine(item.range))),
  );
}

describe('secrets: labelled corpus', () => {
  it('finds every planted secret (recall 100% over the formats) and reports none of the traps', () => {
    const perFormat = corpus.planted.map((entry) => {
      const found = covering(entry.file, entry.value);
      return { format: entry.format, file: entry.file, found: Boolean(found), ruleId: found?.ruleId, severity: found?.severity };
    });
    const fileLevel = corpus.fileLevel.map((entry) => ({ ...entry, found: findings.some((finding) => finding.ruleId === entry.ruleId && relative(finding.file) === entry.file) }));
    const trapFindings = findings.filter((finding) => relative(finding.file).startsWith('traps/'));
    const falsePositives = trapFindings.filter((finding) => finding.severity !== 'info');
    const documentationExamples = trapFindings.filter((finding) => finding.severity === 'info');
    const outside = findings.filter((finding) => !relative(finding.file).startsWith('traps/') && !perFormat.some((entry) => entry.file === relative(finding.file)) && !corpus.fileLevel.some((entry) => entry.file === relative(finding.file)));

    const formats = new Set(perFormat.map((entry) => entry.format));
    const missed = perFormat.filter((entry) => !entry.found);
    const report = {
      formats: formats.size,
      planted: perFormat.length,
      found: perFormat.length - missed.length,
      recall: (perFormat.length - missed.length) / perFormat.length,
      fileLevel,
      trapFiles: Object.keys(corpus.traps).length,
      falsePositives: falsePositives.map((finding) => ({ file: relative(finding.file), line: finding.range.start.line + 1, ruleId: finding.ruleId })),
      documentationExamplesAtInfo: documentationExamples.map((finding) => ({ file: relative(finding.file), line: finding.range.start.line + 1, ruleId: finding.ruleId })),
      byRule: Object.fromEntries([...new Set(perFormat.map((entry) => entry.ruleId ?? 'missed'))].map((ruleId) => [ruleId, perFormat.filter((entry) => (entry.ruleId ?? 'missed') === ruleId).length])),
      perFormat,
    };
    fs.mkdirSync(path.resolve(__dirname, '..', 'test-results'), { recursive: true });
    fs.writeFileSync(path.resolve(__dirname, '..', 'test-results', 'secrets-quality.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      [
        'secrets corpus | value',
        '--- | ---',
        `formats | ${formats.size}`,
        `planted secrets | ${perFormat.length}`,
        `found | ${report.found} (recall ${(report.recall * 100).toFixed(1)}%)`,
        `whole-file findings (tfstate, .env) | ${fileLevel.filter((entry) => entry.found).length}/${fileLevel.length}`,
        `trap files | ${report.trapFiles}`,
        `false positives (warning/error on traps) | ${falsePositives.length}`,
        `documentation examples reported at info | ${documentationExamples.length}`,
        `found by rule | ${Object.entries(report.byRule).map(([ruleId, count]) => `${ruleId} ${count}`).join(', ')}`,
      ].join('\n'),
    );

    expect(missed.map((entry) => `${entry.format} in ${entry.file}`)).toEqual([]);
    expect(fileLevel.filter((entry) => !entry.found)).toEqual([]);
    expect(report.falsePositives).toEqual([]);
    expect(outside.map((finding) => `${relative(finding.file)}:${finding.range.start.line + 1} ${finding.ruleId}`)).toEqual([]);
    // The documentation examples are the AWS documentation key ID, at info only.
    expect(documentationExamples.map((finding) => `${relative(finding.file)} ${finding.ruleId}`)).toEqual(['traps/README.md secrets/known-credential']);
  });

  it('every trap file was read (not skipped by accident), lockfiles and bundles excepted', () => {
    const read = new Set(files.map(relative));
    for (const file of Object.keys(corpus.traps).map((name) => `traps/${name}`)) {
      const skipped = /(package-lock\.json|yarn\.lock|go\.sum|\.terraform\.lock\.hcl|\.min\.js)$/.test(file);
      expect(read.has(file), file).toBe(!skipped);
    }
  });
});
