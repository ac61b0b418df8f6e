import { createHmac } from 'node:crypto';
import type { SecretMatch } from './match';

// Provider credential formats, one row each. Every format starts with a fixed prefix (`anchor`):
// the scan finds all anchors in one pass and only then runs a format's pattern at that position,
// so a megabyte without credentials costs one regular-expression sweep.

export interface TokenFormat {
  id: string;
  /** Named in the message: "GitHub personal access token (classic)". */
  label: string;
  /** The literal every token of this format starts with. */
  anchor: string;
  /** Matched at the anchor's position (sticky); group 1, when present, is the secret part. */
  pattern: RegExp;
  /** Regular-expression source used in the combined anchor sweep, when the bare anchor is too common. */
  anchorSource?: string;
  /** The anchor may follow a letter or digit (`…AccountKey=`, `…SharedAccessKey=`). */
  inWord?: boolean;
}

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  { id: 'aws-access-key-id', label: 'AWS access key ID', anchor: 'AKIA', pattern: /AKIA[A-Z2-7]{16}/y },
  { id: 'aws-temporary-access-key-id', label: 'AWS temporary access key ID', anchor: 'ASIA', pattern: /ASIA[A-Z2-7]{16}/y },
  { id: 'gcp-api-key', label: 'Google Cloud API key', anchor: 'AIza', pattern: /AIza[0-9A-Za-z_-]{35}/y },
  { id: 'gcp-oauth-client-secret', label: 'Google OAuth client secret', anchor: 'GOCSPX-', pattern: /GOCSPX-[0-9A-Za-z_-]{28}/y },
  { id: 'github-pat', label: 'GitHub personal access token (classic)', anchor: 'ghp_', pattern: /ghp_[A-Za-z0-9]{36,251}/y },
  { id: 'github-oauth', label: 'GitHub OAuth access token', anchor: 'gho_', pattern: /gho_[A-Za-z0-9]{36,251}/y },
  { id: 'github-user-to-server', label: 'GitHub App user access token', anchor: 'ghu_', pattern: /ghu_[A-Za-z0-9]{36,251}/y },
  { id: 'github-app-installation', label: 'GitHub App installation token', anchor: 'ghs_', pattern: /ghs_[A-Za-z0-9]{36,251}/y },
  { id: 'github-refresh', label: 'GitHub App refresh token', anchor: 'ghr_', pattern: /ghr_[A-Za-z0-9]{36,251}/y },
  { id: 'github-fine-grained-pat', label: 'GitHub fine-grained personal access token', anchor: 'github_pat_', pattern: /github_pat_[A-Za-z0-9]{20,40}_[A-Za-z0-9]{50,90}/y },
  { id: 'gitlab-pat', label: 'GitLab personal access token', anchor: 'glpat-', pattern: /glpat-[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]+)*/y },
  { id: 'gitlab-deploy-token', label: 'GitLab deploy token', anchor: 'gldt-', pattern: /gldt-[A-Za-z0-9_-]{20,}/y },
  { id: 'gitlab-runner-token', label: 'GitLab runner authentication token', anchor: 'glrt-', pattern: /glrt-[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]+)*/y },
  { id: 'gitlab-runner-registration', label: 'GitLab runner registration token', anchor: 'GR1348941', pattern: /GR1348941[A-Za-z0-9_-]{20,}/y },
  { id: 'gitlab-trigger-token', label: 'GitLab pipeline trigger token', anchor: 'glptt-', pattern: /glptt-[0-9a-f]{40}/y },
  { id: 'gitlab-oauth-secret', label: 'GitLab OAuth application secret', anchor: 'gloas-', pattern: /gloas-[A-Za-z0-9_-]{64}/y },
  { id: 'gitlab-agent-token', label: 'GitLab agent token', anchor: 'glagent-', pattern: /glagent-[A-Za-z0-9_-]{50,}/y },
  { id: 'gitlab-feed-token', label: 'GitLab feed token', anchor: 'glft-', pattern: /glft-[A-Za-z0-9_-]{20,}/y },
  { id: 'gitlab-scim-token', label: 'GitLab SCIM token', anchor: 'glsoat-', pattern: /glsoat-[A-Za-z0-9_-]{20,}/y },
  { id: 'gitlab-ci-job-token', label: 'GitLab CI job token', anchor: 'glcbt-', pattern: /glcbt-[A-Za-z0-9_-]{20,}/y },
  { id: 'slack-token', label: 'Slack token', anchor: 'xox', pattern: /xox(?:e\.xox)?[abeoprs]-[0-9]+-[A-Za-z0-9-]{8,250}/y },
  { id: 'slack-app-token', label: 'Slack app-level token', anchor: 'xapp-', pattern: /xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]{32,}/y },
  {
    id: 'slack-webhook',
    label: 'Slack incoming webhook URL',
    anchor: 'hooks.slack.com/',
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]{16,}/y,
    inWord: true,
  },
  { id: 'stripe-secret-key', label: 'Stripe live secret key', anchor: 'sk_live_', pattern: /sk_live_[A-Za-z0-9]{20,247}/y },
  { id: 'stripe-restricted-key', label: 'Stripe live restricted key', anchor: 'rk_live_', pattern: /rk_live_[A-Za-z0-9]{20,247}/y },
  { id: 'npm-token', label: 'npm access token', anchor: 'npm_', pattern: /npm_[A-Za-z0-9]{36}/y },
  { id: 'pypi-token', label: 'PyPI API token', anchor: 'pypi-AgE', pattern: /pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}/y },
  { id: 'docker-hub-pat', label: 'Docker Hub personal access token', anchor: 'dckr_pat_', pattern: /dckr_pat_[A-Za-z0-9_-]{20,64}/y },
  { id: 'docker-hub-oat', label: 'Docker Hub organization access token', anchor: 'dckr_oat_', pattern: /dckr_oat_[A-Za-z0-9_-]{20,64}/y },
  { id: 'anthropic-api-key', label: 'Anthropic API key', anchor: 'sk-ant-', pattern: /sk-ant-[a-z]+[0-9]*-[A-Za-z0-9_-]{40,200}/y },
  { id: 'openai-project-key', label: 'OpenAI API key', anchor: 'sk-', pattern: /sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}/y },
  { id: 'openai-legacy-key', label: 'OpenAI API key', anchor: 'sk-', pattern: /sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{48}/y },
  { id: 'sendgrid-api-key', label: 'SendGrid API key', anchor: 'SG.', pattern: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/y },
  { id: 'twilio-api-key', label: 'Twilio API key SID', anchor: 'SK', anchorSource: 'SK[0-9a-fA-F]{32}', pattern: /SK[0-9a-fA-F]{32}/y },
  { id: 'azure-storage-key', label: 'Azure storage account key', anchor: 'AccountKey=', pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/y, inWord: true },
  { id: 'azure-shared-access-key', label: 'Azure shared access key', anchor: 'SharedAccessKey=', pattern: /SharedAccessKey=([A-Za-z0-9+/]{42,44}=?)/y, inWord: true },
  { id: 'vault-token', label: 'HashiCorp Vault token', anchor: 'hvs.', pattern: /hvs\.[A-Za-z0-9_-]{24,}/y },
  { id: 'vault-batch-token', label: 'HashiCorp Vault batch token', anchor: 'hvb.', pattern: /hvb\.[A-Za-z0-9_-]{24,}/y },
  { id: 'huggingface-token', label: 'Hugging Face access token', anchor: 'hf_', pattern: /hf_[A-Za-z]{34}/y },
  { id: 'digitalocean-token', label: 'DigitalOcean token', anchor: 'do', anchorSource: 'do[opr]_v1_', pattern: /do[opr]_v1_[a-f0-9]{64}/y },
  { id: 'shopify-token', label: 'Shopify access token', anchor: 'shp', anchorSource: 'shp(?:at|ss|ca|pa)_', pattern: /shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}/y },
];

/** Documentation examples published by the providers themselves: reported at info severity at most. */
// Split so that this file is not itself reported.
const DOCUMENTATION_EXAMPLES = new Set([
  'AKIAIOSFODNN7' + 'EXAMPLE',
  'AKIAI44QH8DHB' + 'EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvb' + 'EXAMPLEKEY',
  // RFC 6749 (OAuth 2.0) and RFC 5849 (OAuth 1.0) examples, quoted by every OAuth library's docs.
  '2YotnFZFEjr1zCsicMWpAA',
  'tGzv3JOkF0XG5Qx2TlKWIA',
  'SplxlOBeZQQYbYS6WxSbIA',
  'ad180jjd733klru7',
  'hh5s93j4hdidpola',
  'hdk48Djdsa',
  'xyz4992k83j47x0b',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
]);

const WORD_CHAR = /[A-Za-z0-9]/;

/** A value filled with a pattern rather than randomness: `ghp_xxxxxxxx…`, `sk_live_000000…`, `<token>`. */
export function isPlaceholderToken(token: string): boolean {
  return /(.)\1{5,}|x{4}|X{4}|\*{3}|\.\.\.|[<>]|your|YOUR/.test(token);
}

/** Published examples and obviously made-up sequences: worth an info note, not an alarm. */
/** The body GitHub's documentation uses for its example tokens (`ghp_…`, `ghs_…`, `gho_…`). */
const GITHUB_EXAMPLE_BODY = '16C7e42F292c6912E7710c8383' + '47Ae178B4a';

export function isDocumentationExample(token: string): boolean {
  return DOCUMENTATION_EXAMPLES.has(token) || token.slice(4) === GITHUB_EXAMPLE_BODY || /example/i.test(token) || /0123456789|123456789|abcdefghij|ABCDEFGHIJ/.test(token);
}

export function documentationSeverity(token: string): Pick<SecretMatch, 'severity' | 'note'> {
  return isDocumentationExample(token) ? { severity: 'info', note: 'it looks like a documentation example' } : {};
}

/** Tries a format at `at` (where its anchor starts); the match covers the secret only. */
export function matchTokenFormat(format: TokenFormat, text: string, at: number): SecretMatch | undefined {
  if (!format.inWord && at > 0 && WORD_CHAR.test(text[at - 1])) return undefined;
  format.pattern.lastIndex = at;
  const match = format.pattern.exec(text);
  if (!match) return undefined;
  const end = at + match[0].length;
  if (end < text.length && WORD_CHAR.test(text[end])) return undefined;
  const secret = match[1] ?? match[0];
  const start = end - secret.length;
  if (isPlaceholderToken(secret)) return undefined;
  let value = secret;
  let from = start;
  if (format.id === 'slack-webhook') {
    // The whole URL is the credential; take its scheme along when it is there.
    if (text.startsWith('https://', at - 8)) from = at - 8;
    value = text.slice(from, end);
  }
  return { category: 'known-credential', start: from, end, label: format.label, value, prefixed: match[1] === undefined, ...documentationSeverity(value) };
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const json = Buffer.from(part, 'base64url').toString('utf8');
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Keys that tutorials sign their example tokens with (jwt.io, PyJWT, jsonwebtoken READMEs). */
const EXAMPLE_SIGNING_KEYS = ['secret', 'your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret', 'secretkey', 'secret-key', 'mysecret', 'shhhhh', 'key'];

/** The example key an HMAC-signed token verifies with, if any: such a token is a sample, not a credential. */
function signedWithExampleKey(token: string, alg: string): string | undefined {
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  if (!hash) return undefined;
  const dot = token.lastIndexOf('.');
  const signature = token.slice(dot + 1);
  return EXAMPLE_SIGNING_KEYS.find((key) => createHmac(hash, key).update(token.slice(0, dot)).digest('base64url') === signature);
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/y;

/** A JSON Web Token: three base64url parts whose header is JSON naming a signing algorithm. */
export function matchJwt(text: string, at: number, now: number): SecretMatch | undefined {
  if (at > 0 && /[A-Za-z0-9_.-]/.test(text[at - 1])) return undefined;
  JWT.lastIndex = at;
  const match = JWT.exec(text);
  if (!match) return undefined;
  const end = at + match[0].length;
  if (end < text.length && /[A-Za-z0-9_.=-]/.test(text[end])) return undefined;
  const [headerPart, payloadPart] = match[0].split('.');
  const header = decodeJsonPart(headerPart);
  if (!header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return undefined;
  const payload = decodeJsonPart(payloadPart);
  if (!payload) return undefined;
  const value = match[0];
  const base = { category: 'known-credential' as const, start: at, end, label: 'JSON Web Token', value, prefixed: true };
  if (DOCUMENTATION_EXAMPLES.has(value) || (payload.sub === '1234567890' && payload.name === 'John Doe')) {
    return { ...base, severity: 'info', note: 'it is the jwt.io example token' };
  }
  const exampleKey = signedWithExampleKey(match[0], header.alg);
  if (exampleKey !== undefined) return { ...base, severity: 'info', note: `it is signed with the documentation key \`${exampleKey}\`` };
  if (typeof payload.exp === 'number' && payload.exp * 1000 < now) {
    return { ...base, severity: 'info', note: `it expired on ${new Date(payload.exp * 1000).toISOString().slice(0, 10)}` };
  }
  return base;
}
