import type { Node as TsNode } from 'web-tree-sitter';
import type { Range } from '../model';

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

/** Builds the model of a `body` node (or of the whole file when given the root). */
export function buildBody(node: TsNode | null, source: string): HclBody {
  const body: HclBody = { attributes: [], blocks: [] };
  if (!node) return body;
  const bodyNode = node.type === 'config_file' ? node.namedChildren.find((child) => child?.type === 'body') ?? null : node;
  if (!bodyNode) return body;
  for (const child of bodyNode.namedChildren) {
    if (!child) continue;
    if (child.type === 'attribute') {
      const attribute = buildAttribute(child, source);
      if (attribute) body.attributes.push(attribute);
    } else if (child.type === 'block') {
      body.blocks.push(buildBlock(child, source));
    }
  }
  return body;
}

export function buildAttribute(node: TsNode, source: string): HclAttribute | undefined {
  let nameNode: TsNode | undefined;
  let valueNode: TsNode | undefined;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'identifier' && !nameNode) nameNode = child;
    else if (child.type === 'expression') valueNode = child;
  }
  if (!nameNode) return undefined;
  return {
    name: source.slice(nameNode.startIndex, nameNode.endIndex),
    nameRange: nodeRange(nameNode),
    range: nodeRange(node),
    value: valueNode ? buildExpr(valueNode, source) : emptyExpr(nodeRange(node)),
  };
}

export function buildBlock(node: TsNode, source: string): HclBlock {
  const block: HclBlock = {
    type: '',
    labels: [],
    typeRange: nodeRange(node),
    range: nodeRange(node),
    openBraceRange: nodeRange(node),
    attributes: [],
    blocks: [],
  };
  for (const child of node.namedChildren) {
    if (!child) continue;
    switch (child.type) {
      case 'identifier':
        if (!block.type) {
          block.type = source.slice(child.startIndex, child.endIndex);
          block.typeRange = nodeRange(child);
        } else {
          block.labels.push(source.slice(child.startIndex, child.endIndex));
        }
        break;
      case 'string_lit':
        block.labels.push(stringLiteralValue(child, source));
        break;
      case 'block_start':
        block.openBraceRange = nodeRange(child);
        break;
      case 'body': {
        const body = buildBody(child, source);
        block.attributes = body.attributes;
        block.blocks = body.blocks;
        break;
      }
    }
  }
  return block;
}

function emptyExpr(range: Range): HclExpr {
  return { kind: 'other', range, text: '' };
}

function stringLiteralValue(node: TsNode, source: string): string {
  let value = '';
  for (const child of node.namedChildren) {
    if (child?.type === 'template_literal') value += source.slice(child.startIndex, child.endIndex);
  }
  return value;
}

/** Unwraps `expression` wrappers and builds the model of the value inside. */
export function buildExpr(node: TsNode, source: string): HclExpr {
  const range = nodeRange(node);
  const text = source.slice(node.startIndex, node.endIndex);
  const named = node.namedChildren.filter((child): child is TsNode => child !== null);
  if (node.type === 'expression' || node.type === 'literal_value' || node.type === 'collection_value') {
    if (named.length === 1) return buildExpr(named[0], source);
    if (named.length > 1 && named[0].type === 'variable_expr') return { kind: 'reference', range, text };
    return { kind: 'other', range, text };
  }
  switch (node.type) {
    case 'string_lit':
      return { kind: 'string', range, text, value: stringLiteralValue(node, source) };
    case 'template_expr': {
      const template = named[0];
      const parts = template?.namedChildren ?? [];
      const dynamic = parts.some((part) => part && (part.type === 'template_interpolation' || part.type === 'template_directive'));
      if (!dynamic && template?.type === 'quoted_template') {
        return { kind: 'string', range, text, value: stringLiteralValue(template, source) };
      }
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
    case 'tuple':
      return {
        kind: 'tuple',
        range,
        text,
        items: named.filter((child) => child.type === 'expression').map((child) => buildExpr(child, source)),
      };
    case 'object':
      return { kind: 'object', range, text, entries: buildObjectEntries(named, source) };
    default:
      return { kind: 'other', range, text };
  }
}

function buildObjectEntries(children: TsNode[], source: string): HclObjectEntry[] {
  const entries: HclObjectEntry[] = [];
  for (const element of children) {
    if (element.type !== 'object_elem') continue;
    const parts = element.namedChildren.filter((child): child is TsNode => child?.type === 'expression');
    if (parts.length < 2) continue;
    const keyExpr = buildExpr(parts[0], source);
    const key = keyExpr.kind === 'string' ? keyExpr.value ?? '' : keyExpr.text;
    entries.push({ key, keyRange: keyExpr.range, value: buildExpr(parts[1], source) });
  }
  return entries;
}

/** The attribute named `name` in a block or body. */
export function attributeOf(container: { attributes: HclAttribute[] }, name: string): HclAttribute | undefined {
  return container.attributes.find((attribute) => attribute.name === name);
}

/** The entry named `key` in an object expression. */
export function entryOf(expr: HclExpr | undefined, key: string): HclObjectEntry | undefined {
  return expr?.entries?.find((entry) => entry.key === key);
}
