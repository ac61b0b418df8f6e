import type { SecretMatch } from './match';
import { CATEGORY_PRIORITY } from './match';
import { TOKEN_FORMATS, matchJwt, matchTokenFormat } from './detectors';
import type { TokenFormat } from './detectors';
import { matchPrivateKey } from './pem';
import { matchUrlCredentials } from './url';
import { SECRET_WORD, scanLine } from './assignments';
import type { AssignmentScan } from './assignments';
import { isProse, valueStyleOf } from './files';
import type { ValueStyle } from './files';

// The secret scan of one text: two sweeps over the whole file, whatever its kind.
//   1. One regular expression of every format's fixed prefix (plus `-----BEGIN`, `://`, `eyJ`); a
//      format's full pattern runs only where its prefix is.
//   2. One regular expression of secret words (`password`, `token`, …); only the lines they occur
//      on are parsed for assignments.
// Overlapping matches keep the most specific one (a GitHub token assigned to `token:` is a GitHub
// token, not a generic secret). Files with very long lines (minified bundles, one-line data) are
// skipped: their "lines" are not assignments anyone writes by hand. Prose (Markdown and other
// documentation) gets only the unambiguous detectors: its assignments and URLs are examples.

const PEM_ANCHOR = '-----BEGIN';
const URL_ANCHOR = '://';
const JWT_ANCHOR = 'eyJ';

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const formatsByFirstChar = new Map<string, TokenFormat[]>();
for (const format of TOKEN_FORMATS) {
  const first = format.anchor[0];
  formatsByFirstChar.set(first, [...(formatsByFirstChar.get(first) ?? []), format]);
}
const ANCHORS = new RegExp(
  [...new Set([...TOKEN_FORMATS.map((format) => format.anchorSource ?? escape(format.anchor)), escape(PEM_ANCHOR), escape(URL_ANCHOR), JWT_ANCHOR])].join('|'),
  'g',
);

export interface ScanOptions {
  /** The file's path: decides whether unquoted values are literals (YAML, .env) or expressions (code, HCL). */
  path?: string;
  style?: ValueStyle;
  /** Milliseconds since the epoch, for JWT expiry; injectable for tests. */
  now?: number;
}

/** Lines longer than this on average mark a minified or generated file. */
const MAX_AVERAGE_LINE = 400;
const LONG_FILE = 16 * 1024;

export function isMinified(text: string): boolean {
  if (text.length < LONG_FILE) return false;
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && lines * MAX_AVERAGE_LINE < text.length; at = text.indexOf('\n', at + 1)) lines++;
  return lines * MAX_AVERAGE_LINE < text.length;
}

/** Every secret in `text`, in order, at most one per location. */
export function scanSecrets(text: string, options: ScanOptions = {}): SecretMatch[] {
  if (text.length === 0 || isMinified(text)) return [];
  const found: SecretMatch[] = [];
  let serviceAccount: boolean | undefined;
  const hasServiceAccount = () => (serviceAccount ??= /"type"\s*:\s*"service_account"|gserviceaccount\.com/.test(text));
  // The next `-----END ` at or after a position, remembered: many headers without a footer stay linear.
  let footerAt: number | undefined;
  const nextFooter = (from: number) => {
    if (footerAt === undefined || (footerAt !== -1 && footerAt < from)) footerAt = text.indexOf('-----END ', from);
    return footerAt;
  };
  const now = options.now ?? Date.now();
  const prose = options.path !== undefined && isProse(options.path);

  ANCHORS.lastIndex = 0;
  for (let hit = ANCHORS.exec(text); hit; hit = ANCHORS.exec(text)) {
    const at = hit.index;
    let match: SecretMatch | undefined;
    if (text.startsWith(URL_ANCHOR, at)) match = prose ? undefined : matchUrlCredentials(text, at);
    else if (text.startsWith(PEM_ANCHOR, at)) match = matchPrivateKey(text, at, hasServiceAccount, nextFooter);
    else if (text.startsWith(JWT_ANCHOR, at)) match = matchJwt(text, at, now);
    else {
      for (const format of formatsByFirstChar.get(text[at]) ?? []) {
        if (!text.startsWith(format.anchor, at)) continue;
        match = matchTokenFormat(format, text, at);
        if (match) break;
      }
    }
    if (match) {
      found.push(match);
      // The URL anchor sits inside its match: a token in the password is looked at next.
      if (match.category !== 'url-credentials') ANCHORS.lastIndex = Math.max(ANCHORS.lastIndex, match.end);
    }
  }

  if (prose) return resolveOverlaps(found);
  const mentions = new Map<RegExp, boolean>();
  const scan: AssignmentScan = {
    text,
    style: options.style ?? (options.path ? valueStyleOf(options.path) : 'any'),
    mentions: (pattern) => {
      let known = mentions.get(pattern);
      if (known === undefined) mentions.set(pattern, (known = pattern.test(text)));
      return known;
    },
    out: found,
  };
  SECRET_WORD.lastIndex = 0;
  for (let hit = SECRET_WORD.exec(text); hit; hit = SECRET_WORD.exec(text)) {
    const start = text.lastIndexOf('\n', hit.index) + 1;
    let end = text.indexOf('\n', hit.index);
    if (end === -1) end = text.length;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    scanLine(scan, start, end);
    // One parse per line, however many secret words it holds.
    SECRET_WORD.lastIndex = end + 1;
  }
  return resolveOverlaps(found);
}

/**
 * Keeps one match per location: the most specific category, then the earliest and longest. One sweep
 * per category against the (sorted, disjoint) matches kept so far, so a file full of secrets stays linear.
 */
function resolveOverlaps(matches: SecretMatch[]): SecretMatch[] {
  if (matches.length < 2) return matches;
  const byCategory = new Map<number, SecretMatch[]>();
  for (const match of matches) {
    const priority = CATEGORY_PRIORITY[match.category];
    const list = byCategory.get(priority);
    if (list) list.push(match);
    else byCategory.set(priority, [match]);
  }
  let kept: SecretMatch[] = [];
  for (const priority of [...byCategory.keys()].sort((a, b) => a - b)) {
    const candidates = byCategory.get(priority)!.sort((a, b) => a.start - b.start || b.end - a.end);
    const added: SecretMatch[] = [];
    let k = 0;
    let lastEnd = -1;
    for (const match of candidates) {
      while (k < kept.length && kept[k].end <= match.start) k++;
      const blocked = (k < kept.length && kept[k].start < match.end) || match.start < lastEnd;
      if (blocked) continue;
      added.push(match);
      lastEnd = match.end;
    }
    kept = [...kept, ...added].sort((a, b) => a.start - b.start);
  }
  return kept;
}

const byFile = new WeakMap<object, SecretMatch[]>();

/** A part of a file scanned on its own (a YAML document), with where it starts in the file. */
export interface ScanSegment {
  /** Stable while the part's text is unchanged (the parsed document): its scan is kept with it. */
  key: object;
  text: string;
  offset: number;
}

const segmentsByFile = new WeakMap<object, readonly ScanSegment[]>();
const bySegment = new WeakMap<object, SecretMatch[]>();

/** The scan of one segment, kept with its key: an edit to one document of a stream rescans only that document. */
export function scanSegment(segment: ScanSegment, path: string): SecretMatch[] {
  let matches = bySegment.get(segment.key);
  if (!matches) {
    matches = scanSecrets(segment.text, { path });
    bySegment.set(segment.key, matches);
  }
  return matches;
}

/** Declares that `file` is scanned as these segments (which together hold every secret-bearing line). */
export function setScanSegments(file: object, segments: readonly ScanSegment[]): void {
  segmentsByFile.set(file, segments);
}

/**
 * The scan of one file version, shared by every secrets rule: `file` is the engine's FileInfo,
 * which is new for every version of the text.
 */
export function secretsOf(file: { path: string; text: string }): SecretMatch[] {
  let matches = byFile.get(file);
  if (!matches) {
    const segments = segmentsByFile.get(file);
    matches = segments
      ? segments.flatMap((segment) => scanSegment(segment, file.path).map((match) => ({ ...match, start: match.start + segment.offset, end: match.end + segment.offset })))
      : scanSecrets(file.text, { path: file.path });
    byFile.set(file, matches);
  }
  return matches;
}

/**
 * Scans a YAML stream for secrets a document at a time: unchanged documents keep their scan, and
 * `pause` gives the event loop a turn between documents. Leaves the file to a whole-file scan when
 * the documents do not tile its text (they always should).
 */
export async function scanYamlByDocument(
  file: { path: string; text: string; lines: { lineStart(line: number): number } },
  docs: readonly { text: string; lineBase: number }[],
  pause: () => Promise<void>,
): Promise<void> {
  const { text } = file;
  const segments: ScanSegment[] = [];
  let searchFrom = 0;
  for (const doc of docs) {
    if (doc.text.length === 0) continue;
    // A document starts at the start of its first line; checking its ends is enough to trust that
    // without comparing every byte of a large stream on every edit.
    const expected = file.lines.lineStart(doc.lineBase);
    const last = expected + doc.text.length - 1;
    const fits = last < text.length && text.charCodeAt(expected) === doc.text.charCodeAt(0) && text.charCodeAt(last) === doc.text.charCodeAt(doc.text.length - 1) && text.startsWith(doc.text.slice(0, 64), expected);
    const offset = fits ? expected : text.indexOf(doc.text, searchFrom);
    if (offset === -1) return;
    searchFrom = offset + doc.text.length;
    const segment = { key: doc, text: doc.text, offset };
    scanSegment(segment, file.path);
    segments.push(segment);
    await pause();
  }
  // Lines outside every document (`---` markers, `...`) hold no secrets worth a finding.
  setScanSegments(file, segments);
}
