import type { Node } from 'yaml';
import type { WorkflowFacts } from '../../facts/gha';
import { lineBreakOf } from '../../text';
import type { LineIndex } from '../../text';
import { asMap } from '../../yaml/document';
import type { YamlDoc } from '../../yaml/document';
import { indentUnit, keyColumn } from '../../yaml/edits';
import { defineWorkflowRule } from '../define';
import type { FixDraft } from '../define';

/** The indentation the workflow gives a top-level key's children: that of `jobs:`'s own keys. */
function childIndent(doc: YamlDoc, workflow: WorkflowFacts): string {
  const jobs = asMap(workflow.jobsPair?.value);
  const column = jobs && !jobs.flow ? keyColumn(doc, jobs) : undefined;
  return column !== undefined && column > 0 && column <= 8 ? ' '.repeat(column) : indentUnit(doc);
}

/** Inserts `permissions: contents: read` as a block right above `jobs:` (and the comments that introduce it). */
function insertPermissions(doc: YamlDoc, workflow: WorkflowFacts, text: string, lines: LineIndex): FixDraft | undefined {
  const jobsKey = workflow.jobsPair?.key as Node | undefined;
  if (!jobsKey?.range || doc.positionAt(jobsKey.range[0]).character !== 0) return undefined;
  let line = doc.positionAt(jobsKey.range[0]).line;
  // A comment block that introduces `jobs:` (a blank line above it) stays with `jobs:`.
  let top = line;
  while (top > 0 && lines.lineText(top - 1).startsWith('#')) top--;
  if (top < line && top > 0 && lines.lineText(top - 1).trim() === '') line = top;
  const eol = lineBreakOf(text);
  const spacer = line > 0 && lines.lineText(line - 1).trim() === '' ? eol : '';
  return {
    title: 'Add `permissions: contents: read` (least privilege; widen per job as needed)',
    edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `permissions:${eol}${childIndent(doc, workflow)}contents: read${eol}${spacer}` }],
  };
}

export default defineWorkflowRule({
  id: 'gha/missing-permissions',
  title: 'Workflow without top-level permissions',
  severity: 'warning',
  tags: ['security'],
  gate: 'least-privilege',
  fixable: true,
  description:
    'A workflow with no top-level `permissions:`, so jobs without their own get the repository default token, often read-write on everything.',
  check({ workflow, doc, file, report }) {
    if (!workflow.root || workflow.permissions || workflow.jobs.length === 0) return;
    // Every job scoping its own token is least privilege too.
    if (workflow.jobs.every((job) => job.permissions)) return;
    // A reusable workflow runs with its caller's token; the caller is where permissions belong.
    if (workflow.events.length > 0 && workflow.events.every((event) => event === 'workflow_call')) return;

    const anchor = (workflow.on?.key ?? workflow.root.items[0]?.key) as Node | undefined;
    const unscoped = workflow.jobs.filter((job) => !job.permissions).map((job) => job.id);
    const fix = insertPermissions(doc, workflow, file.text, file.lines);
    report({
      range: doc.rangeOf(anchor),
      message: `This workflow sets no top-level \`permissions:\`, so ${unscoped.length === workflow.jobs.length ? 'its jobs get' : `job${unscoped.length > 1 ? 's' : ''} ${unscoped.map((id) => `\`${id}\``).join(', ')} get${unscoped.length > 1 ? '' : 's'}`} the repository's default GITHUB_TOKEN, often read-write on everything. Declare the least it needs, starting from \`contents: read\`.`,
      fixes: fix ? [fix] : [],
    });
  },
});
