import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import type { LanguageClientOptions } from 'vscode-languageclient/node';
import type { ReadinessReport } from '../../server/src/engine/readiness/types';
import { createConfig } from './commands/create-config';
import { showRuleDocumentation } from './commands/rule-documentation';
import { READINESS_VIEW_TYPE, ReadinessPanel } from './panel/readiness-panel';
import { ReadinessStore } from './readiness-store';
import { ServerProcess } from './server-process';
import { ReadinessStatusBar } from './status-bar';

// The client is UI only: it starts the language server over IPC and shows what the server computes
// (diagnostics, the readiness report). Every analysis lives in the server, so the CLI and the editor
// always agree.

const READINESS_REQUEST = 'shipshape/readiness';
const READINESS_CHANGED = 'shipshape/readinessChanged';
const RESCAN_REQUEST = 'shipshape/rescan';

let client: LanguageClient | undefined;
let serverProcess: ServerProcess | undefined;

/**
 * Where Node keeps V8's compiled code for the server, so every start after the first skips compiling
 * the bundle (the server writes it once it has answered its first diagnostics). Per user, in the
 * temporary directory: the extension's storage is not known until activation.
 */
function compileCacheDir(): string {
  return path.join(os.tmpdir(), `shipshape-compile-cache-${process.getuid?.() ?? 'user'}`);
}

/** The server bundle next to this one, forked now (and on every restart). */
function forkServer(execArgv: string[] = []): ServerProcess {
  const server = new ServerProcess(path.join(__dirname, 'server.js'), { NODE_COMPILE_CACHE: compileCacheDir() }, execArgv);
  server.prefork();
  return server;
}

// VS Code loads this module only to activate the extension, and prepares the extension's context
// meanwhile (up to 150 ms on a busy extension host): the server is forked now and boots during it.
const earlyServer = forkServer();

function startServerProcess(context: vscode.ExtensionContext): ServerProcess {
  if (context.extensionMode !== vscode.ExtensionMode.Development) return earlyServer;
  // Debugging the extension: a server that waits for the debugger instead.
  earlyServer.dispose();
  return forkServer(['--nolazy', '--inspect=6010']);
}

/**
 * The settings the server reads, as `workspace/configuration` would answer for its two sections:
 * the window's, or a workspace folder's (which may override them).
 */
function currentSettings(scope?: vscode.Uri): { shipshape: Record<string, unknown>; files: Record<string, unknown> } {
  const shipshape = vscode.workspace.getConfiguration('shipshape', scope);
  const files = vscode.workspace.getConfiguration('files', scope);
  return {
    shipshape: { enable: shipshape.get('enable'), rules: shipshape.get('rules'), exclude: shipshape.get('exclude') },
    files: { exclude: files.get('exclude') },
  };
}

function createClient(server: ServerProcess): LanguageClient {
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
    // The settings travel with `initialize` (read again on every restart), so the server's first
    // analysis needs no configuration request; later changes arrive as configuration changes.
    initializationOptions: () => ({
      settings: currentSettings(),
      folderSettings: Object.fromEntries((vscode.workspace.workspaceFolders ?? []).map((folder) => [folder.uri.toString(), currentSettings(folder.uri)])),
    }),
  };
  const languageClient = new LanguageClient('shipshape', 'Shipshape', server.transports, clientOptions);
  server.setOutput((text) => languageClient.outputChannel.append(text));
  return languageClient;
}

function folderParams(argument: unknown): { folderUri?: string } {
  if (argument instanceof vscode.Uri) return { folderUri: argument.toString() };
  if (typeof argument === 'string' && argument !== '') return { folderUri: argument };
  if (typeof argument === 'object' && argument !== null && typeof (argument as { folderUri?: unknown }).folderUri === 'string') {
    return { folderUri: (argument as { folderUri: string }).folderUri };
  }
  return {};
}

/**
 * Logs, once, when the first Shipshape diagnostics reach the editor: with the server's own start-up
 * lines it shows where the time to the first squiggle goes (the e2e benchmark reads it).
 */
function logFirstDiagnostics(languageClient: LanguageClient, activatedAt: number): vscode.Disposable {
  const listener = vscode.languages.onDidChangeDiagnostics((event) => {
    const ours = event.uris.some((uri) => vscode.languages.getDiagnostics(uri).some((diagnostic) => diagnostic.source === 'shipshape'));
    if (!ours) return;
    listener.dispose();
    languageClient.outputChannel.appendLine(`First diagnostics reached the editor ${Date.now() - activatedAt} ms after the extension activated`);
  });
  return listener;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const activatedAt = Date.now();
  const server = startServerProcess(context);
  serverProcess = server;
  const languageClient = createClient(server);
  client = languageClient;
  // Start the server first: the panel, status bar and commands below are quick to set up, and the
  // first diagnostics should not wait for them.
  const starting = languageClient.start();
  context.subscriptions.push(logFirstDiagnostics(languageClient, activatedAt));

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
      if (event.newState === State.Stopped) server.stopped();
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
  const server = serverProcess;
  client = undefined;
  serverProcess = undefined;
  try {
    if (stopping?.needsStop()) await stopping.stop();
  } finally {
    // The extension host is going away: no server may outlive it.
    server?.dispose();
  }
}
