import { createHash } from 'node:crypto';
import type { Finding } from './model';

// `.shipshape-baseline.json` lets an existing repository start green: findings recorded in it are
// hidden, new ones are not. A fingerprint is a hash of the rule, the file and the text of the line the
// finding starts on (plus its rank among identical lines), so it survives lines moving up or down but
// not the line itself changing. Only hashes are stored: a baseline never contains a secret.

export const BASELINE_FILE_NAME = '.shipshape-baseline.json';

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
}

export interface BaselineFile {
  version: 1;
  tool: 'shipshape';
  findings: BaselineEntry[];
}

export interface FingerprintSource {
  relativePath(file: string): string;
  lineText(file: string, line: number): string;
}

function normalise(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** The fingerprint of each finding, in the order given. */
export function fingerprints(findings: readonly Finding[], source: FingerprintSource): string[] {
  const order = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => a.finding.range.start.line - b.finding.range.start.line || a.finding.range.start.character - b.finding.range.start.character);
  const seen = new Map<string, number>();
  const result = new Array<string>(findings.length);
  for (const { finding, index } of order) {
    const base = `${finding.ruleId}\u0000${source.relativePath(finding.file)}\u0000${normalise(source.lineText(finding.file, finding.range.start.line))}`;
    const rank = seen.get(base) ?? 0;
    seen.set(base, rank + 1);
    result[index] = createHash('sha256').update(`${base}\u0000${rank}`).digest('hex').slice(0, 32);
  }
  return result;
}

export function createBaseline(findings: readonly Finding[], source: FingerprintSource): BaselineFile {
  const prints = fingerprints(findings, source);
  const entries = findings.map((finding, index) => ({ ruleId: finding.ruleId, file: source.relativePath(finding.file), fingerprint: prints[index] }));
  entries.sort((a, b) => (a.file === b.file ? (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : 1) : a.file < b.file ? -1 : 1));
  return { version: 1, tool: 'shipshape', findings: entries };
}

export class Baseline {
  private readonly counts = new Map<string, number>();

  constructor(readonly file: BaselineFile) {
    for (const entry of file.findings) this.counts.set(entry.fingerprint, (this.counts.get(entry.fingerprint) ?? 0) + 1);
  }

  static parse(text: string): Baseline {
    const data = JSON.parse(text) as Partial<BaselineFile>;
    if (data?.tool !== 'shipshape' || data.version !== 1 || !Array.isArray(data.findings)) {
      throw new Error('not a Shipshape baseline (expected {"version": 1, "tool": "shipshape", "findings": [...]})');
    }
    for (const entry of data.findings) {
      if (typeof entry?.fingerprint !== 'string' || typeof entry.ruleId !== 'string' || typeof entry.file !== 'string') {
        throw new Error('a baseline entry lacks ruleId, file or fingerprint');
      }
    }
    return new Baseline(data as BaselineFile);
  }

  /** The findings of one file that the baseline does not cover. */
  filter(findings: Finding[], source: FingerprintSource): Finding[] {
    if (findings.length === 0 || this.counts.size === 0) return findings;
    const prints = fingerprints(findings, source);
    const remaining = new Map(this.counts);
    return findings.filter((_, index) => {
      const left = remaining.get(prints[index]) ?? 0;
      if (left === 0) return true;
      remaining.set(prints[index], left - 1);
      return false;
    });
  }
}
