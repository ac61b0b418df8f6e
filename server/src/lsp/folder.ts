import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine/engine';
import { Baseline, BASELINE_FILE_NAME } from '../engine/baseline';
import { CONFIG_FILE_NAMES, defaultConfig, parseConfig, withEditorSettings } from '../engine/config';
import type { ResolvedConfig, RuleSetting } from '../engine/config';
import { loadConfigFile } from '../engine/project';

/** The `shipshape` settings section, plus the editor's `files.exclude`. */
export interface EditorSettings {
  enable: boolean;
  rules: Record<string, RuleSetting>;
  exclude: string[];
  filesExclude: string[];
}

export const DEFAULT_SETTINGS: EditorSettings = { enable: true, rules: {}, exclude: [], filesExclude: [] };

const SETTINGS_VALUES = new Set(['error', 'warning', 'info', 'off']);

/** Reads what the client sent, dropping anything malformed rather than failing. */
export function normalizeSettings(shipshape: unknown, files: unknown): EditorSettings {
  const section = (shipshape ?? {}) as Partial<Record<string, unknown>>;
  const rules: Record<string, RuleSetting> = {};
  if (section.rules && typeof section.rules === 'object') {
    for (const [id, value] of Object.entries(section.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && SETTINGS_VALUES.has(value)) rules[id] = value as RuleSetting;
    }
  }
  const exclude = Array.isArray(section.exclude) ? section.exclude.filter((item): item is string => typeof item === 'string') : [];
  const filesSection = (files ?? {}) as { exclude?: Record<string, unknown> };
  const filesExclude = Object.entries(filesSection.exclude ?? {})
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
  return { enable: section.enable !== false, rules, exclude, filesExclude };
}

/**
 * One workspace folder: its engine, its `.shipshape.yaml` and baseline, merged with the editor's
 * settings. Each folder is analysed on its own, as `shipshape check` would analyse it.
 */
export class Folder {
  readonly engine: Engine;
  private fileConfig: ResolvedConfig;
  private settings: EditorSettings = DEFAULT_SETTINGS;
  private firstScanDone: () => void = () => undefined;
  /**
   * Settles when the folder's files are loaded. Pending from the start: a workspace pull that
   * arrives before the first scan begins must wait for it, not answer with nothing.
   */
  scanned: Promise<void> = new Promise((resolve) => {
    this.firstScanDone = resolve;
  });

  /** Records a scan; the first one also settles the initial `scanned`. */
  trackScan(scan: Promise<void>): Promise<void> {
    this.scanned = scan.finally(() => this.firstScanDone());
    return this.scanned;
  }

  constructor(
    readonly root: string,
    private readonly log: (message: string) => void,
  ) {
    this.engine = new Engine({ root, retainTrees: true, probe: { exists: (file) => fs.existsSync(file) }, logger: log });
    this.fileConfig = defaultConfig(root);
    this.reloadConfig();
    this.reloadBaseline();
  }

  contains(file: string): boolean {
    const relative = path.relative(this.root, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  }

  get configFile(): string {
    return CONFIG_FILE_NAMES.map((name) => path.join(this.root, name)).find((file) => fs.existsSync(file)) ?? path.join(this.root, CONFIG_FILE_NAMES[0]);
  }

  /** Reads `.shipshape.yaml` from disk, or from the editor's unsaved text. Invalid parts are skipped. */
  reloadConfig(text?: string): void {
    const file = this.configFile;
    if (text !== undefined) {
      this.fileConfig = parseConfig(text, file, this.engine.ruleIds).config;
    } else {
      const loaded = loadConfigFile(fs.existsSync(file) ? file : undefined, this.root, this.engine.ruleIds);
      if (loaded.readError) this.log(`Cannot read ${file}: ${loaded.readError}`);
      this.fileConfig = loaded.config;
    }
    this.apply();
  }

  reloadBaseline(): void {
    const file = path.join(this.root, BASELINE_FILE_NAME);
    if (!fs.existsSync(file)) {
      this.engine.setBaseline(undefined);
      return;
    }
    try {
      this.engine.setBaseline(Baseline.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      this.log(`Ignoring ${file}: ${error instanceof Error ? error.message : String(error)}`);
      this.engine.setBaseline(undefined);
    }
  }

  applySettings(settings: EditorSettings): void {
    this.settings = settings;
    this.apply();
  }

  /** The editor settings in force for this folder (its own, in a multi-root workspace). */
  get editorSettings(): EditorSettings {
    return this.settings;
  }

  private apply(): void {
    this.engine.setConfig(withEditorSettings(this.fileConfig, this.settings.rules, [...this.settings.exclude, ...this.settings.filesExclude]));
  }
}
