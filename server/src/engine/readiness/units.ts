import path from 'node:path';
import type { FileKind, Range } from '../model';
import type { ParsedYaml } from '../yaml/document';
import type { TerraformFileFacts } from '../facts/terraform';
import { kustomizationFacts } from '../facts/store';
import type { PipelineSignals } from './pipeline';
import { githubPipelineSignals, withScripts } from './pipeline';
import { gitlabPipelineSignals } from './pipeline-gitlab';
import type { K8sObjectSignals } from './k8s-app';
import { k8sObjectSignals } from './k8s-app';
import type { HelmImage } from './helm-chart';
import { helmValuesImages } from './helm-chart';
import type { TerraformSignals } from './terraform-root';
import { terraformSignals } from './terraform-root';
import type { UnitKind } from './types';

// Finding the deployable units of a repository (DESIGN §5): pipelines that deploy or publish, the
// manifests of one app (a kustomization, a directory split by app label, or a Helm chart), and
// Terraform root modules (a directory with a backend or provider configuration).

export interface FileSnapshot {
  /** Absolute path. */
  path: string;
  /** Relative to the report root, forward slashes. */
  relative: string;
  kind: FileKind;
  yaml?: ParsedYaml;
  terraform?: TerraformFileFacts;
  /** Kept for shell scripts, which pipeline steps may run. */
  text?: string;
}

export interface DiscoveredUnit {
  id: string;
  kind: UnitKind;
  name: string;
  /** Relative path of the defining file or directory. */
  path: string;
  /** Absolute paths of the unit's files. */
  files: string[];
  anchor: { file: string; range: Range };
  pipeline?: PipelineSignals;
  k8s?: { file: string; signals: K8sObjectSignals }[];
  terraform?: { directory: string; files: { file: string; signals: TerraformSignals }[] };
  helm?: { images: { file: string; image: HelmImage }[] };
}

export interface RepositoryFacts {
  pipelines: { file: string; relative: string; signals: PipelineSignals }[];
  /** Every Kubernetes object, with its file. */
  k8sObjects: { file: string; relative: string; signals: K8sObjectSignals }[];
  /** Argo CD Applications and Flux Kustomizations: the paths they deploy. */
  gitopsObjects: { file: string; relative: string; signals: K8sObjectSignals }[];
  terraformRoots: string[];
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function firstDoc(file: FileSnapshot) {
  const doc = file.yaml?.docs[0];
  return doc && !doc.hasStructuralErrors && !doc.hasExcessiveAliases ? doc : undefined;
}

function pipelineSignalsOf(file: FileSnapshot): PipelineSignals | undefined {
  const doc = firstDoc(file);
  if (!doc) return undefined;
  const name = path.posix.basename(file.relative);
  if (file.kind === 'gha-workflow') return githubPipelineSignals(doc, name);
  if (file.kind === 'gitlab-ci') return gitlabPipelineSignals(doc, name);
  return undefined;
}

function dirOf(relative: string): string {
  const dir = path.posix.dirname(relative);
  return dir === '' ? '.' : dir;
}

/** Resolves a kustomization's `resources:` to the Kubernetes files and nested kustomizations it builds. */
function kustomizationClosure(start: FileSnapshot, byPath: Map<string, FileSnapshot>, kustomizationByDir: Map<string, FileSnapshot>): { files: Set<string>; nested: Set<string> } {
  const files = new Set<string>();
  const nested = new Set<string>();
  const visit = (kustomization: FileSnapshot, depth: number) => {
    const doc = firstDoc(kustomization);
    if (!doc || depth > 8) return;
    const dir = path.dirname(kustomization.path);
    for (const entry of kustomizationFacts(doc).resources) {
      if (/^[a-z]+:\/\//i.test(entry) || entry.includes('?ref=')) continue;
      const target = path.resolve(dir, entry);
      const file = byPath.get(target);
      if (file?.kind === 'k8s') files.add(target);
      const inner = kustomizationByDir.get(target);
      if (inner && !nested.has(inner.path)) {
        nested.add(inner.path);
        visit(inner, depth + 1);
      }
    }
  };
  visit(start, 0);
  return { files, nested };
}

export function collectRepositoryFacts(files: readonly FileSnapshot[]): RepositoryFacts {
  const facts: RepositoryFacts = { pipelines: [], k8sObjects: [], gitopsObjects: [], terraformRoots: [] };
  const scripts = new Map(files.filter((file) => file.text !== undefined).map((file) => [file.relative, file.text!]));
  for (const file of files) {
    const signals = pipelineSignalsOf(file);
    if (signals) facts.pipelines.push({ file: file.path, relative: file.relative, signals: withScripts(signals, (relative) => scripts.get(relative)) });
    if (file.kind === 'k8s') {
      for (const doc of file.yaml?.docs ?? []) {
        if (doc.hasStructuralErrors || doc.hasExcessiveAliases) continue;
        for (const object of k8sObjectSignals(doc)) {
          const entry = { file: file.path, relative: file.relative, signals: object };
          facts.k8sObjects.push(entry);
          if (object.gitopsPath) facts.gitopsObjects.push(entry);
        }
      }
    }
  }
  return facts;
}

export function discoverUnits(files: readonly FileSnapshot[], repo: RepositoryFacts, isPatch: (file: string) => boolean): DiscoveredUnit[] {
  const units: DiscoveredUnit[] = [];

  for (const pipeline of repo.pipelines) {
    const { signals } = pipeline;
    if (signals.deploys.length === 0 && signals.environments.length === 0) continue;
    units.push({
      id: `pipeline:${pipeline.relative}`,
      kind: 'pipeline',
      name: signals.name,
      path: pipeline.relative,
      files: [pipeline.file],
      anchor: { file: pipeline.file, range: signals.nameRange },
      pipeline: signals,
    });
  }

  // Kubernetes: kustomizations first (the ones no other kustomization builds), then directories.
  const byPath = new Map(files.map((file) => [file.path, file]));
  const kustomizationByDir = new Map(files.filter((file) => file.kind === 'kustomization').map((file) => [path.dirname(file.path), file]));
  const claimed = new Set<string>();
  const closures = [...kustomizationByDir.values()].map((file) => ({ file, ...kustomizationClosure(file, byPath, kustomizationByDir) }));
  const nestedEverywhere = new Set(closures.flatMap((closure) => [...closure.nested]));
  for (const closure of closures) {
    if (nestedEverywhere.has(closure.file.path)) continue;
    const relativeDir = dirOf(closure.file.relative);
    const objects = repo.k8sObjects.filter((object) => closure.files.has(object.file));
    for (const file of closure.files) claimed.add(file);
    for (const nested of closure.nested) claimed.add(nested);
    units.push({
      id: `k8s-app:${relativeDir}`,
      kind: 'k8s-app',
      name: relativeDir === '.' ? 'kustomization' : relativeDir,
      path: relativeDir,
      files: [closure.file.path, ...closure.files],
      anchor: { file: closure.file.path, range: ZERO },
      k8s: objects,
    });
  }
  for (const closure of closures) claimed.add(closure.file.path);

  const byDirectory = new Map<string, typeof repo.k8sObjects>();
  for (const object of repo.k8sObjects) {
    if (claimed.has(object.file) || isPatch(object.file)) continue;
    const dir = dirOf(object.relative);
    const list = byDirectory.get(dir) ?? [];
    list.push(object);
    byDirectory.set(dir, list);
  }
  for (const [dir, objects] of [...byDirectory].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const workloads = objects.filter((object) => object.signals.workload);
    if (workloads.length === 0) continue;
    const apps = [...new Set(workloads.map((object) => object.signals.app ?? ''))];
    const groups = apps.length <= 1 ? [{ app: apps[0] || undefined, members: objects }] : apps.map((app) => ({ app: app || undefined, members: objects.filter((object) => (object.signals.app ?? '') === app) }));
    for (const group of groups) {
      const first = group.members.find((object) => object.signals.workload) ?? group.members[0];
      const suffix = groups.length > 1 ? `#${group.app ?? first.signals.name}` : '';
      units.push({
        id: `k8s-app:${dir}${suffix}`,
        kind: 'k8s-app',
        name: group.app ?? first.signals.name ?? dir,
        path: dir,
        files: [...new Set(group.members.map((object) => object.file))],
        anchor: { file: first.file, range: first.signals.range },
        k8s: group.members,
      });
    }
  }

  units.push(...helmChartUnits(files));

  // Terraform roots: a directory whose files configure a backend or providers.
  const terraformByDir = new Map<string, FileSnapshot[]>();
  for (const file of files) {
    if (file.kind !== 'terraform' || !file.terraform) continue;
    const dir = dirOf(file.relative);
    terraformByDir.set(dir, [...(terraformByDir.get(dir) ?? []), file]);
  }
  for (const [dir, members] of [...terraformByDir].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const signals = members.map((file) => ({ file: file.path, signals: terraformSignals(file.terraform!) }));
    const defining = signals.find((entry) => entry.signals.backend) ?? signals.find((entry) => entry.signals.providerBlocks.length > 0);
    if (!defining) continue;
    repo.terraformRoots.push(dir);
    units.push({
      id: `terraform-root:${dir}`,
      kind: 'terraform-root',
      name: dir === '.' ? 'root module' : dir,
      path: dir,
      files: members.map((file) => file.path),
      anchor: { file: defining.file, range: defining.signals.backend?.range ?? defining.signals.providerBlocks[0]?.range ?? ZERO },
      terraform: { directory: dir, files: signals },
    });
  }
  return units;
}

/** The chart directory of a values file (at the chart's root) or of a template (under `templates/`). */
function chartDirOf(file: FileSnapshot): string | undefined {
  if (file.kind === 'helm-values') return dirOf(file.relative);
  if (file.kind !== 'helm-template') return undefined;
  const at = `/${file.relative}`.lastIndexOf('/templates/');
  return at <= 0 ? '.' : file.relative.slice(0, at - 1);
}

/** One unit per Helm chart; a subchart (`<chart>/charts/<name>/`) belongs to the chart that ships it. */
function helmChartUnits(files: readonly FileSnapshot[]): DiscoveredUnit[] {
  const byChart = new Map<string, FileSnapshot[]>();
  for (const file of files) {
    const dir = chartDirOf(file);
    if (dir !== undefined) byChart.set(dir, [...(byChart.get(dir) ?? []), file]);
  }
  // The first enclosing directory that is a chart, from the root down (a chart at the root owns `charts/*`).
  const outermost = (dir: string): string => {
    const slashed = `/${dir}`;
    for (let at = slashed.indexOf('/charts/'); at !== -1; at = slashed.indexOf('/charts/', at + 1)) {
      const owner = at === 0 ? '.' : slashed.slice(1, at);
      if (byChart.has(owner)) return owner;
    }
    return dir;
  };
  const merged = new Map<string, FileSnapshot[]>();
  for (const [dir, members] of byChart) {
    const owner = outermost(dir);
    merged.set(owner, [...(merged.get(owner) ?? []), ...members]);
  }
  const units: DiscoveredUnit[] = [];
  for (const [dir, members] of [...merged].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const images: { file: string; image: HelmImage }[] = [];
    for (const file of members) {
      if (file.kind !== 'helm-values') continue;
      for (const doc of file.yaml?.docs ?? []) {
        if (doc.hasStructuralErrors || doc.hasExcessiveAliases) continue;
        for (const image of helmValuesImages(doc)) images.push({ file: file.path, image });
      }
    }
    const anchorFile = members.find((file) => file.kind === 'helm-values' && /^values\.ya?ml$/i.test(path.posix.basename(file.relative))) ?? members[0];
    units.push({
      id: `helm-chart:${dir}`,
      kind: 'helm-chart',
      name: dir === '.' ? 'chart' : path.posix.basename(dir),
      path: dir,
      files: members.map((file) => file.path),
      anchor: { file: anchorFile.path, range: ZERO },
      helm: { images },
    });
  }
  return units;
}
