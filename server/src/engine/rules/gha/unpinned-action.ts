import type { ActionRef } from '../../facts/gha';
import type { PinnedActionEntry, WorkspaceIndex } from '../../workspace';
import type { YamlDoc } from '../../yaml/document';
import type { EditDraft, FixDraft } from '../define';
import { defineGhaRule } from '../define';
import type { Node } from 'yaml';
import path from 'node:path';

/** Is a pinned SHA known to carry the version `ref` asks for? `v4` accepts `v4` and `v4.1.1`. */
function carries(pin: PinnedActionEntry, ref: string): boolean {
  const version = pin.versionComment;
  if (!version) return false;
  return version === ref || version.startsWith(`${ref}.`);
}

function versionParts(version: string | undefined): number[] {
  return (/^v?(\d+(?:\.\d+)*)/.exec(version ?? '')?.[1] ?? '').split('.').filter(Boolean).map(Number);
}

/** Newest version first; at equal versions, a pin in the file being fixed first. */
function comparePins(a: PinnedActionEntry, b: PinnedActionEntry, file: string): number {
  const [left, right] = [versionParts(a.versionComment), versionParts(b.versionComment)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const delta = (right[i] ?? -1) - (left[i] ?? -1);
    if (delta !== 0) return delta;
  }
  return Number(b.file === file) - Number(a.file === file) || a.file.localeCompare(b.file) || a.sha.localeCompare(b.sha);
}

const VERSION_ONLY = /^(?:(?:tag|version|ref)\s*[=:]\s*)?v?\d+(?:\.\d+)*(?:[-+][\w.]+)?$/i;

/**
 * The edit that pins the scalar and keeps the version readable as a trailing comment (which
 * Dependabot and Renovate update). A comment that only named the old version is replaced; any
 * other comment is kept after the version.
 */
function pinEdit(doc: YamlDoc, node: Node, action: ActionRef, written: string, pin: PinnedActionEntry, version: string): EditDraft | undefined {
  const range = node.range;
  if (!range) return undefined;
  const original = doc.text.slice(range[0], range[1]);
  const scalar = original.replace(action.raw, `${written}@${pin.sha}`);
  if (scalar === original) return undefined; // written with escapes: leave it to the author
  const newline = doc.text.indexOf('\n', range[1]);
  let lineEnd = newline === -1 ? doc.text.length : newline;
  if (lineEnd > range[1] && doc.text[lineEnd - 1] === '\r') lineEnd--;
  const comment = /^\s+#\s*(.*?)\s*$/.exec(doc.text.slice(range[1], lineEnd))?.[1];
  if (comment !== undefined && comment.split(/[\s=@:]+/).includes(version)) {
    return { range: doc.rangeAt(range[0], range[1]), newText: scalar };
  }
  if (comment !== undefined && (VERSION_ONLY.test(comment) || comment === action.ref)) {
    return { range: doc.rangeAt(range[0], lineEnd), newText: `${scalar} # ${version}` };
  }
  return { range: doc.rangeAt(range[0], range[1]), newText: `${scalar} # ${version}` };
}

function pinFixes(doc: YamlDoc, node: Node, action: ActionRef, workspace: WorkspaceIndex, file: string): FixDraft[] {
  if (action.kind !== 'remote' || !action.name || !action.ref) return [];
  const ref = action.ref;
  const bySha = new Map<string, PinnedActionEntry>();
  const pins = workspace.pinnedActions(action.name).filter((pin) => carries(pin, ref)).sort((a, b) => comparePins(a, b, file));
  for (const pin of pins) if (!bySha.has(pin.sha)) bySha.set(pin.sha, pin);
  const written = action.raw.slice(0, action.raw.lastIndexOf('@'));
  const fixes: FixDraft[] = [];
  for (const pin of [...bySha.values()].slice(0, 3)) {
    const version = pin.versionComment ?? ref;
    const edit = pinEdit(doc, node, action, written, pin, version);
    if (!edit) continue;
    const where = pin.file === file ? 'this file' : path.basename(pin.file);
    fixes.push({ title: `Pin ${written} to ${pin.sha.slice(0, 12)} (${version}, as in ${where})`, edits: [edit] });
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
  check({ uses, doc, workspace, file, report, action: compositeAction }) {
    for (const { node, action } of uses) {
      if (action.isPinned || action.kind === 'local') continue;
      if (action.raw.includes('${{')) continue;
      if (action.kind === 'docker') {
        const tag = action.ref ? 'by tag' : 'by its implicit `latest` tag';
        report({
          range: doc.rangeOf(node),
          message: `\`${action.raw}\` runs a container ${tag}, which can be re-pushed: pin it by digest (\`docker://${action.name}@sha256:…\`).`,
        });
        continue;
      }
      if (!action.ref) {
        // In a workflow gha/invalid-workflow reports a `uses` without `@ref`; nothing checks composite actions' structure.
        if (compositeAction && action.raw.trim() !== '' && !action.raw.trim().startsWith('$/')) {
          report({
            range: doc.rangeOf(node),
            message: `\`${action.raw}\` has no \`@<ref>\`: GitHub fails the step. Pin it to a full commit SHA and keep the version as a comment (\`@<sha> # v1.2.3\`).`,
          });
        }
        continue;
      }
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
