import path from 'node:path';
import type { FileKind, Finding, Range } from '../model';
import { GATES } from '../gates';
import type { Gate, GateId } from '../gates';
import type { DiscoveredUnit, RepositoryFacts } from './units';
import type { Located, PipelineSignals } from './pipeline';
import type { DeployKind } from './pipeline-patterns';
import type { K8sObjectSignals, WorkloadSignals } from './k8s-app';
import type { Evidence, GateResult, GateStatus, UnitKind } from './types';

// Turns a unit's facts and findings into gate verdicts. Each gate is decided by the findings of
// the rules that feed it (DESIGN §5) and, where the files say more than any rule, by facts. A gate
// nobody checks for this kind of unit says "not checked yet", never "pass".

export interface RuleGateInfo {
  gate: string | null;
  kinds: ReadonlySet<FileKind>;
}

export interface EvaluationContext {
  root: string;
  /** Relative to root, forward slashes (memoised: reports name the same files many times). */
  relative(file: string): string;
  repo: RepositoryFacts;
  findingsOf(file: string): readonly Finding[];
  ruleInfo(ruleId: string): RuleGateInfo | undefined;
  /** Every rule, to say which rules would have reported on a gate. */
  rules: readonly { id: string; gate: string | null; kinds: ReadonlySet<FileKind> }[];
  kindOf(file: string): FileKind | undefined;
  exists?(absolutePath: string): boolean;
  /** Files that belong to no unit: the repository unit answers for their findings. */
  unclaimedFiles: readonly string[];
  allFiles: readonly string[];
}

/** A failure in these gates blocks shipping (DESIGN §5: "any error-level finding in a blocking gate"). */
export const BLOCKING_GATES: ReadonlySet<GateId> = new Set<GateId>(['no-secrets', 'valid-config']);

/** At most this many evidence items per gate: the panel and the CLI stay readable. */
const MAX_EVIDENCE = 20;

type Outcome = { status: GateStatus; summary: string; evidence: Evidence[] };

const rank: Record<GateStatus, number> = { 'not-applicable': 0, 'not-checked': 0, pass: 1, warn: 2, fail: 3 };

function worse(a: GateStatus, b: GateStatus): GateStatus {
  return rank[b] > rank[a] ? b : a;
}

class GateEvaluator {
  constructor(
    private readonly context: EvaluationContext,
    private readonly unit: DiscoveredUnit | undefined,
  ) {}

  relative(file: string): string {
    return this.context.relative(file);
  }

  evidence(file: string, located: { range: Range }, reason: string): Evidence {
    return { file: this.relative(file), range: located.range, reason };
  }

  /** Findings of the rules that feed `gate`, in `files`. */
  findingOutcome(gate: GateId, files: readonly string[]): Outcome | undefined {
    const evidence: Evidence[] = [];
    let status: GateStatus = 'pass';
    for (const file of files) {
      for (const finding of this.context.findingsOf(file)) {
        if (this.context.ruleInfo(finding.ruleId)?.gate !== gate) continue;
        status = worse(status, finding.severity === 'error' ? 'fail' : finding.severity === 'warning' ? 'warn' : 'pass');
        evidence.push({ file: this.relative(finding.file), range: finding.range, reason: firstLine(finding.message), ruleId: finding.ruleId, severity: finding.severity });
      }
    }
    const rules = this.rulesFor(gate, files);
    if (rules.length === 0 && evidence.length === 0) return undefined;
    if (evidence.length === 0) {
      return { status: 'pass', summary: `No findings from ${rules.join(', ')}.`, evidence: [] };
    }
    const count = evidence.length;
    const noun = count === 1 ? 'finding' : 'findings';
    return { status, summary: `${count} ${noun} from ${[...new Set(evidence.map((item) => item.ruleId))].join(', ')}.`, evidence };
  }

  /** The enabled rules that feed `gate` for the kinds of `files`. */
  rulesFor(gate: GateId, files: readonly string[]): string[] {
    const kinds = new Set(files.map((file) => this.context.kindOf(file)).filter((kind): kind is FileKind => kind !== undefined));
    return this.context.rules.filter((rule) => rule.gate === gate && [...rule.kinds].some((kind) => kinds.has(kind))).map((rule) => rule.id);
  }

  /** Combines a fact-based outcome with the findings of the same gate. */
  combine(gate: GateId, files: readonly string[], facts: Outcome | undefined): Outcome {
    const findings = this.findingOutcome(gate, files);
    if (!facts && !findings) {
      if (!this.unit) return notApplicable('Judged per deployable unit.');
      return { status: 'not-checked', summary: 'Not checked yet: no Shipshape rule covers this for this kind of unit.', evidence: [] };
    }
    if (!facts) return findings!;
    if (!findings || facts.status === 'not-applicable') return facts;
    const status = worse(facts.status, findings.status);
    // The summary speaks for the worse side; the evidence keeps both.
    const summary = findings.evidence.length === 0 ? facts.summary : rank[findings.status] > rank[facts.status] ? findings.summary : rank[facts.status] > rank[findings.status] ? facts.summary : `${facts.summary} ${findings.summary}`;
    return { status, summary, evidence: [...findings.evidence, ...facts.evidence] };
  }

  get anchorEvidenceFile(): string {
    return this.unit?.anchor.file ?? path.join(this.context.root, '.');
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

const notApplicable = (why: string): Outcome => ({ status: 'not-applicable', summary: why, evidence: [] });

function fromLocated(evaluator: GateEvaluator, file: string, items: readonly Located[], reason: (item: Located) => string): Evidence[] {
  return items.slice(0, MAX_EVIDENCE).map((item) => evaluator.evidence(file, item, reason(item)));
}

// ---- pipelines -------------------------------------------------------------------------------

const ROLLOUT_DEPLOYS = new Set(['kubernetes']);
const SERVICE_DEPLOYS = new Set(['kubernetes', 'cloud', 'environment', 'terraform']);

function pipelineGate(gate: GateId, evaluator: GateEvaluator, unit: DiscoveredUnit, context: EvaluationContext): Outcome | undefined {
  const signals = unit.pipeline!;
  const file = unit.files[0];
  const kinds = new Set(signals.deploys.map((deploy) => deploy.kind));
  const deploysService = [...kinds].some((kind) => SERVICE_DEPLOYS.has(kind)) || signals.environments.length > 0;
  switch (gate) {
    case 'automated-pipeline': {
      if (signals.manualDeploys.length > 0) {
        return { status: 'warn', summary: 'A deploy job waits for someone to start it.', evidence: fromLocated(evaluator, file, signals.manualDeploys, (item) => `${item.label}: a manual deploy`) };
      }
      if (signals.manualOnly) {
        return { status: 'warn', summary: 'The pipeline runs only when someone starts it by hand.', evidence: [evaluator.evidence(file, { range: signals.triggerRange }, 'only manual triggers (workflow_dispatch)')] };
      }
      if (signals.automatic) return { status: 'pass', summary: 'Runs on its own (push, tag, schedule or another workflow).', evidence: [evaluator.evidence(file, { range: signals.triggerRange }, 'automatic triggers')] };
      return { status: 'warn', summary: 'No trigger that deploys without a person (push, tag, release or workflow_run).', evidence: [evaluator.evidence(file, { range: signals.triggerRange }, 'triggers')] };
    }
    case 'gitops': {
      if (signals.environments.length > 0) {
        return { status: 'pass', summary: 'Deploys go through a named environment (protection rules and a deployment history).', evidence: fromLocated(evaluator, file, signals.environments, (item) => item.label) };
      }
      if (deploysService && signals.platform === 'github') {
        return {
          status: 'warn',
          summary: 'The deploy job names no environment: no protection rules, required reviewers or deployment history.',
          evidence: fromLocated(evaluator, file, signals.deploys, (item) => `${item.label}: add environment: to its job`),
        };
      }
      return { status: 'pass', summary: 'Deploys or publishes from the pipeline.', evidence: fromLocated(evaluator, file, signals.deploys, (item) => item.label) };
    }
    case 'pipeline-timeouts': {
      const jobs = signals.jobs.filter((job) => !job.isCall);
      if (jobs.length === 0) return notApplicable('No jobs of its own.');
      const missing = jobs.filter((job) => !job.hasTimeout);
      if (missing.length === 0) return { status: 'pass', summary: 'Every job has a timeout.', evidence: [evaluator.evidence(file, jobs[0], `${jobs.length} job(s) with a timeout`)] };
      const fallback = signals.platform === 'github' ? 'GitHub waits 6 hours' : "the project's default applies";
      return {
        status: 'warn',
        summary: `${missing.length} of ${jobs.length} job(s) without a timeout: a hung job blocks the next deploy (${fallback}).`,
        evidence: missing.slice(0, MAX_EVIDENCE).map((job) => evaluator.evidence(file, job, `job ${job.id} has no ${signals.platform === 'github' ? 'timeout-minutes' : 'timeout'}`)),
      };
    }
    case 'caching': {
      if (signals.builds.length === 0) return notApplicable('Nothing is built or installed here.');
      if (signals.caches.length > 0) return { status: 'pass', summary: 'Dependencies are cached.', evidence: fromLocated(evaluator, file, signals.caches, (item) => `${item.label} caches`) };
      return { status: 'warn', summary: 'Builds without a dependency cache: every run downloads everything again.', evidence: fromLocated(evaluator, file, signals.builds.slice(0, 3), (item) => `${item.label} without a cache`) };
    }
    case 'tests-in-ci':
      return testsGate(evaluator, file, signals, context);
    case 'security-scanning':
      return scanningGate(evaluator, context, signals.scans.length > 0 ? [{ file, signals }] : undefined);
    case 'safe-rollout': {
      if (![...kinds].some((kind) => ROLLOUT_DEPLOYS.has(kind))) return notApplicable('Does not roll out to Kubernetes.');
      if (signals.waits.length > 0) return { status: 'pass', summary: 'The deploy waits for the rollout to finish.', evidence: fromLocated(evaluator, file, signals.waits, (item) => item.label) };
      return {
        status: 'warn',
        summary: 'The deploy does not wait for the rollout: the pipeline reports success before a pod is ready (add kubectl rollout status or helm --wait).',
        evidence: fromLocated(evaluator, file, signals.deploys.filter((deploy) => ROLLOUT_DEPLOYS.has(deploy.kind)), (item) => `${item.label} returns before the rollout ends`),
      };
    }
    case 'rollback-path': {
      if (!deploysService) return notApplicable('Publishes artifacts; the previous version stays available.');
      if (kinds.has('terraform') && kinds.size === 1) return notApplicable('Terraform rolls back by applying the previous commit.');
      if (signals.rollbacks.length > 0) return { status: 'pass', summary: 'A failed deploy is rolled back.', evidence: fromLocated(evaluator, file, signals.rollbacks, (item) => item.label) };
      return {
        status: 'warn',
        summary: 'Nothing rolls back a failed deploy (helm --atomic, kubectl rollout undo on failure, Argo Rollouts).',
        evidence: fromLocated(evaluator, file, signals.deploys.filter((deploy) => SERVICE_DEPLOYS.has(deploy.kind)).slice(0, 3), (item) => `${item.label}: no rollback if it fails`),
      };
    }
    case 'pinned-inputs':
      return undefined; // findings only
    default:
      return notApplicable('Decided by the manifests or modules this pipeline deploys.');
  }
}

function testsGate(evaluator: GateEvaluator, file: string, signals: PipelineSignals, context: EvaluationContext): Outcome {
  if (signals.tests.length > 0) return { status: 'pass', summary: 'Tests run in this pipeline.', evidence: fromLocated(evaluator, file, signals.tests, (item) => item.label) };
  const elsewhere = context.repo.pipelines.filter((pipeline) => pipeline.file !== file && pipeline.signals.tests.length > 0);
  if (elsewhere.length > 0) {
    const gated = elsewhere.find((pipeline) => signals.afterWorkflows.includes(pipeline.signals.name));
    const evidence = elsewhere.slice(0, 3).map((pipeline) => evaluator.evidence(pipeline.file, pipeline.signals.tests[0], `tests: ${pipeline.signals.tests[0].label}`));
    if (gated) return { status: 'pass', summary: `Runs after "${gated.signals.name}", which tests.`, evidence };
    return { status: 'warn', summary: 'Tests run in another pipeline, but this one does not wait for them (use workflow_run or test here).', evidence };
  }
  return { status: 'fail', summary: 'No pipeline in the repository runs tests.', evidence: [evaluator.evidence(file, { range: signals.nameRange }, 'no test step')] };
}

function scanningGate(evaluator: GateEvaluator, context: EvaluationContext, own: { file: string; signals: PipelineSignals }[] | undefined): Outcome {
  const scanners = own ?? context.repo.pipelines.filter((pipeline) => pipeline.signals.scans.length > 0);
  if (scanners.length > 0) {
    return {
      status: 'pass',
      summary: 'A pipeline scans for secrets, vulnerable code or dependencies.',
      evidence: scanners.flatMap((pipeline) => fromLocated(evaluator, pipeline.file, pipeline.signals.scans, (item) => item.label)).slice(0, MAX_EVIDENCE),
    };
  }
  const anchor = context.repo.pipelines[0];
  return {
    status: 'warn',
    summary: 'No pipeline runs a secret scan, SAST or a dependency/container scan.',
    evidence: anchor ? [evaluator.evidence(anchor.file, { range: anchor.signals.nameRange }, 'no scanning step in any pipeline')] : [],
  };
}

// ---- Kubernetes apps ---------------------------------------------------------------------------

function deployedBy(context: EvaluationContext, unitDir: string, unitFiles: readonly string[], evaluator: GateEvaluator, kinds: readonly DeployKind[] = ['kubernetes']): Evidence[] {
  const relativeFiles = new Set(unitFiles.map((file) => evaluator.relative(file)));
  const matches = (target: string) => {
    const normal = target.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
    if (relativeFiles.has(normal)) return true;
    return normal === unitDir || unitDir.startsWith(`${normal}/`) || normal === '.';
  };
  const evidence: Evidence[] = [];
  for (const pipeline of context.repo.pipelines) {
    for (const deploy of pipeline.signals.deploys) {
      if (kinds.includes(deploy.kind) && deploy.targets.some(matches)) evidence.push(evaluator.evidence(pipeline.file, deploy, `${deploy.label} (in ${pipeline.signals.name})`));
    }
  }
  for (const object of context.repo.gitopsObjects) {
    const gitops = object.signals.gitopsPath;
    if (gitops && matches(gitops.path)) evidence.push(evaluator.evidence(object.file, gitops, gitops.label));
  }
  return evidence;
}

/** Judges each workload on its own; the gate takes the worst status and keeps every reason. */
function judgeEach(objects: readonly K8sObjectSignals[], judge: (object: K8sObjectSignals, workload: WorkloadSignals) => { status: GateStatus; evidence: Evidence }): { status: GateStatus; evidence: Evidence[] } {
  let status: GateStatus = 'pass';
  const evidence: Evidence[] = [];
  for (const object of objects) {
    const verdict = judge(object, object.workload!);
    status = worse(status, verdict.status);
    evidence.push(verdict.evidence);
  }
  return { status, evidence: evidence.slice(0, MAX_EVIDENCE) };
}

function k8sGate(gate: GateId, evaluator: GateEvaluator, unit: DiscoveredUnit, context: EvaluationContext): Outcome | undefined {
  const entries = unit.k8s ?? [];
  const fileOf = (object: K8sObjectSignals) => entries.find((entry) => entry.signals === object)?.file ?? unit.anchor.file;
  const workloads = entries.map((entry) => entry.signals).filter((object) => object.workload?.longRunning);
  const serving = workloads.filter((object) => object.workload!.servesTraffic);
  switch (gate) {
    case 'gitops': {
      const evidence = deployedBy(context, unit.path, unit.files, evaluator);
      if (evidence.length > 0) return { status: 'pass', summary: 'A pipeline or GitOps controller in this repository applies these manifests.', evidence };
      return {
        status: 'warn',
        summary: 'No pipeline or GitOps controller in this repository applies these manifests: they are likely applied by hand.',
        evidence: [evaluator.evidence(unit.anchor.file, unit.anchor, `${unit.path} is not deployed by any pipeline`)],
      };
    }
    case 'safe-rollout': {
      if (workloads.length === 0) return notApplicable('No long-running workloads.');
      const { status, evidence } = judgeEach(workloads, (object, workload) => {
        const file = fileOf(object);
        const strategy = workload.strategy?.type;
        if (strategy === 'Recreate') return { status: 'fail', evidence: evaluator.evidence(file, workload.strategy!, `${workload.kind} ${workload.name}: Recreate stops every pod before starting new ones (a big-bang rollout)`) };
        if (strategy === 'OnDelete') return { status: 'warn', evidence: evaluator.evidence(file, workload.strategy!, `${workload.kind} ${workload.name}: OnDelete waits for someone to delete each pod`) };
        if (strategy === 'canary' || strategy === 'blueGreen') return { status: 'pass', evidence: evaluator.evidence(file, workload.strategy!, `${workload.kind} ${workload.name}: ${workload.strategy!.label}`) };
        if (workload.kind !== 'Deployment') return { status: 'pass', evidence: evaluator.evidence(file, workload, `${workload.kind} ${workload.name}: rolling update`) };
        if (workload.maxUnavailable && /^0%?$/.test(workload.maxUnavailable.value)) {
          return { status: 'pass', evidence: evaluator.evidence(file, workload.maxUnavailable, `${workload.name}: rolling update keeps every pod until its replacement is ready`) };
        }
        if (workload.servesTraffic && (workload.replicas ?? 1) <= 1) return { status: 'warn', evidence: evaluator.evidence(file, workload, `${workload.name}: a single replica, so a node drain or a crash is an outage`) };
        return { status: 'pass', evidence: evaluator.evidence(file, workload.maxUnavailable ?? workload, `${workload.name}: rolling update (maxUnavailable ${workload.maxUnavailable?.value ?? '25% by default'})`) };
      });
      const summary = status === 'fail' ? 'A workload is replaced all at once.' : status === 'warn' ? 'A rollout or disruption can take a workload down.' : 'Workloads roll out gradually.';
      return { status, summary, evidence };
    }
    case 'rollback-path': {
      if (workloads.length === 0) return notApplicable('No long-running workloads.');
      const { status, evidence } = judgeEach(workloads, (object, workload) => {
        const file = fileOf(object);
        if (workload.revisionHistoryLimit?.value === 0) return { status: 'fail', evidence: evaluator.evidence(file, workload.revisionHistoryLimit, `${workload.name}: revisionHistoryLimit 0 leaves nothing for kubectl rollout undo`) };
        const kept = workload.revisionHistoryLimit?.value ?? 10;
        return { status: 'pass', evidence: evaluator.evidence(file, workload.revisionHistoryLimit ?? workload, `${workload.kind} ${workload.name}: keeps ${kept} previous revisions (kubectl rollout undo)`) };
      });
      return { status, summary: status === 'fail' ? 'A workload cannot be rolled back.' : 'Previous revisions are kept for rollback.', evidence };
    }
    case 'health-checks': {
      if (serving.length === 0) return notApplicable('No long-running workloads that serve traffic.');
      const evidence = serving.flatMap((object) => fromLocated(evaluator, fileOf(object), object.workload!.probes.slice(0, 2), (item) => `${object.workload!.name}: ${item.label}`));
      return { status: 'pass', summary: 'Serving containers have probes.', evidence: evidence.slice(0, MAX_EVIDENCE) };
    }
    case 'graceful-shutdown': {
      if (serving.length === 0) return notApplicable('No long-running workloads that serve traffic.');
      const { status, evidence } = judgeEach(serving, (object, workload) => {
        const file = fileOf(object);
        if (workload.gracePeriod?.value === 0) return { status: 'fail', evidence: evaluator.evidence(file, workload.gracePeriod, `${workload.name}: terminationGracePeriodSeconds 0 kills pods mid-request`) };
        if (workload.preStop) return { status: 'pass', evidence: evaluator.evidence(file, workload.preStop, `${workload.name}: ${workload.preStop.label}`) };
        const seconds = workload.gracePeriod?.value ?? 30;
        return { status: 'pass', evidence: evaluator.evidence(file, workload.gracePeriod ?? workload, `${workload.name}: SIGTERM, then ${seconds} s to finish in-flight requests`) };
      });
      return { status, summary: status === 'fail' ? 'A workload is killed without a chance to drain.' : 'Pods get time to drain on shutdown.', evidence };
    }
    case 'pinned-inputs':
    case 'no-clickops':
      return undefined;
    default:
      return notApplicable('Decided by the pipeline that deploys these manifests.');
  }
}

// ---- Helm charts -------------------------------------------------------------------------------

function helmGate(gate: GateId, evaluator: GateEvaluator, unit: DiscoveredUnit, context: EvaluationContext): Outcome | undefined {
  const images = unit.helm?.images ?? [];
  switch (gate) {
    case 'gitops': {
      // `helm upgrade`/`helm package` pointing at the chart, a releaser over its charts directory,
      // or an Argo CD Application / Flux object with its path.
      const evidence = deployedBy(context, unit.path, unit.files, evaluator, ['kubernetes', 'chart-publish']);
      if (evidence.length > 0) return { status: 'pass', summary: 'A pipeline or GitOps controller in this repository installs or publishes this chart.', evidence };
      return {
        status: 'warn',
        summary: 'No pipeline or GitOps controller in this repository installs or publishes this chart: it is likely installed by hand.',
        evidence: [evaluator.evidence(unit.anchor.file, unit.anchor, `${unit.path} is not installed or published by any pipeline`)],
      };
    }
    case 'pinned-inputs': {
      if (images.length === 0) return undefined;
      const floating = images.filter((entry) => entry.image.pinning === 'floating');
      if (floating.length > 0) {
        return {
          status: 'warn',
          summary: 'The values run an image by a tag that moves: each install may get a different build.',
          evidence: floating.slice(0, MAX_EVIDENCE).map((entry) => evaluator.evidence(entry.file, entry.image, `${entry.image.image}: a floating tag`)),
        };
      }
      return {
        status: 'pass',
        summary: 'The values pin every image (a fixed tag or digest, or the chart\'s appVersion).',
        evidence: images.slice(0, MAX_EVIDENCE).map((entry) => evaluator.evidence(entry.file, entry.image, entry.image.pinning === 'chart-version' ? `${entry.image.image}: tag from the chart's appVersion` : entry.image.image)),
      };
    }
    case 'safe-rollout':
    case 'rollback-path':
    case 'health-checks':
    case 'graceful-shutdown':
      return { status: 'not-checked', summary: 'Not checked yet: Shipshape does not render Helm templates.', evidence: [] };
    case 'no-clickops':
      return undefined;
    default:
      return notApplicable('Decided by the pipeline that installs this chart.');
  }
}

// ---- Terraform roots ---------------------------------------------------------------------------

function terraformGate(gate: GateId, evaluator: GateEvaluator, unit: DiscoveredUnit, context: EvaluationContext): Outcome | undefined {
  const module = unit.terraform!;
  switch (gate) {
    case 'remote-state': {
      const withBackend = module.files.find((entry) => entry.signals.backend);
      if (!withBackend) {
        return {
          status: 'fail',
          summary: 'No backend: state is written to the machine that runs terraform apply, unshared and unlocked.',
          evidence: [evaluator.evidence(unit.anchor.file, unit.anchor, 'no backend or cloud block in this module')],
        };
      }
      const backend = withBackend.signals.backend!;
      const status: GateStatus = backend.type === 'local' ? 'fail' : backend.locked === true ? 'pass' : 'warn';
      return { status, summary: `${backend.lockReason[0].toUpperCase()}${backend.lockReason.slice(1)}.`, evidence: [evaluator.evidence(withBackend.file, backend, backend.lockReason)] };
    }
    case 'gitops': {
      const dir = module.directory;
      const single = context.repo.terraformRoots.length === 1;
      const evidence: Evidence[] = [];
      for (const pipeline of context.repo.pipelines) {
        for (const deploy of pipeline.signals.deploys) {
          if (!deploy.terraformApply) continue;
          const targets = deploy.targets.map((target) => target.replace(/^\.\//, '').replace(/\/+$/, ''));
          if (targets.includes(dir) || (targets.length === 0 && (single || dir === '.'))) evidence.push(evaluator.evidence(pipeline.file, deploy, `${deploy.label} (in ${pipeline.signals.name})`));
        }
      }
      if (evidence.length > 0) return { status: 'pass', summary: 'A pipeline applies this module.', evidence };
      return { status: 'warn', summary: 'No pipeline applies this module: changes are applied from someone\'s machine.', evidence: [evaluator.evidence(unit.anchor.file, unit.anchor, `no pipeline runs terraform apply in ${dir}`)] };
    }
    case 'drift-detection': {
      const checks = context.repo.pipelines.filter((pipeline) => pipeline.signals.scheduled && pipeline.signals.driftChecks.length > 0);
      if (checks.length > 0) {
        return { status: 'pass', summary: 'A scheduled pipeline runs terraform plan.', evidence: checks.flatMap((pipeline) => fromLocated(evaluator, pipeline.file, pipeline.signals.driftChecks.slice(0, 1), (item) => `${item.label} on a schedule`)) };
      }
      return { status: 'warn', summary: 'Nothing runs terraform plan on a schedule, so changes made outside Terraform go unnoticed.', evidence: [evaluator.evidence(unit.anchor.file, unit.anchor, 'no scheduled plan')] };
    }
    case 'pinned-inputs': {
      if (!context.exists) return undefined;
      const lockFile = path.join(context.root, module.directory, '.terraform.lock.hcl');
      if (context.exists(lockFile)) return { status: 'pass', summary: 'Provider versions are locked (.terraform.lock.hcl is committed).', evidence: [{ file: evaluator.relative(lockFile), range: ZERO, reason: 'dependency lock file' }] };
      return { status: 'warn', summary: 'No .terraform.lock.hcl: each init may pick a different provider build.', evidence: [evaluator.evidence(unit.anchor.file, unit.anchor, 'commit .terraform.lock.hcl (terraform init writes it)')] };
    }
    case 'no-clickops':
      return undefined;
    default:
      return notApplicable('Not a property of a Terraform module.');
  }
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

// ---- the repository as a whole ---------------------------------------------------------------

function repositoryGate(gate: GateId, evaluator: GateEvaluator, context: EvaluationContext): Outcome | undefined {
  const pipelines = context.repo.pipelines;
  switch (gate) {
    case 'automated-pipeline': {
      if (pipelines.length === 0) return { status: 'fail', summary: 'No CI/CD pipeline (GitHub Actions or GitLab CI) in the repository.', evidence: [] };
      const deploying = pipelines.filter((pipeline) => pipeline.signals.deploys.length > 0 || pipeline.signals.environments.length > 0);
      if (deploying.length === 0) {
        return { status: 'warn', summary: 'Pipelines exist, but none deploys or publishes.', evidence: pipelines.slice(0, 3).map((pipeline) => evaluator.evidence(pipeline.file, { range: pipeline.signals.nameRange }, `${pipeline.signals.name}: no deploy step`)) };
      }
      const automatic = deploying.filter((pipeline) => pipeline.signals.automatic && pipeline.signals.manualDeploys.length === 0);
      if (automatic.length === 0) {
        return { status: 'warn', summary: 'Every deploy waits for someone to start it.', evidence: deploying.map((pipeline) => evaluator.evidence(pipeline.file, { range: pipeline.signals.triggerRange }, `${pipeline.signals.name}: manual`)) };
      }
      return { status: 'pass', summary: 'A pipeline deploys on its own.', evidence: automatic.slice(0, 3).map((pipeline) => evaluator.evidence(pipeline.file, { range: pipeline.signals.triggerRange }, `${pipeline.signals.name} deploys automatically`)) };
    }
    case 'tests-in-ci': {
      const testing = pipelines.filter((pipeline) => pipeline.signals.tests.length > 0);
      if (testing.length > 0) return { status: 'pass', summary: 'Tests run in CI.', evidence: testing.slice(0, 5).map((pipeline) => evaluator.evidence(pipeline.file, pipeline.signals.tests[0], pipeline.signals.tests[0].label)) };
      return { status: 'fail', summary: pipelines.length === 0 ? 'No pipeline, so no tests run in CI.' : 'No pipeline runs tests.', evidence: pipelines.slice(0, 3).map((pipeline) => evaluator.evidence(pipeline.file, { range: pipeline.signals.nameRange }, `${pipeline.signals.name}: no test step`)) };
    }
    case 'security-scanning':
      return scanningGate(evaluator, context, undefined);
    case 'no-secrets':
    case 'valid-config':
    case 'pinned-inputs':
    case 'least-privilege':
    case 'no-clickops':
    case 'health-checks':
      return undefined;
    default:
      return notApplicable('Judged per deployable unit.');
  }
}

/** Gates decided by the findings of their rules alone, in every kind of unit. */
const FINDINGS_ONLY: ReadonlySet<GateId> = new Set<GateId>(['no-secrets', 'valid-config', 'least-privilege']);

const UNIT_GATES: Record<Exclude<UnitKind, 'repository'>, (gate: GateId, evaluator: GateEvaluator, unit: DiscoveredUnit, context: EvaluationContext) => Outcome | undefined> = {
  pipeline: pipelineGate,
  'k8s-app': k8sGate,
  'helm-chart': helmGate,
  'terraform-root': terraformGate,
};

/** The gates of one unit (or of the repository as a whole when `unit` is undefined). */
export function evaluateGates(kind: UnitKind, unit: DiscoveredUnit | undefined, context: EvaluationContext): GateResult[] {
  const evaluator = new GateEvaluator(context, unit);
  const results: GateResult[] = [];
  for (const gate of GATES as readonly Gate[]) {
    const id = gate.id as GateId;
    let facts: Outcome | undefined;
    let files: readonly string[];
    if (kind === 'repository') {
      facts = repositoryGate(id, evaluator, context);
      // Blocking gates look at every file; the others at the files no unit answers for.
      files = BLOCKING_GATES.has(id) ? context.allFiles : context.unclaimedFiles;
      if (facts?.status === 'not-applicable') files = [];
    } else {
      files = unit!.files;
      facts = FINDINGS_ONLY.has(id) ? undefined : UNIT_GATES[kind](id, evaluator, unit!, context);
    }
    const outcome = facts?.status === 'not-applicable' ? facts : evaluator.combine(id, files, facts);
    const evidence = outcome.evidence.slice(0, MAX_EVIDENCE);
    const more = outcome.evidence.length - evidence.length;
    results.push({
      id,
      title: gate.title,
      dora: gate.dora,
      status: outcome.status,
      blocking: BLOCKING_GATES.has(id),
      summary: more > 0 ? `${outcome.summary} (${more} more not shown)` : outcome.summary,
      evidence,
    });
  }
  return results;
}
