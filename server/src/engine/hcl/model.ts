import type { Node as TsNode } from 'web-tree-sitter';
import type { Range } from '../model';
import type { LineIndex } from '../text';
import { buildAttribute, buildBlock } from './ast';
import type { HclAttribute, HclBlock, HclBody } from './ast';
import { grammarGaps, sameLineItem } from './syntax-gaps';
import type { Found } from './syntax-gaps';

// Building the JavaScript model of a Terraform file means marshalling every node out of wasm, which
// costs more than the parse itself. An edit changes one top-level block, so each block's model and
// grammar checks are kept, keyed by its text, and reused (moved to its new line) when unchanged.

type TopLevelItem = { block: HclBlock } | { attribute: HclAttribute };

interface CachedItem {
  line: number;
  offset: number;
  item: TopLevelItem | undefined;
  gaps: Found[];
}

export type HclModelCache = Map<string, CachedItem>;

export interface HclModel {
  body: HclBody;
  /** Grammar gaps (errors tree-sitter accepts); undefined when the tree has errors and needs the full analysis. */
  gaps: Found[] | undefined;
  cache: HclModelCache;
}

function isRange(value: unknown): value is Range {
  const candidate = value as Range | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.start?.line === 'number' && typeof candidate.end?.line === 'number';
}

/** A copy of a cached model with every range moved `lines` down. */
function shifted<T>(value: T, lines: number): T {
  if (lines === 0) return value;
  if (Array.isArray(value)) return value.map((item) => shifted(item, lines)) as T;
  if (isRange(value)) {
    return { start: { line: value.start.line + lines, character: value.start.character }, end: { line: value.end.line + lines, character: value.end.character } } as T;
  }
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = shifted(inner, lines);
  return copy as T;
}

function shiftedGaps(gaps: Found[], lines: number, offset: number): Found[] {
  if (lines === 0 && offset === 0) return gaps;
  return gaps.map((gap) => ({ ...gap, range: shifted(gap.range, lines), at: gap.at + offset, scope: [gap.scope[0] + offset, gap.scope[1] + offset] }));
}

export function buildModel(root: TsNode, source: string, lines: LineIndex, previous: HclModelCache | undefined): HclModel {
  const body: HclBody = { attributes: [], blocks: [] };
  const cache: HclModelCache = new Map();
  const treeHasError = root.hasError;
  const gaps: Found[] = [];
  const bodyNode = root.namedChildren.find((child) => child?.type === 'body');
  let previousEndRow = -1;
  for (const node of bodyNode?.namedChildren ?? []) {
    if (!node || (node.type !== 'block' && node.type !== 'attribute')) continue;
    const start = node.startPosition;
    const key = `${start.column}:${source.slice(node.startIndex, node.endIndex)}`;
    const reused = !node.hasError ? previous?.get(key) : undefined;
    let entry: CachedItem;
    if (reused) {
      const lineDelta = start.row - reused.line;
      entry = { line: start.row, offset: node.startIndex, item: shifted(reused.item, lineDelta), gaps: shiftedGaps(reused.gaps, lineDelta, node.startIndex - reused.offset) };
    } else {
      const item = node.type === 'block' ? { block: buildBlock(node, source, lines) } : ((attribute) => (attribute ? { attribute } : undefined))(buildAttribute(node, source, lines));
      entry = { line: start.row, offset: node.startIndex, item, gaps: treeHasError ? [] : grammarGaps(node, source, lines) };
    }
    if (!node.hasError) cache.set(key, entry);
    if (entry.item && 'block' in entry.item) body.blocks.push(entry.item.block);
    else if (entry.item) body.attributes.push(entry.item.attribute);
    // Two top-level items on one line: the one check that spans items.
    if (!treeHasError && previousEndRow === start.row) gaps.push(sameLineItem(node, source));
    previousEndRow = node.endPosition.row;
    gaps.push(...entry.gaps);
  }
  return { body, gaps: treeHasError ? undefined : gaps, cache };
}
