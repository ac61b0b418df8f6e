import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { isCandidatePath } from './classify';

// Finds the files Shipshape may analyse under some roots, honouring every `.gitignore` on the way
// down (each one relative to its own directory), never following symlinks, and never entering
// `.git` or `node_modules`.

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.terraform', '.hg', '.svn']);

interface IgnoreScope {
  dir: string;
  matcher: Ignore;
}

export interface WalkOptions {
  /** Extra exclusion, e.g. configuration globs or the editor's `files.exclude`. */
  isExcluded?: (absolutePath: string, isDirectory: boolean) => boolean;
  /** Stop after this many candidate files (protects the server from giant trees). */
  maxFiles?: number;
}

function readGitignore(dir: string): IgnoreScope | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { dir, matcher: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function isGitignored(scopes: readonly IgnoreScope[], absolutePath: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const relative = path.relative(scope.dir, absolutePath).split(path.sep).join('/');
    if (!relative || relative.startsWith('..')) continue;
    if (scope.matcher.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
}

/** Candidate files (by name) under `root`, sorted, honouring .gitignore files. */
export function walkCandidates(root: string, options: WalkOptions = {}): string[] {
  const found: string[] = [];
  const limit = options.maxFiles ?? Number.POSITIVE_INFINITY;
  const visit = (dir: string, scopes: IgnoreScope[]) => {
    if (found.length >= limit) return;
    const own = readGitignore(dir);
    const active = own ? [...scopes, own] : scopes;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name)) continue;
        if (isGitignored(active, full, true) || options.isExcluded?.(full, true)) continue;
        visit(full, active);
      } else if (entry.isFile() && isCandidatePath(entry.name)) {
        if (isGitignored(active, full, false) || options.isExcluded?.(full, false)) continue;
        found.push(full);
        if (found.length >= limit) return;
      }
    }
  };
  visit(path.resolve(root), []);
  return found;
}

/**
 * Whether a walk from `root` would list `file`: a candidate by name, not under a skipped directory,
 * and not ignored by any `.gitignore` between the root and the file. For single files that change
 * after the walk (the language server's file watcher).
 */
export function isWalkable(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative) || !isCandidatePath(file)) return false;
  const parts = relative.split(path.sep);
  const scopes: IgnoreScope[] = [];
  let dir = path.resolve(root);
  for (let i = 0; i < parts.length; i++) {
    const own = readGitignore(dir);
    if (own) scopes.push(own);
    const current = path.join(dir, parts[i]);
    const isDirectory = i < parts.length - 1;
    if (isDirectory && ALWAYS_SKIPPED.has(parts[i])) return false;
    if (isGitignored(scopes, current, isDirectory)) return false;
    dir = current;
  }
  return true;
}
