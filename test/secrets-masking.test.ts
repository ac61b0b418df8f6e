import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecrets, revealingPart } from '../scripts/bench/secrets-corpus.mjs';
import { DIST, makeWorkspace } from './helpers/workspace';
import { LspClient } from './helpers/lsp-client';

// Never show a secret: secrets of every supported format are planted in files of every kind, and
// no output of the CLI (text, json, sarif, baseline, rules) or of the language server (diagnostics,
// code action titles and edits, log messages, stderr) may contain any of them in full.

const secrets = fakeSecrets(4242);
const entries = Object.entries(secrets).map(([format, value], index) => ({ name: `SECRET_${index}_${format.replace(/-/g, '_').toUpperCase()}`, format, value }));
const isMultiLine = (value: string) => value.includes('\n');
const escaped = (value: string) => value.replace(/\n/g, '\\n');
const indent = (value: string, spaces: number) => value.split('\n').join(`\n${' '.repeat(spaces)}`);
/** URL formats are passwords: plant them inside a URL, the way they occur. */
const asWritten = (format: string, value: string) => (format.startsWith('url-') ? `postgres://app:${value}@db.prod.acme.io:5432/app` : value);

const yamlValue = (format: string, value: string, spaces: number) => (isMultiLine(value) ? `|\n${' '.repeat(spaces)}${indent(value, spaces)}` : JSON.stringify(asWritten(format, value)));

const files: Record<string, string> = {
  '.github/workflows/deploy.yml': [
    'name: deploy',
    'on: [push]',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 10',
    '    env:',
    ...entries.map(({ name, format, value }) => `      ${name}: ${yamlValue(format, value, 8)}`),
    '    steps:',
    '      - run: |',
    ...entries.filter(({ value }) => !isMultiLine(value)).map(({ name, format, value }) => `          export ${name}='${asWritten(format, value)}'`),
    // A deploy command line becomes readiness evidence: the secret on it must not.
    ...entries.filter(({ value }) => !isMultiLine(value)).map(({ format, value }) => `      - run: helm upgrade --install app ./chart --set token=${asWritten(format, value)} --wait`),
    '',
  ].join('\n'),
  '.gitlab-ci.yml': ['variables:', ...entries.map(({ name, format, value }) => `  ${name}: ${yamlValue(format, value, 4)}`), 'deploy:', '  script:', '    - ./deploy.sh', ''].join('\n'),
  'k8s/secrets.yaml': [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: app',
    'stringData:',
    ...entries.map(({ name, format, value }) => `  ${name.toLowerCase()}: ${yamlValue(format, value, 4)}`),
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: app',
    'spec:',
    '  selector: {matchLabels: {app: app}}',
    '  template:',
    '    metadata: {labels: {app: app}}',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: ghcr.io/acme/app:1.2.3',
    '          env:',
    ...entries.flatMap(({ name, format, value }) => [`            - name: ${name}`, `              value: ${yamlValue(format, value, 16)}`]),
    '',
  ].join('\n'),
  'infra/main.tf': [
    'provider "aws" {',
    '  region = "eu-west-1"',
    '}',
    '',
    'locals {',
    ...entries.map(({ name, format, value }) => (isMultiLine(value) ? `  ${name.toLowerCase()} = <<-EOT\n    ${indent(value, 4)}\n  EOT` : `  ${name.toLowerCase()} = "${asWritten(format, value)}"`)),
    '}',
    '',
    'resource "aws_db_instance" "app" {',
    `  password = "${secrets['generic-password']}"`,
    '}',
    '',
  ].join('\n'),
  '.env': entries.map(({ name, format, value }) => `${name}="${escaped(asWritten(format, value))}"`).join('\n') + '\n',
  'config/settings.json': `${JSON.stringify(Object.fromEntries(entries.map(({ name, format, value }) => [name, asWritten(format, value)])), null, 2)}\n`,
  'scripts/deploy.sh': ['#!/bin/sh', ...entries.map(({ name, format, value }) => `export ${name}='${asWritten(format, value)}'`), ''].join('\n'),
  'docs/SETUP.md': ['# Setup', '', '```sh', ...entries.map(({ name, format, value }) => `${name}=${asWritten(format, value)}`), '```', ''].join('\n'),
};

/** What must never appear: each secret, and for private keys a line of their body. */
const forbidden = entries.map(({ format, value }) => ({ format, needle: revealingPart(value) }));

function leaks(output: string): string[] {
  return forbidden.filter(({ needle }) => output.includes(needle)).map(({ format }) => format);
}

let root: string;
beforeAll(() => {
  root = makeWorkspace(files);
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('the CLI never prints a secret', () => {
  it('plants every format in every file (the check below would notice each one)', () => {
    for (const text of Object.values(files)) expect(leaks(text).length).toBe(forbidden.length);
  });

  it('finds secrets in every kind of file', () => {
    const { output } = cli('check', '.', '--format', 'json', '--fail-on', 'never');
    const findings = JSON.parse(output.slice(0, output.lastIndexOf(']') + 1)) as { ruleId: string; file: string }[];
    const byFile = new Set(findings.filter((finding) => /^(secrets|gha|gitlab|k8s|tf)\//.test(finding.ruleId) && /secret|credential|private-key|committed/.test(finding.ruleId)).map((finding) => finding.file));
    // Markdown is prose: only provider formats and private keys are read there.
    expect([...byFile].sort()).toEqual(Object.keys(files).sort());
  });

  for (const format of ['text', 'json', 'sarif']) {
    it(`check --format ${format}`, () => {
      const { code, output } = cli('check', '.', '--format', format);
      expect(code).toBe(1);
      expect(leaks(output)).toEqual([]);
    });
  }

  for (const format of ['text', 'json', 'markdown']) {
    it(`readiness --format ${format} --verbose (evidence quotes command lines)`, () => {
      const { code, output } = cli('readiness', '.', '--format', format, '--verbose');
      expect(code).toBe(1); // Blocked: the repository holds secrets
      expect(output).toMatch(/helm upgrade --install app/);
      expect(leaks(output)).toEqual([]);
    });
  }

  it('baseline: the file holds hashes only', () => {
    const { code, output } = cli('baseline', '.');
    expect(code).toBe(0);
    expect(leaks(output)).toEqual([]);
    const baseline = fs.readFileSync(path.join(root, '.shipshape-baseline.json'), 'utf8');
    expect(leaks(baseline)).toEqual([]);
    expect(cli('check', '.').code).toBe(0);
    fs.rmSync(path.join(root, '.shipshape-baseline.json'));
  });
});

describe('the language server never shows a secret', () => {
  it('in diagnostics, code actions and logs', async () => {
    const client = await LspClient.start({ root });
    try {
      const shown: string[] = [];
      for (const [relative, text] of Object.entries(files)) {
        client.open(relative, text, relative.endsWith('.tf') ? 'terraform' : relative.endsWith('.md') ? 'markdown' : relative.endsWith('.yml') || relative.endsWith('.yaml') ? 'yaml' : 'plaintext');
        const diagnostics = await client.diagnosticsFor(relative, (list) => list.length > 0, 1);
        shown.push(JSON.stringify(diagnostics));
        const lines = text.split('\n').length;
        const actions = await client.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri: client.uri(relative) },
          range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
          context: { diagnostics },
        });
        shown.push(JSON.stringify(actions));
      }
      const pulled = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] }).catch(() => undefined);
      shown.push(JSON.stringify(pulled ?? ''));
      const readiness = await client.connection.sendRequest('shipshape/readiness', {}).catch(() => undefined);
      shown.push(JSON.stringify(readiness ?? ''));
      shown.push(JSON.stringify(client.published), client.logs.join('\n'));
      expect(leaks(shown.join('\n'))).toEqual([]);
      // The code actions themselves (fix titles, replacement text) were looked at, not just skipped.
      expect(shown.join('\n')).toContain('shipshape-ignore');
    } finally {
      await client.stop();
    }
  });
});
