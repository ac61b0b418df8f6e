import path from 'node:path';
import type { FileKind } from './model';
import type { KustomizeImageOverride } from './facts/kustomize';

// The workspace index: the few facts of each file that other files' rules ask about. It is small
// on purpose (a summary per file, not the parse tree), and it has a version that moves only when a
// summary changes, so rules that read it re-run only when their answer could have changed.

// Entries carry no ranges on purpose: a summary must not change when lines merely move, or every
// edit would move the index version and re-run every cross-file rule.

export interface PinnedActionEntry {
  name: string;
  sha: string;
  versionComment?: string;
  file: string;
}

export interface ImageEntry {
  name: string;
  tag?: string;
  digest?: string;
  file: string;
}

export interface TerraformProviderEntry {
  name: string;
  version?: string;
  file: string;
}

export interface FileSummary {
  kind: FileKind;
  pinnedActions?: PinnedActionEntry[];
  images?: ImageEntry[];
  kustomizeImages?: KustomizeImageOverride[];
  /** Absolute paths of the files a kustomization lists as patches. */
  kustomizePatches?: string[];
  requiredProviders?: TerraformProviderEntry[];
  /** Names of the `variable` blocks a `.tf` file declares. */
  terraformVariables?: string[];
  /**
   * Where text appended to the file goes (its end) and its line break. Kept only for a module's
   * `variables.tf`, where fixes add variables, so that edits elsewhere never move the index.
   */
  appendPoint?: { line: number; character: number; eol: string };
}

export class WorkspaceIndex {
  private readonly files = new Map<string, { summary: FileSummary; signature: string }>();
  private versionCounter = 0;

  /** Moves whenever a summary changes; rules that read the index re-run when it moves. */
  get version(): number {
    return this.versionCounter;
  }

  update(file: string, summary: FileSummary | undefined): void {
    if (!summary) {
      this.remove(file);
      return;
    }
    const signature = JSON.stringify(summary);
    if (this.files.get(file)?.signature === signature) return;
    this.files.set(file, { summary, signature });
    this.versionCounter++;
  }

  remove(file: string): void {
    if (this.files.delete(file)) this.versionCounter++;
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  get size(): number {
    return this.files.size;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  kindOf(file: string): FileKind | undefined {
    return this.files.get(file)?.summary.kind;
  }

  /** Lookup tables over all summaries, rebuilt lazily when the index version moves. */
  private tables:
    | { version: number; pins: Map<string, PinnedActionEntry[]>; images: Map<string, ImageEntry[]>; overrides: Map<string, KustomizeImageOverride>; patches: Set<string>; modules: Map<string, FileSummary[]> }
    | undefined;

  private lookup() {
    if (this.tables?.version === this.versionCounter) return this.tables;
    const pins = new Map<string, PinnedActionEntry[]>();
    const images = new Map<string, ImageEntry[]>();
    const overrides = new Map<string, KustomizeImageOverride>();
    const patches = new Set<string>();
    // Terraform summaries by module directory: rules ask per file, and a scan over every file per
    // question made loading a large workspace quadratic.
    const modules = new Map<string, FileSummary[]>();
    for (const [file, { summary }] of this.files) {
      if (summary.kind === 'terraform') {
        const dir = path.dirname(file);
        const list = modules.get(dir);
        if (list) list.push(summary);
        else modules.set(dir, [summary]);
      }
      for (const patch of summary.kustomizePatches ?? []) patches.add(patch);
      for (const entry of summary.pinnedActions ?? []) pins.set(entry.name, [...(pins.get(entry.name) ?? []), entry]);
      for (const entry of summary.images ?? []) {
        const key = canonicalImageName(entry.name);
        if (entry.digest || (entry.tag && !isFloatingTag(entry.tag))) images.set(key, [...(images.get(key) ?? []), entry]);
      }
      for (const image of summary.kustomizeImages ?? []) {
        const key = canonicalImageName(image.name);
        if ((image.newTag || image.digest) && !overrides.has(key)) overrides.set(key, image);
      }
    }
    this.tables = { version: this.versionCounter, pins, images, overrides, patches, modules };
    return this.tables;
  }

  /** Every place that pins the action `name` (lower-case `owner/repo[/path]`) to a commit SHA. */
  pinnedActions(name: string): PinnedActionEntry[] {
    return this.lookup().pins.get(name) ?? [];
  }

  /** Every place the image `name` is used with a fixed tag or a digest. */
  fixedImages(name: string): ImageEntry[] {
    return this.lookup().images.get(canonicalImageName(name)) ?? [];
  }

  /** A kustomization that sets this image's tag or digest, so the manifest's own tag never ships. */
  kustomizeOverride(name: string): KustomizeImageOverride | undefined {
    return this.lookup().overrides.get(canonicalImageName(name));
  }

  /** Is this file a patch some kustomization applies (a partial object, not a whole manifest)? */
  isKustomizePatch(file: string): boolean {
    return this.lookup().patches.has(file);
  }

  /** `required_providers` entries of every `.tf` file in the directory (one Terraform module). */
  moduleRequiredProviders(dir: string): TerraformProviderEntry[] {
    return (this.lookup().modules.get(dir) ?? []).flatMap((summary) => summary.requiredProviders ?? []);
  }

  /** Every variable declared by the `.tf` files of a module directory. */
  moduleVariables(dir: string): Set<string> {
    return new Set((this.lookup().modules.get(dir) ?? []).flatMap((summary) => summary.terraformVariables ?? []));
  }

  /** The module's `variables.tf`, with where to append to it, when the directory has one. */
  variablesFile(dir: string): { file: string; end: { line: number; character: number }; eol: string } | undefined {
    const file = path.join(dir, 'variables.tf');
    const point = this.files.get(file)?.summary.appendPoint;
    return point ? { file, end: { line: point.line, character: point.character }, eol: point.eol } : undefined;
  }
}

/**
 * Tags that always move: the image behind them changes without the manifest changing. Version lines
 * (`1.27`, `stable`) move too, but often by policy; only these are reported.
 */
export const FLOATING_TAGS: ReadonlySet<string> = new Set(['latest', 'main', 'master', 'develop', 'nightly', 'edge']);

/** Docker Hub's implicit parts: `nginx`, `docker.io/nginx` and `index.docker.io/library/nginx` are one image. */
export function canonicalImageName(name: string): string {
  const lower = name.toLowerCase();
  const parts = lower.split('/');
  const hasRegistry = parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost');
  const registry = hasRegistry ? parts[0] : 'docker.io';
  const path = hasRegistry ? parts.slice(1) : parts;
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') {
    return `docker.io/${path.length === 1 ? `library/${path[0]}` : path.join('/')}`;
  }
  return `${registry}/${path.join('/')}`;
}

export function isFloatingTag(tag: string | undefined): boolean {
  return tag === undefined || FLOATING_TAGS.has(tag.toLowerCase());
}
