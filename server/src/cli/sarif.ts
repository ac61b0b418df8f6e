import { pathToFileURL } from 'node:url';
import type { Finding, Range, Severity } from '../engine/model';
import type { Rule } from '../engine/rules/define';
import { HOMEPAGE, VERSION, ruleDocsUrl } from '../version';

// SARIF 2.1.0 for code-scanning upload. Columns are UTF-16 code units, as the engine counts them,
// and every location is relative to %SRCROOT% (the working directory).

type SarifLevel = 'error' | 'warning' | 'note';

function level(severity: Severity): SarifLevel {
  return severity === 'info' ? 'note' : severity;
}

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function pascalName(ruleId: string): string {
  return ruleId
    .split(/[/-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export interface SarifInput {
  findings: Finding[];
  rules: readonly Rule[];
  relativePath: (file: string) => string;
  fingerprint: (finding: Finding) => string;
  cwd: string;
}

export function toSarif({ findings, rules, relativePath, fingerprint, cwd }: SarifInput) {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const location = (file: string, range: Range) => ({
    physicalLocation: { artifactLocation: { uri: encodeURI(relativePath(file)), uriBaseId: '%SRCROOT%' }, region: region(range) },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Shipshape',
            version: VERSION,
            semanticVersion: VERSION.replace(/^(\d+\.\d+\.\d+).*$/, '$1'),
            informationUri: HOMEPAGE,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: pascalName(rule.id),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              helpUri: ruleDocsUrl(rule.id),
              help: { text: `${rule.description} See ${ruleDocsUrl(rule.id)}`, markdown: `${rule.description}\n\n[Documentation](${ruleDocsUrl(rule.id)})` },
              defaultConfiguration: { level: level(rule.severity) },
              properties: { tags: [...rule.tags], ...(rule.gate ? { gate: rule.gate } : {}), fixable: rule.fixable },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
          level: level(finding.severity),
          message: { text: finding.message },
          locations: [location(finding.file, finding.range)],
          partialFingerprints: { 'shipshape/v1': fingerprint(finding) },
          ...(finding.related?.length
            ? { relatedLocations: finding.related.map((item, id) => ({ id, ...location(item.file, item.range), message: { text: item.message } })) }
            : {}),
          ...(finding.fixes?.length
            ? {
                fixes: finding.fixes.map((fix) => ({
                  description: { text: fix.title },
                  artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
                    artifactLocation: { uri: encodeURI(relativePath(file)), uriBaseId: '%SRCROOT%' },
                    replacements: edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
                  })),
                })),
              }
            : {}),
        })),
      },
    ],
  };
}

function groupByFile<T extends { file: string }>(edits: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const edit of edits) groups.set(edit.file, [...(groups.get(edit.file) ?? []), edit]);
  return [...groups];
}
