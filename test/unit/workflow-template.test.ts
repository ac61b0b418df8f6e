import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { ErrorPolicy } from '@actions/workflow-parser/model/convert';
import { validateWorkflowTemplate } from '../../server/src/engine/gha/workflow-template';
import type { Range } from '../../server/src/engine/model';
import { parseYamlStream } from '../../server/src/engine/yaml/document';
import { FIXTURES, listFiles } from '../helpers/fixtures';

// Parity: Shipshape feeds GitHub's workflow parser its own already-parsed YAML through a flat
// reader (gha/workflow-template.ts) instead of letting the parser read the text again. Whatever the
// workflow, the problems must be exactly GitHub's: same messages, same ranges, same order.

interface Problem {
  message: string;
  range?: Range;
}

/** GitHub's own path: its YAML reader, template reader and converter, on the raw text. */
async function reference(name: string, content: string): Promise<Problem[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (result.value) {
    await convertWorkflowTemplate(result.context, result.value, undefined, { errorPolicy: ErrorPolicy.TryConversion });
  }
  return result.context.errors.getErrors().map((error) => ({
    message: error.rawMessage,
    range: error.range && {
      start: { line: error.range.start.line - 1, character: error.range.start.column - 1 },
      end: { line: error.range.end.line - 1, character: error.range.end.column - 1 },
    },
  }));
}

/** Shipshape's path: the document as the engine parses it, through the flat reader. */
async function ours(name: string, content: string): Promise<Problem[]> {
  const { docs } = await parseYamlStream(content, undefined, { keepSourceTokens: true });
  return validateWorkflowTemplate(docs[0], name).map(({ message, range }) => ({ message, range }));
}

const header = 'on: push\npermissions:\n  contents: read\n';

/** Workflows with each kind of problem; `expect` is a fragment GitHub's messages must contain. */
const CASES: { name: string; text: string; expect: string | null }[] = [
  {
    name: 'unknown key',
    text: 'on:\n  push:\n    branchs: [main]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
    expect: "Unexpected value 'branchs'",
  },
  {
    name: 'wrong types',
    text: `${header}jobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: abc\n    continue-on-error: maybe\n    steps: make test\n`,
    expect: "Unexpected value 'abc'",
  },
  {
    name: 'bad expression syntax',
    text: `${header}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \${{ github.sha == }}\n      - if: \${{ contains(github.ref, 'x' }}\n        run: echo\n`,
    expect: 'Unexpected end of expression',
  },
  {
    name: 'unknown and unavailable contexts',
    text: `${header}jobs:\n  a:\n    if: \${{ secrets.TOKEN != '' }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \${{ foo.bar }}\n      - uses: \${{ matrix.action }}\n`,
    expect: "Unrecognized named-value: 'foo'",
  },
  {
    name: 'needs on a missing job, and a real cycle',
    text: `${header}jobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n  b:\n    needs: [a, lint]\n    runs-on: x\n    steps: [{run: b}]\n  c:\n    needs: d\n    runs-on: x\n    steps: [{run: c}]\n  d:\n    needs: c\n    runs-on: x\n    steps: [{run: d}]\n`,
    expect: "depends on unknown job 'lint'",
  },
  {
    name: 'no job without dependencies',
    text: `${header}jobs:\n  a:\n    needs: nope\n    runs-on: x\n    steps: [{run: a}]\n`,
    expect: 'at least one job with no dependencies',
  },
  {
    name: 'a typo in the runs-on key',
    text: `${header}jobs:\n  build:\n    runs_on: ubuntu-latest\n    steps:\n      - run: make\n`,
    expect: 'Required property is missing: runs-on',
  },
  {
    name: 'duplicate keys, exact and differing in case',
    text: `${header}jobs:\n  a:\n    runs-on: x\n    name: one\n    name: two\n    Runs-On: y\n    steps: [{run: a}]\n`,
    expect: "'name' is already defined",
  },
  {
    name: 'triggers: unknown event, bad cron, wrong input type',
    text: 'on:\n  pull_requests:\n  schedule:\n    - cron: "61 * * * *"\n  workflow_dispatch:\n    inputs:\n      level:\n        type: strin\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n',
    expect: 'Invalid cron expression',
  },
  {
    name: 'anchors and aliases, including an alias used where it does not fit',
    text: `${header}jobs:\n  a:\n    runs-on: &runner [self-hosted, linux]\n    env: &env\n      CI: 'true'\n    steps:\n      - &checkout\n        uses: actions/checkout@v4\n  b:\n    runs-on: *runner\n    env: *env\n    timeout-minutes: *env\n    steps:\n      - *checkout\n`,
    expect: 'A mapping was not expected',
  },
  {
    name: 'merge keys are not supported by GitHub',
    text: `${header}x-defaults: &defaults\n  runs-on: ubuntu-latest\njobs:\n  a:\n    <<: *defaults\n    steps: [{run: a}]\n`,
    expect: "Unexpected value '<<'",
  },
  {
    name: 'block scalars with expressions, headers and errors inside',
    text: `${header}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo "start"\n          echo \${{ foo.bar }}\n      - run: >-\n          make\n          \${{ github.sha == }}\n      - run: |+\n          keep\n\n      - run: |2\n           indented \${{ matrix.os }}\n      - run: |\n          echo \${{ github.sha }}\n`,
    expect: "Unrecognized named-value: 'foo'",
  },
  {
    name: 'columns after non-ASCII characters are UTF-16 code units',
    text: `name: 🚀 déploiement\n${header}jobs:\n  a:\n    name: 日本語 \${{ foo }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "🚀🚀 \${{ bar.baz }}"\n        naïve: 1\n`,
    expect: "Unexpected value 'naïve'",
  },
  {
    name: 'CRLF line breaks',
    text: 'on: push\r\njobs:\r\n  a:\r\n    runs-on: x\r\n    timeout-minutes: abc\r\n    steps:\r\n      - run: |\r\n          echo ${{ foo }}\r\n',
    expect: "Unexpected value 'abc'",
  },
  {
    name: 'comments, a document start marker and an end marker',
    text: `# The CI workflow\n%YAML 1.2\n---\n${header}jobs: # all of them\n  a:\n    runs-on: x # here\n    stepz: []\n...\n`,
    expect: "Unexpected value 'stepz'",
  },
  {
    name: 'flow style throughout',
    text: '{on: {push: {branches: [main]}}, jobs: {a: {runs-on: x, timeout-minutes: "soon", steps: [{run: make}, {uses: "a/b@v1", with: {k: v}}]}}}\n',
    expect: "Unexpected value 'soon'",
  },
  {
    name: 'tagged values',
    text: `${header}jobs:\n  a:\n    runs-on: !!str 123\n    timeout-minutes: !custom 5\n    steps: [{run: a}]\n`,
    expect: "Unexpected value '5'",
  },
  {
    name: 'an empty key',
    text: '? \n: value\non: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n',
    expect: "Unexpected value 'null'",
  },
  { name: 'root is a sequence', text: '- on: push\n- jobs: {}\n', expect: 'A sequence was not expected' },
  { name: 'root is a scalar', text: 'just a string\n', expect: 'Unexpected value' },
  { name: 'no jobs, no triggers', text: 'name: nothing\njobs:\n', expect: 'Required property is missing' },
  {
    name: 'reusable workflow calls and inputs',
    text: `on:\n  workflow_call:\n    inputs:\n      env: {type: string, required: true}\n    secrets:\n      token: {required: true}\n  workflow_dispatch:\n    inputs:\n      target: {type: environment}\njobs:\n  call:\n    uses: acme/x/.github/workflows/deploy.yml@v1\n    secrets: inherit\n    with:\n      env: \${{ inputs.env }}\n    runs-on: x\n  local:\n    needs: call\n    uses: ./.github/workflows/other.yml\n    secrets:\n      token: \${{ secrets.token }}\n`,
    expect: "Unexpected value 'runs-on'",
  },
  {
    name: 'a valid workflow with matrix include/exclude, services and environments',
    text: `${header}concurrency:\n  group: \${{ github.workflow }}-\${{ github.ref }}\n  cancel-in-progress: true\njobs:\n  test:\n    runs-on: \${{ matrix.os }}\n    strategy:\n      fail-fast: false\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n        node: [18, 20]\n        exclude:\n          - {os: windows-latest, node: 18}\n        include:\n          - {os: macos-latest, node: 20, experimental: true}\n    continue-on-error: \${{ matrix.experimental == true }}\n    container: {image: 'node:20'}\n    services:\n      db:\n        image: postgres:16\n        ports: ['5432:5432']\n    environment: {name: test, url: 'https://example.com'}\n    steps:\n      - uses: actions/cache@v4\n        with:\n          key: \${{ hashFiles('**/package-lock.json') }}\n      - run: npm test\n        if: \${{ !cancelled() && fromJSON(vars.RUN_TESTS || 'true') }}\n`,
    expect: null,
  },
];

describe('validateWorkflowTemplate matches GitHub’s parser', () => {
  for (const { name, text, expect: fragment } of CASES) {
    it(name, async () => {
      const expected = await reference(`${name}.yml`, text);
      if (fragment === null) expect(expected).toEqual([]);
      else expect(expected.map((problem) => problem.message).join('\n')).toContain(fragment);
      expect(await ours(`${name}.yml`, text)).toEqual(expected);
    });
  }

  // The one deliberate difference. GitHub's YAML reader hands `1:` and `true:` keys to its template
  // reader as a number and a boolean, which throws and abandons the whole file (a bug upstream; the
  // service itself reads such keys as text). Ours passes the key as written, so the result is what
  // GitHub's parser says about the same workflow with those keys quoted.
  it('numeric and boolean keys read as the text written (where GitHub’s parser throws)', async () => {
    const text = `on:\n  push:\n  1: x\nenv:\n  2: two\n  true: yes\n  3.50: x\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n`;
    const quoted = text.replace('  1: x', "  '1': x").replace('  2: two', "  '2': two").replace('  true: yes', "  'true': yes").replace('  3.50: x', "  '3.50': x");
    expect(await reference('keys.yml', text)).toEqual([{ message: 'raw.indexOf is not a function', range: undefined }]);
    const expected = await reference('keys.yml', quoted);
    expect(expected.map((problem) => problem.message)).toEqual(["Unexpected value '1'"]);
    const actual = await ours('keys.yml', text);
    // Quotes widen the quoted key's range; everything else must agree.
    const startsAndMessages = (problems: Problem[]) => problems.map(({ message, range }) => ({ message, start: range?.start }));
    expect(startsAndMessages(actual)).toEqual(startsAndMessages(expected));
    expect(actual[0].range).toEqual({ start: { line: 2, character: 2 }, end: { line: 2, character: 3 } });
  });

  it('every single-document workflow of the rule fixtures', async () => {
    const workflows = listFiles(FIXTURES).filter((file) => /\/\.github\/workflows\/[^/]+\.ya?ml$/.test(file));
    let compared = 0;
    let withProblems = 0;
    for (const file of workflows) {
      const text = fs.readFileSync(file, 'utf8');
      const { docs } = await parseYamlStream(text, undefined, { keepSourceTokens: true });
      // GitHub's reader stops at YAML errors (ours never gets such a document) and at a second
      // document; duplicate keys are not YAML errors to it, so those files are compared too.
      if (docs.length !== 1 || docs[0].doc.errors.some((error) => error.code !== 'DUPLICATE_KEY')) continue;
      const name = path.relative(FIXTURES, file);
      const expected = await reference(name, text);
      expect(await ours(name, text), name).toEqual(expected);
      compared++;
      if (expected.length > 0) withProblems++;
    }
    // The fixtures hold dozens of workflows, valid and invalid: make sure they were all seen.
    expect(compared).toBeGreaterThanOrEqual(30);
    expect(withProblems).toBeGreaterThanOrEqual(5);
  });
});
