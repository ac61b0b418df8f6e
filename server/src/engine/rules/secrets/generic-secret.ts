import { defineTextRule } from '../define';
import { secretsOf } from '../../secrets/scan';
import { CI_KINDS, SECRET_SCAN_KINDS } from '../../secrets/kinds';

export default defineTextRule({
  id: 'secrets/generic-secret',
  title: 'Secret assigned as a literal',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: false,
  kinds: SECRET_SCAN_KINDS,
  description:
    'A key that names a secret (`password`, `api_key`, `client_secret`, `token`, …) is assigned a literal that looks like a real credential rather than a reference or a placeholder.',
  check({ file, report }) {
    for (const match of secretsOf(file)) {
      if (match.category !== 'generic-secret') continue;
      if (match.form === 'yaml-key' && CI_KINDS.has(file.kind)) continue;
      const what = match.label === 'secret' ? `\`${match.key}\` is set to a literal that looks like a real secret` : `The \`${match.key}\` header carries a literal ${match.label}`;
      report({
        range: file.lines.rangeAt(match.start, match.end),
        severity: match.severity,
        message: `${what} (${match.value.length} chars): read it at run time from a CI secret, an environment variable or a secret manager, and rotate it (it stays in the git history).`,
      });
    }
  },
});
