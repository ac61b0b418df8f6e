// Shared judgement of "is this literal a credential?", used by the secrets/* rules and by the
// context rules (k8s, tf, gha, gitlab) alike, so every rule agrees on what a placeholder is and
// how a secret is shown: never in full.

/** Key names that say their value is a credential (`password`, `api_key`, `client_secret`, …). */
const SECRET_KEY = /(^|[^a-z])(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|client[-_]?secret|auth[-_]?token|credentials?|signing[-_]?key|encryption[-_]?key|master[-_]?key|secret[-_]?key)([^a-z]|$)|(password|passwd|passphrase|secret|token|apikey|secretkey|privatekey|accesskey)$/i;

/**
 * Names that contain a secret word but point at a secret, or describe one, rather than hold one:
 * `secretName`, `token_url`, `password_file`, `password_min_length`, `key_id`.
 */
const SECRET_REFERENCE_KEY =
  /(secret|token|password|passwd|key|credentials?)[-_]?(names?|refs?|arns?|ids?|paths?|files?|env|vars?|length|min|max|minimum|maximum|type|url|uri|endpoint|expiry|expires|expiration|ttl|header|hash|hashed|digest|policy|regex|pattern|prompt|label|field|description|placeholder|mode|source|provider|rotation|enabled|required|reset|validation|count|format|location|dir|version|kind|selector|secret[-_]?name)$|^(secret|token)s?[-_]?(manager|store|provider)|(name|ref)$/i;
/** Switches about a secret (`use_token`, `requirePassword`, `is_secret`): booleans, not values. */
const SECRET_SWITCH_KEY = /^(use|require|allow|enable|disable|skip|no|is|has)([-_]|[A-Z])/;

/** Last words that make a secret-sounding key describe the secret: `password_rotation_schedule`, `token_expiration`. */
const DESCRIPTOR_WORDS = new Set(
  (
    'name names ref refs reference arn arns id ids path paths file files filename filepath env var vars length len min max minimum maximum ' +
    'type url uri urls endpoint expiry expires expiration ttl header hash hashed digest policy policies regex pattern prompt label field ' +
    'description desc placeholder mode source provider rotation enabled enable required reset validation count format location dir directory ' +
    'version kind selector encryption algorithm algo method scheme cipher strength complexity schedule expression interval days age period ' +
    'lifetime duration timeout template prefix suffix store manager backend engine mount role param parameter hint changed updated created at ' +
    'set usage scope scopes permissions audience issuer claim claims status state output outputs attribute class size bits charset ' +
    'secretname keyref secretref stdin stdout file'
  ).split(' '),
);

function lastWord(key: string): string {
  const parts = words(key);
  return parts[parts.length - 1] ?? '';
}

export function isSecretKey(key: string): boolean {
  if (!SECRET_KEY.test(key) || SECRET_SWITCH_KEY.test(key) || SECRET_REFERENCE_KEY.test(key)) return false;
  // A key of many words is a message id or a description (`The_parser_expected_a_token_here_1007`).
  return !DESCRIPTOR_WORDS.has(lastWord(key)) && words(key).length <= 6;
}

/** References, templates and documentation placeholders: the value is not the secret itself. */
const REFERENCE = /^\$\{\{[\s\S]*\}\}$|^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$|\$\{\{|\$\(|\{\{[\s\S]*\}\}|^(var|local|module|data)\.[\w.-]+$|^<[^<>]*>$|^%[\w.]+%$|^@[\w.]+@$|^\(\([\w.-]+\)\)$/;
/** Interpolation and secret-store references anywhere in the value (`${DB_PASS}`, `#{x}`, `<%= %>`, `$PASSWORD`). */
const EMBEDDED_REFERENCE = /\$\{|^\(|^\$[A-Za-z_(]|#\{[^}]*\}|<%=?|%\([\w.]+\)s|\$[A-Z_][A-Z0-9_]{2,}\b|\{\{|\}\}/;
/** Secret managers and encrypted values: `arn:aws:secretsmanager:…`, `vault:…`, SOPS `ENC[…]`, YAML tags such as `!Ref`. */
const SECRET_STORE = /^(arn:aws[\w-]*:|projects\/[^/\s]+\/secrets\/|vault:|sm:\/\/|op:\/\/|akv:|keyvault:|awssm:|ssm:|secretsmanager:|ref\+|@Microsoft\.KeyVault\(|ENC\[[A-Z0-9_]+(,|$)|!(Ref|Sub|GetAtt|ImportValue|FindInMap|Join|Select|If|Base64|Split|vault|secret|env|include|reference)\b)/i;
const PLACEHOLDER_WORDS = /^(change[-_]?me|changeit|replace[-_]?me|your[-_ ]?[\w-]*|example[\w-]*|dummy[\w-]*|fake[\w-]*|sample[\w-]*|placeholder|redacted|todo|tbd|null|none|nil|undefined|true|false|yes|no|on|off|password|passw0rd|secret|token|test|testing|default|admin|root|user|username|foo|bar|baz|foobar|hunter2|string|required|optional|\*+|x+|\.+|-+)$/i;
/** Words that mark a value as made up for documentation or tests (`test-password-1`, `myFakeToken`). */
const PLACEHOLDER_PARTS = new Set(['example', 'examples', 'placeholder', 'changeme', 'redacted', 'dummy', 'fake', 'mock', 'mocked', 'sample', 'test', 'tests', 'testing', 'your', 'insert', 'replace', 'todo', 'xxx', 'xxxx', 'notasecret', 'notreal', 'secretvalue', 'mysecret', 'mypassword', 'supersecret']);

function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

export function isPlaceholderValue(value: string): boolean {
  const text = value.trim().replace(/^["']|["']$/g, '');
  if (text.length === 0) return true;
  if (REFERENCE.test(text) || EMBEDDED_REFERENCE.test(text) || SECRET_STORE.test(text)) return true;
  if (PLACEHOLDER_WORDS.test(text)) return true;
  // One character repeated (`xxxxxxxx`, `********`, `00000000`).
  if (/^(.)\1*$/.test(text)) return true;
  // Documentation shapes: `my-secret-password`, `<your token here>`, `...`.
  if (/^(my|your|some|the|a)([-_ ][a-z]+)+$/i.test(text) || /^(my|your)[a-z]+$/.test(text)) return true;
  if (/(example|placeholder|changeme|redacted|dummy|xxxx|\*\*\*|\.\.\.)/i.test(text)) return true;
  // A one-case word and a short number: `key_1234`, `pass123`, `MYTOKEN1`.
  if (/^([a-z]+|[A-Z]+)[-_]?\d{1,4}$/.test(text)) return true;
  return words(text).some((word) => PLACEHOLDER_PARTS.has(word));
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * Made of words, like an identifier or a message key (`cacheManagerGetRefreshToken`,
 * `passwordIsInvalid`, `msal:acquireTokenSuccess`): no digits, and nearly every word long enough
 * and pronounceable. Random letters split into short consonant runs (`kXqvTzPm` → k, xqv, tz, pm).
 */
function isWordy(text: string): boolean {
  const core = text.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  const parts = core.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(/[_.:\- /]+/).join(' ').split(' ').filter(Boolean);
  // Letters only, but for a version (`ResultV2`): `MyDog2024` is a password, not a name.
  if (parts.length < 2 || !parts.every((part) => /^[A-Za-z]+$|^[vV]\d+$/.test(part))) return false;
  // Short parts (`is`, `id`, `V2`) and acronyms (`JSX`, `URL`) say nothing either way; the long ones must be pronounceable.
  const long = parts.filter((part) => part.length >= 3 && !/^[A-Z]{3,4}$/.test(part));
  return long.length >= 1 && long.filter((part) => /[aeiouy]/i.test(part)).length >= Math.ceil(long.length * 0.8) && long.length * 3 >= parts.length;
}

/** Values that name or locate something rather than being a credential. */
function looksLikeName(text: string): boolean {
  if (isWordy(text)) return true;
  // `DB_PASSWORD`, `GITHUB_TOKEN`: the name of a variable that holds the secret.
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(text) || /^[A-Z]+$/.test(text)) return true;
  // Lower-case words joined by separators: `db-admin-password`, `prod.db.internal`, `vault_token`.
  if (/^[a-z]+([-_.][a-z]+)*$/.test(text)) return true;
  // Paths, file names, URLs, e-mail addresses, versions, numbers.
  if (/^(\/|\.\.?\/|~\/|[A-Za-z]:\\)/.test(text) || /^[a-z0-9_.-]+(\/[a-z0-9_.-]+)+\/?$/.test(text)) return true;
  if (/^[\w.-]+\.(ya?ml|json|pem|key|crt|cer|p12|pfx|jks|txt|env|conf|cfg|ini|properties|gpg|asc|enc)$/i.test(text)) return true;
  if (/:\/\//.test(text) || /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/.test(text)) return true;
  // A call or an index: `f.encrypt(b`, `os.environ[`.
  if (/^[A-Za-z_$][\w.$]*[([]/.test(text)) return true;
  if (/^v?\d+(\.\d+)*([-+][\w.]+)?$/.test(text) || /^-?\d+(\.\d+)?$/.test(text)) return true;
  return false;
}

/**
 * Whether a literal assigned to a secret-named key is itself a secret: long enough, not a
 * placeholder or reference, not a name, path or version, and not plain prose. Passwords are often
 * low-entropy words, so the bar is length plus some mix of character classes rather than entropy alone.
 */
export function isLikelySecretLiteral(value: string): boolean {
  const text = value.trim();
  if (text.length < 8 || text.length > 4096) return false;
  if (isPlaceholderValue(text)) return false;
  if (/\s/.test(text) && text.split(/\s+/).length > 2) return false; // a sentence, not a secret
  if (looksLikeName(text)) return false;
  // Escape sequences (`\u001b[32m`, `\x1b`) are terminal colours and the like in code.
  if (/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|0?33|e\[)/.test(text)) return false;
  // Separators alone do not make a mix: `db-password-prod` is a name.
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9\-_.]/].filter((pattern) => pattern.test(text)).length;
  if (classes < 2) return false;
  return shannonEntropy(text) >= 2.8;
}

/**
 * How a secret is shown anywhere: the first characters (at most 4, never more than a quarter of it)
 * and its length. Enough to recognise which credential it is, never enough to use it.
 */
export function maskSecret(value: string): string {
  const visible = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, visible)}${'*'.repeat(3)} (${value.length} chars)`;
}

/**
 * A found secret where it stood in a line of text: its public format prefix when it has one
 * (`ghp_*** (40 chars)`), otherwise nothing of it but its length (`*** (20 chars)`).
 */
export function maskFound(match: { value: string; prefixed?: boolean }): string {
  return match.prefixed ? maskSecret(match.value) : `*** (${match.value.length} chars)`;
}

/** `db-password`, `dbPassword` → `DB_PASSWORD`: the name of the CI secret or variable a fix introduces. */
export function secretVariableName(key: string): string {
  const name = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(name) ? name || 'SECRET' : `SECRET_${name}`;
}

/** `DB_PASSWORD`, `db-password` → `db_password`: a Terraform variable name. */
export function terraformVariableName(key: string): string {
  return secretVariableName(key).toLowerCase();
}
