import { defineTextRule } from '../define';
import { secretsOf } from '../../secrets/scan';
import { maskSecret } from '../../secrets/value';
import { SECRET_SCAN_KINDS } from '../../secrets/kinds';

export default defineTextRule({
  id: 'secrets/known-credential',
  title: 'Provider credential committed',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: false,
  kinds: SECRET_SCAN_KINDS,
  description:
    'A credential in a provider\'s own format (AWS, Google Cloud, Azure, GitHub, GitLab, Slack, Stripe, npm, PyPI, Docker Hub, OpenAI, Anthropic, SendGrid, Twilio, Vault, JWT) is committed in plain text.',
  check({ file, report }) {
    for (const match of secretsOf(file)) {
      if (match.category !== 'known-credential') continue;
      // Only a public format prefix (`ghp_`, `AKIA`) is ever shown; a bare key shows its length alone.
      const shown = match.prefixed ? maskSecret(match.value) : `(${match.value.length} chars)`;
      const advice = 'revoke it with the provider (it stays in the git history) and inject it at run time from a CI secret or a secret manager.';
      const message = match.note
        ? `${match.label} ${shown} in plain text (${match.note}, so it is reported as info). If it is real, ${advice}`
        : `${match.label} ${shown} committed in plain text: ${advice.charAt(0).toUpperCase()}${advice.slice(1)}`;
      report({
        range: file.lines.rangeAt(match.start, match.end),
        severity: match.severity,
        message,
      });
    }
  },
});
