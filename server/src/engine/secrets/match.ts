import type { Severity } from '../model';

// What the secret scan finds. Offsets are UTF-16 code units into the file's text, so ranges are
// exact in LSP terms; `value` is the secret itself and only ever goes through maskSecret.

export type SecretCategory = 'known-credential' | 'private-key' | 'url-credentials' | 'generic-secret';

export interface SecretMatch {
  category: SecretCategory;
  start: number;
  end: number;
  /** What the secret is: "GitHub personal access token (classic)", "RSA private key", "password". */
  label: string;
  value: string;
  /** Set when the finding should be milder than the rule's default (documentation examples, expired tokens). */
  severity?: Severity;
  /** Why it is milder, or a detail worth saying ("passphrase-protected"). */
  note?: string;
  /** For assignments: the key the value is assigned to; for URLs: `scheme://user@host`. */
  key?: string;
  /** The value starts with a public format prefix (`ghp_`, `AKIA`), so its first characters may be shown. */
  prefixed?: boolean;
  /** For URLs: the host the credentials are for. */
  host?: string;
  /** For assignments: `yaml-key` when written as a YAML mapping entry (`  password: …`). */
  form?: 'yaml-key';
}

/** Lower wins when two matches overlap: a provider format says more than a generic assignment. */
export const CATEGORY_PRIORITY: Record<SecretCategory, number> = {
  'known-credential': 0,
  'private-key': 1,
  'url-credentials': 2,
  'generic-secret': 3,
};
