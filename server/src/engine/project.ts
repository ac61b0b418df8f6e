import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES, defaultConfig, parseConfig } from './config';
import type { ConfigProblem, ResolvedConfig } from './config';
import type { Engine } from './engine';
import { HEAD_BYTES } from './input';
import { resolveLocalIncludes } from './facts/gitlab';
import { walkCandidates } from './walk';
import type { WalkOptions } from './walk';

// Disk access shared by the CLI and the language server: finding and reading `.shipshape.yaml`, and
// loading a tree of files into an engine.

/** The nearest `.shipshape.yaml` from `startDir` up to the repository root (the first `.git`). */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LoadedConfig {
  config: ResolvedConfig;
  problems: ConfigProblem[];
  /** Set when the file could not be read at all. */
  readError?: string;
}

export function loadConfigFile(file: string | undefined, root: string, knownRules: ReadonlySet<string>): LoadedConfig {
  if (!file) return { config: defaultConfig(root), problems: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { config: defaultConfig(root), problems: [], readError: error instanceof Error ? error.message : String(error) };
  }
  return parseConfig(text, path.resolve(file), knownRules);
}

export interface LoadOptions extends WalkOptions {
  isCancelled?: () => boolean;
  /** Called after each file, e.g. to yield or report progress. */
  onFile?: (file: string) => Promise<void> | void;
}

/** Reads a file the way the engine wants it: bytes, or only its size and head when oversized. */
export function readForEngine(file: string, maxBytes: number): { bytes?: Uint8Array; size?: number; head?: string } {
  const size = fs.statSync(file).size;
  if (size <= maxBytes) return { bytes: fs.readFileSync(file) };
  const handle = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    fs.readSync(handle, head, 0, head.length, 0);
    return { size, head: head.toString('utf8') };
  } finally {
    fs.closeSync(handle);
  }
}

/**
 * Loads every candidate file under `roots` (directories or files) into the engine. GitLab CI files
 * are read first so that the files they include are recognised as GitLab CI too.
 */
export async function loadFiles(engine: Engine, roots: readonly string[], options: LoadOptions = {}): Promise<string[]> {
  const files: string[] = [];
  for (const root of roots) {
    const absolute = path.resolve(root);
    const stat = fs.statSync(absolute);
    if (stat.isDirectory()) files.push(...walkCandidates(absolute, options));
    else files.push(absolute);
  }
  const unique = [...new Set(files)].filter((file) => !engine.isIgnored(file));
  for (const ciFile of unique.filter((file) => /(^|[\\/])\.gitlab-ci\.ya?ml$/.test(file))) {
    try {
      for (const included of resolveLocalIncludes(ciFile, fs.readFileSync(ciFile, 'utf8'), unique)) engine.gitlabIncludes.add(included);
    } catch {
      // An unreadable .gitlab-ci.yml is reported when it is analysed below.
    }
  }
  const loaded: string[] = [];
  for (const file of unique) {
    let input;
    try {
      input = readForEngine(file, engine.maxFileBytes);
    } catch {
      continue; // vanished or unreadable: nothing to report on
    }
    const kind = await engine.update({ path: file, ...input }, options.isCancelled);
    if (kind) loaded.push(file);
    await options.onFile?.(file);
  }
  return loaded;
}
