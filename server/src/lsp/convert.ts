import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Finding, Severity, TextEdit } from '../engine/model';

// Paths and URIs: the engine keys files by absolute path; documents that are not on disk (untitled
// buffers) keep their URI as their key.

export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function pathToUri(file: string): string {
  return file.includes('://') || file.startsWith('untitled:') ? file : pathToFileURL(file).href;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(finding: Finding, docsUrl: (ruleId: string) => string): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: 'shipshape',
    message: finding.message,
    ...(finding.related?.length
      ? { relatedInformation: finding.related.map((item) => ({ location: { uri: pathToUri(item.file), range: item.range }, message: item.message })) }
      : {}),
  };
}

/** Is this diagnostic the one this finding was published as? (Clients echo diagnostics back.) */
export function sameFinding(diagnostic: Diagnostic, finding: Finding): boolean {
  return (
    diagnostic.code === finding.ruleId &&
    diagnostic.message === finding.message &&
    diagnostic.range.start.line === finding.range.start.line &&
    diagnostic.range.start.character === finding.range.start.character
  );
}

export function toWorkspaceEdit(edits: readonly TextEdit[]): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) (changes[pathToUri(edit.file)] ??= []).push({ range: edit.range, newText: edit.newText });
  return { changes };
}
