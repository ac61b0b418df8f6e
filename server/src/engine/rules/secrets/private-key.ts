import { defineTextRule } from '../define';
import { secretsOf } from '../../secrets/scan';
import { SECRET_SCAN_KINDS } from '../../secrets/kinds';

export default defineTextRule({
  id: 'secrets/private-key',
  title: 'Private key committed',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: false,
  kinds: SECRET_SCAN_KINDS,
  description: 'A PEM, OpenSSH or PGP private key block is committed: anyone who can read the repository can sign, decrypt or log in as its owner.',
  check({ file, report }) {
    for (const match of secretsOf(file)) {
      if (match.category !== 'private-key') continue;
      const lines = file.lines.positionAt(match.end).line - file.lines.positionAt(match.start).line + 1;
      const note = match.note ? ` (${match.note})` : '';
      report({
        range: file.lines.rangeAt(match.start, match.end),
        severity: match.severity,
        message: `${match.label.charAt(0).toUpperCase()}${match.label.slice(1)} committed (${lines === 1 ? 'one line' : `${lines} lines`})${note}: remove it, rotate the key pair (it stays in the git history), and mount the key at run time from a secret store.`,
      });
    }
  },
});
