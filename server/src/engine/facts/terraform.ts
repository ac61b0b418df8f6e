import type { Range } from '../model';
import type { HclAttribute, HclBlock, HclBody } from '../hcl/ast';
import { attributeOf, entryOf } from '../hcl/ast';
import type { HclSyntaxError } from '../hcl/syntax';

export interface RequiredProvider {
  /** The local name (`aws`). */
  name: string;
  attribute: HclAttribute;
  source?: string;
  /** The version constraint, when one is given. */
  version?: string;
}

export interface ProviderUsage {
  /** The provider's local name (`aws` for `aws_instance`). */
  provider: string;
  range: Range;
  via: 'provider-block' | 'resource' | 'data' | 'ephemeral' | 'list' | 'action';
}

export interface TerraformFileFacts {
  body: HclBody;
  syntaxErrors: HclSyntaxError[];
  requiredProviders: RequiredProvider[];
  providerUsages: ProviderUsage[];
  /** `terraform { backend … }` or `cloud { … }` is configured in this file. */
  hasBackend: boolean;
}

// Block types whose first label is a resource type, prefixed by the provider's local name.
const RESOURCE_LIKE: Record<string, ProviderUsage['via']> = {
  resource: 'resource',
  data: 'data',
  ephemeral: 'ephemeral',
  list: 'list',
  action: 'action',
};

/** The built-in provider: it needs no `required_providers` entry. */
export const BUILTIN_PROVIDERS: ReadonlySet<string> = new Set(['terraform']);

export function extractRequiredProviders(body: HclBody): RequiredProvider[] {
  const providers: RequiredProvider[] = [];
  for (const terraform of body.blocks.filter((block) => block.type === 'terraform')) {
    for (const required of terraform.blocks.filter((block) => block.type === 'required_providers')) {
      for (const attribute of required.attributes) {
        const value = attribute.value;
        if (value.kind === 'string') {
          // Terraform 0.12 shorthand: `aws = "~> 5.0"` is a version constraint.
          providers.push({ name: attribute.name, attribute, version: value.value });
          continue;
        }
        const source = entryOf(value, 'source')?.value;
        const version = entryOf(value, 'version')?.value;
        providers.push({
          name: attribute.name,
          attribute,
          source: source?.kind === 'string' ? source.value : undefined,
          version: version ? (version.kind === 'string' ? version.value : version.text) : undefined,
        });
      }
    }
  }
  return providers;
}

function providerFromMetaArgument(block: HclBlock): string | undefined {
  const meta = attributeOf(block, 'provider');
  if (!meta || meta.value.kind !== 'reference') return undefined;
  return meta.value.text.split('.')[0];
}

export function extractProviderUsages(body: HclBody): ProviderUsage[] {
  const usages: ProviderUsage[] = [];
  const visit = (blocks: HclBlock[]) => {
    for (const block of blocks) {
      if (block.type === 'provider' && block.labels[0]) {
        usages.push({ provider: block.labels[0], range: block.typeRange, via: 'provider-block' });
        continue;
      }
      // `check` blocks may hold a scoped data source (Terraform 1.5+), which needs its provider too.
      if (block.type === 'check') {
        visit(block.blocks.filter((inner) => inner.type === 'data'));
        continue;
      }
      const via = RESOURCE_LIKE[block.type];
      const resourceType = block.labels[0];
      if (!via || !resourceType) continue;
      const provider = providerFromMetaArgument(block) ?? resourceType.split('_')[0];
      if (provider) usages.push({ provider, range: block.typeRange, via });
    }
  };
  visit(body.blocks);
  return usages;
}

export function extractTerraformFacts(body: HclBody, syntaxErrors: HclSyntaxError[]): TerraformFileFacts {
  const terraformBlocks = body.blocks.filter((block) => block.type === 'terraform');
  return {
    body,
    syntaxErrors,
    requiredProviders: extractRequiredProviders(body),
    providerUsages: extractProviderUsages(body),
    hasBackend: terraformBlocks.some((block) => block.blocks.some((inner) => inner.type === 'backend' || inner.type === 'cloud')),
  };
}
