// Entry point of the extension-host suite (the `extensionTestsPath` of @vscode/test-electron, and of
// code-server's smoke-test payload): runs every *.test.cjs beside it with mocha (TDD UI) inside the
// extension host, and settles when they finish. Written against the `vscode` API only.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 60_000, slow: 5_000 });
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.cjs')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const results = { passed: 0, failed: 0, tests: [], measurements: {} };
  global.__shipshapeE2E = results;
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const dir = process.env.SHIPSHAPE_E2E_RESULTS;
      if (dir) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'extension-host-results.json'), `${JSON.stringify(results, null, 2)}\n`);
      }
      console.log(`extension host: ${results.passed} passed, ${results.failed} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      results.passed += 1;
      results.tests.push({ title: test.fullTitle(), ok: true, ms: test.duration });
    });
    runner.on('fail', (test, error) => {
      results.failed += 1;
      results.tests.push({ title: test.fullTitle(), ok: false, error: String(error && error.message) });
    });
  });
};
