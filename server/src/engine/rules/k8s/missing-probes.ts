import type { Node } from 'yaml';
import { LONG_RUNNING_KINDS } from '../../facts/k8s';
import type { ContainerFact } from '../../facts/k8s';
import type { YamlDoc } from '../../yaml/document';
import { appendToBlockMap, indentUnit } from '../../yaml/edits';
import type { FixDraft } from '../define';
import { defineK8sRule } from '../define';

function probeFix(doc: YamlDoc, container: ContainerFact, missing: string[]): FixDraft[] {
  const port = container.ports[0];
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
    'A container of a Deployment, StatefulSet or DaemonSet without a liveness probe, or one that declares ports without a readiness probe.',
  check({ k8s, doc, report }) {
    for (const object of k8s.objects) {
      if (!object.kind || !LONG_RUNNING_KINDS.has(object.kind)) continue;
      for (const container of object.containers) {
        if (container.role !== 'container') continue;
        const missing: string[] = [];
        // Readiness gates traffic; a container that declares no port receives none, so only
        // liveness (restart when hung) is asked of it.
        if (!container.readinessProbe && container.ports.length > 0) missing.push('readiness');
        if (!container.livenessProbe) missing.push('liveness');
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
