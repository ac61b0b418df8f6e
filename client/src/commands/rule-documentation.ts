import * as vscode from 'vscode';
import type { RuleDoc } from '../rule-docs';
import { RULE_ID, parseRuleIndex, rulePage } from '../rule-docs';

// "Shipshape: Show Rule Documentation": the pages shipped in the extension (docs/rules/), opened in
// the Markdown preview. Takes a rule id (from the panel or a link) or asks with a quick pick.

async function readRules(docsRoot: vscode.Uri): Promise<RuleDoc[]> {
  try {
    const index = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(docsRoot, 'README.md'));
    const rules = parseRuleIndex(new TextDecoder().decode(index));
    if (rules.length > 0) return rules;
  } catch {
    // No index: fall back to the pages themselves.
  }
  const rules: RuleDoc[] = [];
  for (const [domain, type] of await vscode.workspace.fs.readDirectory(docsRoot)) {
    if (!(type & vscode.FileType.Directory)) continue;
    for (const [name] of await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(docsRoot, domain))) {
      const id = `${domain}/${name.replace(/\.md$/, '')}`;
      if (name.endsWith('.md') && RULE_ID.test(id)) rules.push({ id, title: id, page: `${id}.md` });
    }
  }
  return rules.sort((a, b) => a.id.localeCompare(b.id));
}

async function openPage(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri);
  }
}

export async function showRuleDocumentation(extensionUri: vscode.Uri, argument?: unknown): Promise<void> {
  const docsRoot = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  const asked = typeof argument === 'string' ? argument : typeof argument === 'object' && argument !== null ? (argument as { ruleId?: unknown }).ruleId : undefined;
  if (typeof asked === 'string' && asked !== '') {
    const page = rulePage(asked);
    const uri = page && vscode.Uri.joinPath(docsRoot, ...page.split('/'));
    const found = uri && (await Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false));
    if (!uri || !found) {
      void vscode.window.showWarningMessage(`Shipshape: there is no rule \`${asked}\`. Run "Shipshape: Show Rule Documentation" to pick one.`);
      return;
    }
    await openPage(uri);
    return;
  }
  let rules: RuleDoc[];
  try {
    rules = await readRules(docsRoot);
  } catch {
    rules = [];
  }
  if (rules.length === 0) {
    void vscode.window.showWarningMessage('Shipshape: the rule documentation is missing from this installation.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    rules.map((rule) => ({
      label: rule.id,
      description: rule.title,
      detail: [rule.severity && `default severity: ${rule.severity}`, rule.gate && `readiness gate: ${rule.gate}`].filter(Boolean).join(' · ') || undefined,
      rule,
    })),
    { placeHolder: 'Rule to show the documentation of', matchOnDescription: true, matchOnDetail: true },
  );
  if (picked) await openPage(vscode.Uri.joinPath(docsRoot, ...picked.rule.page.split('/')));
}
