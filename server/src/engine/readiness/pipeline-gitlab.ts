import type { Node, YAMLMap } from 'yaml';
import type { YamlDoc } from '../yaml/document';
import { asMap, getPair, getValue, itemsOf, keyText, pairsOf, scalarText } from '../yaml/document';
import type { PipelineSignals } from './pipeline';
import { emptySignals, readScript, scriptLines } from './pipeline';

// The readiness signals of a GitLab CI file. GitLab has no trigger block: a pipeline runs on push
// unless `workflow:rules` or every job's `when: manual` says otherwise.

/** Top-level keys that configure the pipeline rather than name a job. */
const GLOBAL_KEYS = new Set(['stages', 'variables', 'include', 'default', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'types', 'pages:deploy']);

/** Security templates GitLab maintains: including one adds a scanning job. */
const SCAN_TEMPLATE = /(SAST|Secret-Detection|Dependency-Scanning|Container-Scanning|DAST|License-Scanning|IaC|Code-Quality)/i;

const signalCache = new WeakMap<YamlDoc, { lineBase: number; signals: PipelineSignals }>();

function isManual(job: YAMLMap): boolean {
  if (scalarText(getValue(job, 'when')) === 'manual') return true;
  const rules = itemsOf(getValue(job, 'rules'));
  return rules.length > 0 && rules.every((rule) => scalarText(getValue(rule, 'when')) === 'manual');
}

export function gitlabPipelineSignals(doc: YamlDoc, fileName: string): PipelineSignals {
  const cached = signalCache.get(doc);
  if (cached && cached.lineBase === doc.lineBase) return cached.signals;
  const root = doc.root;
  const start = doc.rangeAt(0, 0);
  const signals = emptySignals('gitlab', fileName, start);
  const workflowPair = getPair(root, 'workflow');
  if (workflowPair) signals.triggerRange = doc.rangeOfKey(workflowPair);
  const ruleText = JSON.stringify(doc.toPlain().value ?? {});
  signals.scheduled = /CI_PIPELINE_SOURCE\s*==\s*["']schedule["']/.test(ruleText);

  for (const include of [getValue(root, 'include'), ...itemsOf(getValue(root, 'include'))]) {
    const template = scalarText(getValue(include, 'template')) ?? scalarText(getValue(include, 'component'));
    if (template && SCAN_TEMPLATE.test(template)) signals.scans.push({ range: doc.rangeOf(include as Node), label: `include ${template}` });
  }
  const defaults = asMap(getValue(root, 'default'));
  const defaultTimeout = getPair(defaults, 'timeout') !== undefined;
  if (getPair(root, 'cache') || getPair(defaults, 'cache')) signals.caches.push({ range: doc.rangeOfKey((getPair(root, 'cache') ?? getPair(defaults, 'cache'))!), label: 'cache' });

  let manualJobs = 0;
  let jobCount = 0;
  for (const pair of pairsOf(root)) {
    const id = keyText(pair);
    const job = asMap(pair.value);
    if (id === undefined || !job || GLOBAL_KEYS.has(id) || id.startsWith('.')) continue;
    if (!getPair(job, 'script') && !getPair(job, 'trigger') && !getPair(job, 'extends')) continue;
    jobCount++;
    const range = doc.rangeOfKey(pair);
    signals.jobs.push({ id, range, hasTimeout: defaultTimeout || getPair(job, 'timeout') !== undefined, isCall: getPair(job, 'trigger') !== undefined });
    const manual = isManual(job);
    if (manual) manualJobs++;
    const deploysBefore = signals.deploys.length;
    const environment = getValue(job, 'environment');
    if (environment) {
      const name = scalarText(environment) ?? scalarText(getValue(environment, 'name')) ?? 'environment';
      signals.environments.push({ range: doc.rangeOf(environment), label: `job ${id} → environment ${name}` });
    }
    if (getPair(job, 'cache')) signals.caches.push({ range: doc.rangeOfKey(getPair(job, 'cache')!), label: `job ${id} cache` });
    if (/test/i.test(id)) signals.tests.push({ range, label: `job ${id}` });
    if (scalarText(getValue(job, 'stage')) === 'test' && !/test/i.test(id)) signals.tests.push({ range, label: `job ${id} (stage test)` });
    for (const key of ['before_script', 'script', 'after_script']) {
      for (const line of scriptLines(getValue(job, key))) readScript(signals, line.text, doc.rangeOf(line.node), undefined);
    }
    if (manual && (environment || signals.deploys.length > deploysBefore)) signals.manualDeploys.push({ range, label: `job ${id} (when: manual)` });
    if (scalarText(getValue(job, 'when')) === 'on_failure') {
      for (const line of scriptLines(getValue(job, 'script'))) {
        if (/rollback|roll back|revert|undo/i.test(`${id}\n${line.text}`)) signals.rollbacks.push({ range, label: `job ${id} (on failure)` });
      }
    }
  }
  // A GitLab pipeline runs on every push unless its jobs all wait for a person.
  signals.automatic = jobCount > 0 && manualJobs < jobCount;
  signals.manualOnly = jobCount > 0 && manualJobs === jobCount;
  signalCache.set(doc, { lineBase: doc.lineBase, signals });
  return signals;
}
