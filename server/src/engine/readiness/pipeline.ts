import path from 'node:path';
import { isScalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { Range } from '../model';
import type { YamlDoc } from '../yaml/document';
import { asMap, getPair, getValue, itemsOf, keyText, pairsOf, scalarText } from '../yaml/document';
import { workflowFacts } from '../facts/store';
import { scanSecrets } from '../secrets/scan';
import { maskFound } from '../secrets/value';
import { callLabel, commandsOf, scriptCallsOf } from './scripts';
import type { ScriptCall } from './scripts';
import type { DeployKind } from './pipeline-patterns';
import {
  cachesWith,
  deployKindOfAction,
  deployKindOfCommand,
  deployTargets,
  isBuildCommand,
  isDriftCommand,
  isRollbackCommand,
  isScanAction,
  isScanCommand,
  isSetupAction,
  isTestCommand,
  isWaitCommand,
  terraformApplies,
} from './pipeline-patterns';

// The readiness facts of one pipeline file (a GitHub Actions workflow or a GitLab CI file): what
// it deploys, whether it tests, scans, caches, times out, waits for and can undo a rollout.

export interface Located {
  range: Range;
  /** What is there, for a person: `go test ./...`, `job deploy`. Never a value that may be a secret. */
  label: string;
}

export interface DeployStep extends Located {
  kind: DeployKind;
  /** Paths the deploy command points at (relative to the repository or to a working directory). */
  targets: string[];
  terraformApply: boolean;
}

export interface PipelineJob {
  id: string;
  range: Range;
  hasTimeout: boolean;
  /** A job that only calls a reusable workflow: timeouts belong to the callee. */
  isCall: boolean;
}

export interface PipelineSignals {
  platform: 'github' | 'gitlab';
  name: string;
  nameRange: Range;
  /** Where the triggers are declared (`on:` / `workflow:`), or the start of the file. */
  triggerRange: Range;
  /** Runs without a person pressing a button: push, tag, release, schedule, another workflow. */
  automatic: boolean;
  /** Triggers only a person can start (workflow_dispatch, `when: manual`). */
  manualOnly: boolean;
  scheduled: boolean;
  /** Names of the workflows whose completion starts this one (`on.workflow_run.workflows`). */
  afterWorkflows: string[];
  jobs: PipelineJob[];
  deploys: DeployStep[];
  /** Deploy jobs that wait for a person (GitLab `when: manual`). */
  manualDeploys: Located[];
  environments: Located[];
  tests: Located[];
  scans: Located[];
  caches: Located[];
  builds: Located[];
  rollbacks: Located[];
  waits: Located[];
  driftChecks: Located[];
  /** Repository scripts and Makefile targets a step runs (`./scripts/deploy.sh`, `make deploy`). */
  scriptCalls: (Located & ScriptCall)[];
}

const AUTOMATIC_EVENTS = new Set(['push', 'release', 'schedule', 'workflow_run', 'merge_group', 'deployment', 'registry_package', 'create', 'check_suite']);
const MANUAL_EVENTS = new Set(['workflow_dispatch', 'repository_dispatch']);

/** A command line as a label: a credential on it (`--set token=…`) is masked, as everywhere else. */
function withSecretsMasked(line: string): string {
  let masked = '';
  let at = 0;
  for (const match of scanSecrets(line, { style: 'any' })) {
    masked += line.slice(at, match.start) + maskFound(match);
    at = match.end;
  }
  return masked + line.slice(at);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  const trimmed = withSecretsMasked(line.trim());
  return trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed;
}

/** The line of a multi-line script that matched, for a precise label. */
function matchingLine(script: string, test: (line: string) => boolean): string {
  return firstLine(script.split('\n').find((line) => test(line)) ?? script);
}

function inputsOf(step: YAMLMap | undefined): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const pair of pairsOf(getValue(step, 'with'))) {
    const key = keyText(pair);
    const value = scalarText(pair.value);
    if (key !== undefined) inputs.set(key, value ?? '');
  }
  return inputs;
}

export function emptySignals(platform: PipelineSignals['platform'], name: string, start: Range): PipelineSignals {
  return {
    platform,
    name,
    nameRange: start,
    triggerRange: start,
    automatic: false,
    manualOnly: false,
    scheduled: false,
    afterWorkflows: [],
    jobs: [],
    deploys: [],
    manualDeploys: [],
    environments: [],
    tests: [],
    scans: [],
    caches: [],
    builds: [],
    rollbacks: [],
    waits: [],
    driftChecks: [],
    scriptCalls: [],
  };
}

/** Classifies one shell script (a `run:` or a GitLab `script:` line) into the signals. */
export function readScript(signals: PipelineSignals, script: string, range: Range, workingDirectory: string | undefined): void {
  const deployKind = deployKindOfCommand(script);
  if (deployKind) {
    const targets = deployTargets(script).map((target) => (workingDirectory ? path.posix.normalize(`${workingDirectory.replace(/\/+$/, '')}/${target}`) : target));
    if (workingDirectory && terraformApplies(script)) targets.push(workingDirectory);
    signals.deploys.push({ range, label: matchingLine(script, (line) => deployKindOfCommand(line) !== undefined), kind: deployKind, targets, terraformApply: terraformApplies(script) });
  }
  if (isTestCommand(script)) signals.tests.push({ range, label: matchingLine(script, isTestCommand) });
  if (isScanCommand(script)) signals.scans.push({ range, label: matchingLine(script, isScanCommand) });
  if (isBuildCommand(script)) signals.builds.push({ range, label: matchingLine(script, isBuildCommand) });
  if (isRollbackCommand(script)) signals.rollbacks.push({ range, label: matchingLine(script, isRollbackCommand) });
  if (isWaitCommand(script)) signals.waits.push({ range, label: matchingLine(script, isWaitCommand) });
  if (isDriftCommand(script)) signals.driftChecks.push({ range, label: matchingLine(script, isDriftCommand) });
  for (const call of scriptCallsOf(script, workingDirectory)) signals.scriptCalls.push({ ...call, range, label: callLabel(call) });
  if (/--cache-from\b|\bcache\s+restore\b/.test(script)) signals.caches.push({ range, label: matchingLine(script, (line) => /--cache-from|cache\s+restore/.test(line)) });
}

function readGithubStep(signals: PipelineSignals, doc: YamlDoc, step: YAMLMap, jobDirectory: string | undefined, failureOnly: boolean): void {
  const uses = scalarText(getValue(step, 'uses'));
  const runNode = getValue(step, 'run');
  const run = scalarText(runNode);
  if (uses) {
    const at = uses.lastIndexOf('@');
    const name = (at === -1 ? uses : uses.slice(0, at)).toLowerCase();
    const ref = at === -1 ? undefined : uses.slice(at + 1);
    const inputs = inputsOf(step);
    const range = doc.rangeOf(getValue(step, 'uses'));
    const label = `uses: ${at === -1 ? uses : uses.slice(0, at)}`;
    const deployKind = deployKindOfAction(name, inputs);
    // Chart releasers publish every chart under `charts_dir` (default `charts`).
    const targets = deployKind === 'chart-publish' ? [inputs.get('charts_dir') ?? 'charts'] : [];
    if (deployKind) signals.deploys.push({ range, label, kind: deployKind, targets, terraformApply: false });
    if (isScanAction(name)) signals.scans.push({ range, label });
    if (cachesWith(name, ref, inputs)) signals.caches.push({ range, label });
    if (isSetupAction(name)) signals.builds.push({ range, label });
    if (/^aws-actions\/amazon-ecs-deploy-task-definition/.test(name) && inputs.get('wait-for-service-stability') === 'true') signals.waits.push({ range, label });
  }
  if (run !== undefined) {
    const range = doc.rangeOf(runNode);
    const directory = scalarText(getValue(step, 'working-directory')) ?? jobDirectory;
    readScript(signals, run, range, directory);
    // A step that runs only when an earlier one failed and says it rolls back is a rollback path.
    const stepName = scalarText(getValue(step, 'name')) ?? '';
    if (failureOnly && /rollback|roll back|revert|undo/i.test(`${stepName}\n${run}`) && !isRollbackCommand(run)) {
      signals.rollbacks.push({ range, label: firstLine(stepName || run) });
    }
  }
}

function readGithubJob(signals: PipelineSignals, doc: YamlDoc, id: string, pair: Pair, map: YAMLMap | undefined): void {
  const range = doc.rangeOfKey(pair);
  const isCall = getPair(map, 'uses') !== undefined;
  signals.jobs.push({ id, range, hasTimeout: getPair(map, 'timeout-minutes') !== undefined, isCall });
  const environment = getValue(map, 'environment');
  if (environment) {
    const name = scalarText(environment) ?? scalarText(getValue(environment, 'name')) ?? 'environment';
    signals.environments.push({ range: doc.rangeOf(environment), label: `job ${id} → environment ${name}` });
  }
  if (/test/i.test(id) && !/(integration|e2e)-?deploy/i.test(id)) signals.tests.push({ range, label: `job ${id}` });
  const jobDirectory = scalarText(getValue(getValue(getValue(map, 'defaults'), 'run'), 'working-directory'));
  for (const item of itemsOf(getValue(map, 'steps'))) {
    const step = asMap(item);
    if (!step) continue;
    const condition = scalarText(getValue(step, 'if')) ?? '';
    readGithubStep(signals, doc, step, jobDirectory, /failure\(\)/.test(condition));
  }
}

const signalCache = new WeakMap<YamlDoc, { lineBase: number; signals: PipelineSignals }>();

/** The readiness signals of a GitHub Actions workflow (its first document). */
export function githubPipelineSignals(doc: YamlDoc, fileName: string): PipelineSignals {
  const cached = signalCache.get(doc);
  if (cached && cached.lineBase === doc.lineBase) return cached.signals;
  const facts = workflowFacts(doc);
  const start = doc.rangeAt(0, 0);
  const nameNode = getValue(facts.root, 'name');
  const signals = emptySignals('github', scalarText(nameNode) ?? fileName, nameNode ? doc.rangeOf(nameNode) : start);
  if (facts.on) signals.triggerRange = doc.rangeOfKey(facts.on);
  signals.automatic = facts.events.some((event) => AUTOMATIC_EVENTS.has(event));
  signals.manualOnly = facts.events.length > 0 && facts.events.every((event) => MANUAL_EVENTS.has(event));
  signals.scheduled = facts.events.includes('schedule');
  const runAfter = getValue(getValue(facts.on?.value, 'workflow_run'), 'workflows');
  signals.afterWorkflows = [scalarText(runAfter), ...itemsOf(runAfter).map(scalarText)].filter((name): name is string => name !== undefined);
  for (const job of facts.jobs) readGithubJob(signals, doc, job.id, job.pair, job.map);
  signalCache.set(doc, { lineBase: doc.lineBase, signals });
  return signals;
}

/** Text of a node that may be a scalar or a sequence of scalars (GitLab `script:`). */
export function scriptLines(node: Node | undefined | null): { text: string; node: Node }[] {
  if (!node) return [];
  if (isScalar(node)) {
    const text = scalarText(node);
    return text === undefined ? [] : [{ text, node }];
  }
  return itemsOf(node).flatMap((item) => scriptLines(item as Node));
}

/** What `readScript` can find in a script, and so what a followed script adds to its step. */
const SCRIPT_SIGNALS = ['deploys', 'tests', 'scans', 'caches', 'builds', 'rollbacks', 'waits', 'driftChecks'] as const;

/**
 * The signals with what the repository scripts and Makefile targets its steps run do (one level
 * deep: a deploy hidden in `./scripts/deploy.sh` or `make deploy` counts). Each finding points at the step that runs the script. The
 * cached signals of the workflow are left as they are: scripts change on their own.
 */
export function withScripts(signals: PipelineSignals, scriptText: (relative: string) => string | undefined): PipelineSignals {
  if (signals.scriptCalls.length === 0) return signals;
  const merged: PipelineSignals = { ...signals, scriptCalls: [] };
  for (const key of SCRIPT_SIGNALS) merged[key] = [...signals[key]] as never;
  for (const call of signals.scriptCalls) {
    const file = scriptText(call.path);
    const text = file === undefined ? undefined : commandsOf(call, file);
    if (text === undefined) continue;
    const found = emptySignals(signals.platform, signals.name, call.range);
    // Paths in the script are relative to where its commands run.
    readScript(found, text, call.range, call.cwd === '.' ? undefined : call.cwd);
    for (const key of SCRIPT_SIGNALS) {
      const items: Located[] = merged[key];
      for (const item of found[key] as Located[]) items.push({ ...item, label: `${callLabel(call)}: ${item.label}` });
    }
  }
  return merged;
}
