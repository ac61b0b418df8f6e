import type { FileKind, Range, RelatedLocation, Severity } from '../model';
import { ALL_FILE_KINDS } from '../model';
import type { GateId } from '../gates';
import type { LineIndex } from '../text';
import type { YamlDoc } from '../yaml/document';
import type { WorkspaceIndex } from '../workspace';
import type { ActionFacts, UsesFact, WorkflowFacts } from '../facts/gha';
import type { K8sDocFacts } from '../facts/k8s';
import type { TerraformFileFacts } from '../facts/terraform';
import type { GitlabFileFacts } from '../facts/gitlab-jobs';
import { gitlabFacts } from '../facts/gitlab-jobs';
import { actionFacts, k8sFacts, workflowFacts } from '../facts/store';

// A rule is data (its metadata) plus one small `check` function, written against the typed facts
// of the file kind it reads. `defineXRule` helpers wire a check to its facts; the engine only sees
// the uniform `Rule` they return.

export interface RuleMeta {
  /** `<domain>/<kebab-name>`, stable forever once released. */
  id: string;
  title: string;
  severity: Severity;
  tags: readonly string[];
  /** The readiness gate the findings feed; null for Shipshape's own housekeeping rules. */
  gate: GateId | null;
  fixable: boolean;
  /** Its fix changes nothing a reviewer must judge, so `source.fixAll` may apply it unattended. */
  autoFix?: boolean;
  /** One sentence: what the rule catches. */
  description: string;
}

export interface EditDraft {
  range: Range;
  newText: string;
  /** Defaults to the file being checked. */
  file?: string;
}

export interface FixDraft {
  title: string;
  edits: EditDraft[];
}

export interface ReportDraft {
  range: Range;
  /**
   * Says what is wrong and what to do. Never an absolute line number: findings of YAML rules are kept
   * with their document and moved when lines above it change (say "the line above" instead).
   */
  message: string;
  /** Defaults to the rule's severity (configuration may still override it). */
  severity?: Severity;
  fixes?: FixDraft[];
  related?: RelatedLocation[];
}

export interface FileInfo {
  /** Absolute path (or the document URI for files that are not on disk). */
  path: string;
  kind: FileKind;
  text: string;
  lines: LineIndex;
}

export interface RuleContext {
  file: FileInfo;
  workspace: WorkspaceIndex;
  report(draft: ReportDraft): void;
}

export interface YamlRuleContext extends RuleContext {
  doc: YamlDoc;
}

export interface WorkflowRuleContext extends YamlRuleContext {
  workflow: WorkflowFacts;
}

export interface GhaRuleContext extends YamlRuleContext {
  /** Every `uses:` of a workflow or composite action. */
  uses: UsesFact[];
  workflow?: WorkflowFacts;
  action?: ActionFacts;
}

export interface K8sRuleContext extends YamlRuleContext {
  k8s: K8sDocFacts;
}

export interface GitlabRuleContext extends YamlRuleContext {
  gitlab: GitlabFileFacts;
}

export interface TerraformRuleContext extends RuleContext {
  terraform: TerraformFileFacts;
}

/** What the engine hands to every rule; `doc` is set for YAML rules, `terraform` for HCL rules. */
export interface EngineRuleContext extends RuleContext {
  doc?: YamlDoc;
  terraform?: TerraformFileFacts;
}

export type RuleTarget = 'yaml-document' | 'hcl-file' | 'text-file' | 'meta';

export interface Rule extends RuleMeta {
  kinds: ReadonlySet<FileKind>;
  /**
   * `yaml-document` rules run once per document, `hcl-file` once per file, `text-file` once per file
   * of any kind on its raw text; `meta` rules are reported by the engine itself.
   */
  target: RuleTarget;
  /** Reads the workspace index: re-run when the index changes, never cached with the document. */
  usesWorkspace: boolean;
  run(context: EngineRuleContext): void;
}

interface Definition<C> extends RuleMeta {
  usesWorkspace?: boolean;
  check(context: C): void;
}

function requireDoc(context: EngineRuleContext): YamlDoc {
  if (!context.doc) throw new Error('YAML rule run without a document');
  return context.doc;
}

/** A rule over any YAML document of the given kinds. */
export function defineYamlRule(definition: Definition<YamlRuleContext> & { kinds: readonly FileKind[] }): Rule {
  return {
    ...definition,
    kinds: new Set(definition.kinds),
    target: 'yaml-document',
    usesWorkspace: definition.usesWorkspace ?? false,
    run: (context) => definition.check({ ...context, doc: requireDoc(context) }),
  };
}

/** A rule over GitHub Actions workflows only. */
export function defineWorkflowRule(definition: Definition<WorkflowRuleContext>): Rule {
  return {
    ...definition,
    kinds: new Set<FileKind>(['gha-workflow']),
    target: 'yaml-document',
    usesWorkspace: definition.usesWorkspace ?? false,
    run: (context) => {
      const doc = requireDoc(context);
      if (doc.index === 0) definition.check({ ...context, doc, workflow: workflowFacts(doc) });
    },
  };
}

/** A rule over the `uses:` of workflows and composite actions alike. */
export function defineGhaRule(definition: Definition<GhaRuleContext>): Rule {
  return {
    ...definition,
    kinds: new Set<FileKind>(['gha-workflow', 'gha-action']),
    target: 'yaml-document',
    usesWorkspace: definition.usesWorkspace ?? false,
    run: (context) => {
      const doc = requireDoc(context);
      if (doc.index !== 0) return;
      if (context.file.kind === 'gha-workflow') {
        const workflow = workflowFacts(doc);
        definition.check({ ...context, doc, uses: workflow.uses, workflow });
      } else {
        const action = actionFacts(doc);
        definition.check({ ...context, doc, uses: action.uses, action });
      }
    },
  };
}

/** A rule over Kubernetes objects, one document at a time. */
export function defineK8sRule(definition: Definition<K8sRuleContext>): Rule {
  return {
    ...definition,
    kinds: new Set<FileKind>(['k8s']),
    target: 'yaml-document',
    usesWorkspace: definition.usesWorkspace ?? false,
    run: (context) => {
      const doc = requireDoc(context);
      const k8s = k8sFacts(doc);
      if (k8s.objects.length > 0) definition.check({ ...context, doc, k8s });
    },
  };
}

/** A rule over GitLab CI files, one document at a time (a CI/CD component's `spec:` header is a document of its own). */
export function defineGitlabRule(definition: Definition<GitlabRuleContext>): Rule {
  return {
    ...definition,
    kinds: new Set<FileKind>(['gitlab-ci']),
    target: 'yaml-document',
    usesWorkspace: definition.usesWorkspace ?? false,
    run: (context) => {
      const doc = requireDoc(context);
      definition.check({ ...context, doc, gitlab: gitlabFacts(doc) });
    },
  };
}

/** A rule over one Terraform file (with the rest of its module through the workspace index). */
export function defineTerraformRule(definition: Definition<TerraformRuleContext> & { kinds?: readonly FileKind[] }): Rule {
  return {
    ...definition,
    kinds: new Set<FileKind>(definition.kinds ?? ['terraform']),
    target: 'hcl-file',
    usesWorkspace: definition.usesWorkspace ?? false,
    run: (context) => {
      if (!context.terraform) throw new Error('Terraform rule run without facts');
      definition.check({ ...context, terraform: context.terraform });
    },
  };
}

/** A rule over the raw text of whole files, of every kind unless `kinds` says otherwise (the secret scan). */
export function defineTextRule(definition: Definition<RuleContext> & { kinds?: readonly FileKind[] }): Rule {
  return {
    ...definition,
    kinds: new Set<FileKind>(definition.kinds ?? ALL_FILE_KINDS),
    target: 'text-file',
    usesWorkspace: false,
    run: (context) => definition.check(context),
  };
}

/** A rule whose findings the engine itself reports (suppressions, configuration, unreadable files). */
export function defineMetaRule(definition: RuleMeta): Rule {
  return { ...definition, kinds: new Set(), target: 'meta', usesWorkspace: false, run: () => undefined };
}
