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
import type { LiteralToken } from '@actions/workflow-parser/templates/tokens/index';
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

  constructor(
    private readonly doc: YamlDoc,
    private readonly fileId: number,
  ) {}

  private range(node: Node | null | undefined): TokenRange | undefined {
    const offsets = node?.range;
    if (!offsets) return undefined;
    const start = this.doc.positionAt(offsets[0]);
    const end = this.doc.positionAt(offsets[1]);
    return { start: { line: start.line + 1, column: start.character + 1 }, end: { line: end.line + 1, column: end.character + 1 } };
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
          const keyValue = isScalar(key) ? key.value : undefined;
          this.events.push(new ParseEvent(EventType.Literal, new StringToken(this.fileId, this.range(key), keyValue as string, undefined)));
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

export interface WorkflowProblem {
  message: string;
  range?: Range;
}

function toRange(range: TokenRange | undefined): Range | undefined {
  if (!range) return undefined;
  return {
    start: { line: range.start.line - 1, character: range.start.column - 1 },
    end: { line: range.end.line - 1, character: range.end.column - 1 },
  };
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
  return context.errors.getErrors().map((error) => ({ message: error.rawMessage, range: toRange(error.range) }));
}
