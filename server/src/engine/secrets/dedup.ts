import type { Finding } from '../model';

// One finding per secret. The context rules (k8s, tf, gha, gitlab) understand the file a secret is
// in and carry the fix that moves it to the right place, so where one of them reports a location,
// the generic `secrets/*` finding on the same location is dropped.

export const CONTEXT_SECRET_RULES: ReadonlySet<string> = new Set([
  'k8s/secret-in-manifest',
  'k8s/secret-in-env',
  'tf/hardcoded-secret',
  'tf/sensitive-variable-default',
  'gha/hardcoded-secret',
  'gitlab/hardcoded-secret',
]);

type Located = Pick<Finding, 'file' | 'range'>;

function rangesOverlap(a: Located, b: Located): boolean {
  const before = (x: Finding['range']['end'], y: Finding['range']['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return !before(a.range.end, b.range.start) && !before(b.range.end, a.range.start);
}

/** A context rule may point at the key while the scan points at the value: a one-line location covers its line. */
function covers(location: Located, finding: Finding): boolean {
  if (location.file !== finding.file) return false;
  if (rangesOverlap(location, finding)) return true;
  const { start, end } = location.range;
  return start.line === end.line && finding.range.start.line <= start.line && start.line <= finding.range.end.line;
}

/**
 * Drops `secrets/*` findings on a location a context rule already reports in the same file: its
 * range, or one of its related locations (k8s/secret-in-manifest reports a Secret's first literal
 * and lists the others as related). `secrets/committed-state` is about the whole file and stays.
 */
export function dropCoveredSecretFindings(findings: Finding[]): Finding[] {
  const locations: Located[] = [];
  for (const finding of findings) {
    if (!CONTEXT_SECRET_RULES.has(finding.ruleId)) continue;
    locations.push(finding);
    for (const related of finding.related ?? []) locations.push(related);
  }
  if (locations.length === 0) return findings;
  return findings.filter((finding) => {
    if (!finding.ruleId.startsWith('secrets/') || finding.ruleId === 'secrets/committed-state') return true;
    return !locations.some((location) => covers(location, finding));
  });
}
