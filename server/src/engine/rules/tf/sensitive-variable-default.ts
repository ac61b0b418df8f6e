import type { HclAttribute, HclBlock } from '../../hcl/ast';
import { attributeOf } from '../../hcl/ast';
import type { Range } from '../../model';
import type { LineIndex } from '../../text';
import { lineBreakOf } from '../../text';
import type { EditDraft, FixDraft } from '../define';
import { defineTerraformRule } from '../define';
import { masked } from '../hardcoded-secrets';
import { isCredentialArgument, isSecretLiteral } from '../terraform-secrets';

/** A line holds nothing after `column` but blanks or a comment. */
function restIsBlank(lines: LineIndex, line: number, column: number): boolean {
  const rest = lines.lineText(line).slice(column).trim();
  return rest === '' || rest.startsWith('#') || rest.startsWith('//');
}

/** The whole lines of an attribute that has its lines to itself; undefined otherwise. */
function attributeLines(lines: LineIndex, attribute: HclAttribute): Range | undefined {
  const { start, end } = attribute.range;
  if (lines.lineText(start.line).slice(0, start.character).trim() !== '' || !restIsBlank(lines, end.line, end.character)) return undefined;
  const next = end.line + 1 < lines.lineCount ? { line: end.line + 1, character: 0 } : { line: end.line, character: lines.lineText(end.line).length };
  return { start: { line: start.line, character: 0 }, end: next };
}

/**
 * `sensitive = true` as a new line after the block's last argument, indented like the arguments and
 * aligned with the `=` of the group above it, as `terraform fmt` would.
 */
function addSensitive(lines: LineIndex, block: HclBlock, eol: string): EditDraft | undefined {
  const openLine = block.openBraceRange.start.line;
  if (block.range.end.line === openLine) {
    // `variable "x" {}`: open it up.
    if (block.attributes.length > 0 || block.blocks.length > 0) return undefined;
    const indent = lines.lineText(openLine).match(/^\s*/)![0];
    return { range: { start: block.openBraceRange.start, end: block.range.end }, newText: `{${eol}${indent}  sensitive = true${eol}${indent}}` };
  }
  const attributes = [...block.attributes].sort((a, b) => a.range.end.line - b.range.end.line);
  const last = attributes[attributes.length - 1];
  const indent = last ? ' '.repeat(last.nameRange.start.character) : `${lines.lineText(openLine).match(/^\s*/)![0]}  `;
  let after: number;
  if (last) {
    if (!restIsBlank(lines, last.range.end.line, last.range.end.character)) return undefined;
    after = last.range.end.line + 1;
  } else {
    if (!restIsBlank(lines, openLine, block.openBraceRange.end.character)) return undefined;
    after = openLine + 1;
  }
  let name = 'sensitive';
  if (last && last.range.start.line === last.range.end.line) {
    const text = lines.lineText(last.range.start.line);
    const width = text.indexOf('=', last.nameRange.end.character) - last.nameRange.start.character - 1;
    if (width > name.length) name = name.padEnd(width);
  }
  const at = { line: after, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}${name} = true${eol}` };
}

function labelRange(lines: LineIndex, block: HclBlock): Range {
  const line = block.typeRange.start.line;
  const at = lines.lineText(line).indexOf(`"${block.labels[0]}"`, block.typeRange.end.character);
  if (at === -1) return block.typeRange;
  return { start: { line, character: at }, end: { line, character: at + block.labels[0].length + 2 } };
}

/** A flag or a count (`create_random_password = true`, `password_length`), not a secret. */
function isNonSecretType(block: HclBlock): boolean {
  const type = attributeOf(block, 'type')?.value.text.replace(/\s/g, '');
  const defaultKind = attributeOf(block, 'default')?.value.kind;
  return type === 'bool' || type === 'number' || defaultKind === 'bool' || defaultKind === 'number';
}

export default defineTerraformRule({
  id: 'tf/sensitive-variable-default',
  title: 'Secret variable with a default or not sensitive',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: true,
  autoFix: false,
  description:
    'A `variable` whose name says it holds a secret (`db_password`, `api_token`) with a literal `default` (the secret is committed), or without `sensitive = true` (plans and logs print it).',
  check({ terraform, file, report }) {
    const eol = lineBreakOf(file.text);
    for (const block of terraform.body.blocks) {
      const name = block.labels[0];
      if (block.type !== 'variable' || !name || !isCredentialArgument(name) || isNonSecretType(block)) continue;
      const sensitive = attributeOf(block, 'sensitive');
      const missingSensitive = !sensitive;
      const defaultAttribute = attributeOf(block, 'default');
      const literal = defaultAttribute?.value.kind === 'string' && defaultAttribute.value.value !== undefined && isSecretLiteral(defaultAttribute.value.value)
        ? defaultAttribute.value.value
        : undefined;

      if (literal !== undefined && defaultAttribute) {
        const removal = attributeLines(file.lines, defaultAttribute);
        const addition = missingSensitive ? addSensitive(file.lines, block, eol) : undefined;
        const fixes: FixDraft[] = [];
        if (removal && (!missingSensitive || addition)) {
          fixes.push({
            title: missingSensitive ? 'Remove the default and add `sensitive = true`' : 'Remove the default',
            edits: [{ range: removal, newText: '' }, ...(addition ? [addition] : [])],
          });
        }
        report({
          range: defaultAttribute.value.range,
          message: `Variable \`${name}\` has a hardcoded default (${masked(literal)}): the secret is committed, and used whenever nobody sets the variable. Remove the default, supply it through \`TF_VAR_${name}\` or a secret manager${missingSensitive ? ', mark the variable `sensitive = true`' : ''}, and rotate it.`,
          fixes,
        });
        continue;
      }
      // `sensitive = false` written out is a decision (e.g. the value feeds for_each); respect it.
      if (!missingSensitive) continue;
      const addition = addSensitive(file.lines, block, eol);
      report({
        range: labelRange(file.lines, block),
        severity: 'warning',
        message: `Variable \`${name}\` holds a secret but is not marked \`sensitive = true\`: Terraform prints its value in plan and apply output, and so in CI logs. Add \`sensitive = true\`.`,
        fixes: addition ? [{ title: 'Add `sensitive = true`', edits: [addition] }] : [],
      });
    }
  },
});
