import type { Scalar } from 'yaml';
import type { ImageRef } from '../../facts/k8s';
import { isFloatingTag } from '../../workspace';
import type { ImageEntry, WorkspaceIndex } from '../../workspace';
import type { YamlDoc } from '../../yaml/document';
import { replaceScalar } from '../../yaml/edits';
import type { FixDraft } from '../define';
import { defineK8sRule } from '../define';
import path from 'node:path';

/**
 * Real repository names are lower-case (`[a-z0-9]` with `.`, `_`, `-` separators). A tag-less
 * `CONTAINER_IMAGE` or `<your-image>` is a placeholder a script replaces whole, tag included.
 */
function isPlaceholder(image: ImageRef): boolean {
  const last = image.name.slice(image.name.lastIndexOf('/') + 1);
  return !image.tag && !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(last);
}

/** The image as this manifest names it, with the tag and digest another file pins it to. */
function pinnedText(name: string, entry: ImageEntry): string {
  return `${name}${entry.tag ? `:${entry.tag}` : ''}${entry.digest ? `@${entry.digest}` : ''}`;
}

function fixesFor(doc: YamlDoc, node: Scalar, image: ImageRef, workspace: WorkspaceIndex, file: string): FixDraft[] {
  const options = new Map<string, ImageEntry>();
  for (const entry of workspace.fixedImages(image.name)) {
    const text = pinnedText(image.name, entry);
    if (!options.has(text)) options.set(text, entry);
  }
  const fixes: FixDraft[] = [];
  for (const [text, entry] of [...options].slice(0, 3)) {
    const edit = replaceScalar(doc, node, image.raw.trim(), text);
    if (edit) fixes.push({ title: `Use ${text} (as in ${entry.file === file ? 'this file' : path.basename(entry.file)})`, edits: [edit] });
  }
  return fixes;
}

export default defineK8sRule({
  id: 'k8s/image-floating-tag',
  title: 'Container image with a floating tag',
  severity: 'warning',
  tags: ['pinning'],
  gate: 'pinned-inputs',
  fixable: true,
  usesWorkspace: true,
  description:
    'A container image with `:latest`, a branch tag (`main`, `master`, `develop`, `nightly`, `edge`) or no tag at all: every pull may run different code, and a rollback cannot return to what ran before.',
  check({ k8s, doc, workspace, file, report }) {
    for (const object of k8s.objects) {
      for (const container of object.containers) {
        const image = container.image;
        const node = container.imageNode;
        if (!image || !node || image.digest || !isFloatingTag(image.tag)) continue;
        // Templated images are resolved elsewhere (envsubst, Helm, CI); kustomize may set the tag.
        if (/[$]|\{\{/.test(image.raw) || isPlaceholder(image)) continue;
        if (workspace.kustomizeOverride(image.name)) continue;
        const what = image.tag ? `\`${image.raw}\` floats` : `\`${image.raw}\` has no tag, so it runs whatever \`latest\` is at pull time`;
        const fixes = fixesFor(doc, node, image, workspace, file.path);
        report({
          range: doc.rangeOf(node),
          message: `Image ${what} (container \`${container.name ?? '?'}\` of ${object.kind ?? 'object'} \`${object.name ?? '?'}\`): pin a version tag, or better a digest, so a rollout and its rollback run known code.`,
          fixes,
        });
      }
    }
  },
});
