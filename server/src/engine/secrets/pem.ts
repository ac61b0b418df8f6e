import type { SecretMatch } from './match';
import { shannonEntropy } from './value';

// PEM and OpenSSH private keys: the whole `-----BEGIN … PRIVATE KEY-----` … `-----END …-----`
// block is the range, whether the key is written out on lines (a file, a YAML block scalar, a
// heredoc) or escaped into one string (`"-----BEGIN…\nMIIE…\n-----END…"` in JSON).

const HEADER = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/y;
const FOOTER = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/y;
/** How far the footer may be: a 16,384-bit RSA key is under 13 KB of PEM. */
const MAX_BLOCK = 32 * 1024;
const OPENSSH_UNENCRYPTED = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmU';

function keyLabel(type: string): string {
  switch (type.trim()) {
    case 'RSA':
      return 'RSA private key';
    case 'EC':
      return 'EC private key';
    case 'DSA':
      return 'DSA private key';
    case 'OPENSSH':
      return 'OpenSSH private key';
    case 'PGP':
      return 'PGP private key block';
    case 'ENCRYPTED':
      return 'encrypted private key';
    case '':
      return 'private key';
    default:
      return `${type.trim()} private key`;
  }
}

/** The base64 body between header and footer, without line breaks (real or escaped), quotes, indentation or armor headers. */
function bodyOf(between: string): string {
  let body = '';
  for (const segment of between.split(/(?:\\r)?\\n|\r?\n/)) {
    const part = segment.replace(/^[\s"'`+,|>-]+|[\s"'`+,|\\]+$/g, '');
    // Armor headers (`Proc-Type:`, `Version:`) and the PGP checksum line (`=abcd`).
    if (part.includes(':') || part.startsWith('=')) continue;
    body += part;
  }
  return body;
}

/** A private key block starting at `at` (where `-----BEGIN` is), if its body is a real key. */
export function matchPrivateKey(text: string, at: number, hasServiceAccount: () => boolean, nextFooter: (from: number) => number = (from) => text.indexOf('-----END ', from)): SecretMatch | undefined {
  HEADER.lastIndex = at;
  const header = HEADER.exec(text);
  if (!header) return undefined;
  const bodyStart = at + header[0].length;
  const footerAt = nextFooter(bodyStart);
  if (footerAt === -1 || footerAt - bodyStart > MAX_BLOCK) return undefined;
  FOOTER.lastIndex = footerAt;
  const footer = FOOTER.exec(text);
  if (!footer) return undefined;
  const between = text.slice(bodyStart, footerAt);
  const body = bodyOf(between);
  // Documentation writes `...` or `<your key>`; a real key is long, base64 and random.
  if (body.length < 64 || !/^[A-Za-z0-9+/=]+$/.test(body) || shannonEntropy(body.slice(0, 512)) < 4.5) return undefined;
  const end = footerAt + footer[0].length;
  const value = text.slice(at, end);
  const type = header[1];
  const encrypted = type.includes('ENCRYPTED') || between.includes('Proc-Type: 4,ENCRYPTED') || (type.trim() === 'OPENSSH' && !body.startsWith(OPENSSH_UNENCRYPTED));
  const note = encrypted ? { severity: 'warning' as const, note: 'it is passphrase-protected, but the passphrase is all that stands between it and anyone who clones the repository' } : {};
  // A Google Cloud service-account key file: `"private_key": "-----BEGIN PRIVATE KEY-----\n…"`.
  const lineStart = text.lastIndexOf('\n', at) + 1;
  if (/"private_key"\s*:\s*"$/.test(text.slice(Math.max(lineStart, at - 40), at)) && hasServiceAccount()) {
    return { category: 'known-credential', start: at, end, label: 'Google Cloud service-account private key', value, ...note };
  }
  return { category: 'private-key', start: at, end, label: keyLabel(type), value, ...note };
}
