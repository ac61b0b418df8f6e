import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { DIST } from './workspace';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string;
  codeDescription?: { href: string };
  source?: string;
  message: string;
}

export interface StartOptions {
  root: string;
  /** Advertise pull diagnostics (the server then stops pushing). */
  pull?: boolean;
  settings?: Record<string, unknown>;
  /** Sent with `initialize` as the `shipshape` section (what the extension does). */
  initialSettings?: Record<string, unknown>;
  /** More workspace folders (multi-root). */
  extraRoots?: string[];
  /** A folder's own `shipshape` section (by root), answered for its scopeUri; or sent with `initialize`. */
  folderSettings?: Record<string, Record<string, unknown>>;
  sendFolderSettings?: boolean;
  debounceMs?: number;
}

/** A minimal LSP client speaking to `node dist/server.js --stdio` with real JSON-RPC messages. */
export class LspClient {
  readonly published: PublishedDiagnostics[] = [];
  readonly logs: string[] = [];
  /** `shipshape/readinessChanged` notifications received, by folder URI. */
  readonly readinessChanges: string[] = [];
  settings: Record<string, unknown>;
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly process: ChildProcess,
    readonly connection: MessageConnection,
    readonly root: string,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [path.join(DIST, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options.root, options.settings ?? {});
    child.stderr!.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      client.published.push(params);
      client.wake();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.logs.push(params.message);
      client.wake();
    });
    connection.onNotification('shipshape/readinessChanged', (params: { folderUri: string }) => {
      client.readinessChanges.push(params.folderUri);
      client.wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) =>
      params.items.map((item) => {
        const own = item.scopeUri ? options.folderSettings?.[fileURLToPath(item.scopeUri)] : undefined;
        return item.section === 'shipshape' ? own ?? client.settings : item.section === 'files' ? { exclude: {} } : null;
      }),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => {
      client.logs.push('refresh requested');
      client.wake();
      return null;
    });
    connection.listen();
    const rootUri = pathToFileURL(options.root).href;
    const roots = [options.root, ...(options.extraRoots ?? [])];
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: roots.map((root, index) => ({ uri: pathToFileURL(root).href, name: `folder-${index}` })),
      initializationOptions: {
        debounceMs: options.debounceMs ?? 20,
        ...(options.initialSettings ? { settings: { shipshape: options.initialSettings, files: { exclude: {} } } } : {}),
        ...(options.sendFolderSettings && options.folderSettings
          ? { folderSettings: Object.fromEntries(Object.entries(options.folderSettings).map(([root, shipshape]) => [pathToFileURL(root).href, { shipshape, files: { exclude: {} } }])) }
          : {}),
      },
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Resolves when `condition` holds (checked after every message), or fails after `timeoutMs`. */
  async waitFor<T>(what: string, condition: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = condition();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server log:\n${this.logs.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  uri(relative: string): string {
    return pathToFileURL(path.join(this.root, relative)).href;
  }

  /** The latest diagnostics published for a file. */
  latest(relative: string): PublishedDiagnostics | undefined {
    const uri = this.uri(relative);
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  /** Waits for a publication for the file (at `version`, if given) that satisfies `accept`. */
  async diagnosticsFor(relative: string, accept: (diagnostics: LspDiagnostic[]) => boolean = () => true, version?: number): Promise<LspDiagnostic[]> {
    const published = await this.waitFor(`diagnostics for ${relative}`, () => {
      const latest = this.latest(relative);
      return latest && (version === undefined || latest.version === version) && accept(latest.diagnostics) ? latest : undefined;
    });
    return published.diagnostics;
  }

  open(relative: string, text: string, languageId = 'yaml', version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(relative), languageId, version, text } });
  }

  change(relative: string, version: number, changes: ({ text: string } | { range: LspDiagnostic['range']; text: string })[]): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(relative), version }, contentChanges: changes });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      void this.connection.sendNotification('exit');
    } finally {
      setTimeout(() => this.process.kill('SIGKILL'), 500).unref();
      this.connection.dispose();
    }
  }

  get alive(): boolean {
    return this.process.exitCode === null && !this.process.killed;
  }
}
