#!/usr/bin/env node
// `npm run test:electron`: the extension-host suite (test/e2e/extension-host/) in desktop VS Code,
// through @vscode/test-electron, which downloads VS Code. Needs a machine that can reach
// update.code.visualstudio.com (the project's machines cannot: there `npm run test:e2e` runs the same
// suite in code-server). Set VSCODE_EXECUTABLE to use an installed VS Code instead of a download,
// and VSCODE_VERSION to pick one (default: stable).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const resultsDir = path.join(root, 'test-results', 'electron');

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-electron-'));
const workspace = path.join(runDir, 'workspace');
fs.cpSync(path.join(root, 'test', 'e2e', 'fixture-repo'), workspace, { recursive: true });
fs.mkdirSync(path.join(runDir, 'user-data', 'User'), { recursive: true });
fs.copyFileSync(path.join(root, 'test', 'e2e', 'settings.json'), path.join(runDir, 'user-data', 'User', 'settings.json'));

let code = 1;
try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'test', 'e2e', 'extension-host', 'index.cjs'),
    extensionTestsEnv: { SHIPSHAPE_E2E_RESULTS: resultsDir },
    launchArgs: [
      workspace,
      '--disable-extensions', // every other extension; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${path.join(runDir, 'user-data')}`,
      `--extensions-dir=${path.join(runDir, 'extensions')}`,
    ],
  });
  code = 0;
  console.log(`electron: extension-host suite passed (results in ${path.relative(root, resultsDir)}/)`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|download/i.test(message)) {
    console.error(
      `electron: could not download VS Code (${message}).\n` +
        'This machine cannot reach update.code.visualstudio.com, which @vscode/test-electron needs. ' +
        'Run `npm run test:e2e` instead (the same suite, in code-server), or set VSCODE_EXECUTABLE to an installed VS Code.',
    );
  } else {
    console.error(`electron: the extension-host suite failed: ${message}`);
  }
} finally {
  fs.rmSync(runDir, { recursive: true, force: true });
}
process.exit(code);
