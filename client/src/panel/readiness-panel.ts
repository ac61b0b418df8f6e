import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReadinessStore } from '../readiness-store';
import { renderBody, renderPage } from './render';

// The "Deploy Readiness" webview: one per window, re-rendered from the store whenever the server
// says a folder's report changed. The webview only posts intents (open this evidence, re-scan);
// the extension checks each one against what it rendered before acting.

export const READINESS_VIEW_TYPE = 'shipshape.readiness';
const TITLE = 'Deploy Readiness';

type PanelMessage =
  | { type: 'open'; folder: string; file: string; range: number[] }
  | { type: 'showRule'; ruleId: string }
  | { type: 'rescan' }
  | { type: 'refresh' };

export class ReadinessPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ReadinessStore,
  ) {
    this.subscription = store.onDidChange(() => this.update());
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    this.adopt(vscode.window.createWebviewPanel(READINESS_VIEW_TYPE, TITLE, { viewColumn: column, preserveFocus: false }, this.webviewOptions()));
    if (!this.store.hasReports()) void this.store.refresh();
  }

  /** Takes over a new panel, or one VS Code restored after a reload (the serializer). */
  adopt(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.title = TITLE;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'logo.svg');
    panel.webview.options = this.webviewOptions();
    this.panelDisposables = [
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const disposable of this.panelDisposables) disposable.dispose();
        this.panelDisposables = [];
      }),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)),
    ];
    this.renderFull();
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private renderFull(): void {
    const panel = this.panel;
    if (!panel) return;
    const webview = panel.webview;
    const media = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', name)).toString();
    webview.html = renderPage(this.store.state(), {
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      styleUri: media('panel.css'),
      logoUri: media('logo.svg'),
    });
  }

  private update(): void {
    const panel = this.panel;
    if (!panel) return;
    // A hidden webview is rebuilt from `html` when it is shown again, so keep that current instead.
    if (!panel.visible) {
      this.renderFull();
      return;
    }
    // A visible one swaps its body in place, keeping scroll position and focus.
    panel.webview.postMessage({ type: 'update', html: renderBody(this.store.state()) }).then(
      (delivered) => {
        if (!delivered) this.renderFull();
      },
      () => this.renderFull(),
    );
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'open':
        await this.openEvidence(message);
        break;
      case 'showRule':
        await vscode.commands.executeCommand('shipshape.showRuleDocumentation', message.ruleId);
        break;
      case 'rescan':
        await vscode.commands.executeCommand('shipshape.rescanWorkspace');
        break;
      case 'refresh':
        await this.store.refresh();
        break;
    }
  }

  private async openEvidence(message: Extract<PanelMessage, { type: 'open' }>): Promise<void> {
    // Only files inside a folder this panel shows; the webview's word is not enough.
    if (!this.store.currentReports().some((report) => report.root === message.folder)) return;
    const target = path.resolve(message.folder, message.file);
    const relative = path.relative(message.folder, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return;
    const uri = vscode.Uri.file(target);
    const [startLine = 0, startCharacter = 0, endLine = startLine, endCharacter = startCharacter] = message.range;
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const start = document.validatePosition(new vscode.Position(startLine, startCharacter));
      const end = document.validatePosition(new vscode.Position(endLine, endCharacter));
      const selection = new vscode.Selection(start, end);
      const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
      const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection, preview: false });
      editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch {
      // A unit's directory, or a file deleted since the report: show it in the explorer or say so.
      const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      if (stat && stat.type & vscode.FileType.Directory) await vscode.commands.executeCommand('revealInExplorer', uri);
      else void vscode.window.showWarningMessage(`Shipshape: ${message.file} cannot be opened; it may have been moved or deleted. Re-scan to refresh the panel.`);
    }
  }
}

function parseMessage(raw: unknown): PanelMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'open': {
      const range = Array.isArray(message.range) ? message.range : [];
      if (typeof message.folder !== 'string' || typeof message.file !== 'string' || message.file === '') return undefined;
      const numbers = range.map(Number).filter((value) => Number.isInteger(value) && value >= 0);
      return { type: 'open', folder: message.folder, file: message.file, range: numbers.length === range.length ? numbers : [] };
    }
    case 'showRule':
      return typeof message.ruleId === 'string' ? { type: 'showRule', ruleId: message.ruleId } : undefined;
    case 'rescan':
    case 'refresh':
      return { type: message.type };
    default:
      return undefined;
  }
}
