import type { GateStatus, ReadinessReport, StatusCounts, Verdict } from '../../server/src/engine/readiness/types';

// What the status bar and the panel header say about a whole window, which may hold several
// workspace folders. No vscode import: unit tests run this directly.

export const VERDICT_LABEL: Record<Verdict, string> = {
  ready: 'Ready',
  'ready-with-warnings': 'Ready with warnings',
  blocked: 'Blocked',
};

export const STATUS_LABEL: Record<GateStatus, string> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
  'not-applicable': 'Not applicable',
  'not-checked': 'Not checked yet',
};

const VERDICT_RANK: Record<Verdict, number> = { ready: 0, 'ready-with-warnings': 1, blocked: 2 };

export interface WorkspaceSummary {
  verdict: Verdict;
  /** The lowest folder score: a window is as ready as its least ready folder. */
  score: number;
  counts: StatusCounts;
  findings: { error: number; warning: number; info: number };
  units: number;
  folders: number;
}

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, verdict) => (VERDICT_RANK[verdict] > VERDICT_RANK[worst] ? verdict : worst), 'ready');
}

export function summarize(reports: readonly ReadinessReport[]): WorkspaceSummary {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, notApplicable: 0, notChecked: 0 };
  const findings = { error: 0, warning: 0, info: 0 };
  let units = 0;
  for (const report of reports) {
    for (const key of Object.keys(counts) as (keyof StatusCounts)[]) counts[key] += report.counts?.[key] ?? 0;
    for (const key of Object.keys(findings) as (keyof typeof findings)[]) findings[key] += report.findings?.[key] ?? 0;
    units += report.units?.length ?? 0;
  }
  return {
    verdict: worstVerdict(reports.map((report) => report.verdict)),
    score: reports.length === 0 ? 100 : Math.min(...reports.map((report) => report.score)),
    counts,
    findings,
    units,
    folders: reports.length,
  };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export interface StatusBarContent {
  text: string;
  tooltip: string;
}

/** `$(error) Shipshape: Blocked (2)` plus a tooltip with every count. */
export function statusBarContent(reports: readonly ReadinessReport[]): StatusBarContent {
  const summary = summarize(reports);
  const { counts, findings } = summary;
  let text: string;
  if (summary.verdict === 'blocked') text = `$(error) Shipshape: Blocked (${counts.fail})`;
  else if (summary.verdict === 'ready-with-warnings') text = `$(warning) Shipshape: Ready with warnings (${counts.warn})`;
  else text = '$(pass) Shipshape: Ready';
  const lines = [
    `Deploy readiness: ${VERDICT_LABEL[summary.verdict]}, score ${summary.score}/100`,
    `Gates: ${counts.fail} failing, ${counts.warn} warning, ${counts.pass} passing, ${counts.notChecked} not checked yet, ${counts.notApplicable} not applicable`,
    `${plural(summary.units, 'deployable unit')}${summary.folders > 1 ? ` in ${summary.folders} folders` : ''}`,
    `Findings: ${plural(findings.error, 'error')}, ${plural(findings.warning, 'warning')}, ${findings.info} info`,
    'Click to open the readiness panel.',
  ];
  return { text, tooltip: lines.join('\n') };
}
