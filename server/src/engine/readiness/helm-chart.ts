import type { YamlDoc } from '../yaml/document';
import { asMap, getValue, scalarText } from '../yaml/document';
import { isFloatingTag } from '../workspace';
import { parseImageRef } from '../facts/k8s';
import type { Located } from './pipeline';

// The readiness facts of a Helm chart, read from its values files only: Shipshape does not render
// templates, so it judges what the values say (the images a release will run) and nothing else.

export interface HelmImage extends Located {
  /** The image as a person would write it: `repository:tag`, or the repository alone. */
  image: string;
  /**
   * pinned: a digest, or a tag that names one build; chart-version: no tag, so the chart's
   * `appVersion` decides (pinned with each chart release); floating: `latest`, `main`, …
   */
  pinning: 'pinned' | 'chart-version' | 'floating';
}

const MAX_DEPTH = 6;

/**
 * Images in a values file: the Helm convention `image: { repository, tag, digest }` (also under
 * other keys, e.g. `sidecar.image`), and `image: "repo:tag"` strings.
 */
export function helmValuesImages(doc: YamlDoc): HelmImage[] {
  const images: HelmImage[] = [];
  const visit = (node: unknown, key: string | undefined, depth: number) => {
    if (depth > MAX_DEPTH) return;
    const map = asMap(node);
    if (!map) {
      const text = scalarText(node);
      if (key === 'image' && text && /^[\w.-]+(?::\d+)?(?:\/[\w.-]+)+(?::[\w.-]+)?(?:@sha256:[0-9a-f]{64})?$|^[\w.-]+:[\w.-]+$/.test(text)) {
        const reference = parseImageRef(text);
        if (!reference) return;
        const pinning = reference.digest || !isFloatingTag(reference.tag) ? 'pinned' : 'floating';
        images.push({ image: text, pinning, range: doc.rangeOf(node as never), label: text });
      }
      return;
    }
    const repository = scalarText(getValue(map, 'repository'));
    if (repository && !/\s/.test(repository)) {
      const tagNode = getValue(map, 'tag');
      const tag = scalarText(tagNode);
      const digest = scalarText(getValue(map, 'digest'));
      const pinning = digest ? 'pinned' : tag === undefined || tag === '' ? 'chart-version' : isFloatingTag(tag) ? 'floating' : 'pinned';
      const image = tag ? `${repository}:${tag}` : repository;
      images.push({ image, pinning, range: doc.rangeOf((tagNode ?? getValue(map, 'repository')) as never), label: image });
      return;
    }
    for (const item of map.items) {
      const itemKey = scalarText(item.key);
      visit(item.value, itemKey, depth + 1);
    }
  };
  visit(doc.contents, undefined, 0);
  return images;
}
