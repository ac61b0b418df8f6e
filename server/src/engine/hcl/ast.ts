import type { Node as TsNode } from 'web-tree-sitter';
import type { Range } from '../model';
import { LineIndex } from '../text';

// A small JavaScript model of an HCL file, built once per parse. Rules read this model instead of
// the tree-sitter tree, so they never cross into wasm and never depend on grammar details.

export type HclExprKind =
  | 'string'
  | 'template'
  | 'number'
  | 'bool'
  | 'null'
  | 'tuple'
  | 'object'
  | 'reference'
  | 'call'
  | 'other';

export interface HclExpr {
  kind: HclExprKind;
  range: Range;
  /** The expression as written in the source. */
  text: string;
  /** For `string`: the literal value (escape sequences as written). */
  value?: string;
  /** For `tuple`. */
  items?: HclExpr[];
  /** For `object`. */
  entries?: HclObjectEntry[];
}

export interface HclObjectEntry {
  key: string;
  keyRange: Range;
  value: HclExpr;
}

export interface HclAttribute {
  name: string;
  nameRange: Range;
  /** From the name to the end of the value. */
  range: Range;
  value: HclExpr;
}

export interface HclBlock {
  type: string;
  labels: string[];
  typeRange: Range;
  /** From the block type to its closing brace. */
  range: Range;
  /** The `{` that opens the body. */
  openBraceRange: Range;
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export function nodeRange(node: TsNode): Range {
  const start = node.startPosition;
  const end = node.endPosition;
  return { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } };
}

/**
 * Builds the model out of the tree. Every property read on a tree-sitter node is a call into wasm,
 * so each node is asked only what it must be: its type, its children when it has any we use, and
 * its end offset. Start positions come with the node; end positions are computed from the offset
 * here (tree-sitter counts rows at `\n` and columns in UTF-16 units, as LineIndex does).
 */
class ModelBuilder {
  constructor(
    private readonly source: string,
    private readonly lines: LineIndex,
  ) {}

  range(node: TsNode, endIndex: number): Range {
    const start = node.startPosition;
    return { start: { line: start.row, character: start.column }, end: this.lines.positionAt(endIndex) };
  }

  body(bodyNode: TsNode): HclBody {
    const body: HclBody = { attributes: [], blocks: [] };
    for (const child of bodyNode.namedChildren) {
      if (!child) continue;
      const type = child.type;
      if (type === 'attribute') {
        const attribute = this.attribute(child);
        if (attribute) body.attributes.push(attribute);
      } else if (type === 'block') {
        body.blocks.push(this.block(child));
      }
    }
    return body;
  }

  attribute(node: TsNode): HclAttribute | undefined {
    let nameNode: TsNode | undefined;
    let valueNode: TsNode | undefined;
    for (const child of node.namedChildren) {
      if (!child) continue;
      const type = child.type;
      if (type === 'identifier' && !nameNode) nameNode = child;
      else if (type === 'expression') valueNode = child;
    }
    if (!nameNode) return undefined;
    const nameEnd = nameNode.endIndex;
    const range = this.range(node, node.endIndex);
    return {
      name: this.source.slice(nameNode.startIndex, nameEnd),
      nameRange: this.range(nameNode, nameEnd),
      range,
      value: valueNode ? this.expr(valueNode) : emptyExpr(range),
    };
  }

  block(node: TsNode): HclBlock {
    const whole = this.range(node, node.endIndex);
    const block: HclBlock = { type: '', labels: [], typeRange: whole, range: whole, openBraceRange: whole, attributes: [], blocks: [] };
    for (const child of node.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'identifier': {
          const end = child.endIndex;
          if (!block.type) {
            block.type = this.source.slice(child.startIndex, end);
            block.typeRange = this.range(child, end);
          } else {
            block.labels.push(this.source.slice(child.startIndex, end));
          }
          break;
        }
        case 'string_lit':
          block.labels.push(this.stringValue(child));
          break;
        case 'block_start':
          block.openBraceRange = this.range(child, child.endIndex);
          break;
        case 'body': {
          const body = this.body(child);
          block.attributes = body.attributes;
          block.blocks = body.blocks;
          break;
        }
      }
    }
    return block;
  }

  /** Unwraps `expression` wrappers and builds the model of the value inside. */
  expr(outer: TsNode): HclExpr {
    let node = outer;
    let type = node.type;
    let named: TsNode[] | undefined;
    while (type === 'expression' || type === 'literal_value' || type === 'collection_value') {
      named = node.namedChildren.filter((child): child is TsNode => child !== null);
      if (named.length !== 1) {
        const endIndex = node.endIndex;
        const kind = named.length > 1 && named[0].type === 'variable_expr' ? 'reference' : 'other';
        return { kind, range: this.range(node, endIndex), text: this.source.slice(node.startIndex, endIndex) };
      }
      node = named[0];
      type = node.type;
    }
    const endIndex = node.endIndex;
    const range = this.range(node, endIndex);
    const text = this.source.slice(node.startIndex, endIndex);
    switch (type) {
      case 'string_lit':
        return { kind: 'string', range, text, value: this.stringValue(node) };
      case 'template_expr': {
        const template = node.firstNamedChild;
        const parts = template?.namedChildren ?? [];
        const dynamic = parts.some((part) => part && (part.type === 'template_interpolation' || part.type === 'template_directive'));
        if (!dynamic && template?.type === 'quoted_template') return { kind: 'string', range, text, value: this.stringValue(template) };
        return { kind: 'template', range, text };
      }
      case 'numeric_lit':
        return { kind: 'number', range, text, value: text };
      case 'bool_lit':
        return { kind: 'bool', range, text, value: text };
      case 'null_lit':
        return { kind: 'null', range, text };
      case 'variable_expr':
        return { kind: 'reference', range, text };
      case 'function_call':
        return { kind: 'call', range, text };
      case 'tuple': {
        const items: HclExpr[] = [];
        for (const child of node.namedChildren) if (child?.type === 'expression') items.push(this.expr(child));
        return { kind: 'tuple', range, text, items };
      }
      case 'object':
        return { kind: 'object', range, text, entries: this.objectEntries(node) };
      default:
        return { kind: 'other', range, text };
    }
  }

  private objectEntries(node: TsNode): HclObjectEntry[] {
    const entries: HclObjectEntry[] = [];
    for (const element of node.namedChildren) {
      if (element?.type !== 'object_elem') continue;
      const parts = element.namedChildren.filter((child): child is TsNode => child?.type === 'expression');
      if (parts.length < 2) continue;
      const keyExpr = this.expr(parts[0]);
      const key = keyExpr.kind === 'string' ? keyExpr.value ?? '' : keyExpr.text;
      entries.push({ key, keyRange: keyExpr.range, value: this.expr(parts[1]) });
    }
    return entries;
  }

  private stringValue(node: TsNode): string {
    let value = '';
    for (const child of node.namedChildren) {
      if (child?.type === 'template_literal') value += this.source.slice(child.startIndex, child.endIndex);
    }
    return value;
  }
}

/** Builds the model of a `body` node (or of the whole file when given the root). */
export function buildBody(node: TsNode | null, source: string, lines = new LineIndex(source)): HclBody {
  if (!node) return { attributes: [], blocks: [] };
  const bodyNode = node.type === 'config_file' ? node.namedChildren.find((child) => child?.type === 'body') ?? null : node;
  return bodyNode ? new ModelBuilder(source, lines).body(bodyNode) : { attributes: [], blocks: [] };
}

export function buildAttribute(node: TsNode, source: string, lines: LineIndex): HclAttribute | undefined {
  return new ModelBuilder(source, lines).attribute(node);
}

export function buildBlock(node: TsNode, source: string, lines: LineIndex): HclBlock {
  return new ModelBuilder(source, lines).block(node);
}

function emptyExpr(range: Range): HclExpr {
  return { kind: 'other', range, text: '' };
}

/** The attribute named `name` in a block or body. */
export function attributeOf(container: { attributes: HclAttribute[] }, name: string): HclAttribute | undefined {
  return container.attributes.find((attribute) => attribute.name === name);
}

/** The entry named `key` in an object expression. */
export function entryOf(expr: HclExpr | undefined, key: string): HclObjectEntry | undefined {
  return expr?.entries?.find((entry) => entry.key === key);
}
