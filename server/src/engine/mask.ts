// Secrets are never printed in full: not in messages, logs, the panel, the CLI or SARIF. Messages
// that quote a value ask here first whether the value may be a credential.

/**
 * Key names whose values are credentials. Over-matching (`secretName`, a `key` that names a key)
 * only costs a less specific message, never a leak.
 */
const SECRET_NAME = /pass(word|wd|phrase)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential|auth|cert|(^|[-_.])key$|signature|salt|dsn|connection[-_]?string/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
