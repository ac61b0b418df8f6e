import { isScalar } from 'yaml';
import type { Node, Pair } from 'yaml';
import { isLongRunningWorkload } from '../../facts/k8s';
import type { ContainerFact } from '../../facts/k8s';
import type { YamlDoc } from '../../yaml/document';
import { appendToBlockMap, indentUnit } from '../../yaml/edits';
import type { FixDraft } from '../define';
import { defineK8sRule } from '../define';

/** `livenessProbe:` with nothing under it (its body commented out, say) sets no probe. */
function hasProbe(pair: Pair | undefined): boolean {
  if (!pair) return false;
  const value = pair.value;
  return !(value === null || value === undefined || (isScalar(value) && (value.value === null || value.value === '')));
}

function probeFix(doc: YamlDoc, container: ContainerFact, missing: string[]): FixDraft[] {
  // An empty `readinessProbe:` key is already there: a second one would be a duplicate key.
  if ((missing.includes('readiness') && container.readinessProbe) || (missing.includes('liveness') && container.livenessProbe)) return [];
  // A TCP probe against a UDP or SCTP port always fails, and a failing liveness probe restarts the
  // container forever: only a TCP port will do.
  const port = container.ports.find((candidate) => (candidate.protocol ?? 'TCP').toUpperCase() === 'TCP');
  if (!port) return [];
  const unit = indentUnit(doc);
  const target = port.name ?? String(port.port);
  const lines = missing.flatMap((probe) => [`${probe}Probe:`, `${unit}tcpSocket:`, `${unit}${unit}port: ${target}`]);
  const edit = appendToBlockMap(doc, container.map, lines);
  if (!edit) return [];
  return [{ title: `Add ${missing.map((probe) => `${probe}Probe`).join(' and ')} (TCP on port ${target})`, edits: [edit] }];
}

export default defineK8sRule({
  id: 'k8s/missing-probes',
  title: 'Workload container without probes',
  severity: 'warning',
  tags: ['health'],
  gate: 'health-checks',
  fixable: true,
  description:
    'A container of a Deployment, StatefulSet, DaemonSet or Argo Rollout without a liveness probe, or one that declares ports without a readiness probe.',
  usesWorkspace: true,
  check({ k8s, doc, file, workspace, report }) {
    // A kustomize patch states only what it changes; the probes live in the base it patches.
    if (workspace.isKustomizePatch(file.path)) return;
    for (const object of k8s.objects) {
      if (!isLongRunningWorkload(object)) continue;
      for (const container of object.containers) {
        if (container.role !== 'container') continue;
        const missing: string[] = [];
        // Readiness gates traffic; a container that declares no port receives none, so only
        // liveness (restart when hung) is asked of it.
        if (!hasProbe(container.readinessProbe) && container.ports.length > 0) missing.push('readiness');
        if (!hasProbe(container.livenessProbe)) missing.push('liveness');
        if (missing.length === 0) continue;
        const consequences = [
          ...(missing.includes('readiness') ? ['Kubernetes sends it traffic (and counts a rollout as progressing) before it is ready'] : []),
          ...(missing.includes('liveness') ? ['a hung process is never restarted'] : []),
        ];
        const anchor = (container.map.items[0]?.key ?? container.map) as Node;
        report({
          range: doc.rangeOf(anchor),
          message: `Container \`${container.name ?? '?'}\` of ${object.kind} \`${object.name ?? '?'}\` has no ${missing.join(' and no ')} probe: ${consequences.join(', and ')}. Add ${missing.map((probe) => `\`${probe}Probe\``).join(' and ')}.`,
          fixes: probeFix(doc, container, missing),
        });
      }
    }
  },
});
