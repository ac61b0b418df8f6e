import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine/engine';
import type { Finding, Severity } from '../engine/model';
import { severityRank } from '../engine/model';
import { ALL_RULES } from '../engine/rules/registry';
import { Baseline, BASELINE_FILE_NAME, createBaseline, fingerprints } from '../engine/baseline';
import { findConfigFile, loadConfigFile, loadFiles } from '../engine/project';
import { VERSION, ruleDocsUrl } from '../version';
import { formatText, summaryLine } from './text';
import { toSarif } from './sarif';
import { displayPathFrom, readinessMarkdown, readinessText } from './readiness-format';

// The `shipshape` command: a thin adapter that loads files into the engine and prints findings.
// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration errors.

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
}

class UsageError extends Error {}

const HELP = `Shipshape ${VERSION}: deploy-readiness checks for pipelines, Kubernetes and Terraform.

Usage:
  shipshape check [paths...]     check files and directories (default: .)
      --format text|json|sarif   output format (default: text)
      --fail-on error|warning|info|never
                                 exit 1 when a finding at or above this severity remains (default: error)
      --config FILE              use this .shipshape.yaml (default: the nearest one up to the repository root)
      --baseline FILE            hide findings recorded in this baseline (default: .shipshape-baseline.json if present)
      --no-baseline              ignore any baseline
  shipshape baseline [paths...]  record current findings so that only new ones are reported
      --output FILE              where to write it (default: .shipshape-baseline.json at the root)
      --config FILE
  shipshape readiness [path]     is the repository ready to ship? units, gates by DORA key, verdict
      --format text|json|markdown
                                 output format (default: text; markdown suits a CI job summary)
      --fail-on blocked|warnings|never
                                 exit 1 when the verdict is Blocked (default) or has warnings
      --verbose                  also list gates that do not apply, and evidence of passing gates
  shipshape rules [--format text|json]
                                 list the rules
  shipshape --version | --help

Suppress a finding in a file with  # shipshape-ignore[rule-id] reason
`;

interface ParsedArgs {
  command: string;
  paths: string[];
  options: Map<string, string | true>;
}

const VALUE_OPTIONS = new Set(['--format', '--fail-on', '--config', '--baseline', '--output']);
const FLAG_OPTIONS = new Set(['--no-baseline', '--help', '--version', '--no-color', '--verbose']);

function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command = 'help', ...rest] = argv;
  const paths: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      paths.push(...rest.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      if (VALUE_OPTIONS.has(name)) {
        const value = inline ?? rest[++i];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
        options.set(name, value);
      } else if (FLAG_OPTIONS.has(name)) {
        options.set(name, true);
      } else {
        throw new UsageError(`unknown option ${name}`);
      }
    } else {
      paths.push(arg);
    }
  }
  return { command, paths, options };
}

function choice<T extends string>(options: Map<string, string | true>, name: string, allowed: readonly T[], fallback: T): T {
  const value = options.get(name);
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new UsageError(`${name} must be one of ${allowed.join(', ')}${typeof value === 'string' ? `, not "${value}"` : ''}`);
  }
  return value as T;
}

interface Session {
  engine: Engine;
  files: string[];
  root: string;
}

async function openSession(args: ParsedArgs, io: Io, useBaseline: boolean): Promise<Session> {
  const explicitConfig = args.options.get('--config');
  const configFile = typeof explicitConfig === 'string' ? path.resolve(io.cwd, explicitConfig) : findConfigFile(io.cwd);
  if (typeof explicitConfig === 'string' && !fs.existsSync(configFile!)) throw new UsageError(`configuration file not found: ${explicitConfig}`);
  const root = configFile ? path.dirname(configFile) : io.cwd;
  const ruleIds = new Set(ALL_RULES.map((rule) => rule.id));
  const loaded = loadConfigFile(configFile, root, ruleIds);
  if (loaded.readError) throw new UsageError(`cannot read ${configFile}: ${loaded.readError}`);
  if (loaded.problems.length > 0) {
    const where = path.relative(io.cwd, configFile!) || configFile!;
    const lines = loaded.problems.map((problem) => `${where}:${problem.range.start.line + 1}:${problem.range.start.character + 1}: error: ${problem.message} [shipshape/invalid-config]`);
    throw new UsageError(`invalid configuration, nothing was checked:\n${lines.join('\n')}`);
  }

  let baseline: Baseline | undefined;
  const explicitBaseline = args.options.get('--baseline');
  const baselineFile = typeof explicitBaseline === 'string' ? path.resolve(io.cwd, explicitBaseline) : path.join(root, BASELINE_FILE_NAME);
  if (useBaseline && !args.options.has('--no-baseline') && (typeof explicitBaseline === 'string' || fs.existsSync(baselineFile))) {
    try {
      baseline = Baseline.parse(fs.readFileSync(baselineFile, 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot use baseline ${path.relative(io.cwd, baselineFile)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const engine = new Engine({
    root,
    config: loaded.config,
    baseline,
    probe: { exists: (file) => fs.existsSync(file) },
    logger: (message) => io.stderr(`shipshape: ${message}`),
  });
  const targets = args.paths.length > 0 ? args.paths : ['.'];
  for (const target of targets) {
    if (!fs.existsSync(path.resolve(io.cwd, target))) throw new UsageError(`no such file or directory: ${target}`);
  }
  const files = await loadFiles(
    engine,
    targets.map((target) => path.resolve(io.cwd, target)),
  );
  return { engine, files, root };
}

async function collect(session: Session): Promise<Finding[]> {
  const all: Finding[] = [];
  for (const file of session.files) all.push(...(await session.engine.findings(file)));
  return all;
}

function relativeTo(cwd: string) {
  return (file: string) => (path.isAbsolute(file) ? path.relative(cwd, file).split(path.sep).join('/') || '.' : file);
}

function relativeFinding(finding: Finding, relative: (file: string) => string): Finding {
  return {
    ...finding,
    file: relative(finding.file),
    ...(finding.fixes ? { fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, file: relative(edit.file) })) })) } : {}),
    ...(finding.related ? { related: finding.related.map((item) => ({ ...item, file: relative(item.file) })) } : {}),
  };
}

async function check(args: ParsedArgs, io: Io): Promise<number> {
  const format = choice(args.options, '--format', ['text', 'json', 'sarif'] as const, 'text');
  const failOn = choice(args.options, '--fail-on', ['error', 'warning', 'info', 'never'] as const, 'error');
  const session = await openSession(args, io, true);
  const findings = await collect(session);
  const relative = relativeTo(io.cwd);
  if (format === 'json') {
    io.stdout(JSON.stringify(findings.map((finding) => relativeFinding(finding, relative)), null, 2));
  } else if (format === 'sarif') {
    const prints = new Map<Finding, string>();
    const byFile = new Map<string, Finding[]>();
    for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
    for (const group of byFile.values()) {
      fingerprints(group, session.engine.fingerprintSource()).forEach((print, index) => prints.set(group[index], print));
    }
    const log = toSarif({ findings, rules: session.engine.rules, relativePath: relative, fingerprint: (finding) => prints.get(finding) ?? '', cwd: io.cwd });
    io.stdout(JSON.stringify(log, null, 2));
  } else {
    const text = formatText(findings, relative, io.color);
    if (text) io.stdout(text);
    io.stdout(summaryLine(findings, session.files.length));
  }
  if (failOn === 'never') return 0;
  const threshold = severityRank(failOn as Severity);
  return findings.some((finding) => severityRank(finding.severity) >= threshold) ? 1 : 0;
}

async function readiness(args: ParsedArgs, io: Io): Promise<number> {
  const format = choice(args.options, '--format', ['text', 'json', 'markdown'] as const, 'text');
  const failOn = choice(args.options, '--fail-on', ['blocked', 'warnings', 'never'] as const, 'blocked');
  if (args.paths.length > 1) throw new UsageError('readiness takes one repository path');
  const session = await openSession(args, io, true);
  const target = path.resolve(io.cwd, args.paths[0] ?? '.');
  const root = fs.statSync(target).isDirectory() ? target : path.dirname(target);
  const report = await session.engine.readiness(undefined, root);
  if (format === 'json') io.stdout(JSON.stringify(report, null, 2));
  else if (format === 'markdown') io.stdout(readinessMarkdown(report));
  else io.stdout(readinessText(report, { color: io.color, verbose: args.options.has('--verbose'), displayPath: displayPathFrom(root, io.cwd) }));
  if (failOn === 'never') return 0;
  if (report.verdict === 'blocked') return 1;
  return failOn === 'warnings' && report.verdict === 'ready-with-warnings' ? 1 : 0;
}

async function baseline(args: ParsedArgs, io: Io): Promise<number> {
  const session = await openSession(args, io, false);
  const findings = await collect(session);
  const output = args.options.get('--output');
  const target = typeof output === 'string' ? path.resolve(io.cwd, output) : path.join(session.root, BASELINE_FILE_NAME);
  const data = createBaseline(findings, session.engine.fingerprintSource());
  fs.writeFileSync(target, `${JSON.stringify(data, null, 2)}\n`);
  io.stdout(`Recorded ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${path.relative(io.cwd, target) || target}; \`shipshape check\` now reports only new ones.`);
  return 0;
}

function rules(args: ParsedArgs, io: Io): number {
  const format = choice(args.options, '--format', ['text', 'json'] as const, 'text');
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        ALL_RULES.map((rule) => ({ id: rule.id, title: rule.title, severity: rule.severity, tags: rule.tags, gate: rule.gate, fixable: rule.fixable, description: rule.description, docs: ruleDocsUrl(rule.id) })),
        null,
        2,
      ),
    );
    return 0;
  }
  const width = Math.max(...ALL_RULES.map((rule) => rule.id.length));
  for (const rule of ALL_RULES) io.stdout(`${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.fixable ? 'fix' : '   '}  ${rule.title}`);
  return 0;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === '--version' || args.options.has('--version')) {
      io.stdout(VERSION);
      return 0;
    }
    if (args.command === 'help' || args.command === '--help' || args.options.has('--help')) {
      io.stdout(HELP);
      return args.command === 'help' && argv.length === 0 ? 2 : 0;
    }
    if (args.options.has('--no-color') || process.env.NO_COLOR !== undefined) io.color = false;
    switch (args.command) {
      case 'check':
        return await check(args, io);
      case 'baseline':
        return await baseline(args, io);
      case 'readiness':
        return await readiness(args, io);
      case 'rules':
        return rules(args, io);
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`shipshape: ${error.message}\nRun \`shipshape --help\` for usage.`);
      return 2;
    }
    throw error;
  }
}
