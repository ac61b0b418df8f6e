import path from 'node:path';
import { BUILTIN_PROVIDERS } from '../../facts/terraform';
import { defineTerraformRule } from '../define';

export default defineTerraformRule({
  id: 'tf/unpinned-provider',
  title: 'Provider without a version constraint',
  severity: 'warning',
  tags: ['pinning'],
  gate: 'pinned-inputs',
  fixable: false,
  usesWorkspace: true,
  description:
    'A provider in `required_providers` without a `version` constraint, or a provider that is used with no `required_providers` entry at all: `terraform init` then takes the newest release.',
  check({ terraform, workspace, file, report }) {
    for (const provider of terraform.requiredProviders) {
      if (provider.version?.trim()) continue;
      report({
        range: provider.attribute.nameRange,
        message: `Provider \`${provider.name}\`${provider.source ? ` (${provider.source})` : ''} has no version constraint, so every \`terraform init -upgrade\` may bring a new major version: add \`version = "~> X.Y"\`.`,
      });
    }
    const declared = new Set([
      ...terraform.requiredProviders.map((provider) => provider.name),
      ...workspace.moduleRequiredProviders(path.dirname(file.path)).map((provider) => provider.name),
    ]);
    const reported = new Set<string>();
    for (const usage of terraform.providerUsages) {
      if (declared.has(usage.provider) || BUILTIN_PROVIDERS.has(usage.provider) || reported.has(usage.provider)) continue;
      reported.add(usage.provider);
      report({
        range: usage.range,
        message: `Provider \`${usage.provider}\` is used but this module has no \`required_providers\` entry for it, so its source and version are whatever \`terraform init\` finds: declare it in \`terraform { required_providers { ${usage.provider} = { source = "…", version = "~> X.Y" } } }\`.`,
      });
    }
  },
});
