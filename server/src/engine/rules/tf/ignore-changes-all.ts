import type { HclBlock } from '../../hcl/ast';
import { attributeOf } from '../../hcl/ast';
import { defineTerraformRule } from '../define';

function* lifecycleBlocks(blocks: HclBlock[]): Generator<{ owner: HclBlock; lifecycle: HclBlock }> {
  for (const block of blocks) {
    for (const inner of block.blocks) if (inner.type === 'lifecycle') yield { owner: block, lifecycle: inner };
  }
}

/** How Terraform itself names a block in plans: `aws_instance.web`, `data.aws_ami.x`, `module.vpc`. */
function terraformAddress(block: HclBlock): string {
  if (block.type === 'resource') return block.labels.join('.');
  if (block.type === 'data' || block.type === 'module') return [block.type, ...block.labels].join('.');
  return [block.type, ...block.labels].join(' ');
}

export default defineTerraformRule({
  id: 'tf/ignore-changes-all',
  title: 'lifecycle ignore_changes = all',
  severity: 'warning',
  tags: ['clickops', 'drift'],
  gate: 'no-clickops',
  fixable: false,
  description:
    '`lifecycle { ignore_changes = all }` hides every change made outside Terraform (ClickOps drift) from plans, so the code no longer describes what runs.',
  check({ terraform, report }) {
    for (const { owner, lifecycle } of lifecycleBlocks(terraform.body.blocks)) {
      const ignore = attributeOf(lifecycle, 'ignore_changes');
      if (!ignore) continue;
      const value = ignore.value;
      // `all`, or the Terraform 0.11 spelling `["*"]`.
      const ignoresAll =
        (value.kind === 'reference' && value.text === 'all') ||
        (value.kind === 'tuple' && (value.items ?? []).some((item) => item.kind === 'string' && item.value === '*'));
      if (!ignoresAll) continue;
      const name = terraformAddress(owner);
      report({
        range: ignore.range,
        message: `\`ignore_changes = ${value.text}\` on \`${name}\` hides every out-of-band change (ClickOps drift) from plans: list only the attributes another system legitimately manages, e.g. \`ignore_changes = [tags["LastScanned"]]\`.`,
      });
    }
  },
});
