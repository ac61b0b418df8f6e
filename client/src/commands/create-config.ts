import * as vscode from 'vscode';
import { STARTER_CONFIG } from '../starter-config';

const CONFIG_NAMES = ['.shipshape.yaml', '.shipshape.yml'];

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** "Shipshape: Create .shipshape.yaml": a commented starter at the folder root; never overwrites. */
export async function createConfig(folderArgument?: unknown): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('Shipshape: open a folder first. `.shipshape.yaml` lives at the root of a workspace folder.');
    return undefined;
  }
  const asked = folderArgument instanceof vscode.Uri ? vscode.workspace.getWorkspaceFolder(folderArgument) : undefined;
  const folder =
    asked ??
    (folders.length === 1
      ? folders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder to create .shipshape.yaml in' }));
  if (!folder) return undefined;
  for (const name of CONFIG_NAMES) {
    const existing = vscode.Uri.joinPath(folder.uri, name);
    if (await exists(existing)) {
      await vscode.window.showTextDocument(existing);
      void vscode.window.showInformationMessage(`Shipshape: ${name} already exists in ${folder.name}; opened it.`);
      return existing;
    }
  }
  const uri = vscode.Uri.joinPath(folder.uri, CONFIG_NAMES[0]!);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_CONFIG));
  await vscode.window.showTextDocument(uri);
  return uri;
}
