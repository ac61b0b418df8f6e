import './seal';
import fs from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { Diagnostic, InitializeResult, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from './engine/model';
import { HCL_KINDS, TEXT_KINDS } from './engine/model';
import { CancelledError } from './engine/input';
import { loadFiles, readForEngine } from './engine/project';
import { isWalkable } from './engine/walk';
import { CONFIG_FILE_NAMES, globMatcher } from './engine/config';
import { BASELINE_FILE_NAME } from './engine/baseline';
import { Folder, DEFAULT_SETTINGS, normalizeSettings } from './lsp/folder';
import type { EditorSettings } from './lsp/folder';
import { buildCodeActions, FIX_ALL_KIND } from './lsp/code-actions';
import { pathToUri, toDiagnostic, uriToPath } from './lsp/convert';
import { hashText } from './engine/text';
import { VERSION, ruleDocsUrl } from './version';
import type { ReadinessReport } from './engine/readiness/types';

// The language server: an LSP adapter over the engine. It owns no analysis logic: it decides
// when to analyse (debounced, cancellable, never publishing a stale result over a newer one) and
// translates findings into diagnostics and code actions.

const connection = createConnection();
const documents = new TextDocuments(TextDocument);

let folders: Folder[] = [];
const looseFolders = new Map<string, Folder>();
let settings: EditorSettings = DEFAULT_SETTINGS;
let pushMode = true;
let canAskConfiguration = false;
let canWatchFiles = false;
let canFollowFolders = false;
let debounceMs = 120;
const published = new Map<string, string>();
const timers = new Map<string, NodeJS.Timeout>();
const runs = new Map<string, Promise<Finding[] | undefined>>();
/** The version each document was opened at: its first analysis starts on open, not on the change event that follows. */
const openedVersions = new Map<string, number>();
/** The version of each open document whose text the engine holds (its findings are then cached there). */
const analyzedVersions = new Map<string, number>();

const log = (message: string) => connection.console.log(message);

// The user's settings arrive after `initialized`; no analysis runs before them, so the first
// squiggles already honour `shipshape.enable` and per-rule severities.
let settingsReceived = false;
let settingsArrived: () => void = () => undefined;
const settingsLoaded = new Promise<void>((resolve) => {
  settingsArrived = resolve;
});
function markSettingsLoaded(): void {
  settingsReceived = true;
  settingsArrived();
}

// Rule pages ship inside the extension; fall back to the web when running from elsewhere.
const localDocs = path.join(__dirname, '..', 'docs', 'rules');
const docsUrl = fs.existsSync(localDocs)
  ? (ruleId: string) => ruleDocsUrl(ruleId, `${pathToFileURL(localDocs).href}/`)
  : (ruleId: string) => ruleDocsUrl(ruleId);

function folderFor(file: string): Folder {
  let best: Folder | undefined;
  for (const folder of folders) if (folder.contains(file) && (!best || folder.root.length > best.root.length)) best = folder;
  if (best) return best;
  const dir = path.dirname(file);
  let loose = looseFolders.get(dir);
  if (!loose) {
    loose = new Folder(dir, log);
    loose.applySettings(settings);
    looseFolders.set(dir, loose);
  }
  return loose;
}

/**
 * Tells the client that a folder's readiness may have changed; it asks for the report again when it
 * shows it. Debounced: a burst of edits or a scan sends one notification.
 */
const readinessTimers = new Map<Folder, NodeJS.Timeout>();
function readinessChanged(folder: Folder): void {
  if (!folders.includes(folder)) return;
  clearTimeout(readinessTimers.get(folder));
  readinessTimers.set(
    folder,
    setTimeout(() => {
      readinessTimers.delete(folder);
      void connection.sendNotification('shipshape/readinessChanged', { folderUri: pathToUri(folder.root) });
    }, 250),
  );
}

function allFolders(): Folder[] {
  return [...folders, ...looseFolders.values()];
}

function publish(file: string, findings: readonly Finding[], version?: number): void {
  if (!pushMode) return;
  const uri = pathToUri(file);
  const diagnostics = findings.map((finding) => toDiagnostic(finding, docsUrl));
  const key = JSON.stringify(diagnostics);
  if (published.get(uri) === key && version === undefined) return;
  published.set(uri, key);
  void connection.sendDiagnostics({ uri, version, diagnostics });
}

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pushMode = !capabilities.textDocument?.diagnostic;
  canAskConfiguration = Boolean(capabilities.workspace?.configuration);
  canWatchFiles = Boolean(capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
  // vscode-languageserver throws when asked for folder events the client never sends.
  canFollowFolders = Boolean(capabilities.workspace?.workspaceFolders);
  const options = (params.initializationOptions ?? {}) as { debounceMs?: unknown; settings?: SettingsSections; folderSettings?: Record<string, SettingsSections> };
  if (typeof options.debounceMs === 'number' && options.debounceMs >= 0) debounceMs = options.debounceMs;
  // A client may send the settings with `initialize` (ours does): the first analysis then needs no
  // configuration round trip through a busy extension host.
  const initialSettings = typeof options.settings === 'object' && options.settings !== null ? options.settings : undefined;
  if (initialSettings) settings = normalizeSettings(initialSettings.shipshape, initialSettings.files);
  const roots = params.workspaceFolders?.map((folder) => uriToPath(folder.uri)) ?? (params.rootUri ? [uriToPath(params.rootUri)] : []);
  folders = roots.map((root) => new Folder(root, log));
  // Each folder of a multi-root workspace may override the window's settings.
  const byRoot = new Map(Object.entries(options.folderSettings ?? {}).map(([uri, sections]) => [uriToPath(uri), sections]));
  for (const folder of folders) {
    const own = byRoot.get(folder.root);
    folder.applySettings(own ? normalizeSettings(own.shipshape, own.files) : settings);
  }
  if (initialSettings) markSettingsLoaded();
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      diagnosticProvider: { identifier: 'shipshape', interFileDependencies: true, workspaceDiagnostics: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'shipshape', version: VERSION },
  };
});

// Start-up timings in the log (ms since the process started): where the time before the first
// squiggle goes is otherwise invisible.
let firstDiagnosticsLogged = false;
/** "123 ms after the server process started (at 10:04:05.678)": the clock time places the line even when the client logs it late. */
function sinceStart(): string {
  const now = new Date();
  const clock = [now.getHours(), now.getMinutes(), now.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
  return `${Math.round(performance.now())} ms after the server process started (at ${clock}.${String(now.getMilliseconds()).padStart(3, '0')})`;
}

/**
 * The editor starts the server with NODE_COMPILE_CACHE (Node ≥ 22.1): V8's compiled code for this
 * bundle is kept there, and the next start skips compiling it. Written once the start-up path has
 * run, because an editor that kills the server on exit would never let Node write it.
 */
function saveCompileCache(): void {
  const flush = (nodeModule as { flushCompileCache?: () => void }).flushCompileCache;
  if (!process.env.NODE_COMPILE_CACHE || !flush) return;
  setImmediate(() => {
    try {
      flush();
    } catch (error) {
      log(`Could not save the compile cache: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

connection.onInitialized(async () => {
  log(`Shipshape ${VERSION} initialized ${sinceStart()}`);
  if (canAskConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: ['shipshape', 'files'] });
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      // Every file: the secret scan reads any text file (gitignored ones are filtered on arrival).
      watchers: [{ globPattern: '**/*' }],
    });
  }
  if (canFollowFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((folder) => uriToPath(folder.uri)));
      folders = folders.filter((folder) => !removed.has(folder.root));
      const added = event.added.map((folder) => new Folder(uriToPath(folder.uri), log));
      for (const folder of added) folder.applySettings(settings);
      folders.push(...added);
      void loadSettings().then(() => {
        for (const folder of added) void scan(folder);
      });
    });
  }
  if (!settingsReceived) await loadSettings();
  markSettingsLoaded();
  // The files open in the editor come first: reading the whole workspace waits until their first
  // analysis is done, so the first squiggles never queue behind a repository-wide scan.
  await Promise.allSettled(documents.all().map((document) => runs.get(document.uri) ?? analyzeOpen(document.uri)));
  for (const folder of folders) void scan(folder);
});

interface SettingsSections {
  shipshape?: unknown;
  files?: unknown;
}

/** The window's settings, then each folder's (which may override them in a multi-root workspace). */
async function loadSettings(): Promise<void> {
  const own = new Map<Folder, EditorSettings>();
  if (canAskConfiguration) {
    try {
      const scopes = [undefined, ...folders.map((folder) => pathToUri(folder.root))];
      const answers = await connection.workspace.getConfiguration(scopes.flatMap((scopeUri) => [{ scopeUri, section: 'shipshape' }, { scopeUri, section: 'files' }]));
      settings = normalizeSettings(answers[0], answers[1]);
      folders.forEach((folder, index) => own.set(folder, normalizeSettings(answers[2 + index * 2], answers[3 + index * 2])));
    } catch (error) {
      log(`Could not read settings, using defaults: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const folder of allFolders()) folder.applySettings(own.get(folder) ?? settings);
}

/** Loads the folder's files from disk so closed files count (workspace diagnostics, cross-file rules). */
function scan(folder: Folder): Promise<void> {
  return folder.trackScan((async () => {
    const { enable, filesExclude, exclude } = folder.editorSettings;
    if (!enable) return;
    const started = Date.now();
    const excluded = globMatcher([...filesExclude, ...exclude]);
    let last = Date.now();
    const files = await loadFiles(folder.engine, [folder.root], {
      isExcluded: (file) => excluded(path.relative(folder.root, file)) || documents.get(pathToUri(file)) !== undefined,
      onFile: async () => {
        if (Date.now() - last > 10) {
          await new Promise((resolve) => setImmediate(resolve));
          last = Date.now();
        }
      },
    });
    log(`Shipshape scanned ${files.length} files in ${folder.root} (${Date.now() - started} ms)`);
    await refreshFolder(folder);
    readinessChanged(folder);
  })().catch((error) => log(`Scan of ${folder.root} failed: ${error instanceof Error ? error.stack : String(error)}`)));
}

function isTextFile(folder: Folder, file: string): boolean {
  const kind = folder.engine.kindOf(file);
  return kind !== undefined && TEXT_KINDS.has(kind);
}

/** Re-publishes a folder's files (e.g. after settings, configuration or index changes). */
async function refreshFolder(folder: Folder, except?: string): Promise<void> {
  if (!pushMode) {
    void connection.languages.diagnostics.refresh();
    return;
  }
  for (const file of folder.engine.knownFiles()) {
    if (file === except) continue;
    try {
      const findings = folder.editorSettings.enable ? await folder.engine.findings(file) : [];
      // Most of a workspace's text files are clean: there is nothing to clear for one never published.
      if (findings.length === 0 && isTextFile(folder, file) && !published.has(pathToUri(file))) continue;
      publish(file, findings);
    } catch (error) {
      if (!(error instanceof CancelledError)) log(`Could not check ${file}: ${String(error)}`);
    }
  }
}

let refreshTimer: NodeJS.Timeout | undefined;
function refreshSoon(folder: Folder, except: string): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshFolder(folder, except), 200);
}

/**
 * Analyses an open document. Runs for one document are chained, and a run whose document version
 * moved on stops at its next yield point and publishes nothing.
 */
function analyzeOpen(uri: string): Promise<Finding[] | undefined> {
  const document = documents.get(uri);
  if (!document) return Promise.resolve(undefined);
  const version = document.version;
  const previous = runs.get(uri) ?? Promise.resolve(undefined);
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      await settingsLoaded;
      const current = documents.get(uri);
      const file = uriToPath(uri);
      const folder = folderFor(file);
      if (!current || current.version !== version || !folder.editorSettings.enable) return undefined;
      const isCancelled = () => documents.get(uri)?.version !== version;
      const indexBefore = folder.engine.index.version;
      const kind = await folder.engine.update({ path: file, text: current.getText() }, isCancelled);
      if (kind === 'shipshape-config' && CONFIG_FILE_NAMES.includes(path.basename(file)) && path.dirname(file) === folder.root) {
        folder.reloadConfig(current.getText());
        refreshSoon(folder, file);
      }
      const findings = kind ? await folder.engine.findings(file, isCancelled) : [];
      if (isCancelled()) return undefined;
      publish(file, findings, version);
      analyzedVersions.set(uri, version);
      readinessChanged(folder);
      if (folder.engine.index.version !== indexBefore) refreshSoon(folder, file);
      return findings;
    })
    .catch((error) => {
      if (!(error instanceof CancelledError)) log(`Analysis of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return undefined;
    });
  runs.set(uri, run);
  return run;
}

function scheduleAnalysis(uri: string): void {
  // didOpen both opens and "changes" a document: its analysis has already started.
  if (documents.get(uri)?.version === openedVersions.get(uri)) return;
  clearTimeout(timers.get(uri));
  timers.set(
    uri,
    setTimeout(() => {
      timers.delete(uri);
      void analyzeOpen(uri);
    }, debounceMs),
  );
}

documents.onDidOpen((event) => {
  clearTimeout(timers.get(event.document.uri));
  openedVersions.set(event.document.uri, event.document.version);
  void analyzeOpen(event.document.uri);
});
documents.onDidChangeContent((event) => {
  if (pushMode) scheduleAnalysis(event.document.uri);
});
documents.onDidClose(async (event) => {
  clearTimeout(timers.get(event.document.uri));
  openedVersions.delete(event.document.uri);
  analyzedVersions.delete(event.document.uri);
  const file = uriToPath(event.document.uri);
  const folder = folderFor(file);
  // The saved file on disk is the truth again once the editor lets go of it.
  if (event.document.uri.startsWith('file:') && fs.existsSync(file) && folder !== looseFolders.get(path.dirname(file))) {
    await updateFromDisk(folder, file);
  } else {
    folder.engine.remove(file);
    publish(file, []);
    readinessChanged(folder);
  }
});

async function updateFromDisk(folder: Folder, file: string): Promise<void> {
  try {
    const kind = await folder.engine.update({ path: file, ...readForEngine(file, folder.engine.maxFileBytes) });
    publish(file, kind && folder.editorSettings.enable ? await folder.engine.findings(file) : []);
    readinessChanged(folder);
  } catch (error) {
    log(`Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

connection.onDidChangeConfiguration(async () => {
  await loadSettings();
  for (const folder of allFolders()) {
    await refreshFolder(folder);
    readinessChanged(folder);
  }
  for (const document of documents.all()) void analyzeOpen(document.uri);
});

connection.onDidChangeWatchedFiles(async ({ changes }) => {
  for (const change of changes) {
    const file = uriToPath(change.uri);
    const folder = folderFor(file);
    const name = path.basename(file);
    if (CONFIG_FILE_NAMES.includes(name) && path.dirname(file) === folder.root) {
      folder.reloadConfig();
      if (change.type === FileChangeType.Deleted) folder.engine.remove(file);
      else if (!documents.get(change.uri)) await updateFromDisk(folder, file);
      await refreshFolder(folder);
      readinessChanged(folder);
    } else if (name === BASELINE_FILE_NAME) {
      folder.reloadBaseline();
      await refreshFolder(folder);
      readinessChanged(folder);
    } else if (name === '.gitignore') {
      folder.engine.clear();
      await scan(folder);
    } else if (documents.get(change.uri)) {
      continue; // the editor's text wins over the disk while the file is open
    } else if (change.type === FileChangeType.Deleted) {
      folder.engine.remove(file);
      publish(file, []);
      readinessChanged(folder);
    } else if (!folder.engine.isIgnored(file) && (folder.engine.kindOf(file) !== undefined || isWalkable(folder.root, file))) {
      await updateFromDisk(folder, file);
    }
  }
});

/** A full report and its result id: a hash of what the client would see, so unchanged files cost nothing. */
function reportOf(findings: readonly Finding[]): { items: Diagnostic[]; resultId: string } {
  const items = findings.map((finding) => toDiagnostic(finding, docsUrl));
  return { items, resultId: hashText(JSON.stringify(items)) };
}

connection.languages.diagnostics.on(async (params) => {
  const uri = params.textDocument.uri;
  const file = uriToPath(uri);
  await settingsLoaded;
  if (!folderFor(file).editorSettings.enable) return { kind: 'full', items: [] };
  let findings: Finding[] | undefined;
  if (documents.get(uri)) {
    findings = await analyzeOpen(uri);
    if (!findings) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'A newer version of the document arrived.', { retriggerRequest: true });
  } else {
    findings = await folderFor(file).engine.findings(file);
  }
  const report = reportOf(findings);
  if (!firstDiagnosticsLogged) {
    firstDiagnosticsLogged = true;
    log(`First diagnostics answered ${sinceStart()}`);
    saveCompileCache();
  }
  return params.previousResultId === report.resultId ? { kind: 'unchanged', resultId: report.resultId } : { kind: 'full', ...report };
});

connection.languages.diagnostics.onWorkspace(async (params) => {
  const items: WorkspaceDocumentDiagnosticReport[] = [];
  const previous = new Map(params.previousResultIds.map((entry) => [entry.uri, entry.value]));
  for (const folder of folders) {
    await folder.scanned;
    if (!folder.editorSettings.enable) continue;
    for (const file of folder.engine.knownFiles()) {
      const uri = pathToUri(file);
      const version = documents.get(uri)?.version ?? null;
      const report = reportOf(await folder.engine.findings(file));
      if (report.items.length === 0 && isTextFile(folder, file) && !previous.has(uri)) continue;
      items.push(previous.get(uri) === report.resultId ? { kind: 'unchanged', uri, version, resultId: report.resultId } : { kind: 'full', uri, version, ...report });
    }
  }
  return { items };
});

connection.onCodeAction(async (params) => {
  const uri = params.textDocument.uri;
  const document = documents.get(uri);
  const file = uriToPath(uri);
  if (!document || !folderFor(file).editorSettings.enable) return [];
  const engine = folderFor(file).engine;
  // A document the engine already holds at this version needs no new analysis: its findings are
  // cached (and kept current when other files change), so a code action costs one lookup.
  const findings = (analyzedVersions.get(uri) === document.version ? await engine.findings(file) : await analyzeOpen(uri)) ?? [];
  const kind = engine.kindOf(file);
  return buildCodeActions({
    file,
    text: document.getText(),
    findings,
    diagnostics: params.context.diagnostics,
    only: params.context.only,
    allowSlashComments: kind !== undefined && HCL_KINDS.has(kind),
    isSafeToApplyAll: (ruleId) => engine.getRule(ruleId)?.autoFix === true,
  });
});

// Deploy readiness (DESIGN §5): the same report as `shipshape readiness --format json`, per folder.
connection.onRequest('shipshape/readiness', async (params: { folderUri?: string } | undefined): Promise<ReadinessReport[]> => {
  const wanted = params?.folderUri ? uriToPath(params.folderUri) : undefined;
  const reports: ReadinessReport[] = [];
  for (const folder of folders) {
    if (wanted !== undefined && folder.root !== wanted) continue;
    await folder.scanned;
    if (!folder.editorSettings.enable) continue;
    reports.push(await folder.engine.readiness());
  }
  return reports;
});

connection.onRequest('shipshape/rescan', async (): Promise<{ files: number }> => {
  let files = 0;
  for (const folder of folders) {
    folder.engine.clear();
    await scan(folder);
    for (const document of documents.all()) if (folder.contains(uriToPath(document.uri))) await analyzeOpen(document.uri);
    files += folder.engine.knownFiles().length;
  }
  if (!pushMode) void connection.languages.diagnostics.refresh();
  return { files };
});

documents.listen(connection);
connection.listen();
