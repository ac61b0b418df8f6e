import type { SecretMatch } from './match';
import { isLikelySecretLiteral, isPlaceholderValue, maskSecret } from './value';

// Credentials in URLs: `https://user:pass@host`, `postgres://app:pw@db/app`, `mongodb+srv://…`,
// `amqp://…`, `redis://:pw@…`. The range is the password alone. References and placeholders
// (`${DB_PASSWORD}`, `$PASS`, `<password>`, `***`, `{password}`, `%s`) are not secrets, and neither
// are the well-known defaults of local services (`guest:guest`, `postgres:postgres`).

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const AUTHORITY_END = /[/?#\s"'`<>\\,;)\]}|]/;
/** Characters that only appear in a templated or referenced password. */
const TEMPLATE = /[${}<>%*[\]]|^:|^\s/;
const DOCUMENTATION_HOST = /(^|\.)(example\.(com|org|net)|example|test|invalid|domain\.com|host\.com|hostname|yourdomain\.com|mydomain\.com)$/i;

export function matchUrlCredentials(text: string, at: number): SecretMatch | undefined {
  // `at` is where `://` starts.
  let schemeStart = at;
  while (schemeStart > 0 && at - schemeStart < 32 && SCHEME_CHAR.test(text[schemeStart - 1])) schemeStart--;
  const scheme = text.slice(schemeStart, at);
  if (scheme.length < 2 || !/^[A-Za-z]/.test(scheme)) return undefined;
  const authorityStart = at + 3;
  let authorityEnd = authorityStart;
  const limit = Math.min(text.length, authorityStart + 512);
  while (authorityEnd < limit && !AUTHORITY_END.test(text[authorityEnd])) authorityEnd++;
  const authority = text.slice(authorityStart, authorityEnd);
  const atSign = authority.lastIndexOf('@');
  if (atSign <= 0) return undefined;
  const userinfo = authority.slice(0, atSign);
  const colon = userinfo.indexOf(':');
  if (colon === -1) return undefined;
  const user = userinfo.slice(0, colon);
  const password = userinfo.slice(colon + 1);
  const host = authority.slice(atSign + 1).replace(/:\d*$/, '');
  if (!password || !/[A-Za-z0-9]/.test(host)) return undefined;
  if (!isSecretPassword(user, password)) return undefined;
  const start = authorityStart + colon + 1;
  // A user name can be a token itself (`https://<token>:x@host`): show it masked then.
  const shownUser = user.length > 24 || isLikelySecretLiteral(user) ? maskSecret(user) : user;
  const key = `${scheme}://${shownUser}@${host}`;
  const base: SecretMatch = { category: 'url-credentials', start, end: start + password.length, label: `password in a ${scheme}:// URL`, value: password, key, host };
  return DOCUMENTATION_HOST.test(host) ? { ...base, severity: 'info', note: 'the host is a documentation example' } : base;
}

function isSecretPassword(user: string, password: string): boolean {
  // An unencoded `:` in a password is another syntax (`cvs://:pserver:anoncvs@host`).
  if (password.length < 4 || TEMPLATE.test(password) || password.includes(':') || /^\$|\$\(/.test(user)) return false;
  if (isPlaceholderValue(password) || password === user) return false;
  // `x-oauth-basic` and friends: the token is the user name, and other detectors look at it.
  if (/^x-oauth-basic$|^oauth2?$/i.test(password)) return false;
  // Lower-case words (`postgres`, `rootpass`, `guest`) are local defaults, not leaked credentials.
  if (/^[a-z]+$/.test(password) && password.length < 12) return false;
  return true;
}
