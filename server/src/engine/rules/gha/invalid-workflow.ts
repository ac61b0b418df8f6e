import { validateWorkflowTemplate } from '../../gha/workflow-template';
import type { WorkflowProblem } from '../../gha/workflow-template';
import { workflowFacts } from '../../facts/store';
import type { UsesFact, WorkflowFacts } from '../../facts/gha';
import type { Range } from '../../model';
import { closestMatch } from '../../text';
import { getValue, itemsOf, scalarText } from '../../yaml/document';
import type { YamlDoc } from '../../yaml/document';
import { defineYamlRule } from '../define';
import type { ReportDraft } from '../define';

// GitHub's own workflow parser finds the problems; this rule says them in words that point at the
// fix: the key that was meant, the values that are allowed, the contexts an expression can read.

/** Contexts that exist somewhere in a workflow (https://docs.github.com/actions/learn-github-actions/contexts). */
const CONTEXTS = new Set(['github', 'env', 'vars', 'job', 'jobs', 'steps', 'runner', 'secrets', 'strategy', 'matrix', 'needs', 'inputs']);
/** Step keys GitHub's parser knows but rejects unless a preview feature is on. */
const PREVIEW_KEYS = new Set(['background', 'wait', 'wait-all', 'cancel']);

function polish(message: string): string {
  const text = message.trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function code(text: string): string {
  return `\`${text}\``;
}

function oneOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The candidate one or two typos away from `word` (a quarter of its length at most, unless told). */
function suggest(word: string, candidates: string[], budget = Math.max(1, Math.floor(word.length / 4))): string | undefined {
  return closestMatch(word, candidates, budget);
}

/** Follow-on errors GitHub reports at the range of an error it already reported. */
const FOLLOW_ON = /^(Unexpected symbol: '\$\{\{'|Invalid format for |Unexpected type '\w+' encountered while reading |Unexpected value '[\s\S]*\$\{\{)/;

/** For an unknown key, the allowed key it is a typo of. */
function meantKey(problem: WorkflowProblem): string | undefined {
  const unexpected = /^Unexpected value '([\s\S]*)'$/.exec(problem.message)?.[1];
  const keys = problem.expected?.keys?.filter((key) => !PREVIEW_KEYS.has(key));
  return unexpected && keys ? suggest(unexpected, keys) : undefined;
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function explain(problem: WorkflowProblem, jobIds: string[]): string {
  const unknownJob = /^Job '(.+)' depends on unknown job '(.+)'\.$/.exec(problem.message);
  if (unknownJob) {
    // Few candidates: allow a swapped pair of letters (two edits) in all but the shortest ids.
    const meant = suggest(unknownJob[2], jobIds, unknownJob[2].length >= 4 ? 2 : 1);
    return `Job ${code(unknownJob[1])} needs ${code(unknownJob[2])}, which is not a job of this workflow${meant ? `: did you mean ${code(meant)}?` : '.'} GitHub rejects the workflow.`;
  }
  const expected = problem.expected;
  const unexpected = /^Unexpected value '([\s\S]*)'$/.exec(problem.message)?.[1];
  if (expected && unexpected !== undefined) {
    if (expected.keys) {
      const keys = expected.keys.filter((key) => !PREVIEW_KEYS.has(key));
      const meant = meantKey(problem);
      const hint = meant ? ` Did you mean ${code(meant)}?` : keys.length <= 12 ? ` Allowed here: ${keys.map(code).join(', ')}.` : '';
      return `Unknown key ${code(unexpected)}: GitHub rejects the workflow.${hint}`;
    }
    if (expected.key && expected.values) {
      const choices = [...expected.values];
      if (expected.contexts && expected.contexts.length > 0) choices.push('a `${{ }}` expression');
      const constants = expected.values.filter((value) => value.startsWith('`')).map((value) => value.slice(1, -1));
      const meant = unexpected ? suggest(unexpected, constants) : undefined;
      const what = unexpected === '' ? `${code(expected.key)} has no value` : `Invalid value ${code(unexpected)} for ${code(expected.key)}`;
      return `${what}: expected ${oneOf(choices)}.${meant ? ` Did you mean ${code(meant)}?` : ''}`;
    }
  }
  const named = /^Unrecognized named-value: '([^']*)'/.exec(problem.message)?.[1];
  if (expected?.key && expected.contexts && named !== undefined) {
    if (expected.contexts.length === 0) {
      return `${code(expected.key)} cannot contain a \`\${{ }}\` expression: GitHub reads it before any context exists. Write the value literally.`;
    }
    const lead = CONTEXTS.has(named) ? `The ${code(named)} context is not available in ${code(expected.key)} here` : `Unknown context ${code(named)}`;
    return `${lead}: expressions in ${code(expected.key)} can read ${expected.contexts.map(code).join(', ')}.`;
  }
  if (/^Unexpected symbol: 'EOF'/.test(problem.message)) {
    return 'Incomplete expression: it ends before a `(`, `[` or string is closed.';
  }
  const duplicate = /^'([\s\S]*)' is already defined$/.exec(problem.message)?.[1];
  if (duplicate !== undefined) {
    return `Duplicate key ${code(duplicate)}: GitHub compares keys case-insensitively, so this repeats an earlier key of the same mapping. Keep one.`;
  }
  return polish(problem.message);
}

/** `uses` that GitHub refuses at run time but its parser lets through: no `@ref`, no owner. */
function checkUsesFormat(fact: UsesFact, doc: YamlDoc): ReportDraft | undefined {
  const { action, node } = fact;
  const raw = action.raw.trim();
  if (action.kind !== 'remote' || raw.includes('${{') || raw.startsWith('$/')) return undefined;
  const at = raw.lastIndexOf('@');
  const path = at === -1 ? raw : raw.slice(0, at);
  const segments = path.split('/').filter(Boolean);
  const range = doc.rangeOf(node);
  if (fact.at === 'job') {
    if (segments.length < 3 || at === -1 || at === raw.length - 1) {
      return { range, message: `${code(raw)} is not a reusable workflow reference: a job's \`uses\` must be \`owner/repo/.github/workflows/<file>.yml@<ref>\` or \`./.github/workflows/<file>.yml\`.` };
    }
    return undefined;
  }
  if (segments.length < 2) {
    return { range, message: `${code(raw)} is not an action reference: write \`owner/repo[/path]@<ref>\`, \`./path/to/action\` or \`docker://image\`.` };
  }
  if (at === -1 || at === raw.length - 1) {
    return { range, message: `${code(raw)} has no \`@<ref>\`: GitHub fails the job. Pin it to a commit SHA, e.g. \`${path}@<sha> # v1.2.3\`.` };
  }
  return undefined;
}

/** Whether job `from` reaches job `to` through `needs`: GitHub calls every unrunnable job a cycle. */
function needsReach(workflow: WorkflowFacts, from: string, to: string): boolean {
  const needs = new Map<string, string[]>();
  for (const job of workflow.jobs) {
    const value = getValue(job.map, 'needs');
    const single = scalarText(value);
    needs.set(job.id, single !== undefined ? [single] : itemsOf(value).map(scalarText).filter((id): id is string => id !== undefined));
  }
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const job = queue.shift()!;
    for (const next of needs.get(job) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

function positionKey(range: Range['start']): string {
  return `${range.line}:${range.character}`;
}

export default defineYamlRule({
  id: 'gha/invalid-workflow',
  title: 'Invalid GitHub Actions workflow',
  severity: 'error',
  tags: ['schema'],
  gate: 'valid-config',
  fixable: false,
  description:
    "Workflow structure and expression errors found by GitHub's own workflow parser: unknown keys, wrong types, bad `${{ }}` expressions, unknown contexts, `needs` on a missing job, malformed `uses`.",
  kinds: ['gha-workflow'],
  check({ doc, file, report }) {
    if (doc.index > 0) {
      // GitHub reads one YAML document per workflow file.
      if (doc.contents !== null) {
        report({
          range: doc.rangeAt(0, Math.min(3, doc.text.length)),
          message: 'A second YAML document in a workflow file: GitHub reads a workflow as a single document and rejects the file. Remove this `---` or move the document to its own file.',
        });
      }
      return;
    }
    // Documents with structural YAML errors never reach this rule (the engine gives them only to
    // yaml/syntax-error); duplicate keys leave the tree whole, so the workflow is still checked.
    if (doc.contents === null) return;
    // Every key yaml saw twice (yaml/syntax-error reports one per line; GitHub's parser one per key).
    const duplicateKeys = new Set(doc.doc.errors.filter((error) => error.code === 'DUPLICATE_KEY').map((error) => positionKey(doc.positionAt(error.pos[0]))));
    const problems = validateWorkflowTemplate(doc, file.path);
    const typos = problems.flatMap((problem) => {
      const meant = meantKey(problem);
      return meant && problem.range ? [{ meant, range: problem.range }] : [];
    });
    const reported = new Set<string>();
    for (const problem of problems) {
      const range = problem.range ?? doc.rangeAt(0, 0);
      // yaml/syntax-error already reports a key written twice.
      if (/ is already defined$/.test(problem.message) && duplicateKeys.has(positionKey(range.start))) continue;
      // `runs_on:` is one mistake: the unknown key says it, "runs-on is missing" would repeat it.
      const missing = /^Required property is missing: (.+)$/.exec(problem.message)?.[1];
      if (missing && typos.some((typo) => typo.meant === missing && contains(range, typo.range))) continue;
      // A job behind an unknown one is not in a cycle; the unknown job is the finding.
      const cycle = /^Job '(.+)' depends on job '(.+)' which creates a cycle/.exec(problem.message);
      if (cycle && !needsReach(workflowFacts(doc), cycle[2], cycle[1])) continue;
      const where = `${positionKey(range.start)}-${positionKey(range.end)}`;
      if (reported.has(where) && FOLLOW_ON.test(problem.message)) continue;
      reported.add(where);
      report({ range, message: explain(problem, workflowFacts(doc).jobs.map((job) => job.id)) });
    }
    for (const fact of workflowFacts(doc).uses) {
      const draft = checkUsesFormat(fact, doc);
      if (draft) report(draft);
    }
  },
});
