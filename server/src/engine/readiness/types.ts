import type { DoraKey, GateId } from '../gates';
import type { Range, Severity } from '../model';

// The readiness report (DESIGN §5): the same JSON from `shipshape readiness --format json` and from
// the LSP request `shipshape/readiness`. Paths are relative to `root`, with forward slashes.

export type GateStatus = 'pass' | 'warn' | 'fail' | 'not-applicable' | 'not-checked';

export type Verdict = 'ready' | 'ready-with-warnings' | 'blocked';

export type UnitKind = 'pipeline' | 'k8s-app' | 'helm-chart' | 'terraform-root' | 'repository';

export interface Evidence {
  /** Relative to the report's root. */
  file: string;
  range: Range;
  /** One line, never containing a secret. */
  reason: string;
  /** The rule whose finding this is; absent when the evidence is a fact (e.g. "a test step"). */
  ruleId?: string;
  severity?: Severity;
}

export interface GateResult {
  id: GateId;
  title: string;
  dora: DoraKey;
  status: GateStatus;
  /** A failure here blocks the unit (and the repository). */
  blocking: boolean;
  /** One sentence explaining the status. */
  summary: string;
  evidence: Evidence[];
}

export interface StatusCounts {
  pass: number;
  warn: number;
  fail: number;
  notApplicable: number;
  notChecked: number;
}

export interface UnitReadiness {
  /** Stable within a report: `<kind>:<relative path>`. */
  id: string;
  kind: UnitKind;
  /** Shown to people: the workflow's name, the app's name, the module directory. */
  name: string;
  /** The file (workflow) or directory (manifests, module) that defines the unit, relative to root. */
  path: string;
  files: string[];
  verdict: Verdict;
  score: number;
  counts: StatusCounts;
  gates: GateResult[];
}

export interface DoraGroup {
  key: DoraKey;
  title: string;
}

export interface ReadinessReport {
  schemaVersion: 1;
  /** Absolute path of the analysed directory. */
  root: string;
  verdict: Verdict;
  score: number;
  counts: StatusCounts;
  /** Findings in the repository by severity, after configuration and suppressions. */
  findings: { error: number; warning: number; info: number };
  dora: DoraGroup[];
  units: UnitReadiness[];
}
