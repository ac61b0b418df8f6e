import type { ActionRef } from '../../facts/gha';
import type { PinnedActionEntry, WorkspaceIndex } from '../../workspace';
import type { YamlDoc } from '../../yaml/document';
import type { FixDraft } from '../define';
import { defineGhaRule } from '../define';
import type { Node } from 'yaml';
import path from 'node:path';

/** Is a pinned SHA known to carry the version `ref` asks for? `v4` accepts `v4` and `v4.1.1`. */
function carries(pin: PinnedActionEntry, ref: string): boolean {
  const version = pin.versionComment;
  if (!version) return false;
  return version === ref || version.startsWith(`${ref}.`);
}

function pinFixes(doc: YamlDoc, node: Node, action: ActionRef, workspace: WorkspaceIndex, file: string): FixDraft[] {
  if (action.kind !== 'remote' || !action.name || !action.ref) return [];
  const bySha = new Map<string, PinnedActionEntry>();
  for (const pin of workspace.pinnedActions(action.name)) if (carries(pin, action.ref) && !bySha.has(pin.sha)) bySha.set(pin.sha, pin);
  const written = action.raw.slice(0, action.raw.lastIndexOf('@'));
  const fixes: FixDraft[] = [];
  for (const pin of [...bySha.values()].slice(0, 3)) {
    const comment = pin.versionComment ?? action.ref;
    const range = node.range;
    if (!range) continue;
    const scalar = doc.text.slice(range[0], range[1]).replace(action.raw, `${written}@${pin.sha}`);
    const lineEnd = doc.text.indexOf('\n', range[1]);
    const trailing = doc.text.slice(range[1], lineEnd === -1 ? doc.text.length : lineEnd);
    const alreadyCommented = /^\s*#/.test(trailing) && trailing.includes(comment);
    const where = pin.file === file ? 'this file' : path.basename(pin.file);
    fixes.push({
      title: `Pin ${written} to ${pin.sha.slice(0, 12)} (${comment}, as in ${where})`,
      // Keep the version readable (and updatable by Dependabot/Renovate) as a trailing comment.
      edits: [{ range: doc.rangeAt(range[0], range[1]), newText: alreadyCommented ? scalar : `${scalar} # ${comment}` }],
    });
  }
  return fixes;
}

export default defineGhaRule({
  id: 'gha/unpinned-action',
  title: 'Action not pinned to a commit SHA',
  severity: 'warning',
  tags: ['pinning', 'security'],
  gate: 'pinned-inputs',
  fixable: true,
  autoFix: true,
  usesWorkspace: true,
  description:
    '`uses: owner/repo@<tag or branch>` instead of a full commit SHA: whoever controls the tag controls what your pipeline runs.',
  check({ uses, doc, workspace, file, report }) {
    for (const { node, action } of uses) {
      if (action.isPinned || action.kind === 'local') continue;
      if (action.raw.includes('${{')) continue;
      if (action.kind === 'docker') {
        report({
          range: doc.rangeOf(node),
          message: `\`${action.raw}\` runs a container by tag, which can be re-pushed: pin it by digest (\`docker://${action.name}@sha256:…\`).`,
        });
        continue;
      }
      if (!action.ref) continue; // a `uses` without `@ref` is invalid and gha/invalid-workflow reports it
      const fixes = pinFixes(doc, node, action, workspace, file.path);
      const label = action.raw.slice(0, action.raw.lastIndexOf('@'));
      report({
        range: doc.rangeOf(node),
        message: `\`${action.raw}\` follows a ${/^v?\d/.test(action.ref) ? 'tag' : 'branch or tag'} that can be moved to other code: pin ${label} to a full commit SHA and keep \`${action.ref}\` as a comment (\`@<sha> # ${action.ref}\`).${fixes.length ? '' : ' No SHA for this version is pinned elsewhere in the workspace yet.'}`,
        fixes,
      });
    }
  },
});
