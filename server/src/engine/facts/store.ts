import type { FileKind } from '../model';
import type { YamlDoc } from '../yaml/document';
import { extractActionFacts, extractWorkflowFacts } from './gha';
import type { ActionFacts, WorkflowFacts } from './gha';
import { extractK8sFacts } from './k8s';
import type { K8sDocFacts } from './k8s';
import { extractKustomizationFacts } from './kustomize';
import type { KustomizationFacts } from './kustomize';

// Facts are extracted once per parsed document and kept with it: a document whose text did not
// change keeps its YamlDoc (see parseYamlStream), and with it these facts.

function memo<T>(extract: (doc: YamlDoc) => T): (doc: YamlDoc) => T {
  const cache = new WeakMap<YamlDoc, T>();
  return (doc) => {
    let facts = cache.get(doc);
    if (facts === undefined) {
      facts = extract(doc);
      cache.set(doc, facts);
    }
    return facts;
  };
}

export const workflowFacts: (doc: YamlDoc) => WorkflowFacts = memo(extractWorkflowFacts);
export const actionFacts: (doc: YamlDoc) => ActionFacts = memo(extractActionFacts);
export const k8sFacts: (doc: YamlDoc) => K8sDocFacts = memo(extractK8sFacts);
export const kustomizationFacts: (doc: YamlDoc) => KustomizationFacts = memo(extractKustomizationFacts);

/** Extracts (and keeps) the facts a document of this kind will be asked for. */
export function warmFacts(kind: FileKind, doc: YamlDoc): void {
  if (doc.hasExcessiveAliases) return;
  if (kind === 'k8s') k8sFacts(doc);
  else if (kind === 'gha-workflow' && doc.index === 0) workflowFacts(doc);
  else if (kind === 'gha-action' && doc.index === 0) actionFacts(doc);
  else if (kind === 'kustomization' && doc.index === 0) kustomizationFacts(doc);
}
