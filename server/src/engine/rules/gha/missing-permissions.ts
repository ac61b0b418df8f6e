import type { Node } from 'yaml';
import { lineBreakOf } from '../../text';
import { indentUnit } from '../../yaml/edits';
import { defineWorkflowRule } from '../define';

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
    const jobsKey = workflow.jobsPair?.key as Node | undefined;
    const fixes = [];
    if (jobsKey?.range && doc.positionAt(jobsKey.range[0]).character === 0) {
      const line = doc.positionAt(jobsKey.range[0]).line;
      const eol = lineBreakOf(file.text);
      const spacer = line > 0 && file.lines.lineText(line - 1).trim() === '' ? eol : '';
      fixes.push({
        title: 'Add `permissions: contents: read` (least privilege; widen per job as needed)',
        edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `permissions:${eol}${indentUnit(doc)}contents: read${eol}${spacer}` }],
      });
    }
    report({
      range: doc.rangeOf(anchor),
      message: `This workflow sets no top-level \`permissions:\`, so ${unscoped.length === workflow.jobs.length ? 'its jobs get' : `job${unscoped.length > 1 ? 's' : ''} ${unscoped.map((id) => `\`${id}\``).join(', ')} get${unscoped.length > 1 ? '' : 's'}`} the repository's default GITHUB_TOKEN, often read-write on everything. Declare the least it needs, starting from \`contents: read\`.`,
      fixes,
    });
  },
});
