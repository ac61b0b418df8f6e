import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { K8sObjectFact } from '../../facts/k8s';
import type { YamlDoc } from '../../yaml/document';
import { asMap, getPair, keyText, pairsOf } from '../../yaml/document';
import { deleteBlockPair } from '../../yaml/edits';
import type { DraftEdit } from '../../yaml/edits';
import { defineK8sRule } from '../define';

/** Metadata the API server writes; a manifest in git should never carry them. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink'];
const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

interface ServerField {
  label: string;
  pair: Pair;
}

/** `creationTimestamp: null` and `status: {}` come from `kubectl create --dry-run -o yaml`, not a live cluster. */
function isEmpty(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  if (isScalar(node)) return node.value === null || node.value === '';
  if (isMap(node) || isSeq(node)) return node.items.length === 0;
  return false;
}

function serverFields(object: K8sObjectFact): { fields: ServerField[]; annotations?: Pair } {
  const fields: ServerField[] = [];
  const status = getPair(object.map, 'status');
  for (const pair of pairsOf(object.metadata)) {
    const key = keyText(pair);
    if (key && SERVER_METADATA.includes(key) && !isEmpty(pair.value)) fields.push({ label: `metadata.${key}`, pair });
  }
  const annotations = getPair(object.metadata, 'annotations');
  for (const pair of pairsOf(annotations?.value)) {
    const key = keyText(pair);
    if (key && SERVER_ANNOTATIONS.includes(key)) fields.push({ label: `annotation ${key}`, pair });
  }
  if (status && !isEmpty(status.value)) fields.push({ label: 'status', pair: status });
  return { fields, annotations };
}

function removalEdits(doc: YamlDoc, fields: ServerField[], annotations: Pair | undefined): DraftEdit[] | undefined {
  const annotationMap = asMap(annotations?.value);
  const removedAnnotations = fields.filter((field) => annotationMap?.items.includes(field.pair));
  const targets = fields.filter((field) => !removedAnnotations.includes(field)).map((field) => field.pair);
  // When every annotation goes, the `annotations:` key goes with them.
  if (annotations && annotationMap && removedAnnotations.length === annotationMap.items.length) targets.push(annotations);
  else targets.push(...removedAnnotations.map((field) => field.pair));
  const edits: DraftEdit[] = [];
  for (const pair of targets) {
    const edit = deleteBlockPair(doc, pair);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

export default defineK8sRule({
  id: 'k8s/live-state-export',
  title: 'Manifest exported from a live cluster',
  severity: 'warning',
  tags: ['clickops'],
  gate: 'no-clickops',
  fixable: true,
  autoFix: true,
  description:
    'A manifest carrying fields only the API server writes (`status`, `metadata.uid`, `resourceVersion`, `managedFields`, …): it was exported from a cluster instead of written as code.',
  check({ k8s, doc, file, report }) {
    for (const object of k8s.objects) {
      const { fields, annotations } = serverFields(object);
      if (fields.length === 0) continue;
      const first = fields.reduce((a, b) => ((a.pair.key as Node).range![0] <= (b.pair.key as Node).range![0] ? a : b));
      const edits = removalEdits(doc, fields, annotations);
      report({
        range: doc.rangeOfKey(first.pair),
        message: `${object.kind ?? 'This object'} \`${object.name ?? '?'}\` was exported from a live cluster (ClickOps): it carries ${fields.map((field) => `\`${field.label}\``).join(', ')}, which only the API server writes. Remove them, and change the cluster through this file from now on.`,
        related: fields.map((field) => ({ file: file.path, range: doc.rangeOfKey(field.pair), message: `server-populated: ${field.label}` })),
        fixes: edits ? [{ title: 'Remove the server-populated fields', edits }] : [],
      });
    }
  },
});
