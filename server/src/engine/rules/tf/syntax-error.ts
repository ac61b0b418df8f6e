import { defineTerraformRule } from '../define';

export default defineTerraformRule({
  id: 'tf/syntax-error',
  title: 'HCL syntax error',
  severity: 'error',
  tags: ['schema'],
  gate: 'valid-config',
  fixable: false,
  kinds: ['terraform', 'tfvars'],
  description: 'An HCL syntax error in a Terraform file; an unclosed block is reported at the `{` that was never closed.',
  check({ terraform, report }) {
    for (const error of terraform.syntaxErrors) report({ range: error.range, message: error.message });
  },
});
