import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import type { Finding, TextEdit } from '../engine/model';
import { comparePositions } from '../engine/model';
import { LineIndex, indentationOf, lineBreakOf } from '../engine/text';
import { parseSuppressions } from '../engine/suppress';
import { sameFinding, toWorkspaceEdit } from './convert';

export const FIX_ALL_KIND = 'source.fixAll.shipshape';

/** What a "suppress" action writes until the user says why; Shipshape reports it as a missing reason. */
export const REASON_PLACEHOLDER = 'TODO: say why this is acceptable';

export interface CodeActionInput {
  file: string;
  text: string;
  findings: readonly Finding[];
  diagnostics: readonly Diagnostic[];
  only?: readonly string[];
  allowSlashComments: boolean;
  /** Rules whose fix is safe to apply without review (`source.fixAll`). */
  isSafeToApplyAll: (ruleId: string) => boolean;
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

export function buildCodeActions(input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  const lines = new LineIndex(input.text);
  if (wants(input.only, CodeActionKind.QuickFix)) {
    const seenRules = new Set<string>();
    for (const diagnostic of input.diagnostics) {
      if (diagnostic.source !== 'shipshape') continue;
      const finding = input.findings.find((candidate) => sameFinding(diagnostic, candidate));
      if (!finding) continue;
      (finding.fixes ?? []).forEach((fix, index) => {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: index === 0 && finding.fixes!.length === 1,
          edit: toWorkspaceEdit(fix.edits),
        });
      });
      if (finding.ruleId.startsWith('shipshape/')) continue; // housekeeping findings are fixed, not suppressed
      const key = `${finding.ruleId}:${finding.range.start.line}`;
      if (seenRules.has(key)) continue;
      seenRules.add(key);
      actions.push({
        title: `Suppress ${finding.ruleId} on this line (with reason)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: toWorkspaceEdit([suppressLineEdit(input, lines, finding)]),
      });
      actions.push({
        title: `Suppress ${finding.ruleId} in this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: toWorkspaceEdit([suppressFileEdit(input, lines, finding.ruleId)]),
      });
    }
  }
  if (input.only && wants(input.only, FIX_ALL_KIND) && input.only.some((kind) => FIX_ALL_KIND.startsWith(kind))) {
    const edits = fixAllEdits(input);
    if (edits.length > 0) actions.push({ title: 'Fix all safe Shipshape problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(edits) });
  }
  return actions;
}

/** Adds the rule to an existing suppression of that line, or writes a new comment above it. */
function suppressLineEdit(input: CodeActionInput, lines: LineIndex, finding: Finding): TextEdit {
  const line = finding.range.start.line;
  const existing = parseSuppressions(lines, input.allowSlashComments).find((suppression) => suppression.scope === 'line' && suppression.targetLine === line);
  if (existing) return addToSuppression(input.file, existing.rules[existing.rules.length - 1]?.range.end ?? existing.commentRange.start, finding.ruleId, existing.rules.length > 0);
  const indent = indentationOf(lines.lineText(line));
  const eol = lineBreakOf(input.text);
  return {
    file: input.file,
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}# shipshape-ignore[${finding.ruleId}] ${REASON_PLACEHOLDER}${eol}`,
  };
}

function suppressFileEdit(input: CodeActionInput, lines: LineIndex, ruleId: string): TextEdit {
  const existing = parseSuppressions(lines, input.allowSlashComments).find((suppression) => suppression.scope === 'file');
  if (existing) return addToSuppression(input.file, existing.rules[existing.rules.length - 1]?.range.end ?? existing.commentRange.start, ruleId, existing.rules.length > 0);
  return {
    file: input.file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    newText: `# shipshape-ignore-file[${ruleId}] ${REASON_PLACEHOLDER}${lineBreakOf(input.text)}`,
  };
}

function addToSuppression(file: string, at: TextEdit['range']['start'], ruleId: string, hasRules: boolean): TextEdit {
  return { file, range: { start: at, end: at }, newText: hasRules ? `, ${ruleId}` : ruleId };
}

/** The single fix of every finding whose rule is safe to fix unattended, without overlapping edits. */
function fixAllEdits(input: CodeActionInput): TextEdit[] {
  const chosen: TextEdit[] = [];
  for (const finding of input.findings) {
    if (finding.fixes?.length !== 1 || !input.isSafeToApplyAll(finding.ruleId)) continue;
    const edits = finding.fixes[0].edits;
    if (edits.some((edit) => edit.file !== input.file)) continue;
    const overlaps = edits.some((edit) => chosen.some((other) => comparePositions(edit.range.start, other.range.end) < 0 && comparePositions(other.range.start, edit.range.end) < 0));
    if (!overlaps) chosen.push(...edits);
  }
  return chosen;
}
