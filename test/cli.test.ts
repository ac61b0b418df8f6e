import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../server/src/engine/model';
import { ALL_RULES } from '../server/src/engine/rules/registry';
import { BROKEN_WORKFLOW, DEPLOYMENT, DIST, PINNED_WORKFLOW, UNPINNED_WORKFLOW, makeWorkspace } from './helpers/workspace';

const CLI = path.join(DIST, 'cli.js');

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const repo = () =>
  makeWorkspace({
    '.github/workflows/deploy.yml': UNPINNED_WORKFLOW,
    '.github/workflows/lint.yml': PINNED_WORKFLOW,
    'k8s/web.yaml': DEPLOYMENT,
    'README.md': '# not analysed\n',
  });

describe('shipshape check', () => {
  it('prints compiler-style lines and a summary, relative to the working directory', () => {
    const root = repo();
    const { code, stdout } = run(root, 'check');
    expect(code).toBe(0); // only warnings: the default --fail-on is error
    expect(stdout).toContain('.github/workflows/deploy.yml:9:15: warning: `actions/checkout@v4` follows a tag');
    expect(stdout).toMatch(/^k8s\/web\.yaml:14:18: warning: Image `ghcr\.io\/acme\/web:latest` floats .* \[k8s\/image-floating-tag\]$/m);
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^\d+ problems \(0 errors, \d+ warnings, 0 info\) in 2 files of 4 checked\.$/); // README.md is read too (secrets)
  });

  it('exits 1 when a finding at or above --fail-on remains', () => {
    const root = repo();
    expect(run(root, 'check', '--fail-on', 'warning').code).toBe(1);
    expect(run(root, 'check', '--fail-on=info').code).toBe(1);
    expect(run(root, 'check', '--fail-on', 'never').code).toBe(0);
    fs.writeFileSync(path.join(root, '.github/workflows/broken.yml'), BROKEN_WORKFLOW);
    const broken = run(root, 'check');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('.github/workflows/broken.yml:4:5: error:');
    expect(broken.stdout).toContain('[gha/invalid-workflow]');
  });

  it('exits 0 with "No problems" on a clean tree', () => {
    const root = makeWorkspace({ '.github/workflows/lint.yml': PINNED_WORKFLOW });
    const { code, stdout } = run(root, 'check', '.');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('No problems in 1 file.');
  });

  it('exits 2 with a clear message on usage errors', () => {
    const root = repo();
    for (const [args, message] of [
      [['check', '--format', 'xml'], '--format must be one of text, json, sarif, not "xml"'],
      [['check', '--fail-on'], '--fail-on needs a value'],
      [['check', '--bogus'], 'unknown option --bogus'],
      [['check', 'no/such/dir'], 'no such file or directory: no/such/dir'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['check', '--config', 'missing.yaml'], 'configuration file not found: missing.yaml'],
    ] as const) {
      const result = run(root, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    }
  });

  it('refuses to run with an invalid .shipshape.yaml, listing every problem', () => {
    const root = repo();
    fs.writeFileSync(path.join(root, '.shipshape.yaml'), 'rules:\n  gha/unpined-action: off\nignores: []\n');
    const { code, stderr } = run(root, 'check');
    expect(code).toBe(2);
    expect(stderr).toContain('.shipshape.yaml:2:3: error: Unknown rule `gha/unpined-action`; did you mean `gha/unpinned-action`?');
    expect(stderr).toContain('.shipshape.yaml:3:1: error: Unknown key `ignores`');
  });

  it('honours .gitignore and configuration ignores', () => {
    const root = repo();
    fs.writeFileSync(path.join(root, '.gitignore'), 'k8s/\n');
    const ignored = run(root, 'check', '--format', 'json');
    expect((JSON.parse(ignored.stdout) as Finding[]).some((finding) => finding.file.startsWith('k8s/'))).toBe(false);
    fs.writeFileSync(path.join(root, '.gitignore'), '');
    fs.writeFileSync(path.join(root, '.shipshape.yaml'), 'ignore: [".github/"]\n');
    const configured = JSON.parse(run(root, 'check', '--format', 'json').stdout) as Finding[];
    expect(configured.map((finding) => finding.file)).toEqual(['k8s/web.yaml', 'k8s/web.yaml']);
  });
});

describe('output formats', () => {
  it('json is an array of findings with paths relative to the working directory', () => {
    const root = repo();
    const findings = JSON.parse(run(path.join(root, 'k8s'), 'check', '..', '--format', 'json').stdout) as Finding[];
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(Object.keys(finding).sort()).toEqual(expect.arrayContaining(['file', 'message', 'range', 'ruleId', 'severity']));
      expect(['error', 'warning', 'info']).toContain(finding.severity);
      expect(path.isAbsolute(finding.file)).toBe(false);
      expect(fs.existsSync(path.join(root, 'k8s', finding.file))).toBe(true);
      expect(finding.range.start.line).toBeGreaterThanOrEqual(0);
    }
    const unpinned = findings.find((finding) => finding.ruleId === 'gha/unpinned-action');
    expect(unpinned).toMatchObject({ file: '../.github/workflows/deploy.yml', range: { start: { line: 8, character: 14 }, end: { line: 8, character: 33 } } });
    // The SHA pinned in lint.yml is offered as the fix, with the version kept as a comment.
    expect(unpinned!.fixes![0].edits).toEqual([
      {
        file: '../.github/workflows/deploy.yml',
        range: unpinned!.range,
        newText: 'actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1',
      },
    ]);
  });

  it('sarif is valid SARIF 2.1.0 with rules, help URIs, locations and fixes', () => {
    const root = repo();
    const { code, stdout } = run(root, 'check', '--format', 'sarif');
    expect(code).toBe(0);
    const log = JSON.parse(stdout);
    const schemaFile = path.resolve(__dirname, '..', 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);

    const run0 = log.runs[0];
    expect(run0.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(ALL_RULES.map((rule) => rule.id));
    for (const rule of run0.tool.driver.rules) expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
    const result = run0.results.find((entry: { ruleId: string }) => entry.ruleId === 'gha/unpinned-action');
    expect(result.level).toBe('warning');
    expect(run0.tool.driver.rules[result.ruleIndex].id).toBe('gha/unpinned-action');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: '.github/workflows/deploy.yml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 9, startColumn: 15, endLine: 9, endColumn: 34 },
    });
    expect(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toContain('# v4.1.1');
    expect(result.partialFingerprints['shipshape/v1']).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('shipshape baseline', () => {
  it('records findings so that check reports only new ones', () => {
    const root = repo();
    const recorded = run(root, 'baseline');
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toMatch(/^Recorded \d+ findings in \.shipshape-baseline\.json/);
    const baseline = JSON.parse(fs.readFileSync(path.join(root, '.shipshape-baseline.json'), 'utf8'));
    expect(baseline.findings.length).toBeGreaterThan(0);
    expect(run(root, 'check', '--fail-on', 'info').stdout.trim()).toBe('No problems in 4 files.'); // README.md is read too (secrets)

    // A new finding is reported; the recorded ones stay hidden even though their lines moved.
    fs.writeFileSync(path.join(root, 'k8s/web.yaml'), `# owned by team web\n${DEPLOYMENT.replace('ports:', 'imagePullPolicy: Always\n          ports:')}`);
    fs.writeFileSync(path.join(root, 'k8s/api.yaml'), DEPLOYMENT.replace(/web/g, 'api'));
    const after = JSON.parse(run(root, 'check', '--format', 'json').stdout) as Finding[];
    expect([...new Set(after.map((finding) => finding.file))]).toEqual(['k8s/api.yaml']);
    expect(run(root, 'check', '--no-baseline', '--format', 'json').stdout).toContain('k8s/web.yaml');
  });

  it('rejects a corrupt baseline with exit code 2', () => {
    const root = repo();
    fs.writeFileSync(path.join(root, 'old.json'), '{"version": 2}');
    const result = run(root, 'check', '--baseline', 'old.json');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot use baseline old.json: not a Shipshape baseline');
  });
});

describe('shipshape rules', () => {
  it('lists every rule, as text and as json', () => {
    const text = run(process.cwd(), 'rules').stdout;
    for (const rule of ALL_RULES) expect(text).toContain(rule.id);
    const json = JSON.parse(run(process.cwd(), 'rules', '--format', 'json').stdout);
    expect(json.map((rule: { id: string }) => rule.id)).toEqual(ALL_RULES.map((rule) => rule.id));
  });

  it('prints its version and help', () => {
    expect(run(process.cwd(), '--version').stdout.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
    expect(run(process.cwd(), '--help').stdout).toContain('shipshape check [paths...]');
  });
});

describe('bad input through the CLI', () => {
  it('explains every unreadable file and never crashes', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'data:', '  a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghij'.split('').map((name, index) => `  ${name}: &${name} [${Array(9).fill(`*${'abcdefghij'[index]}`).join(',')}]`)].join('\n');
    const root = makeWorkspace({
      'k8s/binary.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: Secret\n'), Buffer.alloc(64, 0)]),
      'k8s/deep.yaml': deep,
      'k8s/bomb.yaml': `${bomb}\n`,
      'k8s/latin1.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'),
      'infra/broken.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n',
    });
    const huge = path.join(root, 'k8s/huge.yaml');
    const line = `  k: "${'x'.repeat(60)}"\n`;
    fs.writeFileSync(huge, `apiVersion: v1\nkind: ConfigMap\ndata:\n${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}`);

    const started = Date.now();
    const { code, stdout, stderr } = run(root, 'check', '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    const byFile = new Map<string, string[]>();
    for (const finding of JSON.parse(stdout) as Finding[]) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), `${finding.ruleId}: ${finding.message}`]);
    expect(byFile.get('k8s/binary.yaml')).toEqual([expect.stringMatching(/^shipshape\/file-not-analyzed: .*binary/)]);
    expect(byFile.get('k8s/huge.yaml')).toEqual([expect.stringMatching(/^shipshape\/file-not-analyzed: Not analysed: 50\.\d MB, over the 10\.0 MB limit/)]);
    expect(byFile.get('k8s/deep.yaml')).toContainEqual(expect.stringMatching(/^yaml\/syntax-error: YAML nesting is too deep/));
    expect(byFile.get('k8s/bomb.yaml')).toEqual([expect.stringMatching(/^yaml\/syntax-error: Excessive aliasing/)]);
    expect(byFile.get('k8s/latin1.yaml')).toContainEqual(expect.stringMatching(/^shipshape\/invalid-encoding: .*offset 52/));
    expect(byFile.get('infra/broken.tf')).toContainEqual(expect.stringMatching(/^tf\/syntax-error: Block `resource "aws_s3_bucket" "b"` is never closed/));
  });
});

describe('shipshape readiness', () => {
  const examples = path.resolve(__dirname, '..', 'examples');

  it('prints the verdict, each unit and the evidence of what is in the way', () => {
    const { code, stdout } = run(path.resolve(__dirname, '..'), 'readiness', 'examples');
    expect(code).toBe(1); // the examples carry a schema error: Blocked
    expect(stdout.split('\n')[0]).toMatch(/^Deploy readiness: Blocked \(score \d+\/100\)$/);
    expect(stdout).toContain('Pipeline: deploy (examples/.github/workflows/deploy.yml): Blocked');
    expect(stdout).toMatch(/FAIL\s+Files are valid against their schemas \(blocking\)/);
    expect(stdout).toContain('examples/.github/workflows/deploy.yml:35:20: Job `deploy` needs `scan`');
    expect(stdout).toContain('Terraform root module: infra (examples/infra)');
  });

  it('--format json is the report the language server returns; paths relative to the repository', () => {
    const { code, stdout } = run(examples, 'readiness', '--format', 'json', '--fail-on', 'never');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ schemaVersion: 1, root: examples, verdict: 'blocked' });
    expect(report.units.map((unit: { id: string }) => unit.id)).toEqual([
      'pipeline:.github/workflows/deploy.yml',
      'k8s-app:k8s#checkout-api',
      'k8s-app:k8s#redis',
      'terraform-root:infra',
      'repository:.',
    ]);
    const probes = report.units[1].gates.find((gate: { id: string }) => gate.id === 'health-checks');
    expect(probes.evidence.some((item: { file: string; ruleId?: string }) => item.file === 'k8s/deployment.yaml' && item.ruleId === 'k8s/missing-probes')).toBe(true);
  });

  it('--format markdown suits a job summary, and escapes what came from files', () => {
    const root = makeWorkspace({
      '.github/workflows/deploy.yml': 'name: "<script>alert(1)</script>"\non: push\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: fly deploy\n',
    });
    const { stdout } = run(root, 'readiness', '--format', 'markdown');
    expect(stdout.split('\n')[0]).toMatch(/^## (✅|⚠️|❌) Deploy readiness: /);
    expect(stdout).toContain('| --- | --- | --- | --- |');
    expect(stdout).toContain('&lt;script&gt;');
    expect(stdout).not.toContain('<script>');
  });

  it('--fail-on warnings fails a repository that is only Ready with warnings', () => {
    const root = makeWorkspace({ 'k8s/web.yaml': DEPLOYMENT });
    expect(run(root, 'readiness').code).toBe(0);
    expect(run(root, 'readiness', '--fail-on', 'warnings').code).toBe(1);
    expect(run(root, 'readiness', '--format', 'yaml').code).toBe(2);
  });
});
