import type { HclAttribute, HclBlock, HclExpr } from '../hcl/ast';
import { isLikelySecretLiteral, isSecretKey } from '../secrets/value';
import { hasCredentialShape, isPlaceholderLike } from './hardcoded-secrets';

// What the two Terraform secret rules agree on: which argument names hold a credential, and when a
// string literal assigned to one is a committed secret.

/**
 * The argument's last word names a credential: `master_password`, `client_secret`, `access_key`,
 * `auth_token`. A secret word earlier in the name qualifies something else
 * (`token_endpoint_auth_method`, `password_reset_required`), except for these value-holding names.
 */
const CREDENTIAL_TAIL = /(?:^|_)(?:password|passwd|passphrase|pwd|secret|token|api_?key|apikey|access_?key|secret_?key|private_?key|client_?secret|credentials?|sas_?key|shared_?key|master_?key|account_?key|signing_?key|encryption_?key)(?:_wo)?$/i;
const CREDENTIAL_NAMES = new Set(['secret_string', 'secret_string_wo', 'secret_binary', 'secret_data', 'secret_data_wo']);

export function isCredentialArgument(name: string): boolean {
  return CREDENTIAL_NAMES.has(name) || (CREDENTIAL_TAIL.test(name) && isSecretKey(name.replace(/_wo$/, '')));
}

/** A path to a key file (`credentials = "account.json"`) names a secret; it is not one. */
const PATH_LIKE = /^(?:~|\.{1,2})?[\\/]|^[\w.~-]+(?:[\\/][\w.~-]+)*\.(?:json|pem|key|crt|cer|p12|pfx|jks|txt|ya?ml|enc|gpg|asc|age)$/i;

/**
 * A string literal that is a credential, given an argument whose name says so. Names and ids
 * (`secret = "orders-api-key"` is a Secret Manager id) and prose are not.
 */
export function isSecretLiteral(value: string): boolean {
  const text = value.trim();
  if (isPlaceholderLike(text) || PATH_LIKE.test(text)) return false;
  return isLikelySecretLiteral(text) || hasCredentialShape(text);
}

/** A literal string (no interpolation) assigned to a credential argument. `secure`: the block says its `value` is a secret. */
export function literalSecret(attribute: { name: string; value: HclExpr } | HclAttribute, secure = false): string | undefined {
  const value = attribute.value;
  if (value.kind !== 'string' || value.value === undefined) return undefined;
  const credential = isCredentialArgument(attribute.name) || (secure && attribute.name === 'value');
  return credential && isSecretLiteral(value.value) ? value.value : undefined;
}

/** `aws_ssm_parameter` with `type = "SecureString"`: its `value` is a secret whatever it is called. */
export function holdsSecureValue(block: HclBlock): boolean {
  const type = block.attributes.find((attribute) => attribute.name === 'type')?.value;
  return block.labels[0] === 'aws_ssm_parameter' && type?.kind === 'string' && type.value === 'SecureString';
}

/** How Terraform names a block in plans: `aws_db_instance.orders`, `data.x.y`, `provider "aws"`, `module.db`. */
export function blockAddress(block: HclBlock): string {
  if (block.type === 'resource') return block.labels.join('.');
  if (block.type === 'data' || block.type === 'module' || block.type === 'ephemeral') return [block.type, ...block.labels].join('.');
  if (block.type === 'provider') return `provider "${block.labels[0] ?? '?'}"`;
  return [block.type, ...block.labels.map((label) => `"${label}"`)].join(' ');
}
