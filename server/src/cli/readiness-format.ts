import path from 'node:path';
import type { GateResult, GateStatus, ReadinessReport, UnitReadiness, Verdict } from '../engine/readiness/types';

// How `shipshape readiness` prints a report for people: text for terminals, Markdown for a CI job
// summary or a pull-request comment. JSON is the report itself.

export const VERDICT_TITLES: Record<Verdict, string> = { ready: 'Ready', 'ready-with-warnings': 'Ready with warnings', blocked: 'Blocked' };

const STATUS_TEXT: Record<GateStatus, string> = { pass: 'pass', warn: 'warn', fail: 'FAIL', 'not-applicable': 'n/a', 'not-checked': 'not checked' };
const STATUS_MARK: Record<GateStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', 'not-applicable': '➖', 'not-checked': '❔' };
const UNIT_KIND: Record<UnitReadiness['kind'], string> = { pipeline: 'Pipeline', 'k8s-app': 'Kubernetes app', 'helm-chart': 'Helm chart', 'terraform-root': 'Terraform root module', repository: 'Repository-wide' };

const COLORS: Partial<Record<GateStatus | Verdict, string>> = {
  pass: '\u001b[32m',
  ready: '\u001b[32m',
  warn: '\u001b[33m',
  'ready-with-warnings': '\u001b[33m',
  fail: '\u001b[31m',
  blocked: '\u001b[31m',
};
const RESET = '\u001b[0m';

function paint(text: string, key: GateStatus | Verdict, color: boolean): string {
  const code = COLORS[key];
  return color && code ? `${code}${text}${RESET}` : text;
}

function countsLine(report: ReadinessReport): string {
  const { counts } = report;
  const units = report.units.filter((unit) => unit.kind !== 'repository').length;
  return `${units} deployable unit${units === 1 ? '' : 's'} · ${counts.pass} pass · ${counts.warn} warn · ${counts.fail} fail · ${counts.notApplicable} not applicable · ${counts.notChecked} not checked yet`;
}

function gatesByDora(report: ReadinessReport, unit: UnitReadiness): { title: string; gates: GateResult[] }[] {
  return report.dora.map((group) => ({ title: group.title, gates: unit.gates.filter((gate) => gate.dora === group.key) })).filter((group) => group.gates.length > 0);
}

export interface TextOptions {
  color: boolean;
  /** Shows not-applicable gates too. */
  verbose: boolean;
  /** Turns a report-relative path into what the terminal should show (relative to the cwd). */
  displayPath: (file: string) => string;
}

export function readinessText(report: ReadinessReport, options: TextOptions): string {
  const lines: string[] = [];
  lines.push(`Deploy readiness: ${paint(VERDICT_TITLES[report.verdict], report.verdict, options.color)} (score ${report.score}/100)`);
  lines.push(countsLine(report));
  for (const unit of report.units) {
    lines.push('');
    const where = unit.kind === 'repository' ? '' : ` (${options.displayPath(unit.path)})`;
    lines.push(`${UNIT_KIND[unit.kind]}: ${unit.name}${where}: ${paint(VERDICT_TITLES[unit.verdict], unit.verdict, options.color)}, score ${unit.score}`);
    for (const group of gatesByDora(report, unit)) {
      const shown = group.gates.filter((gate) => options.verbose || gate.status !== 'not-applicable');
      if (shown.length === 0) continue;
      lines.push(`  ${group.title}`);
      for (const gate of shown) {
        const status = paint(STATUS_TEXT[gate.status].padEnd(11), gate.status, options.color);
        lines.push(`    ${status} ${gate.title}${gate.blocking ? ' (blocking)' : ''}: ${gate.summary}`);
        if (gate.status === 'warn' || gate.status === 'fail' || options.verbose) {
          for (const item of gate.evidence) {
            lines.push(`                ${options.displayPath(item.file)}:${item.range.start.line + 1}:${item.range.start.character + 1}: ${item.reason}${item.ruleId ? ` [${item.ruleId}]` : ''}`);
          }
        }
      }
    }
  }
  return lines.join('\n');
}

/** Escapes text for Markdown tables and HTML-rendering hosts (GitHub, GitLab): file content is never markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~&]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : char === '&' ? '&amp;' : `\\${char}`)).replace(/\r?\n/g, ' ');
}

export function readinessMarkdown(report: ReadinessReport): string {
  const lines: string[] = [];
  const mark = report.verdict === 'ready' ? '✅' : report.verdict === 'blocked' ? '❌' : '⚠️';
  lines.push(`## ${mark} Deploy readiness: ${VERDICT_TITLES[report.verdict]} (${report.score}/100)`);
  lines.push('');
  lines.push(countsLine(report));
  for (const unit of report.units) {
    lines.push('');
    const where = unit.kind === 'repository' ? '' : ` — \`${unit.path.replace(/`/g, "'")}\``;
    lines.push(`### ${UNIT_KIND[unit.kind]}: ${escapeMarkdown(unit.name)}${where} · ${VERDICT_TITLES[unit.verdict]} (${unit.score})`);
    lines.push('');
    lines.push('| | Gate | DORA key | Result |');
    lines.push('| --- | --- | --- | --- |');
    const titles = new Map(report.dora.map((group) => [group.key, group.title]));
    const attention: GateResult[] = [];
    for (const gate of unit.gates) {
      if (gate.status === 'not-applicable') continue;
      lines.push(`| ${STATUS_MARK[gate.status]} | ${escapeMarkdown(gate.title)}${gate.blocking ? ' (blocking)' : ''} | ${titles.get(gate.dora)} | ${escapeMarkdown(gate.summary)} |`);
      if ((gate.status === 'warn' || gate.status === 'fail') && gate.evidence.length > 0) attention.push(gate);
    }
    if (attention.length > 0) {
      lines.push('');
      lines.push('<details><summary>Evidence</summary>');
      lines.push('');
      for (const gate of attention) {
        lines.push(`**${escapeMarkdown(gate.title)}**`);
        for (const item of gate.evidence) {
          const location = `${item.file}:${item.range.start.line + 1}`;
          lines.push(`- \`${location.replace(/`/g, "'")}\` ${escapeMarkdown(item.reason)}${item.ruleId ? ` (${item.ruleId})` : ''}`);
        }
        lines.push('');
      }
      lines.push('</details>');
    }
  }
  return lines.join('\n');
}

export function displayPathFrom(root: string, cwd: string): (file: string) => string {
  return (file) => path.relative(cwd, path.resolve(root, file)).split(path.sep).join('/') || '.';
}
