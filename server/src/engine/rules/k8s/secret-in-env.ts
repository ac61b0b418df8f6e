import { isScalar, Scalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { K8sObjectFact } from '../../facts/k8s';
import { lineBreakOf } from '../../text';
import type { YamlDoc } from '../../yaml/document';
import { asMap, contentEnd, getPair, getValue, itemsOf, scalarText } from '../../yaml/document';
import { indentUnit } from '../../yaml/edits';
import type { DraftEdit } from '../../yaml/edits';
import type { FixDraft } from '../define';
import { defineK8sRule } from '../define';
import { isHardcodedSecret, masked } from '../hardcoded-secrets';

/** The Secret the workload already reads from, so a fix adds a key there rather than a new Secret. */
function existingSecretName(object: K8sObjectFact): string | undefined {
  for (const container of object.containers) {
    for (const item of itemsOf(getValue(container.map, 'env'))) {
      const name = scalarText(getValue(getValue(getValue(item, 'valueFrom'), 'secretKeyRef'), 'name'));
      if (name && !name.includes('$')) return name;
    }
    for (const item of itemsOf(getValue(container.map, 'envFrom'))) {
      const name = scalarText(getValue(getValue(item, 'secretRef'), 'name'));
      if (name && !name.includes('$')) return name;
    }
  }
  return undefined;
}

/** `DB_PASSWORD` → `db-password`: Secret keys are conventionally lower-case and dashed. */
function secretKeyFor(envName: string): string {
  const key = envName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return key || 'value';
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** `value: <literal>` → `valueFrom: secretKeyRef: {name, key}`, in the style (block or flow) of the entry. */
function valueFromEdits(doc: YamlDoc, entry: YAMLMap, valuePair: Pair, secretName: string, key: string): DraftEdit[] | undefined {
  const keyNode = valuePair.key as Node;
  const valueNode = valuePair.value as Scalar;
  const start = keyNode.range?.[0];
  const end = valueNode.range?.[1];
  if (start === undefined || end === undefined) return undefined;
  if (entry.flow) {
    return [{ range: doc.rangeAt(start, end), newText: `valueFrom: {secretKeyRef: {name: ${secretName}, key: ${key}}}` }];
  }
  const lineStart = doc.text.lastIndexOf('\n', start - 1) + 1;
  const indent = ' '.repeat(start - lineStart);
  const unit = indentUnit(doc);
  const eol = lineBreakOf(doc.text);
  const rest = [`${indent}${unit}secretKeyRef:`, `${indent}${unit}${unit}name: ${secretName}`, `${indent}${unit}${unit}key: ${key}`];
  if (valueNode.type === Scalar.BLOCK_LITERAL || valueNode.type === Scalar.BLOCK_FOLDED) {
    // A comment on the block header would be lost with it: leave such entries to a human.
    if (doc.text.slice(start, lineEnd(doc.text, start)).includes('#')) return undefined;
    let last = contentEnd(valueNode);
    while (last > start && /\s/.test(doc.text[last - 1])) last--;
    return [{ range: doc.rangeAt(start, last), newText: ['valueFrom:', ...rest].join(eol) }];
  }
  // The new lines go after the end of the line, so a trailing comment stays on `valueFrom:`.
  const after = lineEnd(doc.text, end);
  if (doc.text.slice(end, after).trim() !== '' && !doc.text.slice(end, after).trim().startsWith('#')) return undefined;
  return [
    { range: doc.rangeAt(start, end), newText: 'valueFrom:' },
    { range: doc.rangeAt(after, after), newText: rest.map((line) => eol + line).join('') },
  ];
}

export default defineK8sRule({
  id: 'k8s/secret-in-env',
  title: 'Hardcoded secret in a container env var',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: true,
  autoFix: false,
  description:
    'A container `env` entry whose `value` is a literal secret (a secret-named variable with a credential-like value, or a value of a known credential format) instead of a `secretKeyRef`.',
  check({ k8s, doc, report }) {
    for (const object of k8s.objects) {
      const workload = object.name ?? 'app';
      for (const container of object.containers) {
        for (const item of itemsOf(getValue(container.map, 'env'))) {
          const entry = asMap(item);
          const envName = scalarText(getValue(entry, 'name'));
          const valuePair = getPair(entry, 'value');
          const value = valuePair?.value;
          if (!entry || !envName || !valuePair || !isScalar(value) || typeof value.value !== 'string') continue;
          if (!isHardcodedSecret(envName, value.value)) continue;
          const secretName = existingSecretName(object) ?? `${workload}-secrets`;
          const key = secretKeyFor(envName);
          const edits = valueFromEdits(doc, entry, valuePair, secretName, key);
          const fixes: FixDraft[] = edits
            ? [{ title: `Read \`${envName}\` from Secret \`${secretName}\` (key \`${key}\`); create that Secret outside git`, edits }]
            : [];
          report({
            range: doc.rangeOf(value),
            message: `Env var \`${envName}\` of container \`${container.name ?? '?'}\` (${object.kind ?? 'object'} \`${object.name ?? '?'}\`) holds a hardcoded secret (${masked(value.value)}): anyone who can read the repository or the ${object.kind ?? 'object'} in the cluster has it. Store it in a Secret created outside git (External Secrets, Sealed Secrets, SOPS), reference it with \`valueFrom.secretKeyRef\`, and rotate it.`,
            fixes,
          });
        }
      }
    }
  },
});
