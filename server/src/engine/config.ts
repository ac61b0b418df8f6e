import path from 'node:path';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { Range, Severity } from './model';
import { SEVERITIES } from './model';
import { closestMatch } from './text';
import type { YamlDoc } from './yaml/document';
import { keyText, pairsOf, parseYamlDocument, scalarText } from './yaml/document';

// `.shipshape.yaml`: per-rule severity, path ignores and rule+path exceptions. It is validated here
// by hand rather than by a schema validator so that every problem points at the offending key and
// says what was meant; `schemas/shipshape.schema.json` describes the same shape for editors, and a
// test keeps the two in agreement.

export const CONFIG_FILE_NAMES = ['.shipshape.yaml', '.shipshape.yml'];
export const DEFAULT_MAX_FILE_SIZE_KB = 10 * 1024;

export type RuleSetting = Severity | 'off';

export interface ConfigException {
  rules: string[];
  paths: string[];
  reason: string;
  until?: string;
  range: Range;
  matches: (relativePath: string) => boolean;
}

export interface ConfigProblem {
  range: Range;
  message: string;
  /** A YAML syntax error (the engine reports those as yaml/syntax-error when it analyses the file). */
  syntax?: boolean;
}

export interface ResolvedConfig {
  /** Where the configuration came from, if anywhere. */
  file?: string;
  /** The directory globs are relative to. */
  root: string;
  rules: Map<string, RuleSetting>;
  ignore: string[];
  exceptions: ConfigException[];
  maxFileSizeKB: number;
  isIgnored: (relativePath: string) => boolean;
}

export function defaultConfig(root: string): ResolvedConfig {
  return {
    root,
    rules: new Map(),
    ignore: [],
    exceptions: [],
    maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB,
    isIgnored: () => false,
  };
}

/** A matcher for workspace-relative globs: `dir/` means everything below, a bare name matches anywhere. */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const expanded = patterns.map((pattern) => {
    let glob = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
    if (glob.endsWith('/')) glob += '**';
    if (!glob.includes('/')) glob = `**/${glob}`;
    return glob;
  });
  const match = picomatch(expanded, { dot: true });
  return (relativePath) => {
    const normal = relativePath.replace(/\\/g, '/');
    return match(normal) || match(`${normal}/`);
  };
}

const TOP_LEVEL_KEYS = ['rules', 'ignore', 'exceptions', 'maxFileSizeKB'];
const EXCEPTION_KEYS = ['rule', 'rules', 'paths', 'reason', 'until'];
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

class ConfigReader {
  readonly problems: ConfigProblem[] = [];

  constructor(
    readonly doc: YamlDoc,
    readonly knownRules: ReadonlySet<string>,
  ) {}

  problem(node: unknown, message: string): void {
    this.problems.push({ range: this.doc.rangeOf(node as Node), message });
  }

  unknownKey(pair: Pair, allowed: readonly string[], where: string): void {
    const key = keyText(pair) ?? '?';
    const suggestion = closestMatch(key, allowed);
    this.problem(pair.key, `Unknown key \`${key}\` in ${where}${suggestion ? `; did you mean \`${suggestion}\`?` : '.'} Allowed: ${allowed.join(', ')}.`);
  }

  ruleId(node: unknown): string | undefined {
    const id = scalarText(node);
    if (id === undefined) {
      this.problem(node, 'A rule id must be a string such as `k8s/missing-probes`.');
      return undefined;
    }
    if (!this.knownRules.has(id)) {
      const suggestion = closestMatch(id, this.knownRules);
      this.problem(node, `Unknown rule \`${id}\`${suggestion ? `; did you mean \`${suggestion}\`?` : '.'} \`shipshape rules\` lists them all.`);
      return undefined;
    }
    return id;
  }

  stringList(node: unknown, what: string): string[] {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) {
      this.problem(node, `\`${what}\` must be a list of strings.`);
      return [];
    }
    const values: string[] = [];
    for (const item of node.items) {
      const text = scalarText(item);
      if (text === undefined || text === '') this.problem(item, `Each entry of \`${what}\` must be a non-empty string.`);
      else values.push(text);
    }
    return values;
  }
}

function readRules(reader: ConfigReader, node: unknown, rules: Map<string, RuleSetting>): void {
  if (!isMap(node)) {
    reader.problem(node, '`rules` must map rule ids to a severity: `error`, `warning`, `info` or `off`.');
    return;
  }
  const allowed: readonly string[] = [...SEVERITIES, 'off'];
  for (const pair of pairsOf(node)) {
    const id = reader.ruleId(pair.key);
    let valueNode: unknown = pair.value;
    if (isMap(valueNode)) {
      for (const inner of pairsOf(valueNode)) if (keyText(inner) !== 'severity') reader.unknownKey(inner, ['severity'], `the settings of ${id ?? 'a rule'}`);
      valueNode = pairsOf(valueNode).find((inner) => keyText(inner) === 'severity')?.value;
    }
    const setting = scalarText(valueNode);
    // YAML 1.2 reads `off` as a string; quoting is never needed.
    if (setting === undefined || !allowed.includes(setting)) {
      reader.problem(valueNode ?? pair.key, `Severity must be one of ${allowed.join(', ')}${setting ? `, not \`${setting}\`` : ''}.`);
      continue;
    }
    if (id) rules.set(id, setting as RuleSetting);
  }
}

function readException(reader: ConfigReader, node: unknown): ConfigException | undefined {
  if (!isMap(node)) {
    reader.problem(node, 'Each exception is a mapping with `rules`, `paths`, `reason` and optionally `until`.');
    return undefined;
  }
  const exception: ConfigException = { rules: [], paths: [], reason: '', range: reader.doc.rangeOf(node), matches: () => false };
  let valid = true;
  for (const pair of pairsOf(node)) {
    const key = keyText(pair);
    switch (key) {
      case 'rule':
      case 'rules':
        for (const item of isSeq(pair.value) ? pair.value.items : [pair.value]) {
          const id = reader.ruleId(item);
          if (id) exception.rules.push(id);
          else valid = false;
        }
        break;
      case 'paths':
        exception.paths = reader.stringList(pair.value, 'paths');
        break;
      case 'reason':
        exception.reason = scalarText(pair.value)?.trim() ?? '';
        break;
      case 'until': {
        const until = scalarText(pair.value) ?? '';
        if (!isValidDate(until)) {
          reader.problem(pair.value, '`until` must be a date written YYYY-MM-DD.');
          valid = false;
        } else exception.until = until;
        break;
      }
      default:
        reader.unknownKey(pair, EXCEPTION_KEYS, 'an exception');
    }
  }
  if (exception.rules.length === 0 && valid) {
    reader.problem(node, 'An exception needs `rules`: the rule ids it excepts.');
    valid = false;
  }
  if (exception.paths.length === 0) {
    reader.problem(node, 'An exception needs `paths`: globs of the files it covers (use `ignore` to skip files entirely).');
    valid = false;
  }
  if (!exception.reason) {
    reader.problem(node, 'An exception needs a `reason`: say why these findings are acceptable.');
    valid = false;
  }
  if (!valid) return undefined;
  exception.matches = globMatcher(exception.paths);
  return exception;
}

/** Reads `.shipshape.yaml`. Problems are returned, never thrown; the valid parts still apply. */
export function parseConfig(text: string, file: string, knownRules: ReadonlySet<string>): { config: ResolvedConfig; problems: ConfigProblem[] } {
  const root = path.dirname(file);
  const config = defaultConfig(root);
  config.file = file;
  const doc = parseYamlDocument(text, 0, 0);
  const reader = new ConfigReader(doc, knownRules);
  for (const error of doc.doc.errors) reader.problems.push({ range: doc.rangeAt(error.pos[0], error.pos[1]), message: `YAML syntax error: ${error.message}`, syntax: true });
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { config, problems: reader.problems };
  if (!isMap(contents)) {
    reader.problem(contents, '`.shipshape.yaml` must be a mapping with `rules`, `ignore` and `exceptions`.');
    return { config, problems: reader.problems };
  }
  for (const pair of pairsOf(contents)) {
    switch (keyText(pair)) {
      case 'rules':
        readRules(reader, pair.value, config.rules);
        break;
      case 'ignore':
        config.ignore = reader.stringList(pair.value, 'ignore');
        break;
      case 'exceptions':
        if (!isSeq(pair.value)) reader.problem(pair.value ?? pair.key, '`exceptions` must be a list.');
        else {
          for (const item of pair.value.items) {
            const exception = readException(reader, item);
            if (exception) config.exceptions.push(exception);
          }
        }
        break;
      case 'maxFileSizeKB': {
        const size = Number(scalarText(pair.value));
        if (!Number.isInteger(size) || size <= 0) reader.problem(pair.value, '`maxFileSizeKB` must be a positive whole number of kilobytes.');
        else config.maxFileSizeKB = size;
        break;
      }
      default:
        reader.unknownKey(pair, TOP_LEVEL_KEYS, '.shipshape.yaml');
    }
  }
  config.isIgnored = globMatcher(config.ignore);
  return { config, problems: reader.problems };
}

/** Merges editor settings under the file's: `.shipshape.yaml` wins where both set a rule. */
export function withEditorSettings(config: ResolvedConfig, rules: Record<string, RuleSetting>, exclude: readonly string[]): ResolvedConfig {
  const merged = new Map<string, RuleSetting>(Object.entries(rules));
  for (const [id, setting] of config.rules) merged.set(id, setting);
  const ignore = [...config.ignore, ...exclude];
  return { ...config, rules: merged, ignore, isIgnored: globMatcher(ignore) };
}
