import { defineTextRule } from '../define';
import { secretsOf } from '../../secrets/scan';
import { CI_KINDS, SECRET_SCAN_KINDS, isComposeFile, isServiceContainerHost } from '../../secrets/kinds';

export default defineTextRule({
  id: 'secrets/url-credentials',
  title: 'Password in a URL',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: false,
  kinds: SECRET_SCAN_KINDS,
  description: 'A URL or connection string carries a literal password (`https://user:pass@host`, `postgres://app:pw@db/app`).',
  check({ file, report }) {
    // In a pipeline or a compose file, a database on the job's own network is a throw-away container.
    const local = CI_KINDS.has(file.kind) || isComposeFile(file.path);
    for (const match of secretsOf(file)) {
      if (match.category !== 'url-credentials') continue;
      if (local && match.host && isServiceContainerHost(match.host)) continue;
      const where = match.key ? ` \`${match.key.replace(/@/, ':***@')}\`` : '';
      const note = match.note ? ` (${match.note}, so it is reported as info)` : '';
      report({
        range: file.lines.rangeAt(match.start, match.end),
        severity: match.severity,
        message: `The URL${where} carries a literal password (${match.value.length} chars)${note}: take the password out of the URL (e.g. \`\${DB_PASSWORD}\` filled from a secret store at run time) and rotate it.`,
      });
    }
  },
});
