import type { YamlDoc } from '../yaml/document';
import { getValue, itemsOf, scalarText } from '../yaml/document';

export interface KustomizeImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

export interface KustomizationFacts {
  /** `images:` entries: kustomize rewrites these images in every resource it builds. */
  images: KustomizeImageOverride[];
  resources: string[];
  /** Patch files, relative to the kustomization: partial objects by design, never whole manifests. */
  patches: string[];
}

export function extractKustomizationFacts(doc: YamlDoc): KustomizationFacts {
  const root = doc.root;
  const images: KustomizeImageOverride[] = [];
  for (const item of itemsOf(getValue(root, 'images'))) {
    const name = scalarText(getValue(item, 'name'));
    if (!name) continue;
    images.push({
      name,
      newName: scalarText(getValue(item, 'newName')),
      newTag: scalarText(getValue(item, 'newTag')),
      digest: scalarText(getValue(item, 'digest')),
    });
  }
  const resources = itemsOf(getValue(root, 'resources'))
    .map(scalarText)
    .filter((entry): entry is string => entry !== undefined);
  return { images, resources, patches: patchFiles(root) };
}

/** `patchesStrategicMerge: [file]`, `patches: [{path}]` and `patchesJson6902: [{path}]`; inline patches are not files. */
function patchFiles(root: unknown): string[] {
  const files: string[] = [];
  for (const item of itemsOf(getValue(root, 'patchesStrategicMerge'))) {
    const entry = scalarText(item);
    if (entry && !entry.includes('\n')) files.push(entry);
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const item of itemsOf(getValue(root, key))) {
      const entry = scalarText(getValue(item, 'path'));
      if (entry) files.push(entry);
    }
  }
  return files;
}
