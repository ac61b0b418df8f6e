import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import type { Finding, TextEdit } from '../../server/src/engine/model';
import { comparePositions } from '../../server/src/engine/model';
import { parseConfig, CONFIG_FILE_NAMES } from '../../server/src/engine/config';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import { loadFiles } from '../../server/src/engine/project';
import { LineIndex } from '../../server/src/engine/text';
import { fakeSecrets } from '../../scripts/bench/secrets-corpus.mjs';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
/** Fixtures run on a fixed date so `until=` suppressions expire deterministically. */
export const FIXTURE_TODAY = '2026-06-15';

const EXPECT = /(?:#|\/\/)\s*expect:\s*([\w/,\s-]+?)\s*(?:-->|\*\/)?$/;

export interface Marker {
  file: string;
  line: number;
  ruleId: string;
}

/**
 * `# expect: rule-a, rule-b` at the end of a line: those rules' findings start on that line. In
 * XML or CSS the marker may sit inside a comment whose closing token ends the line.
 */
export function readMarkers(caseDir: string): Marker[] {
  const markers: Marker[] = [];
  for (const file of listFiles(caseDir)) {
    if (file.endsWith('.fixed')) continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, line) => {
      const match = EXPECT.exec(text);
      if (!match) return;
      for (const ruleId of match[1].split(',').map((id) => id.trim()).filter(Boolean)) {
        markers.push({ file: path.relative(caseDir, file), line, ruleId });
      }
    });
  }
  return markers;
}

export function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(full));
    else files.push(full);
  }
  return files.sort();
}

/** An engine over one fixture case directory, configured by its own `.shipshape.yaml` if any. */
export async function checkCase(caseDir: string): Promise<{ engine: Engine; findings: Finding[] }> {
  const configFile = CONFIG_FILE_NAMES.map((name) => path.join(caseDir, name)).find((file) => fs.existsSync(file));
  const ruleIds = new Set(ALL_RULES.map((rule) => rule.id));
  const config = configFile ? parseConfig(fs.readFileSync(configFile, 'utf8'), configFile, ruleIds).config : undefined;
  const logs: string[] = [];
  const engine = new Engine({
    root: caseDir,
    config,
    today: () => FIXTURE_TODAY,
    probe: { exists: (file) => fs.existsSync(file) },
    logger: (message) => logs.push(message),
  });
  const loaded = await loadFiles(engine, [caseDir]);
  await expandFakeSecrets(engine, loaded);
  const findings = [...(await engine.allFindings()).values()].flat();
  if (logs.length > 0) throw new Error(`engine logged while checking ${caseDir}:\n${logs.join('\n')}`);
  return { engine, findings };
}

const FAKE = /^([ \t]*)(.*)$/gm;
const PLACEHOLDER = /\{\{fake:([\w-]+)(\|json)?\}\}/g;
const fakes = fakeSecrets(2026);

/**
 * Fixture files write provider credentials as `{{fake:github-pat}}`: the value is generated here,
 * so no credential-shaped string is ever committed (push protection would rightly refuse it).
 * A multi-line value (a private key) continues at its line's indentation, or with `\n` escapes
 * when written `{{fake:rsa-private-key|json}}`; it shifts the lines below it, so put it after every
 * other marked line.
 */
export function expandFixtureText(text: string): string {
  return text.replace(FAKE, (_line: string, indent: string, rest: string) =>
    indent +
    rest.replace(PLACEHOLDER, (_: string, format: string, json?: string) => {
      const value = fakes[format];
      if (value === undefined) throw new Error(`unknown fake secret format ${format}`);
      return value.split('\n').join(json ? '\\n' : `\n${indent}`);
    }),
  );
}

async function expandFakeSecrets(engine: Engine, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes('{{fake:')) await engine.update({ path: file, text: expandFixtureText(text) });
  }
}

/** Applies edits to a text (edits must not overlap), last first so offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => comparePositions(b.range.start, a.range.start));
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + result.slice(lines.offsetAt(edit.range.end));
  }
  return result;
}

export interface RuleCase {
  ruleId: string;
  name: string;
  dir: string;
  mode: 'fire' | 'silent' | 'fix';
}

/** Every case directory: test/fixtures/<domain>/<rule>/<fire*|silent*|fix*>/. */
export function listCases(): RuleCase[] {
  const cases: RuleCase[] = [];
  for (const domain of fs.readdirSync(FIXTURES)) {
    const domainDir = path.join(FIXTURES, domain);
    if (!fs.statSync(domainDir).isDirectory()) continue;
    for (const rule of fs.readdirSync(domainDir)) {
      const ruleDir = path.join(domainDir, rule);
      if (!fs.statSync(ruleDir).isDirectory()) continue;
      for (const name of fs.readdirSync(ruleDir)) {
        const mode = name.startsWith('fire') ? 'fire' : name.startsWith('silent') ? 'silent' : name.startsWith('fix') ? 'fix' : undefined;
        if (mode) cases.push({ ruleId: `${domain}/${rule}`, name, dir: path.join(ruleDir, name), mode });
      }
    }
  }
  return cases;
}
