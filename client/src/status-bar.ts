import * as vscode from 'vscode';
import type { ReadinessStore } from './readiness-store';
import { statusBarContent } from './summary';

// The repository verdict at a glance; a click opens the panel. Shown whenever a folder is open
// and Shipshape is enabled for at least one of them.

export class ReadinessStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly store: ReadinessStore) {
    this.item = vscode.window.createStatusBarItem('shipshape.readiness', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Shipshape Readiness';
    this.item.command = 'shipshape.showReadiness';
    const subscription = store.onDidChange(() => this.update());
    this.disposables.push(
      this.item,
      { dispose: () => subscription.dispose() },
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('shipshape.enable')) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const enabled = folders.some((folder) => vscode.workspace.getConfiguration('shipshape', folder.uri).get<boolean>('enable', true));
    if (!enabled) {
      this.item.hide();
      return;
    }
    const state = this.store.state();
    let text: string;
    let tooltip: string;
    if (state.kind === 'reports') ({ text, tooltip } = statusBarContent(state.reports));
    else if (state.kind === 'analysing') {
      text = '$(sync~spin) Shipshape: Analysing…';
      tooltip = 'Shipshape is reading the workspace.';
    } else {
      text = '$(loading~spin) Shipshape: Starting…';
      tooltip = state.kind === 'starting' && state.detail ? state.detail : 'The Shipshape language server is starting.';
    }
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, ''), role: 'button' };
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
