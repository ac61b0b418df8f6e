import { isScalar } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { YamlDoc } from '../yaml/document';
import { asMap, getPair, getValue, itemsOf, keyText, pairsOf, scalarText } from '../yaml/document';

/** What a `uses:` points at. */
export interface ActionRef {
  /** As written, e.g. `actions/checkout@v4`. */
  raw: string;
  kind: 'local' | 'docker' | 'remote';
  /** `owner/repo[/path]`, lower-cased (GitHub names are case-insensitive); absent for local refs. */
  name?: string;
  /** What follows `@` (tag, branch or SHA); for docker, the tag or digest. */
  ref?: string;
  /** A full 40-hex commit SHA, or a docker `@sha256:` digest. */
  isPinned: boolean;
  /** The version a trailing comment names (`# v4.1.1`), as Dependabot and Renovate write it. */
  versionComment?: string;
}

export interface UsesFact {
  node: Scalar;
  action: ActionRef;
  /** A step's `uses` or a job's `uses` (a reusable workflow call). */
  at: 'step' | 'job';
}

export interface StepFact {
  map: YAMLMap;
  index: number;
  uses?: UsesFact;
}

export interface JobFact {
  id: string;
  pair: Pair;
  map?: YAMLMap;
  uses?: UsesFact;
  permissions?: Pair;
  steps: StepFact[];
}

export interface WorkflowFacts {
  root?: YAMLMap;
  on?: Pair;
  /** Event names the workflow runs on. */
  events: string[];
  permissions?: Pair;
  jobsPair?: Pair;
  jobs: JobFact[];
  /** Every `uses:` of the file, in order. */
  uses: UsesFact[];
}

export interface ActionFacts {
  root?: YAMLMap;
  steps: StepFact[];
  uses: UsesFact[];
}

const FULL_SHA = /^[0-9a-f]{40}$/i;
const VERSION_IN_COMMENT = /(?:^|[\s=@:])(v?\d+(?:\.\d+){0,3}(?:-[\w.]+)?)(?=\s|$)/;

export function parseActionRef(raw: string, trailingComment?: string): ActionRef {
  const text = raw.trim();
  if (text.startsWith('./') || text.startsWith('../')) return { raw, kind: 'local', isPinned: true };
  if (text.startsWith('docker://')) {
    const image = text.slice('docker://'.length);
    const digestAt = image.indexOf('@sha256:');
    if (digestAt !== -1) return { raw, kind: 'docker', name: image.slice(0, digestAt), ref: image.slice(digestAt + 1), isPinned: true };
    const lastSlash = image.lastIndexOf('/');
    const colon = image.indexOf(':', lastSlash + 1);
    return {
      raw,
      kind: 'docker',
      name: colon === -1 ? image : image.slice(0, colon),
      ref: colon === -1 ? undefined : image.slice(colon + 1),
      isPinned: false,
    };
  }
  const at = text.lastIndexOf('@');
  const name = (at === -1 ? text : text.slice(0, at)).toLowerCase();
  const ref = at === -1 ? undefined : text.slice(at + 1);
  const versionComment = trailingComment ? VERSION_IN_COMMENT.exec(trailingComment)?.[1] : undefined;
  return { raw, kind: 'remote', name, ref, isPinned: ref !== undefined && FULL_SHA.test(ref), versionComment };
}

/** The comment that follows a node on its line, e.g. `v4.1.1` after `uses: x@sha # v4.1.1`. */
function trailingCommentAfter(doc: YamlDoc, node: Node): string | undefined {
  const end = node.range?.[1];
  if (end === undefined) return undefined;
  const lineEnd = doc.text.indexOf('\n', end);
  // Without the CR of a CRLF line break: `.` does not match it, so the comment would be lost.
  const rest = doc.text.slice(end, lineEnd === -1 ? doc.text.length : lineEnd).replace(/\r$/, '');
  const match = /^\s*#(.*)$/.exec(rest);
  return match ? match[1].trim() : undefined;
}

function usesOf(doc: YamlDoc, map: YAMLMap | undefined, at: UsesFact['at']): UsesFact | undefined {
  const node = getValue(map, 'uses');
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  return { node, action: parseActionRef(node.value, trailingCommentAfter(doc, node)), at };
}

function stepsOf(doc: YamlDoc, steps: unknown): StepFact[] {
  const facts: StepFact[] = [];
  itemsOf(steps).forEach((item, index) => {
    const map = asMap(item);
    if (map) facts.push({ map, index, uses: usesOf(doc, map, 'step') });
  });
  return facts;
}

function eventsOf(on: unknown): string[] {
  const text = scalarText(on);
  if (text !== undefined) return [text];
  const map = asMap(on);
  if (map) return pairsOf(map).map(keyText).filter((name): name is string => name !== undefined);
  return itemsOf(on).map(scalarText).filter((name): name is string => name !== undefined);
}

export function extractWorkflowFacts(doc: YamlDoc): WorkflowFacts {
  const root = doc.root;
  const on = getPair(root, 'on');
  const jobsPair = getPair(root, 'jobs');
  const jobs: JobFact[] = [];
  for (const pair of pairsOf(jobsPair?.value)) {
    const id = keyText(pair);
    if (id === undefined) continue;
    const map = asMap(pair.value);
    jobs.push({
      id,
      pair,
      map,
      uses: usesOf(doc, map, 'job'),
      permissions: getPair(map, 'permissions'),
      steps: stepsOf(doc, getValue(map, 'steps')),
    });
  }
  const uses: UsesFact[] = [];
  for (const job of jobs) {
    if (job.uses) uses.push(job.uses);
    for (const step of job.steps) if (step.uses) uses.push(step.uses);
  }
  return { root, on, events: eventsOf(on?.value), permissions: getPair(root, 'permissions'), jobsPair, jobs, uses };
}

export function extractActionFacts(doc: YamlDoc): ActionFacts {
  const root = doc.root;
  const steps = stepsOf(doc, getValue(getValue(root, 'runs'), 'steps'));
  return { root, steps, uses: steps.flatMap((step) => (step.uses ? [step.uses] : [])) };
}
