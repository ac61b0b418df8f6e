import type { Evidence, GateResult, ReadinessReport, UnitKind, UnitReadiness } from '../../../server/src/engine/readiness/types';
import { STATUS_LABEL, VERDICT_LABEL, summarize } from '../summary';

// The readiness panel's HTML, built on the extension side so the webview needs no bundle. No vscode
// import: unit tests render hostile reports directly. Every value that came from a file, a path or
// the server goes through `escapeHtml`; the DOM classes and data attributes are a contract the
// end-to-end tests rely on.

export type PanelState =
  | { kind: 'no-folder' }
  /** The server is not answering yet (starting, restarting, or the request failed). */
  | { kind: 'starting'; detail?: string }
  /** The request is on its way: the server is scanning. */
  | { kind: 'analysing' }
  | { kind: 'reports'; reports: readonly ReadinessReport[] };

export interface PageOptions {
  /** Fresh for every full render. */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** The stylesheet, as a webview URI. */
  styleUri: string;
  /** The header logo, as a webview URI. */
  logoUri?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const UNIT_KIND_LABEL: Record<UnitKind, string> = {
  pipeline: 'Pipeline',
  'k8s-app': 'Kubernetes app',
  'helm-chart': 'Helm chart',
  'terraform-root': 'Terraform root module',
  repository: 'Repository',
};

const DORA_FALLBACK_TITLE: Record<string, string> = {
  'deployment-frequency': 'Deployment frequency',
  'lead-time': 'Lead time for changes',
  'change-failure-rate': 'Change failure rate',
  'time-to-restore': 'Time to restore service',
};

export function renderPage(state: PanelState, options: PageOptions): string {
  const nonce = escapeHtml(options.nonce);
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource} 'nonce-${options.nonce}'`,
    `script-src 'nonce-${options.nonce}'`,
    `img-src ${options.cspSource}`,
  ].join('; ');
  // Single quotes stay literal (the attribute is double-quoted), so the policy reads as written.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/[&<>"]/g, (char) => ESCAPES[char]!)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>Deploy Readiness</title>
</head>
<body>
<div class="toolbar">${options.logoUri ? `<img class="logo" src="${escapeHtml(options.logoUri)}" alt="" width="20" height="20">` : ''}<span class="product">Shipshape</span><span class="spacer"></span><button type="button" class="action" data-action="refresh" data-key="action:refresh">Refresh</button><button type="button" class="action" data-action="rescan" data-key="action:rescan">Re-scan workspace</button></div>
<main id="app">${renderBody(state)}</main>
<script nonce="${nonce}">${PANEL_SCRIPT}</script>
</body>
</html>`;
}

/** The part of the page that changes; sent to a visible panel as a message so scrolling and focus stay. */
export function renderBody(state: PanelState): string {
  switch (state.kind) {
    case 'no-folder':
      return message('Open a folder', 'Deploy readiness is computed per workspace folder. Open a repository with pipelines, Kubernetes manifests or Terraform.');
    case 'starting':
      return message('Shipshape is starting…', state.detail ?? 'The language server is not answering yet. This panel fills in as soon as it does.', true);
    case 'analysing':
      return message('Analysing…', 'Shipshape is reading the workspace. This panel fills in when the first scan finishes.', true);
    case 'reports':
      return state.reports.length === 0
        ? message('No workspace folder', 'Open a folder to see whether it is ready to ship.')
        : renderReports(state.reports);
  }
}

function message(title: string, text: string, busy = false): string {
  return `<section class="message" id="status-message" role="status" aria-live="polite"${busy ? ' aria-busy="true"' : ''}><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></section>`;
}

function renderReports(reports: readonly ReadinessReport[]): string {
  const summary = summarize(reports);
  const { counts, findings } = summary;
  const scope = summary.folders > 1 ? `${summary.units} units in ${summary.folders} folders` : `${summary.units} ${summary.units === 1 ? 'unit' : 'units'}`;
  const header = `<header class="summary">
<h1>Deploy readiness</h1>
<p class="verdict-line"><span id="verdict" class="verdict" data-verdict="${escapeHtml(summary.verdict)}" role="status" aria-live="polite">${escapeHtml(VERDICT_LABEL[summary.verdict])}</span><span class="score-wrap" aria-label="Score ${summary.score} out of 100">Score <span id="score">${summary.score}</span>/100</span></p>
<p class="counts">${escapeHtml(scope)} · gates: ${counts.fail} failing, ${counts.warn} warning, ${counts.pass} passing, ${counts.notChecked} not checked yet · findings: ${findings.error} errors, ${findings.warning} warnings, ${findings.info} info</p>
</header>`;
  return header + reports.map((report, index) => renderFolder(report, index, reports.length > 1)).join('');
}

function baseName(root: string): string {
  return root.split(/[\\/]/).filter(Boolean).pop() ?? root;
}

function renderFolder(report: ReadinessReport, index: number, multiRoot: boolean): string {
  const headingId = `folder-${index}`;
  const units = report.units ?? [];
  const body =
    units.length === 0
      ? `<p class="empty">No deployable units found in this folder. Shipshape looks for workflows and pipelines that deploy or publish, Kubernetes manifests grouped by app, and Terraform root modules (a directory with a backend or provider configuration).</p>`
      : units.map((unit, unitIndex) => renderUnit(report, unit, `${index}-${unitIndex}`)).join('');
  return `<section class="folder" data-folder="${escapeHtml(report.root)}" aria-labelledby="${headingId}">
<h2 id="${headingId}" class="folder-name" title="${escapeHtml(report.root)}">${escapeHtml(baseName(report.root))}${
    multiRoot
      ? ` <span class="folder-verdict verdict" data-verdict="${escapeHtml(report.verdict)}">${escapeHtml(VERDICT_LABEL[report.verdict] ?? report.verdict)}</span> <span class="folder-score">score ${Number(report.score) || 0}</span>`
      : ''
  }</h2>
${body}
</section>`;
}

function renderUnit(report: ReadinessReport, unit: UnitReadiness, key: string): string {
  const headingId = `unit-${key}`;
  const groups = new Map<string, GateResult[]>();
  for (const group of report.dora ?? []) groups.set(group.key, []);
  for (const gate of unit.gates ?? []) {
    if (!groups.has(gate.dora)) groups.set(gate.dora, []);
    groups.get(gate.dora)!.push(gate);
  }
  const titles = new Map((report.dora ?? []).map((group) => [group.key as string, group.title]));
  const dora = [...groups]
    .filter(([, gates]) => gates.length > 0)
    .map(([doraKey, gates]) => {
      const title = titles.get(doraKey) ?? DORA_FALLBACK_TITLE[doraKey] ?? doraKey;
      return `<div class="dora" data-dora="${escapeHtml(doraKey)}"><h4 class="dora-title">${escapeHtml(title)}</h4><ul class="gates">${gates.map((gate) => renderGate(unit, gate)).join('')}</ul></div>`;
    })
    .join('');
  const kind = UNIT_KIND_LABEL[unit.kind] ?? unit.kind;
  return `<section class="unit" data-unit-id="${escapeHtml(unit.id)}" data-verdict="${escapeHtml(unit.verdict)}" aria-labelledby="${headingId}">
<header class="unit-header"><h3 class="unit-name" id="${headingId}">${escapeHtml(unit.name)}</h3><span class="verdict badge" data-verdict="${escapeHtml(unit.verdict)}">${escapeHtml(VERDICT_LABEL[unit.verdict] ?? unit.verdict)}</span><span class="unit-score">score ${Number(unit.score) || 0}</span></header>
<p class="unit-meta"><span class="unit-kind">${escapeHtml(kind)}</span> · <span class="unit-path">${escapeHtml(unit.path)}</span></p>
${dora}
</section>`;
}

function renderGate(unit: UnitReadiness, gate: GateResult): string {
  const status = STATUS_LABEL[gate.status] ?? gate.status;
  const evidence = gate.evidence ?? [];
  const list =
    evidence.length === 0
      ? ''
      : `<ul class="evidence-list" aria-label="Evidence for ${escapeHtml(gate.title)}">${evidence.map((item, index) => renderEvidence(item, `${unit.id}|${gate.id}|${index}`)).join('')}</ul>`;
  return `<li class="gate" data-gate-id="${escapeHtml(gate.id)}" data-status="${escapeHtml(gate.status)}">
<div class="gate-head"><span class="gate-status" data-status="${escapeHtml(gate.status)}">${escapeHtml(status)}</span><span class="gate-title">${escapeHtml(gate.title)}</span>${gate.blocking && gate.status === 'fail' ? '<span class="blocking">blocks deploys</span>' : ''}</div>
${gate.summary ? `<p class="gate-summary">${escapeHtml(gate.summary)}</p>` : ''}${list}
</li>`;
}

function position(value: unknown): number {
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? Math.floor(number) : 0;
}

function renderEvidence(evidence: Evidence, key: string): string {
  const start = evidence.range?.start;
  const end = evidence.range?.end ?? start;
  const line = position(start?.line) + 1;
  const range = [start?.line, start?.character, end?.line, end?.character].map(position).join(',');
  const location = `${evidence.file}:${line}`;
  const rule = evidence.ruleId
    ? `<button type="button" class="rule-doc" data-rule="${escapeHtml(evidence.ruleId)}" data-key="${escapeHtml(`${key}|rule`)}" title="${escapeHtml(`Show the documentation of ${evidence.ruleId}`)}">${escapeHtml(evidence.ruleId)}</button>`
    : '';
  return `<li class="evidence-item"><button type="button" class="evidence" data-file="${escapeHtml(evidence.file)}" data-line="${line}" data-range="${range}" data-key="${escapeHtml(key)}" title="${escapeHtml(`Open ${location}`)}"><span class="loc">${escapeHtml(location)}</span> — <span class="reason">${escapeHtml(evidence.reason)}</span></button>${rule}</li>`;
}

// Runs in the webview. Plain ES2020, no template values inside: the nonce is its only credential.
const PANEL_SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  const saved = vscode.getState();
  if (saved && typeof saved.scrollY === 'number') window.scrollTo(0, saved.scrollY);
  let saving = false;
  window.addEventListener('scroll', function () {
    if (saving) return;
    saving = true;
    requestAnimationFrame(function () { saving = false; vscode.setState({ scrollY: window.scrollY }); });
  });
  document.addEventListener('click', function (event) {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button) return;
    if (button.classList.contains('evidence')) {
      const folder = button.closest('section.folder');
      vscode.postMessage({
        type: 'open',
        folder: folder ? folder.getAttribute('data-folder') : '',
        file: button.getAttribute('data-file'),
        range: (button.getAttribute('data-range') || '').split(',').map(Number),
      });
    } else if (button.hasAttribute('data-rule')) {
      vscode.postMessage({ type: 'showRule', ruleId: button.getAttribute('data-rule') });
    } else if (button.hasAttribute('data-action')) {
      vscode.postMessage({ type: button.getAttribute('data-action') });
    }
  });
  window.addEventListener('message', function (event) {
    const message = event.data;
    if (!message || message.type !== 'update' || typeof message.html !== 'string') return;
    const focused = document.activeElement ? document.activeElement.getAttribute('data-key') : null;
    const scrollY = window.scrollY;
    app.innerHTML = message.html;
    window.scrollTo(0, scrollY);
    if (focused) {
      const again = Array.prototype.find.call(app.querySelectorAll('[data-key]'), function (element) { return element.getAttribute('data-key') === focused; });
      if (again) again.focus();
    }
  });
})();
`;
