import { isScalar } from 'yaml';
import type { Pair, Scalar, YAMLMap } from 'yaml';
import type { YamlDoc } from '../yaml/document';
import { asMap, getMergedPair, getPair, getValue, itemsOf, resolveAlias, scalarText } from '../yaml/document';

/** A container image reference split into its parts. */
export interface ImageRef {
  raw: string;
  /** Registry and repository, without tag or digest: `ghcr.io/acme/api`. */
  name: string;
  tag?: string;
  digest?: string;
}

export interface ContainerPortFact {
  port: number;
  name?: string;
  /** As written (`TCP`, `UDP`, `SCTP`); Kubernetes defaults to TCP when it is absent. */
  protocol?: string;
}

export interface ContainerFact {
  map: YAMLMap;
  role: 'container' | 'initContainer' | 'ephemeralContainer';
  name?: string;
  image?: ImageRef;
  imageNode?: Scalar;
  ports: ContainerPortFact[];
  readinessProbe?: Pair;
  livenessProbe?: Pair;
  startupProbe?: Pair;
}

export interface K8sObjectFact {
  map: YAMLMap;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  metadata?: YAMLMap;
  /** The pod spec this object runs, wherever its kind keeps it. */
  podSpec?: YAMLMap;
  containers: ContainerFact[];
  /** Set when the object came from the `items` of a `kind: List`. */
  fromList: boolean;
}

export interface K8sDocFacts {
  objects: K8sObjectFact[];
}

/** Workload kinds that run until stopped (as opposed to Jobs and one-off Pods). */
export const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** A workload that runs until stopped: the built-in kinds, and Argo Rollouts (a Deployment with a rollout strategy). */
export function isLongRunningWorkload(object: K8sObjectFact): boolean {
  if (!object.kind) return false;
  if (LONG_RUNNING_KINDS.has(object.kind)) return true;
  return object.kind === 'Rollout' && (object.apiVersion ?? '').startsWith('argoproj.io/');
}

const POD_TEMPLATE_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
]);

export function parseImageRef(raw: string): ImageRef | undefined {
  const text = raw.trim();
  if (!text || /\s/.test(text)) return undefined;
  const at = text.indexOf('@');
  const digest = at === -1 ? undefined : text.slice(at + 1);
  const withoutDigest = at === -1 ? text : text.slice(0, at);
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
  const tag = colon === -1 ? undefined : withoutDigest.slice(colon + 1);
  if (!name) return undefined;
  return { raw, name, tag: tag || undefined, digest: digest || undefined };
}

function podSpecOf(kind: string | undefined, spec: YAMLMap | undefined): YAMLMap | undefined {
  if (!spec) return undefined;
  if (kind === 'Pod') return spec;
  if (kind === 'CronJob') return asMap(getValue(getValue(getValue(getValue(spec, 'jobTemplate'), 'spec'), 'template'), 'spec'));
  const templateSpec = asMap(getValue(getValue(spec, 'template'), 'spec'));
  if (kind && POD_TEMPLATE_KINDS.has(kind)) return templateSpec;
  // Custom workloads that embed a pod template (Argo Rollouts, Knative, …) follow the same shape.
  return templateSpec && getPair(templateSpec, 'containers') ? templateSpec : undefined;
}

function containersOf(doc: YamlDoc, podSpec: YAMLMap | undefined): ContainerFact[] {
  const facts: ContainerFact[] = [];
  const roles: [string, ContainerFact['role']][] = [
    ['initContainers', 'initContainer'],
    ['containers', 'container'],
    ['ephemeralContainers', 'ephemeralContainer'],
  ];
  for (const [key, role] of roles) {
    for (const item of itemsOf(getValue(podSpec, key))) {
      const map = asMap(resolveAlias(doc, item));
      if (!map) continue;
      const field = (name: string) => getMergedPair(doc, map, name);
      const imageValue = field('image')?.value;
      const imageNode = isScalar(imageValue) ? imageValue : undefined;
      const imageText = scalarText(imageNode);
      facts.push({
        map,
        role,
        name: scalarText(field('name')?.value),
        image: imageText === undefined ? undefined : parseImageRef(imageText),
        imageNode,
        ports: portsOf(resolveAlias(doc, field('ports')?.value)),
        readinessProbe: field('readinessProbe'),
        livenessProbe: field('livenessProbe'),
        startupProbe: field('startupProbe'),
      });
    }
  }
  return facts;
}

function portsOf(ports: unknown): ContainerPortFact[] {
  const facts: ContainerPortFact[] = [];
  for (const item of itemsOf(ports)) {
    const portText = scalarText(getValue(item, 'containerPort'));
    const port = portText === undefined ? NaN : Number(portText);
    if (Number.isInteger(port)) facts.push({ port, name: scalarText(getValue(item, 'name')), protocol: scalarText(getValue(item, 'protocol')) });
  }
  return facts;
}

function objectFact(doc: YamlDoc, map: YAMLMap, fromList: boolean): K8sObjectFact {
  const kind = scalarText(getValue(map, 'kind'));
  const metadata = asMap(getValue(map, 'metadata'));
  const podSpec = podSpecOf(kind, asMap(getValue(map, 'spec')));
  return {
    map,
    apiVersion: scalarText(getValue(map, 'apiVersion')),
    kind,
    name: scalarText(getValue(metadata, 'name')),
    namespace: scalarText(getValue(metadata, 'namespace')),
    metadata,
    podSpec,
    containers: containersOf(doc, podSpec),
    fromList,
  };
}

export function extractK8sFacts(doc: YamlDoc): K8sDocFacts {
  const root = doc.root;
  if (!root || !getPair(root, 'apiVersion') || !getPair(root, 'kind')) return { objects: [] };
  const kind = scalarText(getValue(root, 'kind'));
  if (kind === 'List' || (kind?.endsWith('List') && getPair(root, 'items'))) {
    const objects = itemsOf(getValue(root, 'items'))
      .map(asMap)
      .filter((map): map is YAMLMap => map !== undefined && getPair(map, 'kind') !== undefined)
      .map((map) => objectFact(doc, map, true));
    return { objects };
  }
  return { objects: [objectFact(doc, root, false)] };
}
