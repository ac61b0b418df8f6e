import path from 'node:path';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq } from 'yaml';
import { getValue, parseYamlDocument, scalarText } from '../yaml/document';

/**
 * The `include: local` entries of a `.gitlab-ci.yml`, as glob patterns relative to the repository
 * root. Remote, project and template includes are left out: they are not in the workspace.
 */
export function localIncludePatterns(text: string): string[] {
  const doc = parseYamlDocument(text, 0, 0);
  const include = getValue(doc.root, 'include');
  const entries = isSeq(include) ? include.items : include ? [include] : [];
  const patterns: string[] = [];
  for (const entry of entries) {
    if (isScalar(entry)) {
      const value = scalarText(entry);
      if (value && !/^https?:/i.test(value)) patterns.push(value);
    } else if (isMap(entry)) {
      const local = scalarText(getValue(entry, 'local'));
      if (local) patterns.push(local);
    }
  }
  return patterns.map((pattern) => pattern.replace(/^\/+/, ''));
}

/** Absolute paths among `candidates` that a `.gitlab-ci.yml` at `ciFile` includes locally. */
export function resolveLocalIncludes(ciFile: string, text: string, candidates: readonly string[]): string[] {
  const root = path.dirname(ciFile);
  const patterns = localIncludePatterns(text);
  if (patterns.length === 0) return [];
  const match = picomatch(patterns, { dot: true });
  return candidates.filter((candidate) => {
    const relative = path.relative(root, candidate).split(path.sep).join('/');
    return !relative.startsWith('..') && match(relative);
  });
}
