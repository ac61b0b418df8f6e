// Suite 1: Shipshape, installed from its .vsix into code-server, seen and driven through headless
// Chromium as a person would: squiggles, the Problems panel, quick fixes with Ctrl+., suppressions,
// the readiness panel (from the palette and the status bar), evidence navigation, live updates, and
// a hostile file name rendered as text. A screenshot is taken after every step.
import fs from 'node:fs';
import path from 'node:path';
import { Steps, poll, remoteUri, sleep, workbenchUrl } from './driver.mjs';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>.yaml';
const HOSTILE_VALUE = '<script>alert("workflow name")</script>';
const WORKFLOW = '.github/workflows/deploy.yml';
const MANIFEST = 'k8s/web/deployment.yaml';
const TERRAFORM = 'infra/main.tf';

export async function runBrowserSuite({ browser, server, workspace, userDataDir, resultsDir, root, log, timings }) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const dialogs = [];
  // An alert/confirm/prompt from any frame (the webview included) fails the hostile-content step.
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => undefined);
  });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // Each step starts from a quiet workbench: no menu, widget or quick input left open by the one before.
  // SHIPSHAPE_E2E_STEPS=<regexp>: only the matching steps (npm run bench repeats the start-up ones).
  const only = process.env.SHIPSHAPE_E2E_STEPS ? new RegExp(process.env.SHIPSHAPE_E2E_STEPS) : undefined;
  const steps = new Steps({ page, resultsDir, log, only, beforeEach: async () => {
    if (page.url() === 'about:blank') return;
    for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
  } });
  const mod = 'Control';
  const activeEditor = page.locator('.editor-group-container.active .editor-instance');
  const markers = page.locator('.markers-panel');
  const statusSelection = page.locator('[id="status.editor.selection"]');

  /** The rendered lines of the active editor, in line order (Monaco appends new line nodes at the end). */
  async function editorText() {
    const lines = await activeEditor.locator('.view-lines .view-line').evaluateAll((nodes) =>
      nodes.map((node) => ({ top: parseFloat(node.style.top) || 0, text: node.textContent || '' })).sort((a, b) => a.top - b.top).map((line) => line.text));
    return lines.join('\n').replace(/\u00a0/g, ' ');
  }

  async function openByQuickOpen(relativePath) {
    await page.keyboard.press(`${mod}+P`);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    const base = path.posix.basename(relativePath);
    // Click the row named exactly so (fuzzy matching also offers deployment.yaml for deploy.yml).
    const exact = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    const started = performance.now();
    await page.locator('.tab.active', { hasText: base }).waitFor({ timeout: 20_000 });
    await activeEditor.locator('.view-lines').waitFor();
    return started;
  }

  async function waitForSquiggle(timeout = 20_000) {
    await activeEditor.locator('.squiggly-error, .squiggly-warning, .squiggly-info').first().waitFor({ timeout });
  }

  async function showProblems() {
    if (!(await markers.isVisible())) await page.keyboard.press(`${mod}+Shift+M`);
    await markers.waitFor({ state: 'visible' });
  }

  async function problemsText() {
    return (await markers.innerText()).replace(/\u00a0/g, ' ');
  }

  async function expectProblems(ruleIds, timeout = 20_000) {
    await showProblems();
    await poll(async () => {
      const text = await problemsText();
      return ruleIds.every((id) => text.includes(id));
    }, { timeout, message: `Problems entries ${ruleIds.join(', ')}` }).catch(async (error) => {
      throw new Error(`${error.message}\nProblems panel shows:\n${(await problemsText()).slice(0, 1500)}`);
    });
  }

  /**
   * Focuses the active editor by a mouse click on its first visible line. (A locator click would
   * scroll Monaco's own scrollable DOM into view natively, which leaves the editor blank.)
   */
  async function focusEditor() {
    const box = await page.locator('.editor-group-container.active .monaco-editor .lines-content').first().evaluate((element) => {
      const rect = element.closest('.monaco-editor').getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: rect.width };
    });
    await page.mouse.click(box.x + Math.min(400, box.width - 20), box.y + 8);
  }

  async function gotoLine(line, column = 1) {
    await page.keyboard.press(`${mod}+G`);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await sleep(100);
    await page.keyboard.press('Enter');
    await poll(async () => (await statusSelection.innerText()).includes(`Ln ${line},`), { message: `the cursor on line ${line}` });
  }

  /** Selects the first occurrence of `text` in the active editor with the find widget. */
  async function selectText(text) {
    await focusEditor();
    await page.keyboard.press(`${mod}+Home`);
    await page.keyboard.press(`${mod}+F`);
    const find = page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input').first();
    await find.waitFor({ state: 'visible' });
    await find.fill(text); // find-as-you-type selects the first match after the cursor
    await sleep(200);
    await page.keyboard.press('Escape');
  }

  /** Ctrl+. then picks the action whose title starts with `title`. Returns after the menu closed. */
  async function quickFix(title, { screenshot } = {}) {
    const widget = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    // Ctrl+. right after the find widget closed is sometimes swallowed: try again, as a person would.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press(`${mod}+.`);
      try {
        await widget.waitFor({ state: 'visible', timeout: 4_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        log(`  (Ctrl+. opened no menu, attempt ${attempt}; trying again)`);
        await page.keyboard.press('Escape');
      }
    }
    const item = widget.locator('.monaco-list-row', { hasText: title }).first();
    await item.waitFor({ timeout: 10_000 }).catch(async (error) => {
      throw new Error(`${error.message}\nthe Quick Fix menu offers:\n${await widget.innerText()}`);
    });
    await item.hover();
    if (screenshot) await page.screenshot({ path: screenshot });
    await item.click();
    await widget.waitFor({ state: 'hidden' });
  }

  async function runCommand(title) {
    const widget = page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'hidden' }).catch(() => undefined);
    await page.keyboard.press(`${mod}+Shift+P`);
    const input = widget.locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    // Enter runs the focused (first) row: make sure it is this command, not a longer one.
    let label = null;
    await poll(async () => {
      label = await widget.locator('.quick-input-list .monaco-list-row.focused').first().getAttribute('aria-label').catch(() => null);
      return label !== null && (label === title || label.startsWith(`${title},`));
    }, { timeout: 10_000, message: `"${title}" as the first command in the palette` }).catch((error) => {
      throw new Error(`${error.message} (the focused row reads "${label}")`);
    });
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
  }

  /** The readiness webview's inner frame (the one holding #verdict). */
  async function panelFrame(timeout = 30_000) {
    return poll(async () => {
      for (const frame of page.frames()) {
        if (frame.isDetached()) continue;
        if (await frame.$('#verdict').catch(() => null)) return frame;
      }
      return undefined;
    }, { timeout, message: 'the readiness panel (#verdict in a webview frame)' });
  }

  /** Closes the panel with the close button of its tab, by mouse like a person. */
  async function closePanel() {
    const tab = page.locator('.tab', { hasText: 'Deploy Readiness' }).first();
    if (!(await tab.count())) return;
    await tab.hover();
    const box = await tab.locator('.tab-actions .action-label').first().boundingBox();
    if (!box) throw new Error('the panel tab has no close button');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** Counts the matches of `text` in the whole active document with the find widget ("1 of 2"). */
  async function countInEditor(text) {
    await focusEditor();
    await page.keyboard.press(`${mod}+F`);
    const find = page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input').first();
    await find.waitFor({ state: 'visible' });
    await find.fill(text);
    await sleep(200);
    const counter = (await page.locator('.editor-group-container.active .find-widget .matchesCount').first().innerText()).trim();
    await page.keyboard.press('Escape');
    const match = /of (\d+)/.exec(counter);
    return match ? Number(match[1]) : 0;
  }

  /** Problems rows whose code is `ruleId` (a row's text reads "<message>shipshape<rule id>[Ln 14, Col 15]"). */
  async function problemRows(ruleId) {
    return markers.locator('.monaco-list-row').evaluateAll((rows, id) => rows.filter((row) => (row.textContent || '').includes(`shipshape${id}[Ln `)).length, ruleId);
  }

  /**
   * Start-up timings from one activation: to the squiggle, to the diagnostics reaching the extension
   * host, and the extension's own part of that (from the call of activate()).
   */
  async function recordStartUp(activation, squiggleAt, squiggleKey, suffix) {
    timings.measurements[squiggleKey] = squiggleAt - activation.at;
    const diagnostics = await poll(() => firstDiagnosticsTime(activation.hostDir), { timeout: 5_000, message: `the first-diagnostics line in ${activation.hostDir}` });
    timings.measurements[`ui: Shipshape activation → first diagnostics in the extension host${suffix}`] = diagnostics.at - activation.at;
    timings.measurements[`ui: Shipshape activate() → first diagnostics in the extension host${suffix}`] = diagnostics.sinceActivate;
  }

  try {
    await steps.step('workbench loads the fixture repository with the workflow open', async () => {
      // The workflow is opened by the workbench itself as it starts (payload openFile), so opening it
      // is what activates Shipshape (onLanguage:yaml or workspaceContains, whichever comes first).
      const loadStarted = Date.now();
      await page.goto(workbenchUrl(server.baseUrl, workspace, [['openFile', remoteUri(server.port, path.join(workspace, WORKFLOW))]]));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.tab.active', { hasText: 'deploy.yml' }).waitFor({ timeout: 60_000 });
      await waitForSquiggle(60_000);
      const squiggleAt = Date.now();
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.md' }).first().waitFor({ timeout: 60_000 });
      timings.measurements['ui: page load → first squiggle on the workflow opened at startup'] = squiggleAt - loadStarted;
      // The extension host's log reaches the disk a moment later.
      const activation = await poll(() => activationTime(userDataDir), { timeout: 5_000, message: 'the activation line in the log' }).catch(() => undefined);
      if (activation) {
        timings.measurements['ui: activation event'] = activation.event;
        await recordStartUp(activation, squiggleAt, 'ui: Shipshape activation → first squiggle on the opened workflow', '');
      } else {
        log('  (no activation line for shipshape.shipshape in the extension host log)');
      }
    });

    await steps.step('workflow: squiggles and Problems with rule ids', async () => {
      await openByQuickOpen(WORKFLOW);
      await waitForSquiggle();
      await expectProblems(['gha/unpinned-action', 'gha/missing-permissions']);
    }, { needs: ['workbench loads the fixture repository with the workflow open'] });

    await steps.step('quick fix with Ctrl+. adds permissions and the diagnostic goes away', async () => {
      await focusEditor();
      await gotoLine(2);
      const shot = path.join(resultsDir, 'quick-fix-menu.png');
      await quickFix('Add `permissions: contents: read`', { screenshot: shot });
      copyForReadme(root, shot, 'quick-fix.png');
      await poll(async () => /permissions:\s*\n\s*contents: read/.test(await editorText()), { message: 'permissions: contents: read in the editor' });
      await poll(async () => !(await problemsText()).includes('gha/missing-permissions'), { message: 'the gha/missing-permissions entry to leave the Problems panel' });
    }, { needs: ['workflow: squiggles and Problems with rule ids'] });

    await steps.step('suppress with reason inserts a shipshape-ignore comment', async () => {
      const before = await problemRows('gha/unpinned-action');
      await selectText('actions/checkout@v4');
      await quickFix('Suppress gha/unpinned-action on this line (with reason)');
      await poll(async () => (await editorText()).includes('# shipshape-ignore[gha/unpinned-action] TODO: say why this is acceptable'), { message: 'the suppression comment in the editor' });
      await poll(async () => (await problemRows('gha/unpinned-action')) === before - 1, { message: `one gha/unpinned-action entry fewer than ${before} in Problems` });
    }, { needs: ['workflow: squiggles and Problems with rule ids'] });

    await steps.step('manifest: squiggles and Problems with rule ids', async () => {
      await openByQuickOpen(MANIFEST);
      await waitForSquiggle();
      await expectProblems(['k8s/missing-probes', 'k8s/image-floating-tag']);
    }, { needs: ['workbench loads the fixture repository with the workflow open'] });

    await steps.step('terraform: squiggles and Problems with rule ids', async () => {
      await openByQuickOpen(TERRAFORM);
      await waitForSquiggle();
      await expectProblems(['tf/unpinned-provider']);
    }, { needs: ['workbench loads the fixture repository with the workflow open'] });

    await steps.step('hostile file name opens as text in the editor and Problems', async () => {
      await openByQuickOpen(`k8s/worker/${HOSTILE_NAME}`);
      await waitForSquiggle();
      await showProblems();
      await poll(async () => (await problemsText()).includes(HOSTILE_NAME), { message: 'the hostile file name as text in Problems' });
      if (dialogs.length) throw new Error(`a dialog opened: ${dialogs.join('; ')}`);
    }, { needs: ['workbench loads the fixture repository with the workflow open'] });

    // ---- readiness panel -------------------------------------------------------------------
    let frame;
    await steps.step('readiness panel from the palette: verdict and gates', async () => {
      await openByQuickOpen(MANIFEST); // what the README's screenshot shows beside the panel
      await runCommand('Shipshape: Show Deploy Readiness');
      await page.locator('.tab', { hasText: 'Deploy Readiness' }).first().waitFor({ timeout: 20_000 });
      frame = await panelFrame();
      const verdict = await frame.locator('#verdict').getAttribute('data-verdict');
      if (!['ready', 'ready-with-warnings', 'blocked'].includes(verdict)) throw new Error(`#verdict data-verdict is ${verdict}`);
      const score = (await frame.locator('#score').innerText()).trim();
      if (!/^\d+$/.test(score) || Number(score) > 100) throw new Error(`#score reads "${score}"`);
      await frame.locator('section.folder[data-folder]').first().waitFor();
      await frame.locator('section.unit[data-unit-id]').first().waitFor();
      const gate = frame.locator('section.unit[data-unit-id*="k8s/web"] li.gate[data-gate-id="health-checks"]');
      await gate.waitFor({ timeout: 10_000 });
      const status = await gate.getAttribute('data-status');
      if (!['fail', 'warn'].includes(status)) throw new Error(`health-checks of the k8s/web app is ${status}, expected fail or warn (its container has no probes)`);
      const statuses = await frame.locator('li.gate[data-gate-id][data-status]').evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));
      const allowed = new Set(['pass', 'warn', 'fail', 'not-applicable', 'not-checked']);
      if (statuses.length === 0 || statuses.some((value) => !allowed.has(value))) throw new Error(`gate statuses: ${statuses.join(', ')}`);
      timings.measurements['ui: verdict'] = `${verdict}, score ${score}`;
      // For the README: the editor and the panel side by side, without the side bar and the Problems panel.
      await runCommand('View: Toggle Primary Side Bar Visibility');
      await runCommand('View: Toggle Panel Visibility');
      await page.mouse.move(700, 895); // no hover tooltip in the picture
      await sleep(700);
      await page.screenshot({ path: path.join(resultsDir, 'readiness-panel.png') });
      copyForReadme(root, path.join(resultsDir, 'readiness-panel.png'), 'readiness-panel.png');
      await runCommand('View: Toggle Primary Side Bar Visibility');
      await runCommand('View: Toggle Panel Visibility');
    }, { needs: ['workbench loads the fixture repository with the workflow open'] });

    await steps.step('hostile file name and <script> value render as text in the panel, nothing runs', async () => {
      frame = await panelFrame();
      await frame.getByText(HOSTILE_NAME.replace('.yaml', ''), { exact: false }).first().waitFor({ timeout: 10_000 });
      await frame.getByText(HOSTILE_VALUE, { exact: false }).first().waitFor({ timeout: 10_000 });
      const injected = await Promise.all(page.frames().filter((candidate) => !candidate.isDetached()).map((candidate) => candidate.evaluate(() => ({
        url: location.href,
        imgX: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
        scripts: Array.from(document.scripts).filter((script) => /alert\(/.test(script.textContent || '')).length,
      })).catch(() => undefined)));
      const bad = injected.filter((entry) => entry && (entry.imgX > 0 || entry.scripts > 0));
      if (bad.length) throw new Error(`injected markup found: ${JSON.stringify(bad)}`);
      if (dialogs.length) throw new Error(`a dialog opened: ${dialogs.join('; ')}`);
    }, { needs: ['readiness panel from the palette: verdict and gates'] });

    await steps.step('evidence click lands on the right line', async () => {
      frame = await panelFrame();
      const button = frame.locator(`button.evidence[data-file="${MANIFEST}"]`).first();
      await button.waitFor({ timeout: 10_000 });
      const line = Number(await button.getAttribute('data-line'));
      const label = await button.innerText();
      if (!/deployment\.yaml:\d+ — ./.test(label.replace(/\s+/g, ' '))) throw new Error(`evidence text "${label}" is not "file:line — reason"`);
      await button.click();
      await page.locator('.tab.active', { hasText: 'deployment.yaml' }).waitFor({ timeout: 10_000 });
      await poll(async () => (await statusSelection.innerText()).includes(`Ln ${line},`), { message: `the cursor on line ${line} (status bar shows "${await statusSelection.innerText().catch(() => '?')}")` });

      // The hostile file's evidence opens that file too (its path goes through the webview's messages).
      const hostile = frame.locator(`button.evidence[data-file="k8s/worker/${HOSTILE_NAME}"]`).first();
      await hostile.waitFor({ timeout: 10_000 });
      const hostileLine = Number(await hostile.getAttribute('data-line'));
      await hostile.click();
      await page.locator('.tab.active', { hasText: HOSTILE_NAME }).waitFor({ timeout: 10_000 });
      await poll(async () => (await statusSelection.innerText()).includes(`Ln ${hostileLine},`), { message: `the cursor on line ${hostileLine} of the hostile file` });
    }, { needs: ['readiness panel from the palette: verdict and gates'] });

    await steps.step('editing a manifest updates the panel live', async () => {
      // Add the probes with the k8s/missing-probes quick fix: health-checks turns to pass.
      await openByQuickOpen(MANIFEST);
      await selectText('- name: web');
      await quickFix('Add readinessProbe and livenessProbe');
      await poll(async () => (await countInEditor('livenessProbe:')) === 1 && (await countInEditor('readinessProbe:')) === 1, { message: 'the probes in the editor' });
      await poll(async () => (await problemRows('k8s/missing-probes')) === 0, { message: 'k8s/missing-probes to leave Problems' });
      frame = await panelFrame();
      await poll(async () => (await frame.locator('section.unit[data-unit-id*="k8s/web"] li.gate[data-gate-id="health-checks"]').getAttribute('data-status')) === 'pass', { timeout: 20_000, message: 'health-checks of the k8s/web app to turn to pass in the panel' });
    }, { needs: ['readiness panel from the palette: verdict and gates'] });

    await steps.step('readiness panel from the status bar item', async () => {
      await closePanel();
      const item = page.locator('.statusbar-item[id$="shipshape.readiness"]').first();
      await item.waitFor({ timeout: 10_000 });
      const text = (await item.innerText()).trim();
      if (!/^\S*\s*Shipshape:/.test(text) && !(await item.locator('.codicon').count())) throw new Error(`status bar item reads "${text}"`);
      if (!text.includes('Shipshape:')) throw new Error(`status bar item reads "${text}", expected "<icon> Shipshape: …"`);
      await item.locator('a, .statusbar-item-label').first().click();
      await page.locator('.tab', { hasText: 'Deploy Readiness' }).first().waitFor({ timeout: 20_000 });
      frame = await panelFrame();
      await frame.locator('li.gate[data-gate-id][data-status]').first().waitFor();
    }, { needs: ['workbench loads the fixture repository with the workflow open'] });

    await steps.step('activation → first squiggle again, after Reload Window', async () => {
      // A second measurement on a warm server and browser cache: save everything (no unload prompt),
      // reload with the workflow as the active editor, and time activation → squiggle again.
      await closePanel();
      await openByQuickOpen(WORKFLOW);
      await runCommand('File: Save All Files');
      // Wait for the new page itself: the old one still shows its squiggles until the reload starts.
      await page.evaluate(() => {
        window.shipshapeBeforeReload = true;
      });
      await runCommand('Developer: Reload Window');
      await poll(async () => (await page.evaluate(() => window.shipshapeBeforeReload !== true).catch(() => false)), { timeout: 60_000, message: 'the reloaded page' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.tab.active', { hasText: 'deploy.yml' }).waitFor({ timeout: 60_000 });
      await waitForSquiggle(60_000);
      const squiggleAt = Date.now();
      const activation = await poll(() => activationTime(userDataDir, 2), { timeout: 5_000, message: 'a second activation line in the extension host logs' });
      await recordStartUp(activation, squiggleAt, 'ui: Shipshape activation → first squiggle after Reload Window', ' after Reload Window');
    }, { needs: ['workbench loads the fixture repository with the workflow open'] });

    await steps.step('no dialog opened and no page error from the extension', async () => {
      if (dialogs.length) throw new Error(`dialogs: ${dialogs.join('; ')}`);
      const ours = pageErrors.filter((message) => /shipshape|readiness/i.test(message));
      if (ours.length) throw new Error(`page errors: ${ours.join('; ')}`);
    }, { screenshot: false });
  } finally {
    await context.close().catch(() => undefined);
  }
  fs.writeFileSync(path.join(resultsDir, 'browser-steps.json'), `${JSON.stringify(steps.results, null, 2)}\n`);
  return { steps: steps.results, dialogs, remote: remoteUri(server.port, workspace) };
}

/**
 * When an extension host started activating Shipshape for the `nth` time, from the extension hosts'
 * logs ("ExtensionService#_doActivateExtension shipshape.shipshape, startup: …, activationEvent: '…'"),
 * as epoch ms (the logs are in local time). A reloaded window gets a new extension host (exthost2, …).
 */
function activationTime(userDataDir, nth = 1) {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return undefined;
  const pattern = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \[\w+\] ExtensionService#_doActivateExtension shipshape\.shipshape, startup: (\w+), activationEvent: '([^']*)'/gm;
  const found = [];
  for (const session of fs.readdirSync(logs)) {
    const dir = path.join(logs, session);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const host of fs.readdirSync(dir).filter((name) => /^exthost\d+$/.test(name))) {
      const file = path.join(dir, host, 'remoteexthost.log');
      if (!fs.existsSync(file)) continue;
      for (const match of fs.readFileSync(file, 'utf8').matchAll(pattern)) {
        const [startup, event] = match.slice(8);
        found.push({ at: logStamp(match), event: `${event} (startup: ${startup})`, hostDir: path.join(dir, host) });
      }
    }
  }
  found.sort((a, b) => a.at - b.at);
  return found[nth - 1];
}

/**
 * When the first Shipshape diagnostics reached that extension host (the client logs it in its output
 * channel, next to the server's start-up lines), as epoch ms; undefined until the line is written.
 */
function firstDiagnosticsTime(hostDir) {
  const file = path.join(hostDir, 'shipshape.shipshape', 'Shipshape.log');
  if (!fs.existsSync(file)) return undefined;
  const match = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \[\w+\] First diagnostics reached the editor (\d+) ms after the extension activated/m.exec(fs.readFileSync(file, 'utf8'));
  // `sinceActivate`: the extension's own part, from the call of activate() (VS Code loads the module
  // and prepares the extension's context before it).
  return match ? { at: logStamp(match), sinceActivate: Number(match[8]) } : undefined;
}

/** A log line's local time stamp (groups 1–7 of a match: year … milliseconds) as epoch ms. */
function logStamp(match) {
  const [year, month, day, hour, minute, second, ms] = match.slice(1, 8).map(Number);
  return new Date(year, month - 1, day, hour, minute, second, ms).getTime();
}

/** Keeps a screenshot for the README (media/screenshots/, committed). */
function copyForReadme(root, source, name) {
  if (!fs.existsSync(source)) return;
  const dir = path.join(root, 'media', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(source, path.join(dir, name));
}
