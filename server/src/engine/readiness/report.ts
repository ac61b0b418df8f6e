import path from 'node:path';
import type { FileKind, Finding } from '../model';
import type { DoraKey } from '../gates';
import type { Rule } from '../rules/define';
import type { FileSnapshot } from './units';
import { collectRepositoryFacts, discoverUnits } from './units';
import { evaluateGates } from './evaluate';
import type { EvaluationContext } from './evaluate';
import type { DoraGroup, GateResult, ReadinessReport, StatusCounts, UnitReadiness, Verdict } from './types';

// The readiness report: units, their gates, a verdict and a score for each unit and for the
// repository. The score formula is documented in the README ("Deploy readiness").

export const DORA_GROUPS: readonly DoraGroup[] = [
  { key: 'deployment-frequency', title: 'Deployment frequency' },
  { key: 'lead-time', title: 'Lead time for changes' },
  { key: 'change-failure-rate', title: 'Change failure rate' },
  { key: 'time-to-restore', title: 'Time to restore' },
];

export const DORA_TITLES: Record<DoraKey, string> = Object.fromEntries(DORA_GROUPS.map((group) => [group.key, group.title])) as Record<DoraKey, string>;

/** Gate weights in the score: a blocking gate counts three times. */
const BLOCKING_WEIGHT = 3;
/** A blocked unit or repository never scores above this. */
export const BLOCKED_SCORE_CAP = 49;

export function countStatuses(gates: readonly GateResult[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, notApplicable: 0, notChecked: 0 };
  for (const gate of gates) {
    if (gate.status === 'pass') counts.pass++;
    else if (gate.status === 'warn') counts.warn++;
    else if (gate.status === 'fail') counts.fail++;
    else if (gate.status === 'not-applicable') counts.notApplicable++;
    else counts.notChecked++;
  }
  return counts;
}

export function verdictOf(gates: readonly GateResult[]): Verdict {
  if (gates.some((gate) => gate.blocking && gate.status === 'fail')) return 'blocked';
  if (gates.some((gate) => gate.status === 'warn' || gate.status === 'fail')) return 'ready-with-warnings';
  return 'ready';
}

/**
 * 100 × (weighted share of decided gates that pass), where pass = 1, warn = 0.5, fail = 0, blocking
 * gates weigh 3 and the others 1; gates that do not apply or are not checked yet do not count.
 */
export function scoreOf(gates: readonly GateResult[], verdict: Verdict): number {
  let total = 0;
  let earned = 0;
  for (const gate of gates) {
    if (gate.status === 'not-applicable' || gate.status === 'not-checked') continue;
    const weight = gate.blocking ? BLOCKING_WEIGHT : 1;
    total += weight;
    earned += weight * (gate.status === 'pass' ? 1 : gate.status === 'warn' ? 0.5 : 0);
  }
  const score = total === 0 ? 100 : Math.round((100 * earned) / total);
  return verdict === 'blocked' ? Math.min(score, BLOCKED_SCORE_CAP) : score;
}

function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('blocked')) return 'blocked';
  if (verdicts.includes('ready-with-warnings')) return 'ready-with-warnings';
  return 'ready';
}

export interface ReadinessInput {
  root: string;
  files: readonly { path: string; kind: FileKind; yaml?: FileSnapshot['yaml']; terraform?: FileSnapshot['terraform']; text?: string }[];
  findings: ReadonlyMap<string, readonly Finding[]>;
  rules: readonly Rule[];
  isKustomizePatch(file: string): boolean;
  exists?(absolutePath: string): boolean;
}

export function buildReadinessReport(input: ReadinessInput): ReadinessReport {
  const root = path.resolve(input.root);
  const relativeCache = new Map<string, string>();
  const relative = (file: string) => {
    let value = relativeCache.get(file);
    if (value === undefined) {
      value = path.relative(root, file).split(path.sep).join('/') || path.basename(file);
      relativeCache.set(file, value);
    }
    return value;
  };
  const snapshots: FileSnapshot[] = input.files
    .map((file) => ({ ...file, relative: relative(file.path) }))
    .filter((file) => !file.relative.startsWith('..'))
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  const repo = collectRepositoryFacts(snapshots);
  const discovered = discoverUnits(snapshots, repo, (file) => input.isKustomizePatch(file));
  const claimed = new Set(discovered.flatMap((unit) => unit.files));
  const ruleById = new Map(input.rules.map((rule) => [rule.id, rule]));
  const kinds = new Map(snapshots.map((file) => [file.path, file.kind]));
  const context: EvaluationContext = {
    root,
    relative,
    repo,
    findingsOf: (file) => input.findings.get(file) ?? [],
    ruleInfo: (ruleId) => ruleById.get(ruleId),
    rules: input.rules,
    kindOf: (file) => kinds.get(file),
    exists: input.exists,
    unclaimedFiles: snapshots.map((file) => file.path).filter((file) => !claimed.has(file)),
    allFiles: snapshots.map((file) => file.path),
  };

  const units: UnitReadiness[] = discovered.map((unit) => {
    const gates = evaluateGates(unit.kind, unit, context);
    const verdict = verdictOf(gates);
    return {
      id: unit.id,
      kind: unit.kind,
      name: unit.name,
      path: unit.path,
      files: unit.files.map(relative),
      verdict,
      score: scoreOf(gates, verdict),
      counts: countStatuses(gates),
      gates,
    };
  });
  const repositoryGates = evaluateGates('repository', undefined, context);
  const repositoryVerdict = verdictOf(repositoryGates);
  units.push({
    id: 'repository:.',
    kind: 'repository',
    name: 'Repository',
    path: '.',
    files: [],
    verdict: repositoryVerdict,
    score: scoreOf(repositoryGates, repositoryVerdict),
    counts: countStatuses(repositoryGates),
    gates: repositoryGates,
  });

  const verdict = worstVerdict(units.map((unit) => unit.verdict));
  const meanScore = Math.round(units.reduce((sum, unit) => sum + unit.score, 0) / units.length);
  const findings = { error: 0, warning: 0, info: 0 };
  for (const list of input.findings.values()) for (const finding of list) findings[finding.severity]++;
  return {
    schemaVersion: 1,
    root,
    verdict,
    score: verdict === 'blocked' ? Math.min(meanScore, BLOCKED_SCORE_CAP) : meanScore,
    counts: countStatuses(units.flatMap((unit) => unit.gates)),
    findings,
    dora: [...DORA_GROUPS],
    units,
  };
}
