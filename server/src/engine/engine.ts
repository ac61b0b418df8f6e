import path from 'node:path';
import type { Finding, FileKind, Range, Severity } from './model';
import { HCL_KINDS, TEXT_KINDS, YAML_KINDS, compareFindings } from './model';
import { classify } from './classify';
import type { ClassifyProbe } from './classify';
import { LineIndex } from './text';
import type { ParsedYaml, YamlDoc } from './yaml/document';
import { parseYamlStream } from './yaml/document';
import { loadTerraformLanguage, parseHcl } from './hcl/parser';
import type { HclTree } from './hcl/parser';
import { fastParseHcl } from './hcl/fast-parse';
import { buildModel } from './hcl/model';
import { isFollowedScript } from './readiness/scripts';
import type { HclModelCache } from './hcl/model';
import { collectSyntaxErrors } from './hcl/syntax';
import { extractTerraformFacts } from './facts/terraform';
import { warmFacts } from './facts/store';
import type { TerraformFileFacts } from './facts/terraform';
import { WorkspaceIndex } from './workspace';
import { summarize } from './summary';
import type { EngineRuleContext, FileInfo, ReportDraft, Rule } from './rules/define';
import { ALL_RULES } from './rules/registry';
import { defaultConfig, parseConfig } from './config';
import type { ConfigProblem, ResolvedConfig } from './config';
import { applySuppressions, parseSuppressions } from './suppress';
import type { Suppression } from './suppress';
import type { Baseline } from './baseline';
import { CancelledError, Yielder, prepareInput } from './input';
import { applyConfiguration, expiredExceptions, shiftFinding } from './finalize';
import { scanYamlByDocument } from './secrets/scan';
import { textKindOf } from './secrets/files';
import { dropCoveredSecretFindings } from './secrets/dedup';
import { buildReadinessReport } from './readiness/report';
import type { ReadinessReport } from './readiness/types';

export interface EngineOptions {
  /** Workspace root: configuration globs, the baseline and relative paths start here. */
  root?: string;
  config?: ResolvedConfig;
  baseline?: Baseline;
  logger?: (message: string) => void;
  /** Today's date as YYYY-MM-DD (suppression expiry); injectable for tests. */
  today?: () => string;
  probe?: ClassifyProbe;
  /** Keep tree-sitter trees between versions for incremental re-parsing (the server does). */
  retainTrees?: boolean;
  rules?: readonly Rule[];
}

export interface FileInput {
  path: string;
  text?: string;
  bytes?: Uint8Array;
  /** Skips classification (e.g. the editor says this is a workflow). */
  kind?: FileKind;
  /** The size on disk, when known before reading: oversized files are refused without reading them. */
  size?: number;
  /** The first bytes of a file that is not read in full, to classify it by content. */
  head?: string;
}


interface DocCacheEntry {
  lineBase: number;
  /** For rules that read the workspace: the index version the findings were computed against. */
  indexVersion?: number;
  findings: Finding[];
}

interface FileState {
  info: FileInfo;
  notices: Finding[];
  yaml?: ParsedYaml;
  hclTree?: HclTree;
  /** Per top-level block models of the last parse, reused for unchanged blocks. */
  hclModel?: HclModelCache;
  terraform?: TerraformFileFacts;
  configProblems?: ConfigProblem[];
  suppressions?: Suppression[];
  /** Findings of whole-file text rules, per rule: they depend on the text alone. */
  textFindings?: Map<string, Finding[]>;
  result?: { indexVersion: number; settingsVersion: number; findings: Finding[] };
}

function localToday(): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * How long analysis works before giving the event loop a turn. A request reaching the server while a
 * big file is analysed waits for a few slices (JSON-RPC reads, dispatches and writes in separate
 * turns), so slices are short.
 */
const YIELD_EVERY_MS = 4;


const SUPPRESSION_AUDIT_RULES = new Set(['shipshape/invalid-suppression', 'shipshape/suppression-missing-reason', 'shipshape/unused-suppression', 'shipshape/suppression-expired']);

const START_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The analysis engine: classify → parse → facts → rules → suppress → findings, for any number of
 * files, with a workspace index for cross-file rules. It has no editor or LSP dependency: the CLI and
 * the language server are thin adapters over it.
 */
export class Engine {
  readonly root: string;
  readonly rules: readonly Rule[];
  readonly index = new WorkspaceIndex();
  /** Files a `.gitlab-ci.yml` includes locally: they are GitLab CI whatever their name. */
  readonly gitlabIncludes = new Set<string>();
  private readonly ruleById: Map<string, Rule>;
  private readonly files = new Map<string, FileState>();
  private readonly docCache = new WeakMap<YamlDoc, Map<string, DocCacheEntry>>();
  private readonly failedRules = new Set<string>();
  private config: ResolvedConfig;
  private baseline: Baseline | undefined;
  private settingsVersion = 0;
  private readonly log: (message: string) => void;
  private readonly today: () => string;

  constructor(private readonly options: EngineOptions = {}) {
    this.root = path.resolve(options.root ?? process.cwd());
    this.rules = options.rules ?? ALL_RULES;
    this.ruleById = new Map(this.rules.map((rule) => [rule.id, rule]));
    this.config = options.config ?? defaultConfig(this.root);
    this.baseline = options.baseline;
    this.log = options.logger ?? (() => undefined);
    this.today = options.today ?? localToday;
  }

  get ruleIds(): ReadonlySet<string> {
    return new Set(this.ruleById.keys());
  }

  getRule(id: string): Rule | undefined {
    return this.ruleById.get(id);
  }

  get currentConfig(): ResolvedConfig {
    return this.config;
  }

  setConfig(config: ResolvedConfig): void {
    this.config = config;
    this.settingsVersion++;
  }

  setBaseline(baseline: Baseline | undefined): void {
    this.baseline = baseline;
    this.settingsVersion++;
  }

  relativePath(file: string): string {
    if (!path.isAbsolute(file)) return file;
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  /** Whether configuration (or editor settings) exclude a path from analysis. */
  isIgnored(file: string): boolean {
    return this.config.isIgnored(this.relativePath(file));
  }

  get maxFileBytes(): number {
    return this.config.maxFileSizeKB * 1024;
  }

  knownFiles(): string[] {
    return [...this.files.keys()];
  }

  kindOf(file: string): FileKind | undefined {
    return this.files.get(file)?.info.kind;
  }

  textOf(file: string): string | undefined {
    return this.files.get(file)?.info.text;
  }

  /**
   * Adds or updates a file: decode, classify, parse, extract facts, update the index. Returns the
   * file's kind, or undefined when Shipshape does not handle it (then it is forgotten).
   */
  async update(input: FileInput, isCancelled?: () => boolean): Promise<FileKind | undefined> {
    const file = input.path;
    const prepared = prepareInput(input, this.maxFileBytes);
    if (!prepared.ok) return this.notAnalyzed({ ...input, head: prepared.head }, prepared.reason);
    const text = prepared.text;
    const notices: Finding[] = [];
    if (prepared.invalidUtf8At !== undefined) {
      notices.push(this.notice('shipshape/invalid-encoding', file, `This file is not valid UTF-8 (first bad byte at offset ${prepared.invalidUtf8At}); it was analysed with the bad bytes replaced. Re-save it as UTF-8.`));
    }

    const kind = input.kind ?? classify(file, text, { probe: this.options.probe, gitlabIncludes: this.gitlabIncludes }) ?? textKindOf(file);
    if (!kind) {
      this.remove(file);
      return undefined;
    }
    const previous = this.files.get(file);
    const state: FileState = { info: { path: file, kind, text, lines: new LineIndex(text) }, notices };
    const yielder = new Yielder(YIELD_EVERY_MS, isCancelled);
    try {
      if (YAML_KINDS.has(kind)) {
        const reusable = previous?.info.kind === kind && previous.yaml ? new Map(previous.yaml.docs.map((doc) => [doc.text, doc])) : undefined;
        state.yaml = await parseYamlStream(text, reusable, { keepSourceTokens: kind === 'gha-workflow' }, () => yielder.maybeYield());
        // Facts are extracted here, a document at a time, so that indexing a big stream never blocks.
        for (const doc of state.yaml.docs) {
          try {
            warmFacts(kind, doc);
          } catch {
            // A facts bug surfaces (once, logged) when the rules that need them run in isolation.
          }
          await yielder.maybeYield();
        }
        if (kind === 'shipshape-config') state.configProblems = parseConfig(text, file, this.ruleIds).problems.filter((problem) => !problem.syntax);
      } else if (HCL_KINDS.has(kind)) {
        await this.parseTerraform(state, previous);
      }
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      this.log(`Shipshape could not parse ${file}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      state.yaml = undefined;
      state.terraform = undefined;
      state.notices.push(this.notice('shipshape/file-not-analyzed', file, `Not analysed: the parser failed (${error instanceof Error ? error.message : String(error)}). Please report this file's shape.`));
    }
    if (previous?.hclTree && previous.hclTree !== state.hclTree) previous.hclTree.tree.delete();
    if (kind === 'text') this.forgetQuietText(state);
    this.files.set(file, state);
    if (TEXT_KINDS.has(kind)) this.index.remove(file);
    else this.index.update(file, this.safeSummary(state));
    return kind;
  }

  private async parseTerraform(state: FileState, previous: FileState | undefined): Promise<void> {
    // Most files are plain HCL, which the fast front end reads into the same model (and it declines
    // anything else). Such a file has no syntax errors and keeps no tree: its next edit parses anew.
    const fast = fastParseHcl(state.info.text, state.info.lines);
    if (fast) {
      state.hclModel = fast.cache;
      state.terraform = extractTerraformFacts(fast.body, []);
      return;
    }
    const language = await loadTerraformLanguage();
    const reuse = this.options.retainTrees && previous?.info.kind === state.info.kind ? previous.hclTree : undefined;
    const hcl = parseHcl(language, state.info.text, reuse);
    try {
      const root = hcl.tree.rootNode;
      const model = buildModel(root, state.info.text, state.info.lines, previous?.info.kind === state.info.kind ? previous.hclModel : undefined);
      state.hclModel = model.cache;
      state.terraform = extractTerraformFacts(model.body, collectSyntaxErrors(root, state.info.text, model.gaps));
    } finally {
      if (this.options.retainTrees) state.hclTree = hcl;
      else hcl.tree.delete();
    }
  }

  /**
   * Any text file is read for secrets, but most hold none: keep the text of those only when a text
   * rule reports something (or a suppression may need it), so a workspace of sources costs little memory.
   */
  private forgetQuietText(state: FileState): void {
    if (state.notices.length > 0 || state.info.text.includes('shipshape-ignore') || isFollowedScript(state.info.path)) return;
    for (const rule of this.rules) if (rule.target === 'text-file' && rule.kinds.has('text') && this.textRuleFindings(rule, state).length > 0) return;
    state.info = { ...state.info, text: '', lines: new LineIndex('') };
    state.textFindings = undefined;
  }

  private notAnalyzed(input: FileInput, message: string): FileKind | undefined {
    const head = input.head ?? '';
    // Unknown binaries are skipped silently; an oversized text file of any kind gets the notice.
    const kind = input.kind ?? classify(input.path, head, { probe: this.options.probe, gitlabIncludes: this.gitlabIncludes }) ?? (head.includes('\u0000') ? undefined : textKindOf(input.path));
    if (!kind) {
      this.remove(input.path);
      return undefined;
    }
    const state: FileState = {
      info: { path: input.path, kind, text: '', lines: new LineIndex('') },
      notices: [this.notice('shipshape/file-not-analyzed', input.path, message)],
    };
    this.files.set(input.path, state);
    this.index.remove(input.path);
    return kind;
  }

  private notice(ruleId: string, file: string, message: string): Finding {
    return { ruleId, severity: this.ruleById.get(ruleId)?.severity ?? 'info', message, file, range: START_OF_FILE };
  }

  private safeSummary(state: FileState) {
    try {
      return summarize(state.info, state.yaml, state.terraform);
    } catch (error) {
      this.log(`Shipshape could not index ${state.info.path}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  remove(file: string): void {
    const state = this.files.get(file);
    state?.hclTree?.tree.delete();
    this.files.delete(file);
    this.index.remove(file);
  }

  /** Drops every file (e.g. before a full re-scan). */
  clear(): void {
    for (const file of [...this.files.keys()]) this.remove(file);
  }

  /** The findings of one file after configuration, suppressions and the baseline. */
  async findings(file: string, isCancelled?: () => boolean): Promise<Finding[]> {
    const state = this.files.get(file);
    if (!state) return [];
    const cached = state.result;
    if (cached && cached.settingsVersion === this.settingsVersion && (cached.indexVersion === this.index.version || !this.readsWorkspace(state))) {
      return cached.findings;
    }
    const indexVersion = this.index.version;
    const raw = await this.runRules(state, new Yielder(YIELD_EVERY_MS, isCancelled));
    const findings = this.finalize(state, raw);
    state.result = { indexVersion, settingsVersion: this.settingsVersion, findings };
    return findings;
  }

  private readsWorkspace(state: FileState): boolean {
    return this.rules.some((rule) => rule.usesWorkspace && rule.kinds.has(state.info.kind));
  }

  private enabledRulesFor(kind: FileKind): Rule[] {
    return this.rules.filter((rule) => rule.target !== 'meta' && rule.kinds.has(kind) && this.config.rules.get(rule.id) !== 'off');
  }

  private async runRules(state: FileState, yielder: Yielder): Promise<Finding[]> {
    const findings: Finding[] = [...state.notices];
    const rules = this.enabledRulesFor(state.info.kind);
    if (state.yaml) {
      for (const doc of state.yaml.docs) {
        // A document with structural YAML errors (or an alias bomb) gets only its syntax findings:
        // rules reading a half-parsed tree would report what is not there. A duplicate key leaves
        // the tree whole, so the other rules still run.
        const broken = doc.hasStructuralErrors;
        for (const rule of rules) {
          if (rule.target !== 'yaml-document' || (broken && rule.id !== 'yaml/syntax-error')) continue;
          findings.push(...this.cachedDocFindings(rule, state, doc));
        }
        await yielder.maybeYield();
      }
    }
    if (state.terraform) {
      for (const rule of rules) if (rule.target === 'hcl-file') findings.push(...this.runRule(rule, state, undefined, state.terraform));
    }
    if (state.yaml && rules.some((rule) => rule.target === 'text-file')) await scanYamlByDocument(state.info, state.yaml.docs, () => yielder.maybeYield());
    for (const rule of rules) if (rule.target === 'text-file') findings.push(...this.textRuleFindings(rule, state));
    for (const problem of state.configProblems ?? []) {
      findings.push({ ruleId: 'shipshape/invalid-config', severity: 'error', message: problem.message, file: state.info.path, range: problem.range });
    }
    return findings;
  }

  /**
   * Document findings are kept with the parsed document: until its text changes, or, for rules that
   * read the workspace index, until the index version moves.
   */
  private cachedDocFindings(rule: Rule, state: FileState, doc: YamlDoc): Finding[] {
    let perRule = this.docCache.get(doc);
    if (!perRule) {
      perRule = new Map();
      this.docCache.set(doc, perRule);
    }
    const indexVersion = rule.usesWorkspace ? this.index.version : undefined;
    const cached = perRule.get(rule.id);
    if (cached && cached.indexVersion === indexVersion) {
      if (cached.lineBase === doc.lineBase) return cached.findings;
      const shifted = cached.findings.map((finding) => shiftFinding(finding, state.info.path, doc.lineBase - cached.lineBase));
      perRule.set(rule.id, { lineBase: doc.lineBase, indexVersion, findings: shifted });
      return shifted;
    }
    const findings = this.runRule(rule, state, doc);
    perRule.set(rule.id, { lineBase: doc.lineBase, indexVersion, findings });
    return findings;
  }

  private textRuleFindings(rule: Rule, state: FileState): Finding[] {
    state.textFindings ??= new Map();
    let findings = state.textFindings.get(rule.id);
    if (!findings) {
      findings = this.runRule(rule, state);
      state.textFindings.set(rule.id, findings);
    }
    return findings;
  }

  private runRule(rule: Rule, state: FileState, doc?: YamlDoc, terraform?: TerraformFileFacts): Finding[] {
    const findings: Finding[] = [];
    const file = state.info.path;
    const context: EngineRuleContext = {
      file: state.info,
      workspace: this.index,
      doc,
      terraform,
      report: (draft: ReportDraft) => {
        findings.push({
          ruleId: rule.id,
          severity: draft.severity ?? rule.severity,
          message: draft.message,
          file,
          range: draft.range,
          ...(draft.fixes?.length
            ? { fixes: draft.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((edit) => ({ file: edit.file ?? file, range: edit.range, newText: edit.newText })) })) }
            : {}),
          ...(draft.related?.length ? { related: draft.related } : {}),
        });
      },
    };
    try {
      rule.run(context);
    } catch (error) {
      if (!this.failedRules.has(rule.id)) {
        this.failedRules.add(rule.id);
        this.log(`Rule ${rule.id} failed on ${file} (reported once; other rules still ran): ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
      return [];
    }
    return findings;
  }

  private severityOf(ruleId: string): Severity {
    const setting = this.config.rules.get(ruleId);
    if (setting && setting !== 'off') return setting;
    return this.ruleById.get(ruleId)?.severity ?? 'warning';
  }

  private finalize(state: FileState, raw: Finding[]): Finding[] {
    const file = state.info.path;
    const today = this.today();
    let findings = applyConfiguration(dropCoveredSecretFindings(raw), this.config, this.relativePath(file), today);
    if (state.info.kind === 'shipshape-config') findings.push(...expiredExceptions(this.config, file, today, this.severityOf('shipshape/suppression-expired')));
    state.suppressions ??= parseSuppressions(state.info.lines, HCL_KINDS.has(state.info.kind) || TEXT_KINDS.has(state.info.kind));
    findings = applySuppressions(findings, state.suppressions, {
      file,
      lines: state.info.lines,
      today,
      knownRules: this.ruleIds,
      ranRules: new Set(this.enabledRulesFor(state.info.kind).map((rule) => rule.id)),
      severityOf: (ruleId) => this.severityOf(ruleId),
    }).filter((finding) => this.config.rules.get(finding.ruleId) !== 'off');
    // Prose and sample files quote suppression comments as examples: in text files, suppressions
    // apply but are not audited.
    if (TEXT_KINDS.has(state.info.kind)) findings = findings.filter((finding) => !SUPPRESSION_AUDIT_RULES.has(finding.ruleId));
    if (this.baseline) findings = this.baseline.filter(findings, this.fingerprintSource());
    return findings.sort(compareFindings);
  }

  fingerprintSource() {
    return {
      relativePath: (file: string) => this.relativePath(file),
      lineText: (file: string, line: number) => this.files.get(file)?.info.lines.lineText(line) ?? '',
    };
  }

  /** The deploy-readiness report of everything the engine knows (DESIGN §5). */
  async readiness(isCancelled?: () => boolean, root: string = this.root): Promise<ReadinessReport> {
    const findings = await this.allFindings(isCancelled);
    const files = [...this.files.values()].map((state) => ({
      path: state.info.path,
      kind: state.info.kind,
      yaml: state.yaml,
      terraform: state.terraform,
      // Pipelines may run the repository's scripts and Makefiles: readiness reads what those do.
      text: isFollowedScript(state.info.path) ? state.info.text : undefined,
    }));
    return buildReadinessReport({
      root,
      files,
      findings,
      rules: this.rules,
      isKustomizePatch: (file) => this.index.isKustomizePatch(file),
      exists: this.options.probe?.exists,
    });
  }

  /** Findings of every known file, in path order. */
  async allFindings(isCancelled?: () => boolean): Promise<Map<string, Finding[]>> {
    const result = new Map<string, Finding[]>();
    for (const file of [...this.files.keys()].sort()) result.set(file, await this.findings(file, isCancelled));
    return result;
  }
}
