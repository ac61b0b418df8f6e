import { isScalar, Scalar } from 'yaml';
import { isLikelySecretLiteral, isPlaceholderValue, isSecretKey, maskSecret } from '../secrets/value';
import type { YamlDoc } from '../yaml/document';
import type { DraftEdit } from '../yaml/edits';
import { scanSecrets } from '../secrets/scan';

// What the context rules (k8s/secret-in-*, tf/hardcoded-secret, gha/ and gitlab/hardcoded-secret)
// share beyond secrets/value.ts: one verdict on "is this literal a committed secret", registry
// logins in scripts, and edits that swap a YAML scalar for a reference with the right quoting.

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?)$/i;

/** Placeholder spellings value.ts does not know (`CHANGE_ME_IN_PROD`, `replace-with-…`). */
const EXTRA_PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?(me|with|this)|to[-_ ]?be[-_ ]?(set|replaced|filled)|fill[-_ ]?(me|in)|set[-_ ]?me|insert[-_ ]|^your[-_ ]|^my[-_]?(secret|password|token)\b/i;

export function isPlaceholderLike(value: string): boolean {
  return isPlaceholderValue(value) || EXTRA_PLACEHOLDER.test(value.trim());
}

/**
 * A provider credential, private key or URL password in `text`, found by the same scanner as the
 * secrets/* rules, so every rule knows the same formats. Documentation examples, expired tokens and
 * passwords of a local database do not count.
 */
function credentialIn(text: string): string | undefined {
  for (const match of scanSecrets(text)) {
    if (match.category === 'generic-secret' || match.severity === 'info') continue;
    if (match.category === 'url-credentials' && match.host !== undefined && LOCAL_HOST.test(match.host)) continue;
    return match.value;
  }
  return undefined;
}

export function hasCredentialShape(value: string): boolean {
  return credentialIn(value) !== undefined;
}

/**
 * The verdict every context rule uses: a literal (not a reference, template or placeholder) that is
 * a credential by its shape, or by its key's name and its own look.
 */
export function isHardcodedSecret(key: string | undefined, value: string): boolean {
  const text = value.trim();
  if (text.length === 0 || isPlaceholderLike(text)) return false;
  if (hasCredentialShape(text)) return true;
  return key !== undefined && isSecretKey(key) && isLikelySecretLiteral(text);
}

/** `key: value`, `key = value`, `"key": "value"` pairs inside a config blob (JSON, YAML, INI, properties). */
const BLOB_PAIR = /(?:^|[\s{,;])["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s,"'}#;]+))/g;
/** Registry credentials in a Docker config (`{"auths": {"host": {"auth": "<base64 user:password>"}}}`). */
const REGISTRY_AUTH_KEYS = new Set(['auth', 'identitytoken', 'registrytoken']);

/**
 * The first secret inside a config blob (a JSON document, a properties file, a Docker config): a
 * value of a credential shape, or a secret-named key with a literal. A whole blob is never judged
 * as one value: a JSON object's braces would read as a template.
 */
export function secretInStructuredText(text: string): string | undefined {
  const credential = credentialIn(text);
  if (credential !== undefined) return credential;
  for (const match of text.matchAll(BLOB_PAIR)) {
    const key = match[1];
    const value = match[2] ?? match[3] ?? match[4] ?? '';
    if (REGISTRY_AUTH_KEYS.has(key.toLowerCase()) && value.length >= 8 && !isPlaceholderLike(value)) return value;
    if (isHardcodedSecret(key, value)) return value;
  }
  return undefined;
}

/** How a finding names a value: masked, never in full. */
export function masked(value: string): string {
  return `\`${maskSecret(value.trim())}\``;
}

// ---- registry logins in scripts ----

export interface ScriptSecret {
  /** The literal as the shell sees it (without its quotes). */
  value: string;
  /** Offsets of the literal in the script, quotes included. */
  start: number;
  end: number;
  quote: '' | '"' | "'";
}

const LOGIN = /\b(?:docker|podman|buildah|nerdctl|skopeo|oras|helm\s+registry|crane\s+auth)\s+login\b/g;

interface Word {
  text: string;
  start: number;
  end: number;
  quote: ScriptSecret['quote'];
}

/** The words of one shell command from `from`, until a line break, `;`, `&`, `|` or a comment. */
function commandWords(script: string, from: number): Word[] {
  const words: Word[] = [];
  let i = from;
  for (;;) {
    while (i < script.length && (script[i] === ' ' || script[i] === '\t' || (script[i] === '\\' && script[i + 1] === '\n'))) i += script[i] === '\\' ? 2 : 1;
    if (i >= script.length || /[\n;&|#]/.test(script[i])) return words;
    const start = i;
    const quote = script[i] === '"' || script[i] === "'" ? (script[i] as '"' | "'") : '';
    if (quote) {
      const close = script.indexOf(quote, i + 1);
      if (close === -1) return words;
      i = close + 1;
      words.push({ text: script.slice(start + 1, close), start, end: i, quote });
      continue;
    }
    while (i < script.length && !/[\s;&|]/.test(script[i])) i++;
    words.push({ text: script.slice(start, i), start, end: i, quote: '' });
  }
}

/** The literal of a word, or of its part from `start` (`--password=…`), when it is one. */
function literalPassword(word: Word | undefined, start = word?.start ?? 0): ScriptSecret | undefined {
  if (!word) return undefined;
  let value = start === word.start ? word.text : word.text.slice(start - word.start);
  let quote = start === word.start ? word.quote : '';
  if (!quote && value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
    quote = value[0] as '"' | "'";
    value = value.slice(1, -1);
  }
  // `$VAR`, `${VAR}`, `$(cat file)`, `${{ secrets.X }}`, backticks: the shell or the CI resolves them.
  if (value.length < 4 || /[$`]/.test(value) || isPlaceholderLike(value)) return undefined;
  return { value, start, end: word.end, quote };
}

/** Literal passwords given to a registry login (`docker login -p …`, `--password=…`, `echo … | docker login --password-stdin`). */
export function registryLoginPasswords(script: string): ScriptSecret[] {
  const found: ScriptSecret[] = [];
  for (const match of script.matchAll(LOGIN)) {
    const words = commandWords(script, match.index + match[0].length);
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      let secret: ScriptSecret | undefined;
      if (word.quote === '' && (word.text === '-p' || word.text === '--password')) secret = literalPassword(words[++i]);
      else if (word.quote === '' && word.text.startsWith('--password=')) secret = literalPassword(word, word.start + '--password='.length);
      else if (word.quote === '' && /^-p[^-]/.test(word.text)) secret = literalPassword(word, word.start + 2);
      else if (word.text === '--password-stdin') secret = pipedPassword(script, match.index);
      if (secret) found.push(secret);
    }
  }
  return found;
}

/** `echo "literal" | docker login --password-stdin`: the literal echoed into the pipe. */
function pipedPassword(script: string, loginAt: number): ScriptSecret | undefined {
  const lineStart = script.lastIndexOf('\n', loginAt - 1) + 1;
  const before = script.slice(lineStart, loginAt);
  const pipe = /(?:^|[;&]\s*|\s)(?:echo|printf)\s+(?:-n\s+)?(?:'%s'\s+|"%s"\s+)?("[^"\n]*"|'[^'\n]*'|[^\s|'"]+)\s*\|\s*$/.exec(before);
  if (!pipe) return undefined;
  const raw = pipe[1];
  const start = lineStart + pipe.index + pipe[0].lastIndexOf(raw);
  const quote = raw[0] === '"' || raw[0] === "'" ? (raw[0] as '"' | "'") : '';
  return literalPassword({ text: quote ? raw.slice(1, -1) : raw, start, end: start + raw.length, quote });
}

// ---- YAML edits ----

/** Where a scalar's written text starts and ends (its value, without comments). */
function writtenRange(node: Scalar): [number, number] | undefined {
  return node.range ? [node.range[0], node.range[1]] : undefined;
}

function quoteFor(value: string, style: 'single' | 'double'): string {
  return style === 'single' ? `'${value.replace(/'/g, "''")}'` : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Is `value` safe as a plain scalar here (no indicator at its start, no `: ` or ` #`, no flow characters in flow context)? */
function plainSafe(value: string, inFlow: boolean): boolean {
  if (!/^[A-Za-z0-9$_./]/.test(value) || /: |\s#|:$/.test(value)) return false;
  return !inFlow || !/[{}[\],]/.test(value);
}

/**
 * Replaces a whole scalar value by `newValue`, keeping its quoting style (plain stays plain when
 * that is valid, else it becomes single-quoted). Block scalars are left alone: undefined.
 */
export function replaceScalarValue(doc: YamlDoc, node: unknown, newValue: string, inFlow: boolean): DraftEdit | undefined {
  if (!isScalar(node)) return undefined;
  const range = writtenRange(node);
  if (!range) return undefined;
  const written = doc.text.slice(range[0], range[1]);
  let text: string;
  switch (node.type) {
    case Scalar.QUOTE_SINGLE:
      if (!written.startsWith("'")) return undefined;
      text = quoteFor(newValue, 'single');
      break;
    case Scalar.QUOTE_DOUBLE:
      if (!written.startsWith('"')) return undefined;
      text = quoteFor(newValue, 'double');
      break;
    case Scalar.PLAIN:
      // An anchor or tag before the value would be in the way; the value must be what is written.
      if (written !== String(node.source ?? node.value)) return undefined;
      text = plainSafe(newValue, inFlow) ? newValue : quoteFor(newValue, 'single');
      break;
    default:
      return undefined;
  }
  return { range: doc.rangeAt(range[0], range[1]), newText: text };
}

/**
 * Finds a literal of a script inside the scalar's source text and returns its offsets there: the
 * literal is verbatim in block scalars and in most quoted ones. Undefined when it is not (escapes).
 */
export function locateInScalar(doc: YamlDoc, node: Scalar, script: string, secret: ScriptSecret): [number, number] | undefined {
  const range = writtenRange(node);
  if (!range) return undefined;
  const source = doc.text.slice(range[0], range[1]);
  const written = script.slice(secret.start, secret.end);
  // The n-th occurrence in the script is the n-th in the source.
  let nth = 0;
  for (let at = script.indexOf(written); at !== -1 && at < secret.start; at = script.indexOf(written, at + 1)) nth++;
  let at = source.indexOf(written);
  for (let i = 0; i < nth && at !== -1; i++) at = source.indexOf(written, at + 1);
  if (at === -1) return undefined;
  return [range[0] + at, range[0] + at + written.length];
}
