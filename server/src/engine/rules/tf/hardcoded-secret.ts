import path from 'node:path';
import type { HclBlock, HclExpr } from '../../hcl/ast';
import type { Position, Range } from '../../model';
import { terraformVariableName } from '../../secrets/value';
import { lineBreakOf } from '../../text';
import type { EditDraft, FixDraft } from '../define';
import { defineTerraformRule } from '../define';
import { masked } from '../hardcoded-secrets';
import { blockAddress, holdsSecureValue, literalSecret } from '../terraform-secrets';

interface Found {
  block: HclBlock;
  /** The argument (or object key) holding the literal. */
  name: string;
  value: HclExpr;
  secret: string;
}

/** Arguments and object entries of a block, nested blocks included (`os_profile { admin_password = … }`). */
function* literalSecrets(block: HclBlock, owner: HclBlock = block): Generator<Found> {
  const secure = block === owner && block.type === 'resource' && holdsSecureValue(block);
  for (const attribute of block.attributes) {
    const secret = literalSecret(attribute, secure);
    if (secret !== undefined) yield { block: owner, name: attribute.name, value: attribute.value, secret };
    yield* objectSecrets(attribute.value, owner);
  }
  for (const inner of block.blocks) yield* literalSecrets(inner, owner);
}

function* objectSecrets(expr: HclExpr, owner: HclBlock): Generator<Found> {
  for (const entry of expr.entries ?? []) {
    const secret = literalSecret({ name: entry.key, value: entry.value });
    if (secret !== undefined) yield { block: owner, name: entry.key, value: entry.value, secret };
    else yield* objectSecrets(entry.value, owner);
  }
}

/** Labels that say nothing about what a resource is (`this`, `main`): its type names it better. */
const GENERIC_LABELS = new Set(['this', 'main', 'default', 'primary', 'example', 'self', 'it', 'all', 'current', 'the', '_']);

/** `aws_db_instance.orders` + `password` → `orders_password`; `provider "aws"` + `secret_key` → `aws_secret_key`. */
function variableNameFor(found: Found): string {
  const block = found.block;
  let prefix: string;
  if (block.type === 'provider' || block.type === 'module') prefix = block.labels[0] ?? '';
  else {
    const label = block.labels[1] ?? '';
    prefix = label && !GENERIC_LABELS.has(label.toLowerCase()) ? label : (block.labels[0] ?? '').replace(/^[a-z0-9]+_/, '');
  }
  const name = terraformVariableName(found.name);
  const base = prefix && !name.startsWith(`${terraformVariableName(prefix)}_`) ? `${terraformVariableName(prefix)}_${name}` : name;
  return /^[a-z_]/.test(base) ? base : `v_${base}`;
}

function variableBlock(name: string, eol: string): string {
  return [`variable "${name}" {`, '  type      = string', '  sensitive = true', '}', ''].join(eol);
}

/** Appends a variable block at `end` of a file, a blank line after what is there. */
function appendEdit(file: string, end: Position, eol: string, name: string): EditDraft {
  const empty = end.line === 0 && end.character === 0;
  const separator = empty ? '' : end.character === 0 ? eol : eol + eol;
  const range: Range = { start: end, end };
  return { file, range, newText: separator + variableBlock(name, eol) };
}

function backendMessage(found: Found): string {
  return `\`${found.name}\` of the \`${blockAddress(found.block)}\` backend is a hardcoded secret (${masked(found.secret)}): it is in git history for good. Backends cannot read variables: remove it and supply it at init time (\`terraform init -backend-config=…\` from an uncommitted file, or the provider's environment variables), then rotate it.`;
}

export default defineTerraformRule({
  id: 'tf/hardcoded-secret',
  title: 'Hardcoded secret in Terraform',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: true,
  autoFix: false,
  description:
    'A literal password, secret, token or key assigned to an argument of a resource, data source, provider or module block (`aws_db_instance.password`, provider `secret_key`, …) instead of a sensitive variable.',
  usesWorkspace: true,
  check({ terraform, file, workspace, report }) {
    const dir = path.dirname(file.path);
    const declared = workspace.moduleVariables(dir);
    const variablesFile = path.basename(file.path) === 'variables.tf' ? undefined : workspace.variablesFile(dir);
    const ownEnd = file.lines.positionAt(file.text.length);
    const ownEol = lineBreakOf(file.text);
    /** Names this check already chose, with their literal: one secret, one variable. */
    const chosen = new Map<string, string>();

    const blocks = terraform.body.blocks.flatMap((block) =>
      block.type === 'terraform' ? block.blocks.filter((inner) => inner.type === 'backend') : ['resource', 'data', 'provider', 'module', 'ephemeral'].includes(block.type) ? [block] : [],
    );
    for (const block of blocks) {
      for (const found of literalSecrets(block)) {
        if (block.type === 'backend') {
          report({ range: found.value.range, message: backendMessage(found) });
          continue;
        }
        let name = variableNameFor(found);
        for (let suffix = 2; chosen.has(name) && chosen.get(name) !== found.secret; suffix++) name = `${variableNameFor(found)}_${suffix}`;
        chosen.set(name, found.secret);
        const edits: EditDraft[] = [{ range: found.value.range, newText: `var.${name}` }];
        let where = '';
        if (!declared.has(name)) {
          edits.push(variablesFile ? appendEdit(variablesFile.file, variablesFile.end, variablesFile.eol, name) : appendEdit(file.path, ownEnd, ownEol, name));
          where = variablesFile ? ' and declare it (sensitive, no default) in variables.tf' : ' and declare it (sensitive, no default) in this file';
        }
        const fix: FixDraft = { title: `Replace with \`var.${name}\`${where}`, edits };
        report({
          range: found.value.range,
          message: `\`${found.name}\` of \`${blockAddress(found.block)}\` is a hardcoded secret (${masked(found.secret)}): it is in git history and in every plan. Pass it in as a sensitive variable (\`var.${name}\`, set through \`TF_VAR_${name}\` or a secret manager) and rotate it.`,
          fixes: [fix],
        });
      }
    }
  },
});
