import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import type { ReadinessReport } from '../../server/src/engine/readiness/types';
import { createConfig } from './commands/create-config';
import { showRuleDocumentation } from './commands/rule-documentation';
import { READINESS_VIEW_TYPE, ReadinessPanel } from './panel/readiness-panel';
import { ReadinessStore } from './readiness-store';
import { ReadinessStatusBar } from './status-bar';

// The client is UI only: it starts the language server over IPC and shows what the server computes
// (diagnostics, the readiness report). Every analysis lives in the server, so the CLI and the editor
// always agree.

const READINESS_REQUEST = 'shipshape/readiness';
const READINESS_CHANGED = 'shipshape/readinessChanged';
const RESCAN_REQUEST = 'shipshape/rescan';

let client: LanguageClient | undefined;

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'github-actions-workflow' },
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', pattern: '**/*.{tf,tfvars}' },
      // Any other file on disk: the secret rules read every text file, as you type too.
      { scheme: 'file' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'terraform' },
    ],
    diagnosticPullOptions: { onChange: true, onSave: true },
  };
  return new LanguageClient('shipshape', 'Shipshape', serverOptions, clientOptions);
}

function folderParams(argument: unknown): { folderUri?: string } {
  if (argument instanceof vscode.Uri) return { folderUri: argument.toString() };
  if (typeof argument === 'string' && argument !== '') return { folderUri: argument };
  if (typeof argument === 'object' && argument !== null && typeof (argument as { folderUri?: unknown }).folderUri === 'string') {
    return { folderUri: (argument as { folderUri: string }).folderUri };
  }
  return {};
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const languageClient = createClient(context);
  client = languageClient;
  // Start the server first: the panel, status bar and commands below are quick to set up, and the
  // first diagnostics should not wait for them.
  const starting = languageClient.start();

  const store = new ReadinessStore(
    { request: (folderUri) => languageClient.sendRequest<ReadinessReport[]>(READINESS_REQUEST, folderUri ? { folderUri } : {}) },
    { folderRoots: () => (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath) },
  );
  const panel = new ReadinessPanel(context.extensionUri, store);
  const statusBar = new ReadinessStatusBar(store);

  context.subscriptions.push(
    { dispose: () => store.dispose() },
    panel,
    statusBar,
    languageClient.onNotification(READINESS_CHANGED, (params: unknown) => {
      const folderUri = (params as { folderUri?: unknown } | undefined)?.folderUri;
      store.folderChanged(typeof folderUri === 'string' ? folderUri : undefined);
    }),
    // Covers the first start and every restart (the command, or a crash the client recovers from).
    languageClient.onDidChangeState((event) => {
      if (event.newState === State.Running) store.invalidate();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => store.invalidate()),
    vscode.window.registerWebviewPanelSerializer(READINESS_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel) => panel.adopt(webviewPanel),
    }),
    vscode.commands.registerCommand('shipshape.showReadiness', () => panel.show()),
    vscode.commands.registerCommand('shipshape.rescanWorkspace', async () => {
      try {
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Shipshape: re-scanning the workspace…' },
          () => languageClient.sendRequest<{ files: number }>(RESCAN_REQUEST, {}),
        );
        vscode.window.setStatusBarMessage(`Shipshape re-scanned ${result?.files ?? 0} files.`, 5000);
        await store.refresh();
        return result;
      } catch (error) {
        void vscode.window.showErrorMessage(`Shipshape could not re-scan the workspace: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('shipshape.createConfig', (folder?: unknown) => createConfig(folder)),
    vscode.commands.registerCommand('shipshape.showRuleDocumentation', (ruleId?: unknown) => showRuleDocumentation(context.extensionUri, ruleId)),
    vscode.commands.registerCommand('shipshape.restartServer', async () => {
      await languageClient.restart();
    }),
    // For extension-host tests and scripts: the reports, fresh from the server (errors propagate).
    vscode.commands.registerCommand('shipshape.getReadinessReport', (folder?: unknown) =>
      languageClient.sendRequest<ReadinessReport[]>(READINESS_REQUEST, folderParams(folder)),
    ),
  );

  try {
    await starting;
  } catch (error) {
    // The panel and status bar keep saying "starting" and retry; say once why nothing shows.
    void vscode.window.showErrorMessage(`Shipshape: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping?.needsStop()) await stopping.stop();
}
