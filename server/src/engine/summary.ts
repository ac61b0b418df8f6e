import path from 'node:path';
import { lineBreakOf } from './text';
import type { ParsedYaml } from './yaml/document';
import type { FileInfo } from './rules/define';
import type { TerraformFileFacts } from './facts/terraform';
import type { FileSummary, ImageEntry, PinnedActionEntry } from './workspace';
import { actionFacts, k8sFacts, kustomizationFacts, workflowFacts } from './facts/store';

/** The facts of one file that other files' rules may ask the workspace index about. */
export function summarize(info: FileInfo, yaml: ParsedYaml | undefined, terraform: TerraformFileFacts | undefined): FileSummary | undefined {
  const summary: FileSummary = { kind: info.kind };
  const first = yaml?.docs[0];
  switch (info.kind) {
    case 'gha-workflow':
    case 'gha-action': {
      if (!first || first.hasExcessiveAliases) break;
      const uses = info.kind === 'gha-workflow' ? workflowFacts(first).uses : actionFacts(first).uses;
      const pinned: PinnedActionEntry[] = [];
      for (const { action } of uses) {
        if (action.kind === 'remote' && action.isPinned && action.name && action.ref) {
          pinned.push({ name: action.name, sha: action.ref, versionComment: action.versionComment, file: info.path });
        }
      }
      summary.pinnedActions = pinned;
      break;
    }
    case 'k8s': {
      const images: ImageEntry[] = [];
      for (const doc of yaml?.docs ?? []) {
        if (doc.hasExcessiveAliases) continue;
        for (const object of k8sFacts(doc).objects) {
          for (const container of object.containers) {
            if (!container.image || !container.imageNode) continue;
            images.push({ name: container.image.name, tag: container.image.tag, digest: container.image.digest, file: info.path });
          }
        }
      }
      summary.images = images;
      break;
    }
    case 'kustomization':
      if (first && !first.hasExcessiveAliases) {
        const facts = kustomizationFacts(first);
        summary.kustomizeImages = facts.images;
        summary.kustomizePatches = facts.patches.map((patch) => path.resolve(path.dirname(info.path), patch));
      }
      break;
    case 'terraform':
      summary.requiredProviders = (terraform?.requiredProviders ?? []).map((provider) => ({
        name: provider.name,
        version: provider.version,
        file: info.path,
      }));
      summary.terraformVariables = (terraform?.body.blocks ?? []).filter((block) => block.type === 'variable' && block.labels[0]).map((block) => block.labels[0]);
      if (path.basename(info.path) === 'variables.tf') {
        const end = info.lines.positionAt(info.text.length);
        summary.appendPoint = { line: end.line, character: end.character, eol: lineBreakOf(info.text) };
      }
      break;
    default:
      break;
  }
  return summary;
}
