import { validateWorkflowTemplate } from '../../gha/workflow-template';
import { defineWorkflowRule } from '../define';

function polish(message: string): string {
  const text = message.trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export default defineWorkflowRule({
  id: 'gha/invalid-workflow',
  title: 'Invalid GitHub Actions workflow',
  severity: 'error',
  tags: ['schema'],
  gate: 'valid-config',
  fixable: false,
  description:
    "Workflow structure and expression errors found by GitHub's own workflow parser: unknown keys, wrong types, bad `${{ }}` expressions, unknown contexts, `needs` on a missing job.",
  check({ doc, file, report }) {
    // A document with YAML errors is reported by yaml/syntax-error; validating its remains would mislead.
    if (doc.doc.errors.length > 0 || doc.contents === null) return;
    for (const problem of validateWorkflowTemplate(doc, file.path)) {
      report({ range: problem.range ?? doc.rangeAt(0, 0), message: polish(problem.message) });
    }
  },
});
