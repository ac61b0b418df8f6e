import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import type { Finding, TextEdit } from '../../server/src/engine/model';
import { registryLoginPasswords } from '../../server/src/engine/rules/hardcoded-secrets';
import fs from 'node:fs';
import { applyEdits, checkCase, listCases, listFiles } from '../helpers/fixtures';
import { fakeSecrets } from '../../scripts/bench/secrets-corpus.mjs';

// The context secret rules (k8s, tf, gha, gitlab): the Terraform fix that spans two files, values
// that are secrets by their shape alone, and the promise that no message shows a secret in full.
// Secrets are assembled at run time so no token-shaped string sits in the repository.

const ROOT = '/work/virtual';
const at = (relative: string) => `${ROOT}/${relative}`;
const FAKE_KEY: string = fakeSecrets(11)['pkcs8-private-key'];
const repeat = (chunk: string, length: number) => chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length);

const DB_PASSWORD = ['Pr0d', 'Db', '9f3kQz!x'].join('-');
const GITHUB_TOKEN = 'gh' + 'p_' + repeat('Zx81kQp0Lm3vTt7aWq', 36);
const SLACK_WEBHOOK = ['https://hooks.slack.com/services', 'T0A1B2C3D', 'B0E1F2G3H', repeat('aB3dE5gH7jK9', 24)].join('/');

async function load(engine: Engine, files: Record<string, string>): Promise<void> {
  for (const [relative, text] of Object.entries(files)) await engine.update({ path: at(relative), text });
}

const own = (findings: Finding[], ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId);

/** Applies a fix's edits file by file, returning each file's new text. */
function applyFix(files: Record<string, string>, edits: readonly TextEdit[]): Record<string, string> {
  const result = { ...files };
  for (const relative of Object.keys(files)) {
    const mine = edits.filter((edit) => edit.file === at(relative));
    if (mine.length > 0) result[relative] = applyEdits(files[relative], mine);
  }
  return result;
}

describe('tf/hardcoded-secret: the fix declares the variable in variables.tf', () => {
  const main = ['resource "aws_db_instance" "orders" {', '  identifier = "orders"', `  password   = "${DB_PASSWORD}"`, '}', ''].join('\n');

  async function fixModule(variables: string) {
    const engine = new Engine({ root: ROOT });
    const files = { 'infra/main.tf': main, 'infra/variables.tf': variables };
    await load(engine, files);
    const [finding] = own(await engine.findings(at('infra/main.tf')), 'tf/hardcoded-secret');
    expect(finding.message).not.toContain(DB_PASSWORD);
    expect(finding.fixes?.[0].title).toBe('Replace with `var.orders_password` and declare it (sensitive, no default) in variables.tf');
    const fixed = applyFix(files, finding.fixes![0].edits);
    // Both files still parse, the secret is gone, and the finding with it.
    await load(engine, fixed);
    for (const file of Object.keys(files)) {
      const after = await engine.findings(at(file));
      expect(after.filter((item) => item.ruleId === 'tf/syntax-error' || item.ruleId.startsWith('tf/hardcoded') || item.ruleId.startsWith('tf/sensitive'))).toEqual([]);
      expect(fixed[file]).not.toContain(DB_PASSWORD);
    }
    return fixed;
  }

  it('appends a sensitive variable without a default, and changes nothing else', async () => {
    const variables = 'variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n';
    const fixed = await fixModule(variables);
    expect(fixed['infra/main.tf']).toBe(main.replace(`"${DB_PASSWORD}"`, 'var.orders_password'));
    expect(fixed['infra/variables.tf']).toBe(`${variables}\nvariable "orders_password" {\n  type      = string\n  sensitive = true\n}\n`);
  });

  it('keeps CRLF and adds the missing final line break', async () => {
    const variables = 'variable "region" {\r\n  type = string\r\n}';
    const fixed = await fixModule(variables);
    expect(fixed['infra/variables.tf']).toBe(`${variables}\r\n\r\nvariable "orders_password" {\r\n  type      = string\r\n  sensitive = true\r\n}\r\n`);
  });

  it('only replaces the literal when the module already declares the variable', async () => {
    const engine = new Engine({ root: ROOT });
    const files = { 'db/main.tf': main, 'db/inputs.tf': 'variable "orders_password" {\n  type      = string\n  sensitive = true\n}\n', 'db/variables.tf': '' };
    await load(engine, files);
    const [finding] = own(await engine.findings(at('db/main.tf')), 'tf/hardcoded-secret');
    expect(finding.fixes![0].edits.map((edit) => edit.file)).toEqual([at('db/main.tf')]);
    expect(finding.fixes![0].title).toBe('Replace with `var.orders_password`');
  });

  it('re-reads the index: once variables.tf declares the variable, the fix stops adding it', async () => {
    const engine = new Engine({ root: ROOT });
    await load(engine, { 'app/main.tf': main, 'app/variables.tf': '' });
    expect(own(await engine.findings(at('app/main.tf')), 'tf/hardcoded-secret')[0].fixes![0].edits).toHaveLength(2);
    await load(engine, { 'app/variables.tf': 'variable "orders_password" {\n  type      = string\n  sensitive = true\n}\n' });
    expect(own(await engine.findings(at('app/main.tf')), 'tf/hardcoded-secret')[0].fixes![0].edits).toHaveLength(1);
  });
});

describe('values that are secrets by their shape', () => {
  it('k8s/secret-in-env: a token under a neutral name, fixed to a secretKeyRef', async () => {
    const engine = new Engine({ root: ROOT });
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: release-bot',
      'spec:',
      '  containers:',
      '    - name: bot',
      '      image: ghcr.io/acme/release-bot:1.2.0',
      '      env:',
      '        - name: RELEASE_BOT_AUTH',
      `          value: ${GITHUB_TOKEN}`,
      '',
    ].join('\n');
    await load(engine, { 'k8s/bot.yaml': text });
    const [finding] = own(await engine.findings(at('k8s/bot.yaml')), 'k8s/secret-in-env');
    expect(finding.message).not.toContain(GITHUB_TOKEN);
    expect(finding.message).toContain('(40 chars)');
    const fixed = applyEdits(text, finding.fixes![0].edits);
    expect(fixed).not.toContain(GITHUB_TOKEN);
    expect(fixed).toContain('          valueFrom:\n            secretKeyRef:\n              name: release-bot-secrets\n              key: release-bot-auth\n');
    await load(engine, { 'k8s/bot.yaml': fixed });
    expect((await engine.findings(at('k8s/bot.yaml'))).filter((item) => item.ruleId.startsWith('k8s/secret') || item.ruleId === 'yaml/syntax-error')).toEqual([]);
  });

  it('k8s/secret-in-env: a private key in a block scalar is replaced whole', async () => {
    const engine = new Engine({ root: ROOT });
    // A key with a random-looking body: the shared scanner (rightly) ignores repetitive placeholder bodies.
    const pem = FAKE_KEY.trimEnd().split('\n');
    const head = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: signer', 'spec:', '  containers:', '    - name: signer', '      image: ghcr.io/acme/signer:1.0.0', '      env:', '        - name: SIGNING_PEM'];
    const text = [...head, '          value: |', ...pem.map((line) => `            ${line}`), '        - name: MODE', '          value: strict', ''].join('\n');
    await load(engine, { 'k8s/signer.yaml': text });
    const [finding] = own(await engine.findings(at('k8s/signer.yaml')), 'k8s/secret-in-env');
    const fixed = applyEdits(text, finding.fixes![0].edits);
    expect(fixed).toBe(
      [...head, '          valueFrom:', '            secretKeyRef:', '              name: signer-secrets', '              key: signing-pem', '        - name: MODE', '          value: strict', ''].join('\n'),
    );
  });

  it('gha/hardcoded-secret and gitlab/hardcoded-secret: a Slack webhook under any name', async () => {
    const engine = new Engine({ root: ROOT });
    const workflow = `on: push\npermissions: {}\njobs:\n  notify:\n    runs-on: ubuntu-latest\n    env:\n      NOTIFY_URL: ${SLACK_WEBHOOK}\n    steps:\n      - run: ./notify.sh\n`;
    const gitlab = `notify:\n  variables:\n    NOTIFY_URL: ${SLACK_WEBHOOK}\n  script:\n    - ./notify.sh\n`;
    await load(engine, { '.github/workflows/notify.yml': workflow, '.gitlab-ci.yml': gitlab });
    const [gha] = own(await engine.findings(at('.github/workflows/notify.yml')), 'gha/hardcoded-secret');
    const [lab] = own(await engine.findings(at('.gitlab-ci.yml')), 'gitlab/hardcoded-secret');
    for (const finding of [gha, lab]) {
      expect(finding.message).not.toContain(SLACK_WEBHOOK);
      expect(finding.message).not.toContain(SLACK_WEBHOOK.slice(-24));
    }
    expect(applyEdits(workflow, gha.fixes![0].edits)).toBe(workflow.replace(SLACK_WEBHOOK, '${{ secrets.NOTIFY_URL }}'));
    expect(gha.message).toContain('repository or environment secrets as `NOTIFY_URL`');
    // A CI/CD variable of the same name reaches the job by itself: the entry (and the emptied map) go.
    expect(applyEdits(gitlab, lab.fixes![0].edits)).toBe('notify:\n  script:\n    - ./notify.sh\n');
  });

  it('a service account key in a Secret is found inside its JSON', async () => {
    const engine = new Engine({ root: ROOT });
    const key = `${FAKE_KEY.trimEnd()}\n`;
    const json = JSON.stringify({ type: 'service_account', project_id: 'acme-prod', private_key: key });
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: gcp\ndata:\n  key.json: ${Buffer.from(json).toString('base64')}\n`;
    await load(engine, { 'k8s/gcp.yaml': text });
    const findings = own(await engine.findings(at('k8s/gcp.yaml')), 'k8s/secret-in-manifest');
    expect(findings).toHaveLength(1);
    expect(findings[0].range.start.line).toBe(5);
  });
});

describe('registry logins in scripts', () => {
  const values = (script: string) => registryLoginPasswords(script).map((found) => [found.value, script.slice(found.start, found.end)]);

  it('finds -p, --password, --password= and an echoed --password-stdin', () => {
    expect(values('docker login -u bot -p Rg7kP2vLq9w registry.acme.io')).toEqual([['Rg7kP2vLq9w', 'Rg7kP2vLq9w']]);
    expect(values('podman login --password "Rg7 kP2v" quay.io')).toEqual([['Rg7 kP2v', '"Rg7 kP2v"']]);
    expect(values("helm registry login ghcr.io --username bot --password='Rg7kP2vLq9w'")).toEqual([['Rg7kP2vLq9w', "'Rg7kP2vLq9w'"]]);
    expect(values('docker login -pRg7kP2vLq9w registry.acme.io')).toEqual([['Rg7kP2vLq9w', 'Rg7kP2vLq9w']]);
    expect(values("echo 'Rg7kP2vLq9w' | docker login -u bot --password-stdin registry.acme.io")).toEqual([['Rg7kP2vLq9w', "'Rg7kP2vLq9w'"]]);
    expect(values('docker login -u bot \\\n  -p Rg7kP2vLq9w \\\n  registry.acme.io')).toEqual([['Rg7kP2vLq9w', 'Rg7kP2vLq9w']]);
  });

  it('leaves references, placeholders and other commands alone', () => {
    expect(values('docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"')).toEqual([]);
    expect(values('docker login -u bot -p ${{ secrets.REGISTRY_PASSWORD }} ghcr.io')).toEqual([]);
    expect(values('docker login -u bot --password=$(cat /run/secrets/registry) ghcr.io')).toEqual([]);
    expect(values('echo "$TOKEN" | docker login -u bot --password-stdin ghcr.io')).toEqual([]);
    expect(values('docker login -u bot -p <password> ghcr.io')).toEqual([]);
    expect(values('docker run -p 8080:8080 nginx; docker login ghcr.io')).toEqual([]);
  });
});

describe('the fixtures of these rules', () => {
  const RULES = ['k8s/secret-in-manifest', 'k8s/secret-in-env', 'tf/hardcoded-secret', 'tf/sensitive-variable-default', 'gha/hardcoded-secret', 'gitlab/hardcoded-secret'];
  // Every literal the fire and fix fixtures plant (base64 ones decoded).
  const PLANTED = [
    'Pr0d-Db-9f3kQz!x', 'Zx81-kQp0-Lm3v-Tt7a', 'Zx81kQp0Lm3vTt7aWq', 'Rg7#kP2vLq9w', 'Gx7#mW2qLp9v', 'Gx7#mW2qLp9vZt', 'Gx7#mW2qLp', 'Wq4!nB8sKd2m',
    'Kd82js9QzPx1Wm4vTq7s', 'Kd82-js9Q-zPx1-Wm4v', 'Wq4nB8sKd2mZr5TxYy3e', 'Wq4nB8sKd2mZr5Tx', 'Lm3vTt7aWqZx81kQ', 'Hs7pQ2xLw9Zk4mB1vT', 'Hs7pQ2-xLw9Zk4-mB1vT',
    'Tg5#vN8qRz2Lw', 'q8Lw2+Zt9XkPv4Rm7JbN1sYcE3uHd6Ga0TfWi5Ko', 'p0Zr8+Hk3NqW5vLx2CjT9mBa6YdS1uGe4RfVo7Ki', 'Y2ktYm90OlJnNyNrUDJ2THE5dw==',
  ];
  const cases = listCases().filter((entry) => RULES.includes(entry.ruleId));

  it('no message, fix title or related message shows a planted secret', async () => {
    for (const ruleCase of cases.filter((entry) => entry.mode !== 'silent')) {
      const { findings } = await checkCase(ruleCase.dir);
      for (const finding of findings.filter((item) => RULES.includes(item.ruleId))) {
        const shown = [finding.message, ...(finding.fixes ?? []).map((fix) => fix.title), ...(finding.related ?? []).map((item) => item.message)].join('\n');
        for (const secret of PLANTED) expect(shown, `${ruleCase.dir}: ${finding.message}`).not.toContain(secret);
      }
    }
  });

  it('every fixed file is free of the planted secrets', () => {
    const fixed = cases.filter((entry) => entry.mode === 'fix').flatMap((entry) => listFiles(entry.dir)).filter((file) => file.endsWith('.fixed'));
    expect(fixed.length).toBeGreaterThan(5);
    for (const file of fixed) {
      const text = fs.readFileSync(file, 'utf8');
      for (const secret of PLANTED) expect(text, file).not.toContain(secret);
    }
  });
});
