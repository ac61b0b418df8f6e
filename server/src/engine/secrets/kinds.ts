import type { FileKind } from '../model';
import { ALL_FILE_KINDS } from '../model';

/**
 * The kinds the per-secret rules read: every kind except Terraform state, which is reported once
 * as a whole (secrets/committed-state) rather than once per attribute.
 */
export const SECRET_SCAN_KINDS: readonly FileKind[] = ALL_FILE_KINDS.filter((kind) => kind !== 'tfstate');

/**
 * Pipelines whose YAML keys (env, with, variables, services, credentials) belong to the context
 * rules gha/hardcoded-secret and gitlab/hardcoded-secret: they know which values are ephemeral CI
 * service passwords, so the generic scan reads only the shell in `run:`/`script:` there.
 */
export const CI_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['gha-workflow', 'gha-action', 'gitlab-ci']);

/** docker-compose files describe local or CI containers talking to each other. */
export function isComposeFile(filePath: string): boolean {
  return /(^|[\\/])(docker-)?compose(\.[\w-]+)*\.ya?ml$/i.test(filePath);
}

/** A container on the job's network (`postgres`, `redis`) or the machine itself: not a deployed service. */
export function isServiceContainerHost(host: string): boolean {
  return /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|[a-z0-9_-]+)$/i.test(host);
}
