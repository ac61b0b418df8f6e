import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/model';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import { defineTextRule } from '../../server/src/engine/rules/define';
import { scanSecrets } from '../../server/src/engine/secrets/scan';
import { dropCoveredSecretFindings } from '../../server/src/engine/secrets/dedup';
import { textKindOf } from '../../server/src/engine/secrets/files';
import { isLikelySecretLiteral, isPlaceholderValue, isSecretKey, maskSecret } from '../../server/src/engine/secrets/value';
import { LineIndex } from '../../server/src/engine/text';
import { fakeSecrets } from '../../scripts/bench/secrets-corpus.mjs';
import { isWalkable, walkCandidates } from '../../server/src/engine/walk';
import { makeWorkspace } from '../helpers/workspace';

const fakes = fakeSecrets(99);
const ROOT = '/work/virtual';

function finding(ruleId: string, line: number, start: number, end: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity: 'error', message: 'm', file: `${ROOT}/f.yml`, range: { start: { line, character: start }, end: { line, character: end } }, ...extra };
}

describe('dedup: one finding per secret location', () => {
  it('drops a secrets/* finding on a range a context rule reports', () => {
    const context = finding('gha/hardcoded-secret', 3, 10, 30);
    const overlapping = finding('secrets/known-credential', 3, 12, 30);
    const elsewhere = finding('secrets/generic-secret', 7, 4, 20);
    expect(dropCoveredSecretFindings([context, overlapping, elsewhere])).toEqual([context, elsewhere]);
  });

  it('a context finding on the key covers the value on the same line, and related locations count', () => {
    const context = finding('k8s/secret-in-manifest', 5, 2, 10, {
      related: [{ file: `${ROOT}/f.yml`, range: { start: { line: 6, character: 2 }, end: { line: 6, character: 10 } }, message: 'literal' }],
    });
    const sameLine = finding('secrets/generic-secret', 5, 12, 40);
    const relatedLine = finding('secrets/known-credential', 6, 12, 52);
    const nextLine = finding('secrets/generic-secret', 7, 12, 40);
    expect(dropCoveredSecretFindings([context, sameLine, relatedLine, nextLine])).toEqual([context, nextLine]);
  });

  it('keeps findings in other files, touching ranges, other rules and committed-state', () => {
    const context = finding('tf/hardcoded-secret', 1, 10, 20);
    const otherFile = { ...finding('secrets/generic-secret', 1, 10, 20), file: `${ROOT}/g.tf` };
    const committed = finding('secrets/committed-state', 1, 0, 0);
    const unrelated = finding('k8s/missing-probes', 1, 10, 20);
    const input = [context, otherFile, committed, unrelated];
    expect(dropCoveredSecretFindings(input)).toEqual(input);
    const multiLine = finding('k8s/secret-in-env', 2, 4, 6, { range: { start: { line: 2, character: 4 }, end: { line: 4, character: 6 } } });
    const touching = finding('secrets/generic-secret', 4, 6, 30);
    expect(dropCoveredSecretFindings([multiLine, touching])).toEqual([multiLine, touching]);
  });

  it('runs in the engine: a context rule reporting the same value silences the generic rule', async () => {
    const contextRule = defineTextRule({
      id: 'gha/hardcoded-secret',
      title: 'stand-in for the context rule',
      severity: 'error',
      tags: [],
      gate: 'no-secrets',
      fixable: false,
      description: 'reports every line holding "ghp_"',
      check({ file, report }) {
        const at = file.text.indexOf('ghp_');
        if (at !== -1) report({ range: file.lines.rangeAt(at, at + 40), message: 'context' });
      },
    });
    const engine = new Engine({ root: ROOT, rules: [...ALL_RULES.filter((rule) => rule.id !== 'gha/hardcoded-secret'), contextRule] });
    const file = `${ROOT}/notes.txt`;
    await engine.update({ path: file, text: `token: ${fakes['github-pat']}\nother: ${fakes['npm-token']}\n` });
    const ids = (await engine.findings(file)).map((entry) => `${entry.range.start.line}:${entry.ruleId}`);
    expect(ids).toEqual(['0:gha/hardcoded-secret', '1:secrets/known-credential']);
  });
});

describe('the scan', () => {
  const carriers: Record<string, (value: string) => string> = {
    'aws-secret-access-key': (value) => `aws_secret_access_key = ${value}`,
    'twilio-auth-token': (value) => `TWILIO_ACCOUNT_SID=AC${'ab'.repeat(16)}\nTWILIO_AUTH_TOKEN=${value}`,
    'azure-storage-key': (value) => `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${value};EndpointSuffix=core.windows.net`,
    'azure-shared-access-key': (value) => `Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${value}`,
    'gcp-service-account': (value) => `{"type": "service_account", "private_key": "${value}\\n"}`,
    'url-https': (value) => `https://deploy:${value}@git.acme.io/r.git`,
    'url-postgres': (value) => `postgres://app:${value}@db.acme.io/app`,
    'url-mongodb': (value) => `mongodb+srv://app:${value}@c0.mongodb.net/app`,
    'url-mysql': (value) => `mysql://root:${value}@db.acme.io/app`,
    'url-redis': (value) => `redis://:${value}@cache.acme.io:6379`,
    'url-amqp': (value) => `amqp://app:${value}@mq.acme.io/`,
    'generic-bearer': (value) => `curl -H "Authorization: Bearer ${value}"`,
    'generic-shell-password': (value) => `mysql -u root -p${value} orders`,
    'generic-xml-password': (value) => `<password>${value}</password>`,
  };

  it('finds every format with the exact range of the secret, in UTF-16 columns', () => {
    for (const [format, value] of Object.entries(fakes)) {
      const carrier = carriers[format] ?? ((secret: string) => (format.startsWith('generic-') ? `password: "${secret}"` : `value: ${secret}`));
      // Characters outside the BMP before the secret: columns count UTF-16 code units, as LSP does.
      const text = `# 🚀 deploy ✓\n  😀 ${carrier(value)}\n`;
      const at = text.indexOf(value);
      const matches = scanSecrets(text, { path: 'config.yml', now: Date.parse('2026-06-15') });
      expect(matches, format).toHaveLength(1);
      expect({ format, start: matches[0].start, end: matches[0].end }).toEqual({ format, start: at, end: at + value.length });
      const range = new LineIndex(text).rangeAt(matches[0].start, matches[0].end);
      expect(text.split('\n')[range.start.line].slice(range.start.character)).toMatch(new RegExp(`^${value.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(matches[0].severity, format).toBeUndefined();
    }
  });

  it('reports documentation examples and expired tokens as info, placeholders not at all', () => {
    const githubDocs = '16C7e42F292c6912E7710c8383' + '47Ae178B4a';
    const info = scanSecrets(`AWS_ACCESS_KEY_ID=AKIAIOSFODNN7${'EXAMPLE'}\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}\nGH=ghs_${githubDocs}\n`, { path: '.env' });
    expect(info.map((match) => match.severity)).toEqual(['info', 'info', 'info']);
    const expired = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"sub":"ci","exp":1600000000}').toString('base64url')}.${'a1B2c3D4e5'.repeat(4)}`;
    expect(scanSecrets(`token: ${expired}`)[0]).toMatchObject({ severity: 'info', note: 'it expired on 2020-09-13' });
    for (const placeholder of ['ghp_' + 'x'.repeat(36), 'sk_live_' + 'X'.repeat(24), 'npm_<token>', 'xoxb-your-token-here', 'AKIA................']) {
      expect(scanSecrets(`token: ${placeholder}`), placeholder).toEqual([]);
    }
  });

  it('ignores unsigned JWTs and base64 JSON that is not a token', () => {
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.${'a'.repeat(20)}`;
    expect(scanSecrets(`id: ${unsigned}`)).toEqual([]);
    expect(scanSecrets(`x: ${Buffer.from('{"not":"a token at all"}').toString('base64url')}`)).toEqual([]);
  });

  it('reads unquoted values as literals in YAML and .env, as expressions in code and HCL', () => {
    const value = 'Zq81mB2x-YvP4kLm';
    expect(scanSecrets(`password = ${value}`, { path: 'main.tf' })).toEqual([]);
    expect(scanSecrets(`password = "${value}"`, { path: 'main.tf' })).toHaveLength(1);
    expect(scanSecrets(`password = getPassword()`, { path: 'app.py' })).toEqual([]);
    expect(scanSecrets(`PASSWORD=${value}`, { path: '.env' })).toHaveLength(1);
    expect(scanSecrets(`password: ${value}`, { path: 'config.yaml' })).toHaveLength(1);
  });

  it('stays linear on hostile input (no timing asserted: a quadratic scan would time out)', () => {
    const headers = '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(40_000);
    expect(scanSecrets(headers)).toEqual([]);
    const logins = `${'login -x '.repeat(400)}\n`.repeat(200);
    expect(scanSecrets(logins)).toEqual([]);
    const many = Array.from({ length: 30_000 }, (_, index) => `password: Zq81mB2x-${index}-YvP4kLm`).join('\n');
    expect(scanSecrets(many, { path: 'a.yml' })).toHaveLength(30_000);
  });

  it('stays quiet on identifiers, labels and expressions that look like values (seen in real code)', () => {
    const code = [
      'const PASSWORD_IS_INVALID = "passwordIsInvalid";',
      'export const CacheManagerGetRefreshToken = "cacheManagerGetRefreshToken";',
      'lastSignificantToken = "?InterpolationInJSX";',
      'const aliases = { password: "[type=password]" };',
      'IDTOKEN_TOKEN: "id_token token",',
      "add('<CDO-token>', Diagram('<' + '!--'));",
      'Set-ItemProperty -Name Token -Value ($token.Token | ConvertTo-Json)',
      '"The_parser_expected_to_find_a_1_to_match_the_0_token_here_1007": "Parser expected a token here",',
      "sample = 'uri format like dotenv://:key_1234@dotenvx.com'",
    ].join('\n');
    expect(scanSecrets(code, { path: 'code.ts' })).toEqual([]);
    expect(scanSecrets(code.replace(/"/g, "'"), { path: 'config.yaml' })).toEqual([]);
  });

  it('stays quiet on prose, lockfile-like and minified text', () => {
    expect(scanSecrets('Set `password: Welcome-2026!` in the file.', { path: 'README.md' })).toEqual([]);
    const minified = `var a={token:"${'Zq81mB2xYvP4kLm'}"};${'x=1;'.repeat(10_000)}`;
    expect(scanSecrets(minified, { path: 'bundle.js' })).toEqual([]);
  });
});

describe('shared judgement', () => {
  it('isSecretKey: secret names yes, names of secrets and settings about them no', () => {
    for (const key of ['password', 'DB_PASSWORD', 'dbPassword', 'api_key', 'apiKey', 'client_secret', 'SECRET_KEY_BASE', 'aws_secret_access_key', 'auth_token', 'user_password']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['secretName', 'secretKeyRef', 'password_file', 'token_url', 'password_min_length', 'access_key_id', 'use_token', 'password_hash', 'master_user_password_rotation_schedule_expression', 'password_encryption', 'monkey']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });

  it('isPlaceholderValue and isLikelySecretLiteral', () => {
    for (const value of ['${{ secrets.X }}', '$VAR', '${VAR}', 'var.x', '<password>', 'changeme', 'xxxx', '***', '', 'ENC[AES256_GCM,data:abc', '((creds))', 'test-password-1', 'myFakeToken99']) {
      expect(isPlaceholderValue(value), value).toBe(true);
    }
    for (const value of ['DB_PASSWORD', 'db-admin-password', '/etc/secret/token', 'secret.yaml', 'v1.2.3', '12345678', '\\u001b[32m']) {
      expect(isLikelySecretLiteral(value), value).toBe(false);
    }
    for (const value of ['Zq81mB2x-YvP4kLm', 'kXqvTzPmRwLb', 'MyDog2024', 'AgeQwRtYuIoPaSdF']) expect(isLikelySecretLiteral(value), value).toBe(true);
    for (const value of ['cacheManagerGetRefreshToken', 'FlowPasswordRequiredResultV2', 'InterpolationInJSX', 'key_1234']) expect(isLikelySecretLiteral(value), value).toBe(false);
  });

  it('maskSecret shows at most four leading characters and the length', () => {
    expect(maskSecret(fakes['github-pat'])).toBe('ghp_*** (40 chars)');
    expect(maskSecret('abcdefgh')).toBe('ab*** (8 chars)');
  });
});

describe('every text file is scanned', () => {
  it('classifies generic text, .env and Terraform state; skips lockfiles and binaries by name', () => {
    expect(textKindOf('/r/notes.txt')).toBe('text');
    expect(textKindOf('/r/.env')).toBe('dotenv');
    expect(textKindOf('/r/.env.production')).toBe('dotenv');
    expect(textKindOf('/r/terraform.tfstate')).toBe('tfstate');
    expect(textKindOf('/r/terraform.tfstate.backup')).toBe('tfstate');
    for (const name of ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'go.sum', 'Cargo.lock', 'poetry.lock', '.terraform.lock.hcl', 'logo.png', 'app.min.js']) {
      expect(textKindOf(`/r/${name}`), name).toBeUndefined();
    }
  });

  it('the walk lists every text file but lockfiles, binaries by name and ignored paths; the watcher agrees', () => {
    const root = makeWorkspace({
      '.gitignore': 'dist/\n*.log\n',
      'src/app.ts': 'x',
      '.env': 'A=1',
      'notes.md': '#',
      'package-lock.json': '{}',
      'logo.png': 'png',
      'dist/bundle.js': 'x',
      'debug.log': 'x',
      'node_modules/x/index.js': 'x',
      'sub/.gitignore': 'secret.txt\n',
      'sub/secret.txt': 'x',
      'sub/kept.txt': 'x',
    });
    const listed = walkCandidates(root).map((file) => path.relative(root, file).split(path.sep).join('/'));
    expect(listed).toEqual(['.env', '.gitignore', 'notes.md', 'src/app.ts', 'sub/.gitignore', 'sub/kept.txt']);
    for (const file of ['dist/bundle.js', 'debug.log', 'node_modules/x/index.js', 'sub/secret.txt', 'package-lock.json', 'logo.png']) expect(isWalkable(root, path.join(root, file)), file).toBe(false);
    for (const file of listed) expect(isWalkable(root, path.join(root, file)), file).toBe(true);
  });

  it('binary files are skipped silently; an oversized text file gets a notice', async () => {
    const engine = new Engine({ root: ROOT });
    expect(await engine.update({ path: `${ROOT}/image.dat`, bytes: new Uint8Array([0x89, 0x50, 0, 1, 2]) })).toBeUndefined();
    expect(await engine.update({ path: `${ROOT}/dump.sql`, size: 50 * 1024 * 1024, head: 'INSERT INTO t VALUES (1);\n' })).toBe('text');
    expect((await engine.findings(`${ROOT}/dump.sql`)).map((entry) => entry.ruleId)).toEqual(['shipshape/file-not-analyzed']);
  });

  it('keeps no text for files with nothing to report, and stays out of the workspace index', async () => {
    const engine = new Engine({ root: ROOT });
    await engine.update({ path: `${ROOT}/src/app.ts`, text: 'export const answer = 42;\n' });
    expect(engine.textOf(`${ROOT}/src/app.ts`)).toBe('');
    await engine.update({ path: `${ROOT}/src/leak.ts`, text: `const k = "${fakes['npm-token']}";\n` });
    expect(engine.textOf(`${ROOT}/src/leak.ts`)).toContain('npm_');
    expect(engine.index.has(`${ROOT}/src/leak.ts`)).toBe(false);
    expect((await engine.findings(`${ROOT}/src/leak.ts`)).map((entry) => entry.ruleId)).toEqual(['secrets/known-credential']);
  });

  it('suppressions apply in text files, and suppression examples in prose are not audited', async () => {
    const engine = new Engine({ root: ROOT });
    const script = `${ROOT}/deploy.sh`;
    await engine.update({ path: script, text: `export NPM_TOKEN=${fakes['npm-token']} # shipshape-ignore[secrets/known-credential] revoked on 2026-01-02\n` });
    expect(await engine.findings(script)).toEqual([]);
    const docs = `${ROOT}/docs/guide.md`;
    await engine.update({ path: docs, text: '```yaml\nimage: nginx:latest # shipshape-ignore[rule-a]\n```\n' });
    expect(await engine.findings(docs)).toEqual([]);
  });

  it('messages never contain the secret', async () => {
    const engine = new Engine({ root: ROOT });
    const file = `${ROOT}/all.env`;
    const lines = Object.entries(fakes).map(([format, value]) => (format.startsWith('url-') ? `URL_${format.length}=postgres://app:${value}@db.acme.io/app` : `SECRET_${format.replace(/-/g, '_').toUpperCase()}="${value}"`));
    await engine.update({ path: file, text: `${lines.join('\n')}\n` });
    const findings = await engine.findings(file);
    expect(findings.length).toBeGreaterThan(30);
    for (const entry of findings) for (const value of Object.values(fakes)) expect(entry.message).not.toContain(value.slice(0, 40));
  });
});
