import type { SecretMatch } from './match';
import type { ValueStyle } from './files';
import { documentationSeverity } from './detectors';
import { isLikelySecretLiteral, isPlaceholderValue, isSecretKey } from './value';

// Generic secrets: a key that says "secret" assigned a literal that looks like one, in any syntax a
// repository holds: YAML `password: …`, HCL `password = "…"`, `.env` and shell `API_TOKEN=…`,
// `export TOKEN=…`, JSON `"apiKey": "…"`, properties `db.password=…`, XML `<password>…</password>`,
// CLI flags `--password …`, `Authorization: Bearer …` headers, and `name: DB_PASSWORD` followed by
// `value: …`. Only lines holding a secret word are parsed, found by one sweep over the file.

/** Words a secret-holding key contains; a line without one is never parsed. */
export const SECRET_WORD = /pass|pwd|secret|token|api.?key|access.?key|private.?key|signing.?key|encryption.?key|master.?key|account.?key|storage.?key|credential|authoriz|bearer|login|mysql/gi;

/** `key` + separator. The key may be quoted, a CLI flag, a PowerShell `$env:` variable, or dotted. */
const PAIR = /(?<![\w.$@-])(["']?)((?:\$env:)?(?:--?)?[A-Za-z_$@][\w.$@-]*)\1[ \t]*(=>|:=|=(?!=)|:(?![:/=])|>|[ \t](?=[^\s=:]))/g;
/** `docker login -p VALUE`, `mysql -pVALUE`: short password flags. */
const SHORT_PASSWORD_FLAG = /\b(?:login\b[^\n]*?\s-p[ \t]+|mysql(?:dump|admin)?\b[^\n]*?\s-p)(?=[^\s-])/g;

/** Keys that name a secret by their value (`name: DB_PASSWORD`), and the keys that then hold it. */
const NAME_KEY = /^(name|key|Name|Key|ParameterKey|ParameterName|variable|env_var)$/;
const VALUE_KEY = /^(value|Value|ParameterValue|default|secret_value)$/;
const HEADER_KEY = /^(authorization|proxy-authorization)$/i;
const API_HEADER_KEY = /^(x-api-key|x-auth-token|private-token|api-key|x-access-token)$/i;

interface Literal {
  value: string;
  start: number;
  end: number;
}

/** Key-context formats: a provider secret recognised by its key and shape together. */
const CONTEXT_FORMATS: { label: string; key: RegExp; value: RegExp; needs?: RegExp }[] = [
  { label: 'AWS secret access key', key: /aws.?secret|secret.?access.?key/i, value: /^[A-Za-z0-9/+]{40}$/ },
  { label: 'Twilio auth token', key: /auth.?token/i, value: /^[0-9a-f]{32}$/, needs: /twilio|\bAC[0-9a-f]{32}\b/i },
  { label: 'Azure storage account key', key: /storage|account.?key/i, value: /^[A-Za-z0-9+/]{86}==$/ },
];

export interface AssignmentScan {
  text: string;
  style: ValueStyle;
  /** `text` mentions something a context format needs (computed lazily, once). */
  mentions: (pattern: RegExp) => boolean;
  out: SecretMatch[];
}

/** Reads the literal after a separator at `from` on the line ending at `lineEnd`. */
function readLiteral(text: string, from: number, lineEnd: number, style: ValueStyle, xml: string | undefined): Literal | undefined {
  let at = from;
  while (at < lineEnd && (text[at] === ' ' || text[at] === '\t')) at++;
  if (at >= lineEnd) return undefined;
  if (xml) {
    const end = text.indexOf('<', at);
    // An element: the value runs to its own closing tag (`<password>…</password>`), nothing else.
    if (end === -1 || end > lineEnd || !text.startsWith(`</${xml}>`, end)) return undefined;
    return { value: text.slice(at, end).trim(), start: at, end: at + text.slice(at, end).trimEnd().length };
  }
  const quote = text[at];
  if (quote === '"' || quote === "'" || quote === '`') {
    let end = at + 1;
    while (end < lineEnd && text[end] !== quote) end += text[end] === '\\' && quote !== "'" ? 2 : 1;
    if (end >= lineEnd) return undefined;
    return { value: text.slice(at + 1, end), start: at + 1, end };
  }
  if (style === 'quoted') return undefined;
  let end = at;
  while (end < lineEnd && !/[\s,;}\])"'`<]/.test(text[end])) end++;
  // A YAML or shell comment is not part of the value.
  if (end === at || text[at] === '#') return undefined;
  return { value: text.slice(at, end), start: at, end };
}

function lastSegment(key: string): string {
  const bare = key.replace(/^\$env:/i, '').replace(/^[-$@]+/, '');
  const dot = bare.lastIndexOf('.');
  return dot === -1 ? bare : bare.slice(dot + 1);
}

function judge(scan: AssignmentScan, key: string, literal: Literal, form?: 'yaml-key'): void {
  const { value } = literal;
  // Sealed Secrets ciphertext: encrypted for the cluster, safe to commit.
  if (/^Ag[A-Za-z0-9+/=]{40,}$/.test(value) && scan.mentions(/kind:\s*SealedSecret/)) return;
  for (const format of CONTEXT_FORMATS) {
    if (format.key.test(key) && format.value.test(value) && (!format.needs || scan.mentions(format.needs))) {
      scan.out.push({ category: 'known-credential', start: literal.start, end: literal.end, label: format.label, value, key, ...documentationSeverity(value) });
      return;
    }
  }
  if (!isLikelySecretLiteral(value) || namesItself(key, value)) return;
  scan.out.push({ category: 'generic-secret', start: literal.start, end: literal.end, label: 'secret', value, key, ...(form ? { form } : {}), ...documentationSeverity(value) });
}

const SECRET_WORDS = /^(password|passwd|passphrase|pwd|secret|token|key|apikey|credential|credentials|auth)$/;

/**
 * A value that contains its key's secret word as a word is a label, a selector or a message id
 * (`PASSWORD_IS_INVALID: "passwordIsInvalid"`, `password: "[type=password]"`), not the secret.
 */
function namesItself(key: string, value: string): boolean {
  const split = (text: string) => text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).filter(Boolean);
  const keyWords = new Set(split(key).filter((word) => SECRET_WORDS.test(word)));
  return split(value).some((word) => keyWords.has(word));
}

/** `Authorization: Bearer <token>`: the credential is the word after the scheme. */
function judgeHeader(scan: AssignmentScan, literal: Literal, lineEnd: number): void {
  const { text } = scan;
  const scheme = /^(Bearer|Basic|Token|Digest)\b/i.exec(literal.value);
  if (!scheme) return;
  let start = literal.start + scheme[0].length;
  while (start < lineEnd && (text[start] === ' ' || text[start] === '\t')) start++;
  let end = start;
  while (end < lineEnd && !/[\s"'`,;]/.test(text[end])) end++;
  const credential = text.slice(start, end);
  if (credential.length < 12 || isPlaceholderValue(credential)) return;
  if (!isLikelySecretLiteral(credential)) return;
  scan.out.push({ category: 'generic-secret', start, end, label: `${scheme[1]} credential`, value: credential, key: 'Authorization' });
}

/** Keys of provider formats that do not say "secret" (`AZURE_STORAGE_KEY`). */
const CONTEXT_KEY = /storage.?(account.?)?key|account.?key/i;

/** A key inside a string (`"Server=db;Password=…"`): its value is unquoted whatever the file's style. */
function isInsideString(line: string, keyAt: number): boolean {
  let at = keyAt - 1;
  while (at >= 0 && line[at] === ' ') at--;
  return at >= 0 && (line[at] === ';' || ((line[at] === '"' || line[at] === "'") && at === keyAt - 1));
}

/** Parses one line (`start`..`end`) for secret assignments. */
export function scanLine(scan: AssignmentScan, start: number, end: number): void {
  const { text } = scan;
  const line = text.slice(start, end);
  PAIR.lastIndex = 0;
  let pendingName: string | undefined;
  for (let pair = PAIR.exec(line); pair; pair = PAIR.exec(line)) {
    const rawKey = pair[2];
    const separator = pair[3];
    const keyAt = pair.index + pair[1].length;
    const xml = separator === '>';
    if (xml && line[keyAt - 1] !== '<') continue;
    const flag = rawKey.startsWith('-');
    // A bare space separates only a CLI flag from its value (`--password hunter`).
    if (/^[ \t]$/.test(separator) && !flag) continue;
    const key = lastSegment(rawKey);
    const header = HEADER_KEY.test(key);
    const secretKey = isSecretKey(key) || API_HEADER_KEY.test(key) || CONTEXT_KEY.test(key);
    const named = !secretKey && NAME_KEY.test(key);
    const valued = !secretKey && pendingName !== undefined && VALUE_KEY.test(key);
    if (!header && !secretKey && !named && !valued) continue;
    const unquoted = flag || xml || (pair[1] === '' && isInsideString(line, keyAt));
    const literal = readLiteral(text, start + pair.index + pair[0].length, end, unquoted ? 'any' : scan.style, xml ? rawKey : undefined);
    if (!literal) continue;
    if (header) judgeHeader(scan, literal, end);
    else if (secretKey) judge(scan, key, literal, separator === ':' && /^\s*(-\s+)?["']?$/.test(line.slice(0, keyAt)) ? 'yaml-key' : undefined);
    else if (named) {
      if (isSecretKey(literal.value)) pendingName = literal.value;
    } else if (valued) {
      judge(scan, pendingName!, literal, separator === ':' ? 'yaml-key' : undefined);
      pendingName = undefined;
    }
    if (!header) PAIR.lastIndex = Math.max(PAIR.lastIndex, literal.end - start);
  }
  // Its lazy scan is quadratic in pathological lines; command lines are short.
  if (line.length <= 4096) {
    SHORT_PASSWORD_FLAG.lastIndex = 0;
    for (let flag = SHORT_PASSWORD_FLAG.exec(line); flag; flag = SHORT_PASSWORD_FLAG.exec(line)) {
      const literal = readLiteral(text, start + flag.index + flag[0].length, end, 'any', undefined);
      if (literal) judge(scan, 'password', literal);
    }
  }
  if (pendingName) scanValueLine(scan, pendingName, end);
}

/** `- name: DB_PASSWORD` then `value: …` on the next line. */
function scanValueLine(scan: AssignmentScan, name: string, previousEnd: number): void {
  const { text } = scan;
  if (previousEnd >= text.length) return;
  const start = previousEnd + 1;
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  const line = text.slice(start, end);
  const match = /^[\s-]*(["']?)(value|Value|ParameterValue)\1[ \t]*(:|=)/.exec(line);
  if (!match) return;
  const literal = readLiteral(text, start + match[0].length, end, scan.style, undefined);
  if (literal) judge(scan, name, literal, match[3] === ':' ? 'yaml-key' : undefined);
}
