// The contracts every other part relies on (DESIGN §4). Positions are 0-based, columns in UTF-16
// code units, exactly as in LSP, so adapters never convert.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Higher is more severe; used for `--fail-on` and sorting. */
export function severityRank(severity: Severity): number {
  return severity === 'error' ? 3 : severity === 'warning' ? 2 : 1;
}

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

/**
 * The kinds of file Shipshape understands. `text` is any other text file (only the secret rules
 * read it), `dotenv` a `.env` file and `tfstate` a Terraform state file.
 */
export type FileKind =
  | 'gha-workflow'
  | 'gha-action'
  | 'gitlab-ci'
  | 'k8s'
  | 'kustomization'
  | 'helm-template'
  | 'helm-values'
  | 'terraform'
  | 'tfvars'
  | 'shipshape-config'
  | 'text'
  | 'dotenv'
  | 'tfstate';

/** Files no specific kind claims: read by the whole-file text rules only. */
export const TEXT_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['text', 'dotenv', 'tfstate']);

export const ALL_FILE_KINDS: readonly FileKind[] = [
  'gha-workflow',
  'gha-action',
  'gitlab-ci',
  'k8s',
  'kustomization',
  'helm-template',
  'helm-values',
  'terraform',
  'tfvars',
  'shipshape-config',
  'text',
  'dotenv',
  'tfstate',
];

export const YAML_KINDS: ReadonlySet<FileKind> = new Set<FileKind>([
  'gha-workflow',
  'gha-action',
  'gitlab-ci',
  'k8s',
  'kustomization',
  'helm-values',
  'shipshape-config',
]);

export const HCL_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['terraform', 'tfvars']);

export function rangeOf(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return comparePositions(a.range.start, b.range.start) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
