// Drives code-server and headless Chromium for the real-editor tests (../shared/notes/e2e-harness.md).
// Plain ESM on Node built-ins and playwright-core, so it needs no build and no type-check.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';
import pollModule from './poll.cjs';

const { poll } = pollModule;

// ---------------------------------------------------------------------------------------------
// Processes: everything started here is a process group leader (detached = setsid), and is killed
// as a group (code-server, its child, the extension host and the language server) on every way out.

const groups = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function killAllNow() {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
  groups.clear();
}

let handlersInstalled = false;
/** Kills every started process group on exit, Ctrl+C, SIGTERM, SIGHUP and crashes. */
export function installCleanupHandlers(onSignal = () => undefined) {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      console.error(`\ne2e: ${signal}, stopping everything started`);
      killAllNow();
      onSignal();
      process.exit(code);
    });
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs code-server once to completion (e.g. --install-extension), in its own process group. */
export function runCodeServerCommand({ nodeBin, codeServer, args, env, logFile, timeoutMs = 120_000 }) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(nodeBin, [codeServer, ...args], { env, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    groups.add(child.pid);
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      reject(new Error(`code-server ${args.join(' ')} timed out after ${timeoutMs} ms (log: ${logFile})`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid, 'SIGKILL'); // anything it left behind
      groups.delete(child.pid);
      if (code === 0) resolve();
      else reject(new Error(`code-server ${args.join(' ')} exited with ${code ?? signal} (log: ${logFile})`));
    });
  });
}

/**
 * Starts code-server on 127.0.0.1:<free port> and waits for /healthz. Returns
 * { port, baseUrl, pid, stop() }; stop() kills the whole process group and waits for it.
 */
export async function startCodeServer({ nodeBin, codeServer, userDataDir, extensionsDir, workspace, env, logFile, smokeTestDriver = false }) {
  const port = await freePort();
  const args = [
    codeServer,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--config', '/dev/null',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    workspace,
  ];
  const out = fs.openSync(logFile, 'a');
  const child = spawn(nodeBin, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  groups.add(child.pid);
  let exited;
  child.on('exit', (code, signal) => {
    exited = code ?? signal;
  });
  const stop = async () => {
    if (!groups.has(child.pid)) return;
    killGroup(child.pid, 'SIGTERM');
    for (let i = 0; i < 40 && killGroup(child.pid, 0); i++) await sleep(100);
    killGroup(child.pid, 'SIGKILL');
    groups.delete(child.pid);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`code-server exited with ${exited} before answering /healthz:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${baseUrl}/healthz within 60 s:\n${tail(logFile)}`);
    }
    await sleep(150);
  }
  return { port, baseUrl, pid: child.pid, stop };
}

export function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------
// Browser

export async function launchBrowser(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The URL that opens `workspace` in the workbench, with an optional smoke-test payload. */
export function workbenchUrl(baseUrl, workspace, payload) {
  const url = new URL(baseUrl);
  url.searchParams.set('folder', workspace);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

export function remoteUri(port, absolutePath) {
  return `vscode-remote://127.0.0.1:${port}${absolutePath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/**
 * Runs an extension-host test suite (@vscode/test-electron's extensionTestsPath model) in code-server
 * started with `--vscode-option enable-smoke-test-driver`: the workbench reads extensionDevelopmentPath
 * and extensionTestsPath from the URL payload, and reports the suite's result through
 * window.codeAutomationExit. Resolves with the exit code.
 */
export async function runExtensionHostSuite({ browser, server, workspace, extensionPath, testsPath, timeoutMs = 180_000, log = console.log }) {
  const page = await browser.newPage();
  try {
    let resolveExit;
    const exited = new Promise((resolve) => {
      resolveExit = resolve;
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.split('\n')) log(`  | ${line}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    page.on('pageerror', (error) => log(`  | (page error) ${error.message}`));
    const payload = [
      ['extensionDevelopmentPath', remoteUri(server.port, extensionPath)],
      ['extensionTestsPath', remoteUri(server.port, testsPath)],
    ];
    await page.goto(workbenchUrl(server.baseUrl, workspace, payload));
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref();
    });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') throw new Error(`the extension-host suite did not finish within ${timeoutMs / 1000} s`);
    return code;
  } finally {
    await page.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Steps: each one timed, screenshotted, and reported; a failed step does not stop the ones after it
// unless they depend on it (`needs`). `only` (a RegExp) runs the matching steps alone, for a
// benchmark that repeats a few of them.

export class Steps {
  constructor({ page, resultsDir, log = console.log, beforeEach = async () => undefined, only }) {
    this.page = page;
    this.only = only;
    this.beforeEach = beforeEach;
    this.resultsDir = resultsDir;
    this.log = log;
    this.results = [];
    this.index = 0;
  }

  async step(name, fn, { needs = [], screenshot = true } = {}) {
    if (this.only && !this.only.test(name)) return undefined;
    this.index += 1;
    const id = `${String(this.index).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
    const missing = needs.filter((dependency) => !this.results.some((result) => result.name === dependency && result.ok));
    if (missing.length > 0) {
      this.results.push({ name, id, ok: false, skipped: true, ms: 0, error: `skipped: needs ${missing.join(', ')}` });
      this.log(`  SKIP ${name} (needs ${missing.join(', ')})`);
      return undefined;
    }
    const started = performance.now();
    let value;
    let error;
    try {
      await this.beforeEach();
      value = await fn();
    } catch (caught) {
      error = caught;
    }
    const ms = Math.round(performance.now() - started);
    const shot = path.join(this.resultsDir, `${id}${error ? '-FAILED' : ''}.png`);
    if (screenshot || error) await this.page.screenshot({ path: shot }).catch(() => undefined);
    const result = { name, id, ok: !error, ms, screenshot: fs.existsSync(shot) ? path.relative(process.cwd(), shot) : undefined };
    if (error) result.error = error instanceof Error ? error.message.split('\n').slice(0, 8).join('\n') : String(error);
    this.results.push(result);
    this.log(`  ${error ? 'FAIL' : 'ok  '} ${name} (${(ms / 1000).toFixed(1)} s)${error ? `\n       ${result.error.replace(/\n/g, '\n       ')}` : ''}`);
    return value;
  }

  get failed() {
    return this.results.filter((result) => !result.ok);
  }
}

export { poll };
