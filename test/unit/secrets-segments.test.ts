import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import type { FileKind } from '../../server/src/engine/model';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import { expandFixtureText, FIXTURES, listFiles } from '../helpers/fixtures';

// YAML streams are scanned for secrets a document at a time (unchanged documents keep their scan,
// and the server keeps answering between documents). That must report exactly what one scan of the
// whole file reports: the same rules at the same ranges.

const tokens = [['ghp', '_', 'R7mQ2xkV9pLw4ZtB8nYc3HdJ6sFa1GuE0oKi'].join(''), ['AKIA', 'Q3EGRJ7V5XBN2TPL'].join('')];
const SECRET_RULES = ALL_RULES.filter((rule) => rule.id.startsWith('secrets/'));

async function secretFindings(text: string, kind: FileKind): Promise<string[]> {
  const engine = new Engine({ root: '/r', rules: SECRET_RULES });
  const file = '/r/k8s/stream.yaml';
  await engine.update({ path: file, text, kind });
  return (await engine.findings(file)).filter((finding) => finding.ruleId.startsWith('secrets/')).map((finding) => `${finding.ruleId} ${finding.range.start.line}:${finding.range.start.character}-${finding.range.end.line}:${finding.range.end.character} ${finding.severity}`);
}

describe('secrets: document-at-a-time scan of YAML streams', () => {
  it('reports what a whole-file scan reports, on every YAML fixture and on streams with markers and comments', async () => {
    const texts = listFiles(FIXTURES)
      .filter((file) => /\.ya?ml$/.test(file))
      .map((file) => expandFixtureText(fs.readFileSync(file, 'utf8')));
    texts.push(`# head ${tokens[0]}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  t: ${tokens[0]}\n--- # ${tokens[1]}\nkind: ConfigMap\ndata:\n  t: "${tokens[1]}"\n...\n---\nx: 1\n`);
    let withSecrets = 0;
    for (const text of texts) {
      const whole = await secretFindings(text, 'text'); // a text file: one scan of the whole file
      const byDocument = await secretFindings(text, 'k8s'); // a YAML stream: a scan per document
      expect(byDocument).toEqual(whole);
      if (whole.length > 0) withSecrets++;
    }
    expect(withSecrets).toBeGreaterThan(5);
  });
});
