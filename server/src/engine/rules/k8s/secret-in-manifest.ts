import type { Node, Pair } from 'yaml';
import type { K8sObjectFact } from '../../facts/k8s';
import { getPair, keyText, pairsOf, scalarText } from '../../yaml/document';
import { defineK8sRule } from '../define';
import { isLikelySecretLiteral, isSecretKey } from '../../secrets/value';
import { hasCredentialShape, isPlaceholderLike, secretInStructuredText } from '../hardcoded-secrets';

interface LiteralEntry {
  field: 'data' | 'stringData';
  key: string;
  pair: Pair;
}

const BASE64 = /^[A-Za-z0-9+/=\s]*$/;
/** SOPS leaves its ciphertext in place of each value. */
const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,/;
/** Public keys are not secret, even inside a Secret. */
const PUBLIC_KEY = /^(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-\S+) [A-Za-z0-9+/=]+(?: \S*)?\s*$/;

/**
 * The text a value stands for. `data` values are base64; one that is not, or that decodes to
 * binary while its letters read as a placeholder (`changeme` in `data`), is taken as written.
 */
function plainText(field: LiteralEntry['field'], written: string): string {
  if (field === 'stringData' || !BASE64.test(written)) return written;
  const decoded = Buffer.from(written.replace(/\s+/g, ''), 'base64').toString('utf8');
  return /^[\x20-\x7e\t\r\n]*$/.test(decoded) || !isPlaceholderLike(written) ? decoded : written;
}

/**
 * A Secret also carries plain settings (`host`, `username`, `API_URL`); a value counts when its key
 * names a credential, or when the value is one by its shape or its randomness.
 */
function isCommittedSecret(field: LiteralEntry['field'], key: string, written: string): boolean {
  if (written.trim() === '' || SOPS_VALUE.test(written.trim())) return false;
  const plain = plainText(field, written).trim();
  // A whole file (a config, a Docker config, a certificate) counts when something in it is a secret:
  // a CA bundle does not, an `application.yaml` with a database password does.
  if (plain.includes('\n') || /^[{[]/.test(plain)) return secretInStructuredText(plain) !== undefined;
  if (plain === '' || isPlaceholderLike(plain) || PUBLIC_KEY.test(plain)) return false;
  return (isSecretKey(key) && plain.length >= 4) || hasCredentialShape(plain) || isLikelySecretLiteral(plain);
}

function literalEntries(object: K8sObjectFact): LiteralEntry[] {
  const entries: LiteralEntry[] = [];
  for (const field of ['stringData', 'data'] as const) {
    for (const pair of pairsOf(getPair(object.map, field)?.value)) {
      const key = keyText(pair);
      const written = scalarText(pair.value);
      if (key !== undefined && written !== undefined && isCommittedSecret(field, key, written)) entries.push({ field, key, pair });
    }
  }
  const offset = (entry: LiteralEntry) => (entry.pair.key as Node).range?.[0] ?? 0;
  return entries.sort((a, b) => offset(a) - offset(b));
}

function listKeys(entries: LiteralEntry[]): string {
  const names = entries.slice(0, 4).map((entry) => `\`${entry.key}\``);
  return entries.length > 4 ? `${names.join(', ')} and ${entries.length - 4} more` : names.join(', ');
}

export default defineK8sRule({
  id: 'k8s/secret-in-manifest',
  title: 'Secret with literal data committed',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: false,
  description:
    'A Kubernetes `Secret` whose `data` or `stringData` holds literal values: base64 is an encoding, not encryption, so the values are readable by anyone who can read the repository.',
  check({ k8s, doc, file, report }) {
    // A SOPS-encrypted manifest carries its metadata block at the top level.
    if (getPair(doc.root, 'sops')) return;
    for (const object of k8s.objects) {
      if (object.kind !== 'Secret' || (object.apiVersion !== undefined && object.apiVersion !== 'v1')) continue;
      const entries = literalEntries(object);
      if (entries.length === 0) continue;
      // One finding per Secret: the remedy (encrypt or externalise the object) is per object, and a
      // 20-key Secret should not paint 20 squiggles. Other keys are related locations.
      const fields = [...new Set(entries.map((entry) => `\`${entry.field}\``))].join(' and ');
      report({
        range: doc.rangeOfKey(entries[0].pair),
        message: `Secret \`${object.name ?? '?'}\` commits ${entries.length === 1 ? 'a literal secret' : `${entries.length} literal secrets`} in ${fields} (${listKeys(entries)}): ${fields.includes('`data`') ? 'base64 is an encoding, not encryption, so ' : ''}anyone who can read the repository can read ${entries.length === 1 ? 'it' : 'them'}. Commit it encrypted (Sealed Secrets, SOPS) or sync it from a secret manager (External Secrets), and rotate the committed values.`,
        related: entries.slice(1).map((entry) => ({ file: file.path, range: doc.rangeOfKey(entry.pair), message: `literal secret in ${entry.field}` })),
      });
    }
  },
});
