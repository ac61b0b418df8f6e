import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/model';
import { CancelledError } from '../../server/src/engine/input';
import { defineK8sRule, defineYamlRule } from '../../server/src/engine/rules/define';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import { parseConfig } from '../../server/src/engine/config';
import { Baseline, createBaseline } from '../../server/src/engine/baseline';

const ROOT = '/work/virtual';
const at = (relative: string) => `${ROOT}/${relative}`;

function deployment(name: string, image: string, extra = ''): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  selector:',
    `    matchLabels: { app: ${name} }`,
    '  template:',
    '    metadata:',
    `      labels: { app: ${name} }`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${image}${extra}`,
    '',
  ].join('\n');
}

async function check(engine: Engine, file: string, text: string): Promise<Finding[]> {
  await engine.update({ path: file, text });
  return engine.findings(file);
}

const lines = (findings: Finding[], ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.range.start.line);

describe('rule isolation', () => {
  it('a rule that throws is logged once and the other rules still report', async () => {
    const logs: string[] = [];
    const broken = defineYamlRule({
      id: 'test/broken',
      title: 'broken',
      severity: 'error',
      tags: [],
      gate: null,
      fixable: false,
      description: 'throws',
      kinds: ['k8s'],
      check() {
        throw new Error('boom');
      },
    });
    const working = defineK8sRule({
      id: 'test/working',
      title: 'working',
      severity: 'warning',
      tags: [],
      gate: null,
      fixable: false,
      description: 'reports every object',
      check({ k8s, doc, report }) {
        for (const object of k8s.objects) report({ range: doc.rangeOf(object.map), message: `saw ${object.name}` });
      },
    });
    const engine = new Engine({ root: ROOT, rules: [broken, working], logger: (message) => logs.push(message) });
    const first = await check(engine, at('a.yaml'), deployment('a', 'nginx:1.27'));
    const second = await check(engine, at('b.yaml'), deployment('b', 'nginx:1.27'));
    expect(first.map((finding) => finding.message)).toEqual(['saw a']);
    expect(second.map((finding) => finding.message)).toEqual(['saw b']);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('test/broken');
    expect(logs[0]).toContain('boom');
  });
});

describe('incremental analysis', () => {
  it('re-uses unchanged documents and still reports them at their new lines', async () => {
    const stream = [deployment('a', 'nginx'), deployment('b', 'redis:latest'), deployment('c', 'ghcr.io/acme/c:1.0')].join('---\n');
    const engine = new Engine({ root: ROOT });
    const before = await check(engine, at('k8s/all.yaml'), stream);
    const edited = `# a comment pushes everything down\n${stream}`;
    const after = await check(engine, at('k8s/all.yaml'), edited);
    const fresh = await check(new Engine({ root: ROOT }), at('k8s/all.yaml'), edited);
    expect(lines(before, 'k8s/image-floating-tag').map((line) => line + 1)).toEqual(lines(after, 'k8s/image-floating-tag'));
    expect(after).toEqual(fresh);
  });

  it('re-runs cross-file rules when another file changes what they depend on', async () => {
    const engine = new Engine({ root: ROOT });
    const floating = at('k8s/web.yaml');
    await engine.update({ path: floating, text: deployment('web', 'ghcr.io/acme/web') });
    const withoutPin = (await engine.findings(floating)).find((finding) => finding.ruleId === 'k8s/image-floating-tag');
    expect(withoutPin?.fixes ?? []).toEqual([]);

    await engine.update({ path: at('k8s/web-prod.yaml'), text: deployment('web-prod', 'ghcr.io/acme/web:2.4.1') });
    const withPin = (await engine.findings(floating)).find((finding) => finding.ruleId === 'k8s/image-floating-tag');
    expect(withPin?.fixes?.map((fix) => fix.edits[0].newText)).toEqual(['ghcr.io/acme/web:2.4.1']);

    engine.remove(at('k8s/web-prod.yaml'));
    const afterRemoval = (await engine.findings(floating)).find((finding) => finding.ruleId === 'k8s/image-floating-tag');
    expect(afterRemoval?.fixes ?? []).toEqual([]);
  });

  it('stops a cancelled analysis and keeps the previous version', async () => {
    const engine = new Engine({ root: ROOT });
    const file = at('k8s/big.yaml');
    const small = deployment('a', 'nginx:1.27');
    await engine.update({ path: file, text: small });
    const big = Array.from({ length: 3000 }, (_, index) => deployment(`app${index}`, 'nginx:1.27')).join('---\n');
    await expect(engine.update({ path: file, text: big }, () => true)).rejects.toBeInstanceOf(CancelledError);
    expect(engine.textOf(file)).toBe(small);
  });
});

describe('configuration', () => {
  const ruleIds = new Set(ALL_RULES.map((rule) => rule.id));

  it('overrides severities, turns rules off and applies path exceptions', async () => {
    const { config, problems } = parseConfig(
      [
        'rules:',
        '  k8s/image-floating-tag: error',
        '  k8s/missing-probes: off',
        'exceptions:',
        '  - rules: [k8s/image-floating-tag]',
        '    paths: ["dev/"]',
        '    reason: dev tracks latest',
      ].join('\n'),
      `${ROOT}/.shipshape.yaml`,
      ruleIds,
    );
    expect(problems).toEqual([]);
    const engine = new Engine({ root: ROOT, config });
    const prod = await check(engine, at('prod/web.yaml'), deployment('web', 'nginx'));
    const dev = await check(engine, at('dev/web.yaml'), deployment('web', 'nginx'));
    expect(prod.map((finding) => `${finding.ruleId}:${finding.severity}`)).toEqual(['k8s/image-floating-tag:error']);
    expect(dev).toEqual([]);
  });

  it('reports a broken .shipshape.yaml and keeps analysing with defaults', async () => {
    const engine = new Engine({ root: ROOT });
    const broken = await check(engine, at('.shipshape.yaml'), 'rules: [this is: not: valid\n  - ]');
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.every((finding) => finding.ruleId === 'yaml/syntax-error' || finding.ruleId === 'shipshape/invalid-config')).toBe(true);
    expect(lines(await check(engine, at('k8s/web.yaml'), deployment('web', 'nginx')), 'k8s/image-floating-tag')).toEqual([13]);
  });
});

describe('baseline', () => {
  it('hides recorded findings even when lines move, and shows new or changed ones', async () => {
    const engine = new Engine({ root: ROOT });
    const file = at('k8s/web.yaml');
    const original = deployment('web', 'nginx');
    const recorded = await check(engine, file, original);
    expect(recorded.length).toBeGreaterThan(0);
    const baseline = Baseline.parse(JSON.stringify(createBaseline(recorded, engine.fingerprintSource())));
    expect(JSON.stringify(baseline.file)).not.toContain('nginx');

    engine.setBaseline(baseline);
    expect(await check(engine, file, `# moved down\n\n${original}`)).toEqual([]);
    const changed = await check(engine, file, original.replace('image: nginx', 'image: redis'));
    expect(changed.map((finding) => finding.ruleId)).toEqual(['k8s/image-floating-tag']);
  });

  it('rejects files that are not baselines', () => {
    expect(() => Baseline.parse('{"findings": []}')).toThrow(/not a Shipshape baseline/);
    expect(() => Baseline.parse('not json')).toThrow();
  });
});

describe('bad input never crashes and always explains itself', () => {
  const engine = new Engine({ root: ROOT });
  const ruleIdsOf = (findings: Finding[]) => [...new Set(findings.map((finding) => finding.ruleId))];

  it('binary content', async () => {
    const bytes = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\n'), Buffer.from([0, 159, 146, 150, 0, 1, 2])]);
    await engine.update({ path: at('k8s/binary.yaml'), bytes });
    const findings = await engine.findings(at('k8s/binary.yaml'));
    expect(ruleIdsOf(findings)).toEqual(['shipshape/file-not-analyzed']);
    expect(findings[0].message).toMatch(/binary/);
  });

  it('a 50 MB YAML file', async () => {
    const line = '  key: "0123456789012345678901234567890123456789"\n';
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}`;
    expect(text.length).toBeGreaterThan(50 * 1024 * 1024);
    const started = Date.now();
    const findings = await check(engine, at('k8s/huge.yaml'), text);
    expect(ruleIdsOf(findings)).toEqual(['shipshape/file-not-analyzed']);
    expect(findings[0].message).toMatch(/50\.\d MB, over the 10\.0 MB limit/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a YAML alias bomb', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level <= 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const current = String.fromCharCode(97 + level);
      levels.push(`${current}: &${current} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${levels.map((entry) => `  ${entry}`).join('\n')}\n`;
    const findings = await check(engine, at('k8s/bomb.yaml'), text);
    expect(ruleIdsOf(findings)).toEqual(['yaml/syntax-error']);
    expect(findings[0].message).toMatch(/Excessive aliasing/);
    const workflow = await check(engine, at('.github/workflows/bomb.yml'), `on: push\n${levels.join('\n')}\njobs: {}\n`);
    expect(ruleIdsOf(workflow)).toEqual(['yaml/syntax-error']);
  });

  it('10,000 levels of flow nesting, 2,000 of block nesting', async () => {
    const depth = 10_000;
    const flow = `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    // 10,000 block levels would be 48 MB of indentation (the size limit answers that); 2,000 is 2 MB.
    const block = `apiVersion: v1\nkind: ConfigMap\n${Array.from({ length: 2000 }, (_, index) => `${' '.repeat(index)}k:`).join('\n')}\n`;
    for (const [name, text] of [['flow', flow], ['block', block]]) {
      const findings = await check(engine, at(`k8s/deep-${name}.yaml`), text);
      expect(findings.some((finding) => finding.ruleId === 'yaml/syntax-error' && /too deep/.test(finding.message))).toBe(true);
    }
    const hcl = `locals {\n  x = ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`;
    const tf = await check(engine, at('infra/deep.tf'), hcl);
    expect(Array.isArray(tf)).toBe(true);
  });

  it('invalid UTF-8 is analysed with replacement characters and reported', async () => {
    const text = deployment('web', 'nginx');
    const split = text.indexOf('spec:');
    const bytes = Buffer.concat([Buffer.from(`${text.slice(0, split)}  annotations: { note: "caf`), Buffer.from([0xe9]), Buffer.from(`" }\n${text.slice(split)}`)]);
    await engine.update({ path: at('k8s/latin1.yaml'), bytes });
    const findings = await engine.findings(at('k8s/latin1.yaml'));
    expect(ruleIdsOf(findings)).toContain('shipshape/invalid-encoding');
    expect(ruleIdsOf(findings)).toContain('k8s/image-floating-tag');
  });

  it('broken HCL of every kind', async () => {
    for (const text of ['resource "a" "b" {', '}}}}', 'x = "${var.y', '\u0000\u0001', 'a = 3e2\nb = 1E+5\n', '']) {
      const findings = await check(engine, at('infra/broken.tf'), text);
      expect(Array.isArray(findings)).toBe(true);
    }
    expect(lines(await check(engine, at('infra/exp.tf'), 'a = 3e2\nb = 1E+5\n'), 'tf/syntax-error')).toEqual([]);
  });
});
