// The secrets section of `npm run bench`: our scanner against secretlint's recommended preset on the
// same megabyte of mixed repository text (generated: YAML, HCL, .env, JSON, shell, prose, with
// planted secrets and false-positive traps), each tool warm in a process of its own, and both tools'
// recall on the planted secrets.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mixedText } from './secrets-corpus.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Whether a match covers the planted value exactly (or more), or only touches its line. */
function recallOf(files, planted, matchesByFile) {
  let exact = 0;
  let onLine = 0;
  for (const entry of planted) {
    const file = files.find((candidate) => candidate.file === entry.file);
    const start = file.text.indexOf(entry.value);
    const end = start + entry.value.length;
    const lineStart = file.text.lastIndexOf('\n', start) + 1;
    const lineEnd = file.text.indexOf('\n', end) === -1 ? file.text.length : file.text.indexOf('\n', end);
    const matches = matchesByFile.get(entry.file) ?? [];
    if (matches.some((match) => match.start <= start && match.end >= end)) exact++;
    else if (matches.some((match) => match.start < lineEnd && match.end > lineStart)) onLine++;
  }
  return { exact, onLine, planted: planted.length };
}

/** Matches that are not on the line of any planted secret: traps and documentation examples. */
function unplantedOf(files, planted, matchesByFile) {
  let count = 0;
  for (const file of files) {
    const lines = planted
      .filter((entry) => entry.file === file.file)
      .map((entry) => {
        const start = file.text.indexOf(entry.value);
        return [file.text.lastIndexOf('\n', start) + 1, start + entry.value.length];
      });
    for (const match of matchesByFile.get(file.file) ?? []) if (!lines.some(([from, to]) => match.start < to + 1 && match.end > from)) count++;
  }
  return count;
}

function runWorker(tool, engineBundle, runs) {
  const result = spawnSync(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'secrets-worker.mjs'), tool, engineBundle, String(runs)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${tool} worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Each tool warm in a process of its own, alternating processes twice so machine noise hits both. */
export function benchSecrets({ engineBundle, generate, runs }) {
  const { files, planted } = mixedText(1_000_000, generate);
  const bytes = files.reduce((total, file) => total + file.text.length, 0);
  const measured = { shipshape: { first: [], times: [] }, secretlint: { first: [], times: [] } };
  for (let round = 0; round < 2; round++) {
    for (const tool of ['shipshape', 'secretlint']) {
      const run = runWorker(tool, engineBundle, Math.ceil(runs / 2));
      measured[tool].first.push(run.first);
      measured[tool].times.push(...run.times);
      measured[tool].matches = new Map(Object.entries(run.matches));
    }
  }
  const count = (byFile) => [...byFile.values()].reduce((total, matches) => total + matches.length, 0);
  const ours = measured.shipshape;
  const theirs = measured.secretlint;
  return {
    files: files.length,
    bytes,
    planted: planted.length,
    formats: new Set(planted.map((entry) => entry.format)).size,
    oursFirstMs: median(ours.first),
    oursMedianMs: median(ours.times),
    oursMinMs: Math.min(...ours.times),
    secretlintFirstMs: median(theirs.first),
    secretlintMedianMs: median(theirs.times),
    secretlintMinMs: Math.min(...theirs.times),
    oursRecall: recallOf(files, planted, ours.matches),
    secretlintRecall: recallOf(files, planted, theirs.matches),
    oursMatches: count(ours.matches),
    secretlintMatches: count(theirs.matches),
    oursUnplanted: unplantedOf(files, planted, ours.matches),
    secretlintUnplanted: unplantedOf(files, planted, theirs.matches),
  };
}
