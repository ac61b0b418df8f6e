import type { Finding, Severity } from '../engine/model';

const COLORS: Record<Severity, string> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m' };
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';

/** Compiler-style lines: `path:line:col: severity: message [rule-id]`. */
export function formatText(findings: readonly Finding[], relativePath: (file: string) => string, color: boolean): string {
  const lines = findings.map((finding) => {
    const where = `${relativePath(finding.file)}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
    const severity = color ? `${COLORS[finding.severity]}${finding.severity}${RESET}` : finding.severity;
    const rule = color ? `${DIM}[${finding.ruleId}]${RESET}` : `[${finding.ruleId}]`;
    return `${where}: ${severity}: ${finding.message} ${rule}`;
  });
  return lines.join('\n');
}

export function summaryLine(findings: readonly Finding[], fileCount: number): string {
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (findings.length === 0) return `No problems in ${plural(fileCount, 'file')}.`;
  const files = new Set(findings.map((finding) => finding.file)).size;
  return `${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info) in ${plural(files, 'file')} of ${fileCount} checked.`;
}
