// Suite 2: Shipshape inside a real extension host, through the `vscode` API only, so the same file
// runs in code-server (npm run test:e2e) and in desktop VS Code (npm run test:electron). The
// workspace is a copy of test/e2e/fixture-repo.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { poll } = require('../poll.cjs');

const EXTENSION_ID = 'shipshape.shipshape';
const WORKFLOW = '.github/workflows/deploy.yml';
const MANIFEST = 'k8s/web/deployment.yaml';
const VERDICTS = ['ready', 'ready-with-warnings', 'blocked'];
const STATUSES = ['pass', 'warn', 'fail', 'not-applicable', 'not-checked'];

function measure(name, ms) {
  const value = Math.round(ms);
  if (global.__shipshapeE2E) global.__shipshapeE2E.measurements[name] = value;
  console.log(`    measured ${name}: ${value} ms`);
}

function codeOf(diagnostic) {
  const code = diagnostic.code;
  return code !== null && typeof code === 'object' ? String(code.value) : String(code);
}

function shipshapeDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'shipshape');
}

function ruleIds(uri) {
  return [...new Set(shipshapeDiagnostics(uri).map(codeOf))].sort();
}

function waitFor(fn, options = {}) {
  return poll(fn, { timeout: 20_000, interval: 25, ...options });
}

function fileUri(relative) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'the test workspace has a folder (a copy of test/e2e/fixture-repo)');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

async function open(relative) {
  const document = await vscode.workspace.openTextDocument(fileUri(relative));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

async function codeActions(uri, range) {
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range);
  return actions || [];
}

async function readiness() {
  const reports = await vscode.commands.executeCommand('shipshape.getReadinessReport');
  assert.ok(Array.isArray(reports), `shipshape.getReadinessReport returns an array (got ${JSON.stringify(reports)})`);
  return reports;
}

function unitOf(report, kind, unitPath) {
  return report.units.find((unit) => unit.kind === kind && unit.path === unitPath);
}

function gateStatus(reports, gateId) {
  const unit = reports.length ? unitOf(reports[0], 'k8s-app', 'k8s/web') : undefined;
  const gate = unit && unit.gates.find((candidate) => candidate.id === gateId);
  return gate && gate.status;
}

suite('Shipshape in the extension host', () => {
  test('activates, and contributes its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    const wasActive = extension.isActive;
    const started = performance.now();
    await extension.activate();
    measure(wasActive ? 'extension host: activate() (already active at startup)' : 'extension host: activate()', performance.now() - started);
    assert.ok(extension.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['shipshape.showReadiness', 'shipshape.rescanWorkspace', 'shipshape.createConfig', 'shipshape.showRuleDocumentation', 'shipshape.restartServer', 'shipshape.getReadinessReport']) {
      assert.ok(commands.includes(command), `command ${command} is registered`);
    }
  });

  test('an opened workflow gets diagnostics with rule ids, ranges and rule links', async () => {
    const started = performance.now();
    const document = await open(WORKFLOW);
    await waitFor(() => shipshapeDiagnostics(document.uri).length > 0, { message: `diagnostics on ${WORKFLOW}` });
    measure('extension host: workflow opened → first diagnostics', performance.now() - started);
    await waitFor(() => ruleIds(document.uri).includes('gha/missing-permissions') && ruleIds(document.uri).includes('gha/unpinned-action'), {
      message: `gha/missing-permissions and gha/unpinned-action on ${WORKFLOW} (have ${ruleIds(document.uri).join(', ')})`,
    });
    const unpinned = shipshapeDiagnostics(document.uri).filter((diagnostic) => codeOf(diagnostic) === 'gha/unpinned-action');
    assert.equal(unpinned.length, 3, 'three unpinned actions');
    assert.deepEqual([unpinned[0].range.start.line, unpinned[0].range.start.character], [10, 14], 'the first one is actions/checkout@v4 on line 11');
    assert.equal(unpinned[0].severity, vscode.DiagnosticSeverity.Warning);
    const link = unpinned[0].code && unpinned[0].code.target;
    assert.ok(link && String(link).includes('unpinned-action'), `the rule id links to its page (${link})`);
  });

  test('a quick fix from executeCodeActionProvider applies with applyEdit and the diagnostic goes away', async () => {
    const document = await open(WORKFLOW);
    const diagnostic = await waitFor(() => shipshapeDiagnostics(document.uri).find((candidate) => codeOf(candidate) === 'gha/missing-permissions'), { message: 'gha/missing-permissions' });
    const actions = await codeActions(document.uri, diagnostic.range);
    const fix = actions.find((action) => action.title.startsWith('Add `permissions: contents: read`'));
    assert.ok(fix, `the fix is offered (offered: ${actions.map((action) => action.title).join(' | ')})`);
    assert.ok(fix.edit, 'the fix carries its edit');
    assert.ok(actions.some((action) => action.title === 'Suppress gha/missing-permissions on this line (with reason)'), 'suppress on this line is offered');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit succeeds');
    assert.match(document.getText(), /\npermissions:\n {2}contents: read\n\njobs:\n/);
    await waitFor(() => !ruleIds(document.uri).includes('gha/missing-permissions'), { message: 'gha/missing-permissions to go away' });
    assert.ok(ruleIds(document.uri).includes('gha/unpinned-action'), 'the other findings stay');

    // Suppress with reason, through the same API.
    const unpinned = shipshapeDiagnostics(document.uri).find((candidate) => codeOf(candidate) === 'gha/unpinned-action');
    const suppress = (await codeActions(document.uri, unpinned.range)).find((action) => action.title === 'Suppress gha/unpinned-action on this line (with reason)');
    assert.ok(suppress && suppress.edit, 'suppress on this line is offered for gha/unpinned-action');
    const before = shipshapeDiagnostics(document.uri).filter((candidate) => codeOf(candidate) === 'gha/unpinned-action').length;
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    assert.match(document.getText(), /\n {6}# shipshape-ignore\[gha\/unpinned-action\] .+\n {6}- uses: actions\/checkout@v4\n/);
    await waitFor(() => shipshapeDiagnostics(document.uri).filter((candidate) => codeOf(candidate) === 'gha/unpinned-action').length === before - 1, { message: 'one gha/unpinned-action fewer' });
  });

  test('the readiness report comes back as ReadinessReport[] and follows an edit', async () => {
    const reports = await waitFor(async () => {
      const value = await readiness();
      return value.length > 0 && value[0].units.length > 0 && value;
    }, { message: 'a readiness report with units' });
    assert.equal(reports.length, 1, 'one report per workspace folder');
    const report = reports[0];
    assert.equal(report.schemaVersion, 1);
    assert.ok(VERDICTS.includes(report.verdict), `verdict ${report.verdict}`);
    assert.ok(Number.isInteger(report.score) && report.score >= 0 && report.score <= 100, `score ${report.score}`);
    for (const unit of report.units) {
      assert.ok(VERDICTS.includes(unit.verdict), `unit ${unit.id} verdict ${unit.verdict}`);
      assert.ok(unit.gates.length > 0, `unit ${unit.id} has gates`);
      for (const gate of unit.gates) {
        assert.ok(STATUSES.includes(gate.status), `gate ${unit.id}/${gate.id} status ${gate.status}`);
        if (gate.status === 'fail' || gate.status === 'warn') assert.ok(gate.evidence.length > 0, `gate ${unit.id}/${gate.id} (${gate.status}) has evidence`);
      }
    }
    assert.ok(unitOf(report, 'pipeline', WORKFLOW), `a pipeline unit for ${WORKFLOW} (units: ${report.units.map((unit) => unit.id).join(', ')})`);
    assert.ok(unitOf(report, 'terraform-root', 'infra'), 'a terraform-root unit for infra/');
    const web = unitOf(report, 'k8s-app', 'k8s/web');
    assert.ok(web, 'a k8s-app unit for k8s/web');
    const health = web.gates.find((gate) => gate.id === 'health-checks');
    assert.ok(health && (health.status === 'fail' || health.status === 'warn'), `health-checks of k8s/web is fail or warn (is ${health && health.status})`);
    assert.ok(health.evidence.some((evidence) => evidence.file === MANIFEST), 'its evidence points at the manifest');

    // Add the probes with the k8s/missing-probes quick fix; the report follows, without a save.
    const document = await open(MANIFEST);
    const diagnostic = await waitFor(() => shipshapeDiagnostics(document.uri).find((candidate) => codeOf(candidate) === 'k8s/missing-probes'), { message: 'k8s/missing-probes' });
    const fix = (await codeActions(document.uri, diagnostic.range)).find((action) => action.title.startsWith('Add readinessProbe and livenessProbe'));
    assert.ok(fix && fix.edit, 'the probes quick fix is offered');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const started = performance.now();
    await waitFor(async () => gateStatus(await readiness(), 'health-checks') === 'pass', { message: 'health-checks of k8s/web to pass after the edit' });
    measure('extension host: edit → readiness report updated', performance.now() - started);
  });

  test('turning a rule off in the settings removes its diagnostics, and back on restores them', async () => {
    const document = await open(WORKFLOW);
    await waitFor(() => ruleIds(document.uri).includes('gha/unpinned-action'), { message: 'gha/unpinned-action before the change' });
    const config = vscode.workspace.getConfiguration('shipshape');
    await config.update('rules', { 'gha/unpinned-action': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => !ruleIds(document.uri).includes('gha/unpinned-action'), { message: 'gha/unpinned-action to go away with the rule off' });
    } finally {
      await vscode.workspace.getConfiguration('shipshape').update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => ruleIds(document.uri).includes('gha/unpinned-action'), { message: 'gha/unpinned-action to come back with the rule on' });
  });

  test('Restart Server: diagnostics on the open workflow come back', async () => {
    const document = await open(WORKFLOW);
    await waitFor(() => shipshapeDiagnostics(document.uri).length > 0, { message: 'diagnostics before the restart' });
    const started = performance.now();
    await vscode.commands.executeCommand('shipshape.restartServer');
    await waitFor(() => ruleIds(document.uri).includes('gha/unpinned-action'), { message: 'diagnostics after the restart' });
    measure('extension host: Restart Server → diagnostics on the open workflow', performance.now() - started);
  });
});
