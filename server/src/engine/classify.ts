import path from 'node:path';
import type { FileKind } from './model';
import { textKindOf } from './secrets/files';

/** What classification may ask of the file system (the CLI and the server answer from disk). */
export interface ClassifyProbe {
  exists(absolutePath: string): boolean;
}

export interface ClassifyContext {
  probe?: ClassifyProbe;
  /** Absolute paths that a `.gitlab-ci.yml` in the workspace includes locally. */
  gitlabIncludes?: ReadonlySet<string>;
}

const YAML_EXTENSION = /\.ya?ml$/i;
const TOP_LEVEL_API_VERSION = /^apiVersion[ \t]*:/m;
const TOP_LEVEL_KIND = /^kind[ \t]*:/m;
const HELM_ACTION = /\{\{-?\s*[.$a-zA-Z/(]/;

/** Normalised to forward slashes so the patterns below work on every platform. */
function slashes(filePath: string): string {
  return filePath.replace(/\\/g, '/');
}

/**
 * Is this a path Shipshape could care about, judged by name only (no content)? Every text file is
 * (the secret scan reads them all), except lockfiles and known binary or generated formats.
 */
export function isCandidatePath(filePath: string): boolean {
  return textKindOf(path.basename(filePath)) !== undefined;
}

/** The chart directory when `filePath` lies inside a Helm chart, found by its Chart.yaml. */
export function findChartRoot(filePath: string, probe: ClassifyProbe | undefined): string | undefined {
  if (!probe) return undefined;
  let dir = path.dirname(filePath);
  for (let depth = 0; depth < 6; depth++) {
    if (probe.exists(path.join(dir, 'Chart.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * Decides the kind of a file from its path and text. Unknown files return undefined and are left
 * alone: Shipshape never reports on files it does not understand.
 */
export function classify(filePath: string, text: string, context: ClassifyContext = {}): FileKind | undefined {
  const normal = slashes(filePath);
  const base = path.posix.basename(normal);
  const lowerBase = base.toLowerCase();

  if (lowerBase === '.shipshape.yaml' || lowerBase === '.shipshape.yml') return 'shipshape-config';
  if (/\.tf$/i.test(base)) return 'terraform';
  if (/\.tfvars$/i.test(base)) return 'tfvars';

  const inTemplates = /(^|\/)templates\//.test(normal);
  const chartRoot = findChartRoot(filePath, context.probe);
  if (chartRoot !== undefined) {
    const relative = slashes(path.relative(chartRoot, filePath));
    if (relative.startsWith('templates/')) return 'helm-template';
    if (/^values[^/]*\.ya?ml$/i.test(relative)) return 'helm-values';
  }
  if (base.endsWith('.tpl') && inTemplates) return 'helm-template';
  if (!YAML_EXTENSION.test(base)) return undefined;
  // A chart found without a probe (tests, untitled buffers): templates with actions are Helm.
  if (inTemplates && HELM_ACTION.test(text)) return 'helm-template';

  if (/(^|\/)\.github\/workflows\/[^/]+$/.test(normal)) return 'gha-workflow';
  if (lowerBase === 'action.yml' || lowerBase === 'action.yaml') return 'gha-action';
  if (lowerBase === '.gitlab-ci.yml' || lowerBase === '.gitlab-ci.yaml' || lowerBase.endsWith('.gitlab-ci.yml')) {
    return 'gitlab-ci';
  }
  if (context.gitlabIncludes?.has(path.resolve(filePath))) return 'gitlab-ci';
  if (lowerBase === 'kustomization.yaml' || lowerBase === 'kustomization.yml') return 'kustomization';
  if (TOP_LEVEL_API_VERSION.test(text) && TOP_LEVEL_KIND.test(text)) return 'k8s';
  return undefined;
}
