import { fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { LspClient } from './helpers/lsp-client';
import type { LspDiagnostic } from './helpers/lsp-client';
import { applyEdits } from './helpers/fixtures';
import type { ReadinessReport } from '../server/src/engine/readiness/types';
import { DEPLOYMENT, DIST, PINNED_WORKFLOW, UNPINNED_WORKFLOW, makeWorkspace } from './helpers/workspace';

// The language server over stdio, as an editor drives it: real JSON-RPC, real LSP messages.

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, { range: LspDiagnostic['range']; newText: string }[]> };
}

const clients: LspClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.stop()));
});

async function start(files: Record<string, string | Buffer>, options: Omit<Parameters<typeof LspClient.start>[0], 'root'> = {}) {
  const root = makeWorkspace(files);
  const client = await LspClient.start({ root, ...options });
  clients.push(client);
  return client;
}

const withRule = (ruleId: string) => (diagnostics: LspDiagnostic[]) => diagnostics.some((diagnostic) => diagnostic.code === ruleId);
const withoutRule = (ruleId: string) => (diagnostics: LspDiagnostic[]) => !diagnostics.some((diagnostic) => diagnostic.code === ruleId);

async function codeActions(client: LspClient, file: string, diagnostics: LspDiagnostic[], only?: string[]): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: client.uri(file) },
    range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics, ...(only ? { only } : {}) },
  });
}

function applyAction(client: LspClient, file: string, text: string, action: CodeAction): string {
  const edits = action.edit!.changes[client.uri(file)];
  return applyEdits(text, edits.map((edit) => ({ ...edit, file })));
}

describe('language server, push diagnostics', () => {
  it('analyses a document once when it opens (didOpen also fires a content change)', async () => {
    const client = await start({});
    const file = '.github/workflows/deploy.yml';
    client.open(file, UNPINNED_WORKFLOW);
    await client.diagnosticsFor(file, withRule('gha/unpinned-action'), 1);
    // Long enough for a second, redundant run to have published too.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.published.filter((entry) => entry.uri === client.uri(file) && entry.version === 1)).toHaveLength(1);
  });

  it('publishes diagnostics for closed files found by the workspace scan', async () => {
    const client = await start({ 'k8s/web.yaml': DEPLOYMENT, '.github/workflows/lint.yml': PINNED_WORKFLOW });
    const diagnostics = await client.diagnosticsFor('k8s/web.yaml', withRule('k8s/image-floating-tag'));
    const floating = diagnostics.find((diagnostic) => diagnostic.code === 'k8s/image-floating-tag')!;
    expect(floating).toMatchObject({ source: 'shipshape', severity: 2, range: { start: { line: 13, character: 17 } } });
    expect(floating.codeDescription!.href).toMatch(/docs\/rules\/k8s\/image-floating-tag\.md$/);
  });

  it('diagnoses an opened workflow, offers its fix, and updates after the fix is applied', async () => {
    const client = await start({ '.github/workflows/lint.yml': PINNED_WORKFLOW });
    await client.diagnosticsFor('.github/workflows/lint.yml');
    const file = '.github/workflows/deploy.yml';
    client.open(file, UNPINNED_WORKFLOW);
    const diagnostics = await client.diagnosticsFor(file, withRule('gha/unpinned-action'), 1);
    const unpinned = diagnostics.filter((diagnostic) => diagnostic.code === 'gha/unpinned-action');
    expect(unpinned).toHaveLength(1);
    expect(unpinned[0].range).toEqual({ start: { line: 8, character: 14 }, end: { line: 8, character: 33 } });

    const actions = await codeActions(client, file, unpinned);
    expect(actions.map((action) => action.title)).toEqual([
      'Pin actions/checkout to b4ffde65f463 (v4.1.1, as in lint.yml)',
      'Suppress gha/unpinned-action on this line (with reason)',
      'Suppress gha/unpinned-action in this file',
    ]);
    expect(actions[0]).toMatchObject({ kind: 'quickfix', isPreferred: true });

    const fixed = applyAction(client, file, UNPINNED_WORKFLOW, actions[0]);
    expect(fixed).toContain('- uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n');
    client.change(file, 2, [{ text: fixed }]);
    const after = await client.diagnosticsFor(file, () => true, 2);
    expect(after.filter((diagnostic) => diagnostic.code === 'gha/unpinned-action')).toEqual([]);
    expect(after.map((diagnostic) => diagnostic.code)).toEqual(['gha/missing-permissions']);
  });

  it('applies incremental edits and moves diagnostics with the text', async () => {
    const client = await start({});
    const file = 'k8s/web.yaml';
    client.open(file, DEPLOYMENT);
    const before = await client.diagnosticsFor(file, withRule('k8s/image-floating-tag'), 1);
    client.change(file, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# owned by team web\n' }]);
    const after = await client.diagnosticsFor(file, () => true, 2);
    expect(after.map((diagnostic) => diagnostic.range.start.line)).toEqual(before.map((diagnostic) => diagnostic.range.start.line + 1));
  });

  it('never publishes a stale result over a newer one', async () => {
    const client = await start({});
    const file = 'k8s/web.yaml';
    client.open(file, DEPLOYMENT);
    await client.diagnosticsFor(file, () => true, 1);
    for (let version = 2; version <= 12; version++) client.change(file, version, [{ text: DEPLOYMENT.replace(':latest', version === 12 ? ':1.2.3' : `:latest # v${version}`) }]);
    const final = await client.diagnosticsFor(file, () => true, 12);
    expect(final.filter((diagnostic) => diagnostic.code === 'k8s/image-floating-tag')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.latest(file)!.version).toBe(12);
    const versions = client.published.filter((entry) => entry.uri === client.uri(file)).map((entry) => entry.version ?? 0);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('suppresses with a reason through a code action, and offers source.fixAll', async () => {
    const client = await start({});
    const file = 'k8s/web.yaml';
    const text = DEPLOYMENT.replace(
      'metadata:\n  name: web\n',
      "metadata:\n  name: web\n  uid: 0b3c6f4e-2a9d-4c1e-9f0a-7d2e5b8c1a66\n  resourceVersion: '4711'\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{}'\n",
    );
    client.open(file, text);
    const diagnostics = await client.diagnosticsFor(file, withRule('k8s/live-state-export'), 1);
    const floating = diagnostics.filter((diagnostic) => diagnostic.code === 'k8s/image-floating-tag');

    const suppress = (await codeActions(client, file, floating)).find((action) => action.title.startsWith('Suppress k8s/image-floating-tag on this line'))!;
    const suppressed = applyAction(client, file, text, suppress);
    expect(suppressed).toContain('          # shipshape-ignore[k8s/image-floating-tag] TODO: say why this is acceptable\n          image: ghcr.io/acme/web:latest');
    client.change(file, 2, [{ text: suppressed }]);
    const after = await client.diagnosticsFor(file, () => true, 2);
    expect(after.map((diagnostic) => diagnostic.code)).not.toContain('k8s/image-floating-tag');
    expect(after.map((diagnostic) => diagnostic.code)).toContain('shipshape/suppression-missing-reason');

    const fixAll = await codeActions(client, file, [], ['source.fixAll.shipshape']);
    expect(fixAll.map((action) => action.kind)).toEqual(['source.fixAll.shipshape']);
    const cleaned = applyAction(client, file, suppressed, fixAll[0]);
    expect(cleaned).not.toMatch(/uid:|resourceVersion|last-applied/);
    expect(cleaned).toContain('image: ghcr.io/acme/web:latest'); // not safe to change unattended
  });

  it('follows configuration changes: a rule turned off loses its diagnostics', async () => {
    const client = await start({ 'k8s/web.yaml': DEPLOYMENT });
    const file = 'k8s/web.yaml';
    client.open(file, DEPLOYMENT);
    await client.diagnosticsFor(file, withRule('k8s/image-floating-tag'), 1);
    client.settings = { rules: { 'k8s/image-floating-tag': 'off' } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(file, withoutRule('k8s/image-floating-tag'));
    client.open('.shipshape.yaml', 'rules:\n  k8s/missing-probes: error\n  k8s/nope: off\n');
    const config = await client.diagnosticsFor('.shipshape.yaml', withRule('shipshape/invalid-config'), 1);
    expect(config[0]).toMatchObject({ severity: 1, range: { start: { line: 2, character: 2 } } });
    const reconfigured = await client.diagnosticsFor(file, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'k8s/missing-probes' && diagnostic.severity === 1));
    expect(reconfigured.map((diagnostic) => diagnostic.code)).not.toContain('k8s/image-floating-tag');
  });
});

describe('language server, pull diagnostics', () => {
  it('applies the settings of each folder in a multi-root workspace', async () => {
    const file = '.github/workflows/deploy.yml';
    const codesIn = async (client: LspClient, root: string) => {
      const relative = path.relative(client.root, path.join(root, file));
      client.open(relative, UNPINNED_WORKFLOW);
      const report = await client.connection.sendRequest<{ items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: client.uri(relative) } });
      return report.items.map((item) => item.code).sort();
    };
    for (const sendFolderSettings of [false, true]) {
      const quiet = makeWorkspace({});
      const client = await start({}, { pull: true, extraRoots: [quiet], folderSettings: { [quiet]: { rules: { 'gha/unpinned-action': 'off' } } }, sendFolderSettings });
      expect(await codesIn(client, client.root), `folder settings ${sendFolderSettings ? 'with initialize' : 'asked for'}`).toEqual(['gha/missing-permissions', 'gha/unpinned-action']);
      expect(await codesIn(client, quiet)).toEqual(['gha/missing-permissions']);
    }
  });

  it('answers the first pull, sent right after start-up, with the user settings already applied', async () => {
    const ruleOff = await start({}, { pull: true, settings: { rules: { 'gha/missing-permissions': 'off' } } });
    const file = '.github/workflows/deploy.yml';
    ruleOff.open(file, UNPINNED_WORKFLOW);
    const report = await ruleOff.connection.sendRequest<{ items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: ruleOff.uri(file) } });
    expect(report.items.map((item) => item.code)).toEqual(['gha/unpinned-action']);

    const disabled = await start({}, { pull: true, settings: { enable: false } });
    disabled.open(file, UNPINNED_WORKFLOW);
    const none = await disabled.connection.sendRequest<{ items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: disabled.uri(file) } });
    expect(none.items).toEqual([]);

    // Settings sent with `initialize` count from the first analysis, with no configuration request.
    const initial = await start({}, { pull: true, initialSettings: { rules: { 'gha/unpinned-action': 'off' } } });
    initial.open(file, UNPINNED_WORKFLOW);
    const fromInitialize = await initial.connection.sendRequest<{ items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: initial.uri(file) } });
    expect(fromInitialize.items.map((item) => item.code)).toEqual(['gha/missing-permissions']);
  });

  it('answers textDocument/diagnostic and workspace/diagnostic without pushing', async () => {
    const client = await start({ 'k8s/web.yaml': DEPLOYMENT, '.github/workflows/lint.yml': PINNED_WORKFLOW, 'infra/main.tf': 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n' }, { pull: true });
    const file = '.github/workflows/deploy.yml';
    client.open(file, UNPINNED_WORKFLOW);
    const report = await client.connection.sendRequest<{ kind: string; items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: client.uri(file) } });
    expect(report.kind).toBe('full');
    expect(report.items.map((item) => item.code).sort()).toEqual(['gha/missing-permissions', 'gha/unpinned-action']);

    const workspace = await client.connection.sendRequest<{ items: { uri: string; items: LspDiagnostic[] }[] }>('workspace/diagnostic', { previousResultIds: [] });
    const byFile = new Map(workspace.items.map((item) => [item.uri, item.items.map((diagnostic) => diagnostic.code)]));
    expect(byFile.get(client.uri('k8s/web.yaml'))).toContain('k8s/image-floating-tag');
    expect(byFile.get(client.uri('infra/main.tf'))).toEqual(['tf/unpinned-provider']);
    expect(byFile.get(client.uri('.github/workflows/lint.yml'))).toEqual([]);
    expect(byFile.get(client.uri(file))).toContain('gha/unpinned-action');
    expect(client.published).toEqual([]);

    // Result ids: asking again with them costs nothing and says "unchanged". (The first report above
    // may predate the workspace scan, whose pinned SHA changes the message; ask twice after it.)
    const settled = await client.connection.sendRequest<{ kind: string; resultId: string }>('textDocument/diagnostic', { textDocument: { uri: client.uri(file) } });
    const again = await client.connection.sendRequest<{ kind: string }>('textDocument/diagnostic', { textDocument: { uri: client.uri(file) }, previousResultId: settled.resultId });
    expect(again.kind).toBe('unchanged');
    const previousResultIds = workspace.items.map((item) => ({ uri: item.uri, value: (item as { resultId?: string }).resultId }));
    const unchanged = await client.connection.sendRequest<{ items: { kind: string }[] }>('workspace/diagnostic', { previousResultIds });
    expect(unchanged.items.map((item) => item.kind)).toEqual(workspace.items.map(() => 'unchanged'));
  });
});

describe('language server, bad input', () => {
  it('answers every bad document with a clear diagnostic and stays up', async () => {
    const client = await start({
      'k8s/latin1.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'),
      'k8s/blob.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: Secret\n'), Buffer.alloc(32, 0)]),
    });
    // Closed files, found by the workspace scan: decoded from disk.
    expect((await client.diagnosticsFor('k8s/latin1.yaml'))[0].code).toBe('shipshape/invalid-encoding');
    expect((await client.diagnosticsFor('k8s/blob.yaml'))[0].message).toMatch(/binary/);
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'data:', '  a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghij'.split('').map((name, index) => `  ${name}: &${name} [${Array(9).fill(`*${'abcdefghij'[index]}`).join(',')}]`)].join('\n');
    const cases: [string, string, RegExp][] = [
      ['k8s/binary.yaml', 'apiVersion: v1\nkind: Secret\n\u0000\u0000\u0001', /binary/],
      ['k8s/huge.yaml', `apiVersion: v1\nkind: ConfigMap\ndata:\n${'  k: "0123456789012345678901234567890123456789"\n'.repeat(1_100_000)}`, /50\.\d MB, over the 10\.0 MB limit/],
      ['.shipshape.yaml', 'rules: [unclosed\n  k8s/missing-probes: off\n', /Unclosed `\[`|Wrong indentation/],
      ['k8s/bomb.yaml', bomb, /Excessive aliasing/],
      ['k8s/deep.yaml', `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, /too deep/],
      ['.github/workflows/broken.yml', 'on: [push\njobs:\n  x: {', /Unclosed `\[`/],
      ['infra/broken.tf', 'resource "a" "b" {\n  lifecycle {\n    x = 1\n}\n', /never closed/],
    ];
    for (const [file, text, message] of cases) {
      client.open(file, text, file.endsWith('.tf') ? 'terraform' : 'yaml');
      const diagnostics = await client.diagnosticsFor(file, () => true, 1);
      expect(diagnostics.some((diagnostic) => message.test(diagnostic.message)), `${file}: ${JSON.stringify(diagnostics)}`).toBe(true);
    }
    client.open('k8s/ok.yaml', DEPLOYMENT);
    await client.diagnosticsFor('k8s/ok.yaml', withRule('k8s/image-floating-tag'), 1);
    expect(client.alive).toBe(true);
  });
});

describe('language server over IPC, as the VS Code client starts it', () => {
  it('initializes and publishes diagnostics through node IPC', async () => {
    const root = makeWorkspace({ 'k8s/web.yaml': DEPLOYMENT });
    const child = fork(path.join(DIST, 'server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published: { uri: string; diagnostics: LspDiagnostic[] }[] = [];
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: LspDiagnostic[] }) => {
      published.push(params);
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    try {
      const rootUri = pathToFileURL(root).href;
      const result = await connection.sendRequest<{ serverInfo: { name: string } }>('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ipc' }], capabilities: { workspace: { configuration: true, workspaceFolders: true } } });
      expect(result.serverInfo.name).toBe('shipshape');
      await connection.sendNotification('initialized', {});
      const uri = pathToFileURL(path.join(root, 'k8s/web.yaml')).href;
      const deadline = Date.now() + 10_000;
      while (!published.some((entry) => entry.uri === uri && entry.diagnostics.some((diagnostic) => diagnostic.code === 'k8s/image-floating-tag')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(published.find((entry) => entry.uri === uri)?.diagnostics.map((diagnostic) => diagnostic.code)).toContain('k8s/image-floating-tag');
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});

describe('language server, deploy readiness', () => {
  it('answers shipshape/readiness with the CLI report, and says when it changes', async () => {
    const files = { 'k8s/web.yaml': DEPLOYMENT, '.github/workflows/deploy.yml': UNPINNED_WORKFLOW };
    const client = await start(files);
    const [report] = await client.connection.sendRequest<ReadinessReport[]>('shipshape/readiness', {});
    const cli = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'readiness', '--format', 'json', '--fail-on', 'never'], { cwd: client.root, encoding: 'utf8' });
    expect(report).toEqual(JSON.parse(cli.stdout));
    const probesBefore = report.units.find((unit) => unit.kind === 'k8s-app')!.gates.find((gate) => gate.id === 'safe-rollout')!;

    // Recreate: a big-bang rollout. The server announces the change; the new report shows it.
    const changesBefore = client.readinessChanges.length;
    client.open('k8s/web.yaml', DEPLOYMENT.replace('spec:\n', 'spec:\n  strategy:\n    type: Recreate\n'));
    await client.waitFor('a readinessChanged notification', () => client.readinessChanges.length > changesBefore);
    expect(client.readinessChanges.at(-1)).toBe(pathToFileURL(client.root).href);
    const [after] = await client.connection.sendRequest<ReadinessReport[]>('shipshape/readiness', { folderUri: pathToFileURL(client.root).href });
    const rollout = after.units.find((unit) => unit.kind === 'k8s-app')!.gates.find((gate) => gate.id === 'safe-rollout')!;
    expect(probesBefore.status).not.toBe('fail');
    expect(rollout).toMatchObject({ status: 'fail', evidence: [expect.objectContaining({ file: 'k8s/web.yaml' })] });
  });

  it('re-scans the workspace on shipshape/rescan', async () => {
    const client = await start({ 'k8s/web.yaml': DEPLOYMENT });
    await client.connection.sendRequest('shipshape/readiness', {});
    fs.writeFileSync(path.join(client.root, 'main.tf'), 'terraform {\n  backend "local" {}\n}\nprovider "aws" {}\n');
    const result = await client.connection.sendRequest<{ files: number }>('shipshape/rescan', {});
    expect(result.files).toBe(2);
    const [report] = await client.connection.sendRequest<ReadinessReport[]>('shipshape/readiness', {});
    expect(report.units.map((unit) => unit.id)).toContain('terraform-root:.');
  });
});
