import type { Range } from '../model';
import type { YamlDoc } from '../yaml/document';
import { asMap, getPair, getValue, itemsOf, keyText, scalarText } from '../yaml/document';
import { k8sFacts } from '../facts/store';
import { isLongRunningWorkload } from '../facts/k8s';
import type { K8sObjectFact } from '../facts/k8s';
import type { Located } from './pipeline';

// The readiness facts of Kubernetes objects: how a workload rolls out, whether it can be rolled
// back, whether it shuts down gracefully, and which GitOps controllers point at which paths.

export interface WorkloadSignals {
  kind: string;
  name: string;
  /** `app.kubernetes.io/name`, `app` or `k8s-app`: what ties a Deployment to its Service. */
  app?: string;
  range: Range;
  longRunning: boolean;
  servesTraffic: boolean;
  replicas?: number;
  /** The rollout strategy as written, e.g. `RollingUpdate`, `Recreate`, `canary`, `OnDelete`. */
  strategy?: Located & { type: string };
  maxUnavailable?: Located & { value: string };
  revisionHistoryLimit?: Located & { value: number };
  gracePeriod?: Located & { value: number };
  preStop?: Located;
  probes: Located[];
}

export interface K8sObjectSignals {
  kind: string;
  name: string;
  app?: string;
  range: Range;
  workload?: WorkloadSignals;
  /** For Argo CD Applications and Flux Kustomizations: the repository path they deploy. */
  gitopsPath?: Located & { path: string };
  /** PodDisruptionBudget selector app label. */
  disruptionBudgetFor?: string;
}

const APP_LABELS = ['app.kubernetes.io/name', 'app', 'k8s-app', 'app.kubernetes.io/instance'];

function appLabel(labels: unknown): string | undefined {
  for (const key of APP_LABELS) {
    const value = scalarText(getValue(labels, key));
    if (value) return value;
  }
  return undefined;
}

function locate(doc: YamlDoc, map: unknown, key: string): Range | undefined {
  const pair = getPair(map, key);
  return pair ? doc.rangeOf(pair.value as never) : undefined;
}

function workloadSignals(doc: YamlDoc, object: K8sObjectFact, range: Range): WorkloadSignals {
  const spec = asMap(getValue(object.map, 'spec'));
  const kind = object.kind ?? '';
  const signals: WorkloadSignals = {
    kind,
    name: object.name ?? kind,
    app: appLabel(getValue(object.metadata, 'labels')) ?? appLabel(getValue(getValue(getValue(spec, 'template'), 'metadata'), 'labels')),
    range,
    longRunning: isLongRunningWorkload(object),
    servesTraffic: object.containers.some((container) => container.role === 'container' && container.ports.length > 0),
    probes: [],
  };
  const replicas = Number(scalarText(getValue(spec, 'replicas')));
  if (Number.isInteger(replicas)) signals.replicas = replicas;

  const strategyMap = asMap(getValue(spec, kind === 'Deployment' || kind === 'Rollout' ? 'strategy' : 'updateStrategy'));
  const typeNode = getValue(strategyMap, 'type');
  const type = scalarText(typeNode);
  if (type) signals.strategy = { type, range: doc.rangeOf(typeNode), label: `strategy ${type}` };
  if (kind === 'Rollout') {
    for (const name of ['canary', 'blueGreen']) {
      const pair = getPair(strategyMap, name);
      if (pair) signals.strategy = { type: name, range: doc.rangeOfKey(pair), label: `Argo Rollouts ${name}` };
    }
  }
  const maxUnavailableNode = getValue(getValue(strategyMap, 'rollingUpdate'), 'maxUnavailable');
  const maxUnavailable = scalarText(maxUnavailableNode);
  if (maxUnavailable !== undefined) signals.maxUnavailable = { value: maxUnavailable, range: doc.rangeOf(maxUnavailableNode), label: `maxUnavailable: ${maxUnavailable}` };
  const historyRange = locate(doc, spec, 'revisionHistoryLimit');
  const history = Number(scalarText(getValue(spec, 'revisionHistoryLimit')));
  if (historyRange && Number.isInteger(history)) signals.revisionHistoryLimit = { value: history, range: historyRange, label: `revisionHistoryLimit: ${history}` };
  const graceRange = locate(doc, object.podSpec, 'terminationGracePeriodSeconds');
  const grace = Number(scalarText(getValue(object.podSpec, 'terminationGracePeriodSeconds')));
  if (graceRange && Number.isInteger(grace)) signals.gracePeriod = { value: grace, range: graceRange, label: `terminationGracePeriodSeconds: ${grace}` };
  for (const container of object.containers) {
    if (container.role !== 'container') continue;
    const preStop = getPair(getValue(container.map, 'lifecycle'), 'preStop');
    if (preStop && !signals.preStop) signals.preStop = { range: doc.rangeOfKey(preStop), label: `preStop hook on ${container.name ?? 'a container'}` };
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
      if (probe) signals.probes.push({ range: doc.rangeOfKey(probe), label: `${keyText(probe)} on ${container.name ?? 'a container'}` });
    }
  }
  return signals;
}

function gitopsPath(doc: YamlDoc, object: K8sObjectFact): K8sObjectSignals['gitopsPath'] {
  const api = object.apiVersion ?? '';
  const spec = getValue(object.map, 'spec');
  let node: unknown;
  if (api.startsWith('argoproj.io/') && object.kind === 'Application') {
    node = getValue(getValue(spec, 'source'), 'path') ?? itemsOf(getValue(spec, 'sources')).map((source) => getValue(source, 'path')).find(Boolean);
  } else if (api.startsWith('kustomize.toolkit.fluxcd.io/') && object.kind === 'Kustomization') {
    node = getValue(spec, 'path');
  }
  const path = scalarText(node);
  if (!path) return undefined;
  return { path: path.replace(/^\.\//, ''), range: doc.rangeOf(node as never), label: `${object.kind} ${object.name ?? ''} deploys ${path}`.trim() };
}

const signalCache = new WeakMap<YamlDoc, { lineBase: number; objects: K8sObjectSignals[] }>();

export function k8sObjectSignals(doc: YamlDoc): K8sObjectSignals[] {
  const cached = signalCache.get(doc);
  if (cached && cached.lineBase === doc.lineBase) return cached.objects;
  const objects: K8sObjectSignals[] = [];
  for (const object of k8sFacts(doc).objects) {
    if (!object.kind) continue;
    const nameNode = getValue(object.metadata, 'name');
    const range = nameNode ? doc.rangeOf(nameNode) : doc.rangeOf(getValue(object.map, 'kind'));
    const signals: K8sObjectSignals = {
      kind: object.kind,
      name: object.name ?? object.kind,
      app: appLabel(getValue(object.metadata, 'labels')),
      range,
    };
    if (object.podSpec && object.containers.length > 0) signals.workload = workloadSignals(doc, object, range);
    signals.app ??= signals.workload?.app;
    signals.gitopsPath = gitopsPath(doc, object);
    if (object.kind === 'PodDisruptionBudget') signals.disruptionBudgetFor = appLabel(getValue(getValue(getValue(object.map, 'spec'), 'selector'), 'matchLabels'));
    if (!signals.app && object.kind === 'Service') signals.app = appLabel(getValue(getValue(object.map, 'spec'), 'selector'));
    objects.push(signals);
  }
  signalCache.set(doc, { lineBase: doc.lineBase, objects });
  return objects;
}
