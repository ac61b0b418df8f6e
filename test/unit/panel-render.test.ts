import { describe, expect, it } from 'vitest';
import { escapeHtml, renderBody, renderPage } from '../../client/src/panel/render';
import type { PanelState } from '../../client/src/panel/render';
import type { GateResult, ReadinessReport, UnitReadiness } from '../../server/src/engine/readiness/types';

// The readiness panel's HTML: the DOM contract the end-to-end tests use, the CSP, and that nothing
// from a repository (file names, reasons, unit names) can become markup.

const HOSTILE_FILE = '<img src=x onerror=alert(1)>.yaml';
const HOSTILE_REASON = 'value is <script>alert("x")</script> & \'quoted\'';

const range = (line: number, character = 0) => ({ start: { line, character }, end: { line, character: character + 5 } });

function gate(partial: Partial<GateResult> & Pick<GateResult, 'id' | 'status' | 'dora'>): GateResult {
  return { title: partial.id, blocking: false, summary: `${partial.id} summary`, evidence: [], ...partial } as GateResult;
}

function unit(partial: Partial<UnitReadiness> & Pick<UnitReadiness, 'id' | 'name'>): UnitReadiness {
  return {
    kind: 'pipeline',
    path: '.github/workflows/deploy.yml',
    files: [],
    verdict: 'ready',
    score: 100,
    counts: { pass: 0, warn: 0, fail: 0, notApplicable: 0, notChecked: 0 },
    gates: [],
    ...partial,
  };
}

function report(partial: Partial<ReadinessReport> = {}): ReadinessReport {
  return {
    schemaVersion: 1,
    root: '/work/repo',
    verdict: 'blocked',
    score: 42,
    counts: { pass: 1, warn: 1, fail: 1, notApplicable: 1, notChecked: 1 },
    findings: { error: 1, warning: 2, info: 0 },
    dora: [
      { key: 'deployment-frequency', title: 'Deployment frequency' },
      { key: 'lead-time', title: 'Lead time for changes' },
      { key: 'change-failure-rate', title: 'Change failure rate' },
      { key: 'time-to-restore', title: 'Time to restore service' },
    ],
    units: [
      unit({
        id: 'pipeline:.github/workflows/deploy.yml',
        name: 'Deploy',
        verdict: 'blocked',
        score: 42,
        gates: [
          gate({ id: 'automated-pipeline', dora: 'deployment-frequency', status: 'pass', evidence: [{ file: '.github/workflows/deploy.yml', range: range(2), reason: 'runs on push to main' }] }),
          gate({ id: 'pipeline-timeouts', dora: 'lead-time', status: 'warn', evidence: [{ file: '.github/workflows/deploy.yml', range: range(9, 4), reason: 'job `deploy` has no timeout-minutes' }] }),
          gate({
            id: 'no-secrets',
            dora: 'change-failure-rate',
            status: 'fail',
            blocking: true,
            evidence: [{ file: HOSTILE_FILE, range: range(0, 2), reason: HOSTILE_REASON, ruleId: 'secrets/hardcoded-secret', severity: 'error' }],
          }),
          gate({ id: 'remote-state', dora: 'time-to-restore', status: 'not-applicable' }),
          gate({ id: 'drift-detection', dora: 'time-to-restore', status: 'not-checked', summary: 'No rule checks this yet.' }),
        ],
      }),
      unit({ id: 'k8s-app:k8s/<b>web</b>', name: '<b onmouseover=x>web</b>', kind: 'k8s-app', path: 'k8s/"web"' }),
    ],
    ...partial,
  };
}

function page(state: PanelState, nonce = 'bm9uY2Utb25l'): string {
  return renderPage(state, { nonce, cspSource: 'https://webview.test', styleUri: 'https://webview.test/media/panel.css', logoUri: 'https://webview.test/media/logo.svg' });
}

/** Everything between tags, with entities decoded: what the user reads. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function tags(html: string, selector: RegExp): string[] {
  return html.match(selector) ?? [];
}

describe('escapeHtml', () => {
  it('escapes the five characters that can change the meaning of markup', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(12)).toBe('12');
  });
});

describe('readiness panel page', () => {
  it('has a strict CSP with the render nonce, and only nonced scripts', () => {
    const html = page({ kind: 'reports', reports: [report()] }, 'abc123+/=');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    expect(csp).toBe("default-src 'none'; style-src https://webview.test 'nonce-abc123+/='; script-src 'nonce-abc123+/='; img-src https://webview.test");
    const scripts = tags(html, /<script\b[^>]*>/g);
    expect(scripts).toEqual(['<script nonce="abc123+/=">']);
    expect(html).not.toMatch(/https?:\/\/(?!webview\.test)/);
    // No event-handler attribute in any real tag (escaped text has no `<` and values no `"`, so
    // every tag and every quoted value is ours).
    for (const tag of tags(html, /<[a-z][^>]*>/gi)) expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]+=/i);
  });

  it('renders every hostile string as text, never as markup', () => {
    const html = page({ kind: 'reports', reports: [report()] });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b onmouseover');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.yaml');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const text = visibleText(html);
    expect(text).toContain(`${HOSTILE_FILE}:1 — ${HOSTILE_REASON}`);
    expect(text).toContain('<b onmouseover=x>web</b>');
    // Attributes stay attributes: the quote in a path cannot close them.
    expect(html).toContain('data-file="&lt;img src=x onerror=alert(1)&gt;.yaml"');
    expect(html).toContain('data-unit-id="k8s-app:k8s/&lt;b&gt;web&lt;/b&gt;"');
    expect(html).toContain('<span class="unit-path">k8s/&quot;web&quot;</span>');
  });

  it('escapes a hostile root path in the folder attribute and heading', () => {
    const html = renderBody({ kind: 'reports', reports: [report({ root: '/tmp/"><script>x</script>', units: [] })] });
    expect(html).not.toContain('<script>');
    expect(html).toContain('data-folder="/tmp/&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });
});

describe('readiness panel DOM contract', () => {
  const html = renderBody({ kind: 'reports', reports: [report()] });

  it('shows the verdict and the score', () => {
    expect(html).toMatch(/<span id="verdict" [^>]*data-verdict="blocked"[^>]*>Blocked<\/span>/);
    expect(html).toMatch(/<span id="score">42<\/span>/);
    for (const [verdict, label] of [
      ['ready', 'Ready'],
      ['ready-with-warnings', 'Ready with warnings'],
    ] as const) {
      expect(renderBody({ kind: 'reports', reports: [report({ verdict, score: 90, units: [] })] })).toMatch(
        new RegExp(`<span id="verdict" [^>]*data-verdict="${verdict}"[^>]*>${label}</span>`),
      );
    }
  });

  it('renders one section.unit per unit with its name', () => {
    const units = tags(html, /<section class="unit" [^>]*>/g);
    expect(units).toHaveLength(2);
    expect(units[0]).toContain('data-unit-id="pipeline:.github/workflows/deploy.yml"');
    expect(html).toContain('<h3 class="unit-name" id="unit-0-0">Deploy</h3>');
  });

  it('renders every gate with its id and status, under its DORA heading', () => {
    const gates = tags(html, /<li class="gate" [^>]*>/g);
    expect(gates.map((tag) => [/data-gate-id="([^"]+)"/.exec(tag)?.[1], /data-status="([^"]+)"/.exec(tag)?.[1]])).toEqual([
      ['automated-pipeline', 'pass'],
      ['pipeline-timeouts', 'warn'],
      ['no-secrets', 'fail'],
      ['remote-state', 'not-applicable'],
      ['drift-detection', 'not-checked'],
    ]);
    const leadTime = /<div class="dora" data-dora="lead-time"><h4 class="dora-title">Lead time for changes<\/h4>([\s\S]*?)<\/div>\s*<div class="dora"/.exec(html)?.[1];
    expect(leadTime).toContain('data-gate-id="pipeline-timeouts"');
    expect(leadTime).not.toContain('data-gate-id="automated-pipeline"');
    expect(visibleText(html)).toContain('Not checked yet');
    expect(visibleText(html)).toContain('blocks deploys');
  });

  it('renders every evidence item as a button with its file, 1-based line and range', () => {
    const buttons = tags(html, /<button type="button" class="evidence" [^>]*>/g);
    expect(buttons).toHaveLength(3);
    expect(buttons[1]).toContain('data-file=".github/workflows/deploy.yml"');
    expect(buttons[1]).toContain('data-line="10"');
    expect(buttons[1]).toContain('data-range="9,4,9,9"');
    expect(visibleText(html)).toContain('.github/workflows/deploy.yml:10 — job `deploy` has no timeout-minutes');
    expect(html).toContain('<button type="button" class="rule-doc" data-rule="secrets/hardcoded-secret"');
  });

  it('puts each folder in its own section, with per-folder verdicts when there are several', () => {
    const single = renderBody({ kind: 'reports', reports: [report()] });
    expect(tags(single, /<section class="folder" [^>]*>/g)).toEqual(['<section class="folder" data-folder="/work/repo" aria-labelledby="folder-0">']);
    expect(single).not.toContain('folder-verdict');
    const multi = renderBody({ kind: 'reports', reports: [report(), report({ root: '/work/infra', verdict: 'ready', score: 100, units: [] })] });
    expect(tags(multi, /<section class="folder" [^>]*>/g)).toHaveLength(2);
    expect(multi).toContain('data-folder="/work/infra"');
    // The window's verdict is the worst folder's; its score the lowest.
    expect(multi).toMatch(/id="verdict" [^>]*data-verdict="blocked"/);
    expect(multi).toContain('<span id="score">42</span>');
    expect(visibleText(multi)).toContain('2 units in 2 folders');
  });
});

describe('readiness panel states', () => {
  it('explains an empty report instead of showing nothing', () => {
    const html = renderBody({ kind: 'reports', reports: [report({ verdict: 'ready', score: 100, units: [] })] });
    expect(html).not.toContain('class="unit"');
    expect(visibleText(html)).toContain('No deployable units found in this folder');
    expect(html).toMatch(/id="verdict" [^>]*>Ready</);
  });

  it('says "Analysing…" while the first report is computed', () => {
    const html = page({ kind: 'analysing' });
    expect(visibleText(html)).toContain('Analysing…');
    expect(html).not.toContain('id="verdict"');
    expect(html).toContain('aria-busy="true"');
  });

  it('says the server is starting when it does not answer, with the reason escaped', () => {
    const html = renderBody({ kind: 'starting', detail: 'Unhandled method <shipshape/readiness>' });
    expect(visibleText(html)).toContain('Shipshape is starting…');
    expect(html).toContain('Unhandled method &lt;shipshape/readiness&gt;');
    expect(visibleText(renderBody({ kind: 'starting' }))).toContain('Shipshape is starting…');
  });

  it('asks for a folder when none is open', () => {
    expect(visibleText(renderBody({ kind: 'no-folder' }))).toContain('Open a folder');
    expect(visibleText(renderBody({ kind: 'reports', reports: [] }))).toContain('No workspace folder');
  });

  it('keeps the body the same in a full page and in a live update', () => {
    const state: PanelState = { kind: 'reports', reports: [report()] };
    expect(page(state)).toContain(`<main id="app">${renderBody(state)}</main>`);
  });
});
