import type { Finding, Range, Severity } from './model';
import { isValidDate } from './config';
import { closestMatch } from './text';
import type { LineIndex } from './text';

// Inline suppressions (DESIGN §4):
//   `# shipshape-ignore[rule-a, rule-b] reason`       end of a line: that line; own line: the next code line
//   `# shipshape-ignore-file[rule-a] reason`          anywhere: the whole file
//   `until=YYYY-MM-DD` anywhere in the reason makes it expire.
// Suppressions are audited: no reason, an expired date, an unknown rule or one that suppresses
// nothing are findings of their own, so a suppression can never silently rot.

export interface SuppressedRule {
  id: string;
  range: Range;
}

export interface Suppression {
  scope: 'line' | 'file';
  rules: SuppressedRule[];
  reason: string;
  until?: string;
  untilValid: boolean;
  /** The whole comment, from its `#`. */
  commentRange: Range;
  /** The comment is alone on its line. */
  standalone: boolean;
  /** The line a line-scoped suppression covers. */
  targetLine: number;
}

const MARKER = 'shipshape-ignore';
const COMMENT = /(^|[ \t])(#|\/\/)[ \t]*shipshape-ignore(-file)?\[([^\]]*)\](.*)$/;
const UNTIL = /(?:^|\s)until=(\S*)/;
/** Placeholder reasons inserted by the "suppress" code action until the user writes one. */
const PLACEHOLDER_REASON = /^(todo\b|<[^>]*>$|\.\.\.$|reason$)/i;

export function isCommentLine(text: string): boolean {
  const trimmed = text.trimStart();
  return trimmed.startsWith('#') || trimmed.startsWith('//');
}

export function parseSuppressions(lines: LineIndex, allowSlashComments: boolean): Suppression[] {
  const suppressions: Suppression[] = [];
  const text = lines.text;
  let at = text.indexOf(MARKER);
  while (at !== -1) {
    const { line } = lines.positionAt(at);
    const lineText = lines.lineText(line);
    const match = COMMENT.exec(lineText);
    if (match && (match[2] === '#' || allowSlashComments)) {
      const commentStart = match.index + match[1].length;
      const listStart = lineText.indexOf('[', commentStart) + 1;
      const rules: SuppressedRule[] = [];
      let offset = listStart;
      for (const part of match[4].split(',')) {
        const id = part.trim();
        const idStart = offset + part.indexOf(id);
        if (id) rules.push({ id, range: { start: { line, character: idStart }, end: { line, character: idStart + id.length } } });
        offset += part.length + 1;
      }
      // The reason runs to the end of the line, or to a further ` # ` comment after it.
      const rest = match[5].split(/\s#\s/)[0];
      const until = UNTIL.exec(rest)?.[1];
      const standalone = lineText.slice(0, commentStart).trim() === '';
      suppressions.push({
        scope: match[3] ? 'file' : 'line',
        rules,
        reason: rest.replace(UNTIL, ' ').trim(),
        until,
        untilValid: until === undefined || isValidDate(until),
        commentRange: { start: { line, character: commentStart }, end: { line, character: lineText.length } },
        standalone,
        targetLine: standalone ? nextCodeLine(lines, line) : line,
      });
    }
    const nextLine = lines.lineStart(line + 1);
    at = nextLine > at ? text.indexOf(MARKER, nextLine) : -1;
  }
  return suppressions;
}

function nextCodeLine(lines: LineIndex, line: number): number {
  for (let next = line + 1; next < lines.lineCount; next++) {
    const text = lines.lineText(next);
    if (text.trim() !== '' && !isCommentLine(text)) return next;
  }
  return line + 1;
}

export interface SuppressionAudit {
  file: string;
  lines: LineIndex;
  today: string;
  knownRules: ReadonlySet<string>;
  /** Rules that ran on this file: only those can prove a suppression unused. */
  ranRules: ReadonlySet<string>;
  severityOf: (ruleId: string) => Severity;
}

/** Removes suppressed findings and adds the audit's own findings. */
export function applySuppressions(findings: Finding[], suppressions: Suppression[], audit: SuppressionAudit): Finding[] {
  if (suppressions.length === 0) return findings;
  const active = suppressions.filter((suppression) => !(suppression.untilValid && suppression.until && suppression.until < audit.today));
  const used = new Set<string>();
  const kept = findings.filter((finding) => {
    if (finding.ruleId.startsWith('shipshape/')) return true;
    for (const suppression of active) {
      if (suppression.scope === 'line' && suppression.targetLine !== finding.range.start.line) continue;
      const rule = suppression.rules.find((entry) => entry.id === finding.ruleId);
      if (rule) {
        used.add(key(suppression, rule));
        return false;
      }
    }
    return true;
  });
  for (const suppression of suppressions) kept.push(...auditOne(suppression, active.includes(suppression), used, audit));
  return kept;
}

function key(suppression: Suppression, rule: SuppressedRule): string {
  return `${rule.range.start.line}:${rule.range.start.character}:${suppression.scope}`;
}

function auditOne(suppression: Suppression, isActive: boolean, used: ReadonlySet<string>, audit: SuppressionAudit): Finding[] {
  const findings: Finding[] = [];
  const report = (ruleId: string, range: Range, message: string, fixes?: Finding['fixes']) =>
    findings.push({ ruleId, severity: audit.severityOf(ruleId), message, file: audit.file, range, ...(fixes ? { fixes } : {}) });
  const names = suppression.rules.map((rule) => rule.id).join(', ');

  if (suppression.rules.length === 0) {
    report('shipshape/invalid-suppression', suppression.commentRange, 'This suppression names no rule: write the rule ids between the brackets, e.g. `# shipshape-ignore[k8s/missing-probes] reason`.');
  }
  if (!suppression.untilValid) {
    report('shipshape/invalid-suppression', suppression.commentRange, `\`until=${suppression.until}\` is not a date: write it as until=YYYY-MM-DD.`);
  } else if (!isActive) {
    report('shipshape/suppression-expired', suppression.commentRange, `The suppression of ${names} expired on ${suppression.until}: its findings are reported again. Fix them, or extend the date with a reason.`);
  }
  if (!suppression.reason || PLACEHOLDER_REASON.test(suppression.reason)) {
    report('shipshape/suppression-missing-reason', suppression.commentRange, `Say why ${names || 'this'} is acceptable here: write the reason after the brackets, so the next reader can judge it.`);
  }
  for (const rule of suppression.rules) {
    if (!audit.knownRules.has(rule.id)) {
      const suggestion = closestMatch(rule.id, audit.knownRules);
      report('shipshape/invalid-suppression', rule.range, `Unknown rule \`${rule.id}\`${suggestion ? `; did you mean \`${suggestion}\`?` : '.'}`);
    } else if (isActive && audit.ranRules.has(rule.id) && !used.has(key(suppression, rule))) {
      const where = suppression.scope === 'file' ? 'in this file' : `on line ${suppression.targetLine + 1}`;
      report('shipshape/unused-suppression', rule.range, `\`${rule.id}\` reports nothing ${where}: remove it from the suppression.`, [
        { title: `Remove the unused suppression of ${rule.id}`, edits: [removalEdit(suppression, rule, audit)] },
      ]);
    }
  }
  return findings;
}

/** Removes one rule from a suppression, or the whole comment (its line, when alone) for the last rule. */
function removalEdit(suppression: Suppression, rule: SuppressedRule, audit: SuppressionAudit) {
  const line = suppression.commentRange.start.line;
  if (suppression.rules.length > 1) {
    const lineText = audit.lines.lineText(line);
    const index = suppression.rules.indexOf(rule);
    // Take the rule with the separator next to it: the comma after it, or the one before the last.
    const start = index === suppression.rules.length - 1 ? lineText.lastIndexOf(',', rule.range.start.character) : rule.range.start.character;
    let end = index === suppression.rules.length - 1 ? rule.range.end.character : lineText.indexOf(',', rule.range.end.character) + 1;
    while (index < suppression.rules.length - 1 && lineText[end] === ' ') end++;
    return { file: audit.file, range: { start: { line, character: start }, end: { line, character: end } }, newText: '' };
  }
  if (suppression.standalone) {
    return { file: audit.file, range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' };
  }
  const lineText = audit.lines.lineText(line);
  let start = suppression.commentRange.start.character;
  while (start > 0 && (lineText[start - 1] === ' ' || lineText[start - 1] === '\t')) start--;
  return { file: audit.file, range: { start: { line, character: start }, end: { line, character: lineText.length } }, newText: '' };
}
