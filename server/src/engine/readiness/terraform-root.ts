import type { Range } from '../model';
import type { HclBlock } from '../hcl/ast';
import { attributeOf } from '../hcl/ast';
import type { TerraformFileFacts } from '../facts/terraform';
import type { Located } from './pipeline';

// The readiness facts of one Terraform file: where its state lives and whether it is locked, and
// whether it configures providers (what makes a directory a root module rather than a library).

export interface BackendSignals extends Located {
  type: string;
  /** Whether concurrent applies are kept apart; undefined when the backend's locking is unknown. */
  locked: boolean | undefined;
  lockReason: string;
}

export interface TerraformSignals {
  backend?: BackendSignals;
  /** `provider "x" {}` blocks: a module that configures providers is meant to be applied itself. */
  providerBlocks: Located[];
  /** A `terraform { cloud {} }` block (HCP Terraform / Terraform Enterprise). */
  hasCloud: boolean;
  firstBlock?: Range;
}

/** Backends that lock state by themselves. */
const LOCKING_BACKENDS = new Set(['remote', 'gcs', 'azurerm', 'consul', 'kubernetes', 'pg', 'cos', 'oss', 'http']);

function backendSignals(block: HclBlock): BackendSignals {
  const type = block.labels[0] ?? 'unknown';
  const base = { type, range: block.typeRange, label: `backend "${type}"` };
  if (type === 'local') return { ...base, locked: false, lockReason: 'local state lives on one machine and is not shared or safely locked' };
  if (type === 's3') {
    const dynamo = attributeOf(block, 'dynamodb_table');
    const lockfile = attributeOf(block, 'use_lockfile');
    if (dynamo) return { ...base, locked: true, lockReason: 'S3 state locked with a DynamoDB table' };
    if (lockfile && lockfile.value.text.trim() === 'true') return { ...base, locked: true, lockReason: 'S3 state locked with S3 native locking (use_lockfile)' };
    return { ...base, locked: false, lockReason: 'S3 state without locking: set use_lockfile = true (Terraform 1.10+) or a dynamodb_table' };
  }
  if (type === 'http' && !attributeOf(block, 'lock_address')) return { ...base, locked: false, lockReason: 'http backend without lock_address: state is not locked' };
  if (LOCKING_BACKENDS.has(type)) return { ...base, locked: true, lockReason: `the ${type} backend locks state` };
  return { ...base, locked: undefined, lockReason: `the ${type} backend: locking not known to Shipshape` };
}

const signalCache = new WeakMap<TerraformFileFacts, TerraformSignals>();

export function terraformSignals(facts: TerraformFileFacts): TerraformSignals {
  const cached = signalCache.get(facts);
  if (cached) return cached;
  const signals: TerraformSignals = { providerBlocks: [], hasCloud: false, firstBlock: facts.body.blocks[0]?.typeRange };
  for (const block of facts.body.blocks) {
    if (block.type === 'terraform') {
      for (const inner of block.blocks) {
        if (inner.type === 'backend') signals.backend = backendSignals(inner);
        if (inner.type === 'cloud') {
          signals.hasCloud = true;
          signals.backend = { type: 'cloud', range: inner.typeRange, label: 'cloud (HCP Terraform)', locked: true, lockReason: 'HCP Terraform stores and locks state' };
        }
      }
    } else if (block.type === 'provider') {
      signals.providerBlocks.push({ range: block.typeRange, label: `provider "${block.labels[0] ?? ''}"` });
    }
  }
  signalCache.set(facts, signals);
  return signals;
}
