import type { ResolvedConfig } from './config';
import type { Finding, Range, Severity } from './model';

// Turning what rules report into what users see: configuration (rules off, severities, path
// exceptions) and moving kept findings with their document. Suppression comments and the baseline
// have modules of their own (suppress.ts, baseline.ts).

/** Drops findings of rules turned off or excepted for this path; applies configured severities. */
export function applyConfiguration(findings: readonly Finding[], config: ResolvedConfig, relativePath: string, today: string): Finding[] {
  return findings
    .filter((finding) => {
      if (config.rules.get(finding.ruleId) === 'off') return false;
      return !config.exceptions.some(
        (exception) => exception.rules.includes(finding.ruleId) && !(exception.until && exception.until < today) && exception.matches(relativePath),
      );
    })
    .map((finding) => {
      // Cached findings are shared between versions: override severity on a copy.
      const setting = config.rules.get(finding.ruleId);
      return setting && setting !== 'off' && setting !== finding.severity ? { ...finding, severity: setting } : finding;
    });
}

/** A finding on `.shipshape.yaml` for each of its exceptions whose `until` date has passed. */
export function expiredExceptions(config: ResolvedConfig, file: string, today: string, severity: Severity): Finding[] {
  if (config.file !== file) return [];
  return config.exceptions
    .filter((exception) => exception.until && exception.until < today)
    .map((exception) => ({
      ruleId: 'shipshape/suppression-expired',
      severity,
      message: `This exception for ${exception.rules.join(', ')} expired on ${exception.until}: its findings are reported again. Fix them, or extend the date with a reason.`,
      file,
      range: exception.range,
    }));
}

/** A kept finding moved `delta` lines, with its fixes and related locations in the same file. */
export function shiftFinding(finding: Finding, file: string, delta: number): Finding {
  const shiftRange = (range: Range): Range => ({
    start: { line: range.start.line + delta, character: range.start.character },
    end: { line: range.end.line + delta, character: range.end.character },
  });
  return {
    ...finding,
    range: shiftRange(finding.range),
    ...(finding.fixes
      ? { fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => (edit.file === file ? { ...edit, range: shiftRange(edit.range) } : edit)) })) }
      : {}),
    ...(finding.related ? { related: finding.related.map((item) => (item.file === file ? { ...item, range: shiftRange(item.range) } : item)) } : {}),
  };
}
