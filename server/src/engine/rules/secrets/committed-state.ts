import path from 'node:path';
import { defineTextRule } from '../define';
import { secretsOf } from '../../secrets/scan';
import { isEnvTemplate } from '../../secrets/files';

export default defineTextRule({
  id: 'secrets/committed-state',
  title: 'Terraform state or .env file committed',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: false,
  kinds: ['tfstate', 'dotenv'],
  description:
    'A Terraform state file (it holds every secret Terraform manages, in plain text) or a `.env` file with secrets in it is committed to the repository.',
  check({ file, report }) {
    const name = path.basename(file.path);
    // The file as a whole, at its very start: not the range of any one secret in it.
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (file.kind === 'tfstate') {
      // An empty or foreign file named *.tfstate is not worth an alarm.
      if (!/"(lineage|terraform_version|serial)"\s*:/.test(file.text.slice(0, 4096))) return;
      report({
        range,
        message: `Terraform state \`${name}\` is committed: it holds every value Terraform manages in plain text, passwords, keys and tokens included. Delete it from the repository and its history, ignore \`*.tfstate*\` in .gitignore, rotate the secrets it held, and keep state in a remote backend with encryption and locking.`,
      });
      return;
    }
    if (isEnvTemplate(file.path)) return;
    const secrets = secretsOf(file).filter((match) => match.severity !== 'info');
    if (secrets.length === 0) return;
    report({
      range,
      message: `\`${name}\` is committed with ${secrets.length === 1 ? 'a secret' : `${secrets.length} secrets`} in it: remove it from the repository and its history, ignore it in .gitignore, commit a \`${name}.example\` with placeholders instead, and rotate the secrets.`,
    });
  },
});
