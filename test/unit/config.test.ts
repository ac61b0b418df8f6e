import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { globMatcher, parseConfig } from '../../server/src/engine/config';
import { ALL_RULES } from '../../server/src/engine/rules/registry';

const ruleIds = new Set(ALL_RULES.map((rule) => rule.id));
const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../schemas/shipshape.schema.json'), 'utf8'));
const validateWithSchema = new Ajv({ allErrors: true }).compile(schema);

// The engine validates .shipshape.yaml by hand (for precise ranges and suggestions); editors use the
// JSON schema. Both must accept and reject the same files.
const valid = [
  '',
  'rules:\n  gha/unpinned-action: error\n',
  'rules:\n  k8s/missing-probes: { severity: off }\n',
  'ignore: ["vendor/", "**/*.gen.yaml"]\n',
  'exceptions:\n  - rule: k8s/missing-probes\n    paths: k8s/jobs/\n    reason: batch\n',
  'exceptions:\n  - rules: [k8s/missing-probes, k8s/image-floating-tag]\n    paths: ["a/", "b/"]\n    reason: x\n    until: "2027-01-31"\n',
  'maxFileSizeKB: 2048\n',
];
const invalid = [
  'rulez: {}\n',
  'rules:\n  gha/unpinned-action: sometimes\n',
  'rules: [gha/unpinned-action]\n',
  'ignore: vendor\nmaxFileSizeKB: -1\n',
  'exceptions:\n  - rules: [k8s/missing-probes]\n    paths: [k8s/]\n',
  'exceptions:\n  - reason: x\n    paths: [a/]\n',
  'exceptions:\n  - rules: [k8s/missing-probes]\n    paths: [a/]\n    reason: x\n    until: tomorrow\n',
  'exceptions:\n  - rules: [k8s/missing-probes]\n    paths: [a/]\n    reason: x\n    owner: me\n',
];

describe('.shipshape.yaml validation', () => {
  it.each(valid)('accepts %j', (text) => {
    expect(parseConfig(text, '/r/.shipshape.yaml', ruleIds).problems).toEqual([]);
    expect(validateWithSchema(parseYaml(text) ?? {})).toBe(true);
  });

  it.each(invalid)('rejects %j', (text) => {
    expect(parseConfig(text, '/r/.shipshape.yaml', ruleIds).problems.length).toBeGreaterThan(0);
    expect(validateWithSchema(parseYaml(text))).toBe(false);
  });

  it('rejects unknown rule ids with a suggestion (beyond what the schema can know)', () => {
    const { problems } = parseConfig('rules:\n  gha/unpined-action: off\n', '/r/.shipshape.yaml', ruleIds);
    expect(problems).toEqual([{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 20 } }, message: expect.stringContaining('did you mean `gha/unpinned-action`') }]);
  });

  it('keeps the valid parts of an invalid file', () => {
    const { config, problems } = parseConfig('rules:\n  gha/unpinned-action: off\n  bogus/rule: off\n', '/r/.shipshape.yaml', ruleIds);
    expect(problems).toHaveLength(1);
    expect(config.rules.get('gha/unpinned-action')).toBe('off');
  });
});

describe('globMatcher', () => {
  it('matches directories, bare names anywhere, and full globs', () => {
    const match = globMatcher(['vendor/', '*.gen.yaml', 'k8s/dev/**']);
    expect(match('vendor/x/y.yaml')).toBe(true);
    expect(match('deep/a.gen.yaml')).toBe(true);
    expect(match('k8s/dev/app.yaml')).toBe(true);
    expect(match('k8s/prod/app.yaml')).toBe(false);
    expect(match('myvendor/a.yaml')).toBe(false);
  });
});
