import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';
import { ErrorPolicy } from '@actions/workflow-parser/model/convert';
import { EventType, ParseEvent } from '@actions/workflow-parser/templates/parse-event';
import type { ObjectReader } from '@actions/workflow-parser/templates/object-reader';
import { TemplateContext, TemplateValidationErrors } from '@actions/workflow-parser/templates/template-context';
import { readTemplate } from '@actions/workflow-parser/templates/template-reader';
import {
  BooleanToken,
  MappingToken,
  NullToken,
  NumberToken,
  SequenceToken,
  StringToken,
} from '@actions/workflow-parser/templates/tokens/index';
import type { KeyValuePair, LiteralToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import { isMapping, isSequence } from '@actions/workflow-parser/templates/tokens/type-guards';
import type { DefinitionInfo } from '@actions/workflow-parser/templates/schema/definition-info';
import { DefinitionType } from '@actions/workflow-parser/templates/schema/definition-type';
import type { MappingDefinition } from '@actions/workflow-parser/templates/schema/mapping-definition';
import type { StringDefinition } from '@actions/workflow-parser/templates/schema/string-definition';
import type { TokenRange } from '@actions/workflow-parser/templates/tokens/token-range';
import { WORKFLOW_ROOT } from '@actions/workflow-parser/workflows/workflow-constants';
import { getWorkflowSchema } from '@actions/workflow-parser/workflows/workflow-schema';
import type { Range } from '../model';
import type { YamlDoc } from '../yaml/document';

// GitHub's own workflow parser validates structure, expressions and `needs`. Its YAML front end
// parses the text a second time and walks it with nested generators; this reader feeds it the
// document Shipshape already parsed, as a flat list of events, which is several times faster.

/** Alias expansions allowed while flattening one workflow (aliases are rare in workflows). */
const MAX_EXPANDED_NODES = 200_000;

class FlatObjectReader implements ObjectReader {
  private position = 0;

  constructor(private readonly events: ParseEvent[]) {}

  private take(type: EventType): ParseEvent | undefined {
    const event = this.events[this.position];
    if (event?.type !== type) return undefined;
    this.position++;
    return event;
  }

  allowLiteral(): LiteralToken | undefined {
    return this.take(EventType.Literal)?.token as LiteralToken | undefined;
  }

  allowSequenceStart(): SequenceToken | undefined {
    return this.take(EventType.SequenceStart)?.token as SequenceToken | undefined;
  }

  allowSequenceEnd(): boolean {
    return this.take(EventType.SequenceEnd) !== undefined;
  }

  allowMappingStart(): MappingToken | undefined {
    return this.take(EventType.MappingStart)?.token as MappingToken | undefined;
  }

  allowMappingEnd(): boolean {
    return this.take(EventType.MappingEnd) !== undefined;
  }

  validateStart(): void {
    if (!this.take(EventType.DocumentStart)) throw new Error('Expected start of reader');
  }

  validateEnd(): void {
    if (!this.take(EventType.DocumentEnd)) throw new Error('Expected end of reader');
  }
}

class EventBuilder {
  readonly events: ParseEvent[] = [new ParseEvent(EventType.DocumentStart)];
  private expanded = 0;
  private readonly lineStarts: readonly number[];
  /** The line of the last position asked for: nodes come in document order, so the next is near. */
  private line = 0;

  constructor(
    private readonly doc: YamlDoc,
    private readonly fileId: number,
  ) {
    this.lineStarts = doc.lineStarts;
  }

  /** 1-based line and column, as GitHub's parser counts them. */
  private point(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let line = this.line;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    while (line > 0 && starts[line] > offset) line--;
    this.line = line;
    return { line: line + 1 + this.doc.lineBase, column: offset - starts[line] + 1 };
  }

  private range(node: Node | null | undefined): TokenRange | undefined {
    const offsets = node?.range;
    if (!offsets) return undefined;
    return { start: this.point(offsets[0]), end: this.point(offsets[1]) };
  }

  add(node: unknown, resolving: ReadonlySet<unknown>): void {
    if (isMap(node) || isSeq(node)) {
      const range = this.range(node);
      const isMapping = isMap(node);
      this.events.push(
        isMapping
          ? new ParseEvent(EventType.MappingStart, new MappingToken(this.fileId, range, undefined))
          : new ParseEvent(EventType.SequenceStart, new SequenceToken(this.fileId, range, undefined)),
      );
      for (const item of node.items) {
        if (isPair(item)) {
          const key = item.key as Node | null;
          this.events.push(new ParseEvent(EventType.Literal, new StringToken(this.fileId, this.range(key), keyText(key) as string, undefined)));
          this.add(item.value, resolving);
        } else {
          this.add(item, resolving);
        }
      }
      this.events.push(new ParseEvent(isMapping ? EventType.MappingEnd : EventType.SequenceEnd));
    } else if (isScalar(node)) {
      this.events.push(new ParseEvent(EventType.Literal, this.literal(node)));
    } else if (isAlias(node)) {
      const target = node.resolve(this.doc.doc);
      if (!target || resolving.has(target)) return;
      if (++this.expanded > MAX_EXPANDED_NODES) throw new Error('too many alias expansions');
      this.add(target, new Set([...resolving, target]));
    }
  }

  private literal(node: Node & { value: unknown; srcToken?: unknown }): LiteralToken {
    const range = this.range(node);
    const value = node.value;
    if (value === null || value === undefined) return new NullToken(this.fileId, range, undefined);
    if (typeof value === 'number') return new NumberToken(this.fileId, range, value, undefined);
    if (typeof value === 'boolean') return new BooleanToken(this.fileId, range, value, undefined);
    const source = node.srcToken as { source?: string; type?: string; props?: { type: string; source: string }[] } | undefined;
    const header = source?.type === 'block-scalar' ? source.props?.find((prop) => prop.type === 'block-scalar-header')?.source : undefined;
    return new StringToken(this.fileId, range, String(value), undefined, source?.source, header);
  }
}

/**
 * A mapping key as the template reader expects it: a string. GitHub's own YAML reader passes `1:`
 * or `true:` through as a number or boolean, and its template reader then throws ("raw.indexOf is
 * not a function") and abandons the whole file; GitHub's service reads such keys as the text written.
 */
function keyText(key: Node | null): unknown {
  if (!isScalar(key)) return undefined;
  const value = key.value;
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? (key.source ?? String(value)) : value;
}

export interface WorkflowProblem {
  /** GitHub's own message, unchanged. */
  message: string;
  range?: Range;
  /** What the schema allows where the problem is, so a rule can explain it (not part of GitHub's message). */
  expected?: ExpectedHere;
}

export interface ExpectedHere {
  /** The key whose value is wrong. */
  key?: string;
  /** Keys the enclosing mapping accepts (for an unknown key). */
  keys?: string[];
  /** What the value may be: `a number`, `'read'`, `a mapping`, … */
  values?: string[];
  /** Contexts an expression may read here (`github`, `matrix`, …), when expressions are allowed. */
  contexts?: string[];
}

function toRange(range: TokenRange | undefined): Range | undefined {
  if (!range) return undefined;
  return {
    start: { line: range.start.line - 1, character: range.start.column - 1 },
    end: { line: range.end.line - 1, character: range.end.column - 1 },
  };
}

// ---- explaining GitHub's terse messages from the schema ----

function before(a: TokenRange['start'], b: TokenRange['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

function within(inner: TokenRange, outer: TokenRange | undefined): boolean {
  return outer !== undefined && before(outer.start, inner.start) && before(inner.end, outer.end);
}

function sameRange(a: TokenRange, b: TokenRange | undefined): boolean {
  return b !== undefined && a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;
}

interface Located {
  /** The innermost mapping or sequence that contains the range. */
  container?: TemplateToken;
  /** The pair whose value is, or contains, the range. */
  pair?: KeyValuePair;
  /** The pair's value is exactly the range. */
  exact: boolean;
}

function locate(token: TemplateToken, range: TokenRange): Located {
  let found: Located = { exact: false };
  let current: TemplateToken | undefined = token;
  while (current) {
    const node: TemplateToken = current;
    current = undefined;
    if (isMapping(node)) {
      found = { container: node, exact: false };
      for (const pair of node) {
        if (sameRange(range, pair.value.range)) return { container: node, pair, exact: true };
        if (within(range, pair.value.range)) {
          found = { container: node, pair, exact: false };
          if (isMapping(pair.value) || isSequence(pair.value)) current = pair.value;
          break;
        }
      }
    } else if (isSequence(node)) {
      found = { ...found, container: node, exact: false };
      for (const item of node) {
        if (within(range, item.range) && (isMapping(item) || isSequence(item))) {
          current = item;
          break;
        }
      }
    }
  }
  return found;
}

function describeValues(info: DefinitionInfo): string[] {
  const values: string[] = [];
  for (const definition of info.getScalarDefinitions()) {
    if (definition.definitionType === DefinitionType.String) {
      const constant = (definition as StringDefinition).constant;
      values.push(constant ? `\`${constant}\`` : 'a string');
    } else if (definition.definitionType === DefinitionType.Number) values.push('a number');
    else if (definition.definitionType === DefinitionType.Boolean) values.push('a boolean (`true` or `false`)');
    else if (definition.definitionType === DefinitionType.Null) values.push('nothing');
  }
  if (info.getDefinitionsOfType(DefinitionType.Sequence).length > 0) values.push('a list');
  if (info.getDefinitionsOfType(DefinitionType.Mapping).length > 0) values.push('a mapping');
  return [...new Set(values)];
}

function contextsOf(info: DefinitionInfo | undefined): string[] | undefined {
  const names = info?.allowedContext.filter((name) => !name.includes('('));
  return names && names.length > 0 ? names : undefined;
}

/** What the schema expects where GitHub reported `message`; undefined when it cannot tell. */
function explain(root: TemplateToken, message: string, range: TokenRange | undefined): ExpectedHere | undefined {
  if (!range) return undefined;
  const located = locate(root, range);
  if (message.startsWith('Unexpected value ')) {
    if (located.pair && located.exact) {
      const info = located.pair.key.definitionInfo;
      return info ? { key: located.pair.key.toString(), values: describeValues(info), contexts: contextsOf(info) } : undefined;
    }
    const container = located.container;
    if (container && isMapping(container) && container.definitionInfo) {
      const definitions = container.definitionInfo.getDefinitionsOfType(DefinitionType.Mapping) as MappingDefinition[];
      const keys = [...new Set(definitions.flatMap((definition) => Object.keys(definition.properties)))];
      return keys.length > 0 ? { keys } : undefined;
    }
    return undefined;
  }
  if (message.startsWith('Unrecognized named-value') && located.pair) {
    return { key: located.pair.key.toString(), contexts: contextsOf(located.pair.key.definitionInfo) ?? [] };
  }
  return undefined;
}

/** Validates a workflow document with GitHub's parser; returns its problems with ranges. */
export function validateWorkflowTemplate(doc: YamlDoc, fileName: string): WorkflowProblem[] {
  const context = new TemplateContext(new TemplateValidationErrors(), getWorkflowSchema(), new NoOperationTraceWriter());
  const fileId = context.getFileId(fileName);
  const builder = new EventBuilder(doc, fileId);
  builder.add(doc.contents, new Set());
  builder.events.push(new ParseEvent(EventType.DocumentEnd));
  const template = readTemplate(context, WORKFLOW_ROOT, new FlatObjectReader(builder.events), fileId);
  if (template) {
    // With no file provider, conversion never awaits: its checks (job `needs`, cycles, cron, …)
    // all run before this call returns, so the errors can be read synchronously.
    void convertWorkflowTemplate(context, template, undefined, { errorPolicy: ErrorPolicy.TryConversion });
  }
  return context.errors.getErrors().map((error) => {
    const problem: WorkflowProblem = { message: error.rawMessage, range: toRange(error.range) };
    try {
      const expected = template ? explain(template, error.rawMessage, error.range) : undefined;
      if (expected) problem.expected = expected;
    } catch {
      // An explanation is a courtesy; GitHub's message stands on its own.
    }
    return problem;
  });
}
