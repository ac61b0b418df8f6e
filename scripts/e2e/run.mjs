#!/usr/bin/env node
// `npm run test:e2e`: the extension installed from its .vsix into a real VS Code (code-server) and
// tested there, in the browser (Playwright + Debian's Chromium) and in the extension host (mocha).
//
//   node scripts/e2e/run.mjs [--suite=browser|extension-host] [--no-build] [--keep]
//
//   --suite      run one suite only (default: both)
//   --no-build   reuse dist/ and shipshape-<version>.vsix as they are
//   --keep       keep the temporary run directory (code-server logs, workspaces) for a look
//
// Provisions Debian's chromium (and, the first time, what building code-server needs), Node 24 and
// code-server into .e2e-tools/ (reused by later runs; SHIPSHAPE_E2E_TOOLS=<dir> keeps them elsewhere).
// Results: test-results/e2e/ (screenshots, logs, results.json, timings.json).
// Exit code: 0 when every step passed, 1 otherwise; 0 with a "SKIPPED" line when the machine lacks
// what only root can install (1 when CI is set).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { provision, SkipError } from './provision.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = new Set(process.argv.slice(2));
const suiteArg = process.argv.slice(2).find((arg) => arg.startsWith('--suite='))?.slice('--suite='.length);
const runBrowser = !suiteArg || suiteArg === 'browser';
const runHost = !suiteArg || suiteArg === 'extension-host';
const resultsDir = path.join(root, 'test-results', 'e2e');
// SHIPSHAPE_E2E_TOOLS moves the tool cache elsewhere (e.g. a CI cache shared between clones).
const toolsDir = process.env.SHIPSHAPE_E2E_TOOLS ? path.resolve(process.env.SHIPSHAPE_E2E_TOOLS) : path.join(root, '.e2e-tools');

const started = performance.now();
const timings = { phases: {}, measurements: {} };
const log = (message) => console.log(`e2e: ${message}`);

async function phase(name, fn) {
  log(`── ${name}`);
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    const seconds = (performance.now() - t0) / 1000;
    timings.phases[name] = Math.round(seconds * 10) / 10;
    log(`   ${name}: ${seconds.toFixed(1)} s`);
  }
}

function npmRun(script) {
  const result = spawnSync('npm', ['run', script, '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} exited with ${result.status ?? result.signal}`);
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const extensionId = `${pkg.publisher}.${pkg.name}`;
const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);

let runDir;
let exitCode = 1;
const summary = { browser: undefined, extensionHost: undefined };
try {
  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });

  const tools = await phase('provision', () => provision({ toolsDir, log }));
  // Loaded after provisioning, so a missing playwright-core (npm ci not run) fails with a clear message.
  const driver = await import('../../test/e2e/driver.mjs');
  driver.installCleanupHandlers(() => {
    if (runDir && !args.has('--keep')) fs.rmSync(runDir, { recursive: true, force: true });
  });

  if (args.has('--no-build') && fs.existsSync(vsix)) log(`reusing ${path.relative(root, vsix)}`);
  else await phase('build + package', () => npmRun('package'));

  // A fresh run directory: user data, extensions and XDG dirs, and copies of the fixture repository.
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-e2e-'));
  const xdg = path.join(runDir, 'xdg');
  for (const name of ['config', 'data', 'cache', 'state']) fs.mkdirSync(path.join(xdg, name), { recursive: true });
  // code-server and Chromium write to ~/.config, ~/.local/share and ~/.cache otherwise.
  // Temporary files too (code-server's IPC sockets, Shipshape's compile cache): every run starts
  // cold, and nothing is left behind.
  fs.mkdirSync(path.join(runDir, 'tmp'));
  Object.assign(process.env, {
    TMPDIR: path.join(runDir, 'tmp'),
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    XDG_STATE_HOME: path.join(xdg, 'state'),
  });
  const env = { ...tools.env, ...process.env, PATH: tools.env.PATH, SHIPSHAPE_E2E_RESULTS: resultsDir };
  const fixture = path.join(root, 'test', 'e2e', 'fixture-repo');
  const settings = path.join(root, 'test', 'e2e', 'settings.json');
  const makeProfile = (name) => {
    const dir = path.join(runDir, name);
    fs.mkdirSync(path.join(dir, 'user-data', 'User'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'extensions'), { recursive: true });
    const userSettings = JSON.parse(fs.readFileSync(settings, 'utf8'));
    // SHIPSHAPE_E2E_TRACE=messages|verbose: the LSP traffic in the Shipshape log (test-results/e2e/).
    if (process.env.SHIPSHAPE_E2E_TRACE) userSettings['shipshape.trace.server'] = process.env.SHIPSHAPE_E2E_TRACE;
    fs.writeFileSync(path.join(dir, 'user-data', 'User', 'settings.json'), `${JSON.stringify(userSettings, null, 2)}\n`);
    const workspace = path.join(dir, 'workspace');
    fs.cpSync(fixture, workspace, { recursive: true });
    return { dir, userDataDir: path.join(dir, 'user-data'), extensionsDir: path.join(dir, 'extensions'), workspace, logFile: path.join(dir, 'code-server.log') };
  };

  const browserProfile = makeProfile('browser');
  let installedExtension;
  await phase('install .vsix', async () => {
    await driver.runCodeServerCommand({
      nodeBin: tools.nodeBin,
      codeServer: tools.codeServer,
      args: ['--user-data-dir', browserProfile.userDataDir, '--extensions-dir', browserProfile.extensionsDir, '--install-extension', vsix],
      env,
      logFile: browserProfile.logFile,
    });
    const folder = fs.readdirSync(browserProfile.extensionsDir).find((name) => name.toLowerCase().startsWith(`${extensionId}-`));
    if (!folder) throw new Error(`--install-extension did not create ${extensionId}-* in ${browserProfile.extensionsDir}:\n${driver.tail(browserProfile.logFile)}`);
    installedExtension = path.join(browserProfile.extensionsDir, folder);
    log(`installed ${folder}`);
  });

  const browser = await driver.launchBrowser(tools.chromium);
  try {
    if (runBrowser) {
      summary.browser = await phase('suite 1: browser', async () => {
        const server = await driver.startCodeServer({ nodeBin: tools.nodeBin, codeServer: tools.codeServer, ...browserProfile, env });
        try {
          const { runBrowserSuite } = await import('../../test/e2e/browser.suite.mjs');
          return await runBrowserSuite({ browser, server, workspace: browserProfile.workspace, userDataDir: browserProfile.userDataDir, resultsDir, root, log, timings });
        } finally {
          await server.stop();
        }
      });
    }

    if (runHost) {
      summary.extensionHost = await phase('suite 2: extension host', async () => {
        // The extension under test is loaded from an unpacked copy of what the .vsix installed,
        // into a server whose extensions dir does not hold it.
        const hostProfile = makeProfile('extension-host');
        const extensionPath = path.join(hostProfile.dir, 'extension-under-test');
        fs.cpSync(installedExtension, extensionPath, { recursive: true });
        const server = await driver.startCodeServer({ nodeBin: tools.nodeBin, codeServer: tools.codeServer, ...hostProfile, env, smokeTestDriver: true });
        try {
          const code = await driver.runExtensionHostSuite({
            browser,
            server,
            workspace: hostProfile.workspace,
            extensionPath,
            testsPath: path.join(root, 'test', 'e2e', 'extension-host', 'index.cjs'),
            log: hostConsole(path.join(resultsDir, 'extension-host-console.log')),
          });
          const results = readHostResults();
          if (results?.measurements) Object.assign(timings.measurements, results.measurements);
          return { exitCode: code, results };
        } finally {
          await server.stop();
        }
      });
    }
  } finally {
    await browser.close().catch(() => undefined);
    for (const name of ['browser', 'extension-host']) {
      const file = path.join(runDir, name, 'code-server.log');
      if (fs.existsSync(file)) fs.copyFileSync(file, path.join(resultsDir, `code-server-${name}.log`));
      // The extension host's logs: activation times, the Shipshape output channel.
      const logs = path.join(runDir, name, 'user-data', 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(resultsDir, `logs-${name}`), { recursive: true });
    }
  }

  const browserFailed = summary.browser ? summary.browser.steps.filter((step) => !step.ok) : [];
  const hostFailed = summary.extensionHost ? summary.extensionHost.exitCode !== 0 : false;
  const passed = (summary.browser?.steps.filter((step) => step.ok).length ?? 0) + (summary.extensionHost?.results?.passed ?? 0);
  const failed = browserFailed.length + (summary.extensionHost ? Math.max(summary.extensionHost.results?.failed ?? 0, hostFailed ? 1 : 0) : 0);
  exitCode = browserFailed.length === 0 && !hostFailed ? 0 : 1;
  writeJson(path.join(resultsDir, 'results.json'), summary);
  for (const step of browserFailed) log(`FAILED browser step: ${step.name}: ${step.error}`);
  if (hostFailed) log(`FAILED extension-host suite (exit code ${summary.extensionHost.exitCode})`);
  finish(`${passed} passed, ${failed} failed`);
} catch (error) {
  if (error instanceof SkipError) {
    log(`SKIPPED: ${error.message}`);
    exitCode = process.env.CI ? 1 : 0;
    finish(undefined);
  } else {
    console.error(`e2e: error: ${error instanceof Error ? error.stack : error}`);
    exitCode = 1;
    finish('0 passed, 1 failed');
  }
}

/**
 * The workbench's console during the extension-host suite, all of it to a file, and to stdout
 * without the workbench's own noise (sockets, the unreachable gallery and its stack traces).
 */
function hostConsole(file) {
  const noise = /^\s*\| (\s+at |Creating a socket|Resolved connection token|\[reconnection-grace-time\]|Updating additional builtin|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|\[lifecycle\]|getaddrinfo ENOTFOUND|Resolving connection token|Unable to (read|write) file .*\(Canceled|Started local extension host|\[Extension Host\]|\s*$)/;
  return (line) => {
    fs.appendFileSync(file, `${line}\n`);
    if (!noise.test(line)) console.log(line);
  };
}

function readHostResults() {
  try {
    return JSON.parse(fs.readFileSync(path.join(resultsDir, 'extension-host-results.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function finish(closingLine) {
  timings.totalSeconds = Math.round((performance.now() - started) / 100) / 10;
  writeJson(path.join(resultsDir, 'timings.json'), timings);
  if (runDir && !args.has('--keep')) fs.rmSync(runDir, { recursive: true, force: true });
  else if (runDir) log(`kept ${runDir}`);
  log('timings (s): ' + Object.entries(timings.phases).map(([name, seconds]) => `${name} ${seconds}`).join(', ') + `, total ${timings.totalSeconds}`);
  for (const [name, value] of Object.entries(timings.measurements)) log(`measured ${name}: ${typeof value === 'number' ? `${value} ms` : JSON.stringify(value)}`);
  log(`results in ${path.relative(root, resultsDir)}/`);
  if (closingLine) console.log(`e2e: ${closingLine}`);
  process.exit(exitCode);
}
