import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'web-tree-sitter';
import type { Language } from 'web-tree-sitter';
import { buildBody } from '../../server/src/engine/hcl/ast';
import type { HclBody, HclExpr } from '../../server/src/engine/hcl/ast';
import { loadTerraformLanguage, maskExponentNumbers, parseHcl } from '../../server/src/engine/hcl/parser';
import type { HclTree } from '../../server/src/engine/hcl/parser';
import { collectSyntaxErrors } from '../../server/src/engine/hcl/syntax';
import type { HclSyntaxError } from '../../server/src/engine/hcl/syntax';
import type { Range } from '../../server/src/engine/model';

let language: Language;
const trees: HclTree[] = [];

beforeAll(async () => {
  language = await loadTerraformLanguage();
});

afterAll(() => {
  for (const tree of trees) tree.tree.delete();
});

function parse(text: string, previous?: HclTree): HclTree {
  const tree = parseHcl(language, text, previous);
  trees.push(tree);
  return tree;
}

function analyse(text: string, previous?: HclTree): { tree: HclTree; body: HclBody; errors: HclSyntaxError[] } {
  const tree = parse(text, previous);
  return { tree, body: buildBody(tree.tree.rootNode, text), errors: collectSyntaxErrors(tree.tree.rootNode, text) };
}

/** Where `needle` (the `occurrence`-th one) starts in `text`, as an LSP position (UTF-16 columns). */
function positionOf(text: string, needle: string, occurrence = 1): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`${needle} not found`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function rangeOf(text: string, needle: string, occurrence = 1): Range {
  const start = positionOf(text, needle, occurrence);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

function local(body: HclBody, name: string): HclExpr {
  const locals = body.blocks.find((block) => block.type === 'locals');
  const attribute = locals?.attributes.find((candidate) => candidate.name === name);
  if (!attribute) throw new Error(`local ${name} not found`);
  return attribute.value;
}

describe('exponent masking', () => {
  it('replaces exponent markers by digits of the same length and leaves everything else alone', () => {
    const text = 'a = 3e2\nb = 1E+5\nc = 2.5e-3\nd = "ami-01e2f"\ne = sg1e5\nf = 10\n';
    const masked = maskExponentNumbers(text);
    expect(masked).toBe('a = 302\nb = 1005\nc = 2.5003\nd = "ami-01e2f"\ne = sg1e5\nf = 10\n');
    expect(masked.length).toBe(text.length);
    expect(maskExponentNumbers('x = 42\n')).toBe('x = 42\n');
  });

  it('parses exponent numbers without errors, at their original positions, with their original text', () => {
    const text = 'locals {\n  big = 3e2\n  bigger = 1E+5 # comment\n  small = 2.5e-3\n  after = "x"\n}\n';
    const { body, errors } = analyse(text);
    expect(errors).toEqual([]);
    expect(local(body, 'big')).toMatchObject({ kind: 'number', text: '3e2', range: rangeOf(text, '3e2') });
    expect(local(body, 'bigger')).toMatchObject({ kind: 'number', text: '1E+5', range: rangeOf(text, '1E+5') });
    expect(local(body, 'small')).toMatchObject({ kind: 'number', text: '2.5e-3', range: rangeOf(text, '2.5e-3') });
    expect(local(body, 'after')).toMatchObject({ kind: 'string', value: 'x', range: rangeOf(text, '"x"') });
  });

  it('is load-bearing: the grammar alone rejects an exponent without a fraction', () => {
    const parser = new Parser();
    parser.setLanguage(language);
    const raw = parser.parse('locals {\n  big = 3e2\n}\n');
    parser.delete();
    expect(raw?.rootNode.hasError).toBe(true);
    raw?.delete();
    expect(parse('locals {\n  big = 3e2\n}\n').tree.rootNode.hasError).toBe(false);
  });
});

describe('syntax errors: an unclosed block is reported at its `{`', () => {
  const cases: { name: string; text: string; at: string; occurrence?: number; message: RegExp }[] = [
    {
      name: 'a lifecycle block left open inside a resource, followed by more resources',
      text: 'resource "aws_instance" "web" {\n  ami = "x"\n  lifecycle {\n    create_before_destroy = true\n\n  tags = {\n    Name = "web"\n  }\n}\n\nresource "aws_eip" "web" {\n  domain = "vpc"\n}\n\nresource "aws_eip" "db" {\n  domain = "vpc"\n}\n',
      at: '{',
      occurrence: 2,
      message: /Block `lifecycle` is never closed/,
    },
    {
      name: 'a top-level block left open, followed by more top-level blocks',
      text: 'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n\noutput "x" {\n  value = 1\n}\n',
      at: '{',
      message: /Block `resource "aws_s3_bucket" "a"` is never closed/,
    },
    {
      name: 'the last block of the file left open',
      text: 'output "x" {\n  value = 1\n}\n\nvariable "y" {\n  type = string\n',
      at: '{',
      occurrence: 2,
      message: /Block `variable "y"` is never closed/,
    },
    {
      name: 'the innermost of two blocks whose braces moved (dynamic > content)',
      text: 'resource "aws_instance" "w" {\n  dynamic "ebs_block_device" {\n    for_each = var.disks\n    content {\n      device_name = ebs_block_device.value\n  }\n}\n\nresource "aws_eip" "w" {\n  domain = "vpc"\n}\n',
      at: '{',
      occurrence: 3,
      message: /Block `content` is never closed/,
    },
    {
      name: 'a block indented with tabs',
      text: 'resource "aws_instance" "w" {\n\tami = "x"\n\tlifecycle {\n\t\tprevent_destroy = true\n}\n\nresource "aws_eip" "w" {\n\tdomain = "vpc"\n}\n',
      at: '{',
      occurrence: 2,
      message: /Block `lifecycle` is never closed/,
    },
    {
      name: 'an object value left open inside a resource',
      text: 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = {\n    Name = "x"\n\n  versioning {\n    enabled = true\n  }\n}\n\nresource "aws_s3_bucket" "c" {\n  bucket = "y"\n}\n',
      at: '{',
      occurrence: 2,
      message: /This object `\{` is never closed/,
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const { errors } = analyse(testCase.text);
      expect(errors).toHaveLength(1);
      expect(errors[0].range).toEqual(rangeOf(testCase.text, testCase.at, testCase.occurrence));
      expect(errors[0].message).toMatch(testCase.message);
    });
  }

  it('blames an unclosed heredoc, not the block around it', () => {
    const text = 'locals {\n  policy = <<-EOT\n    {"Version": "2012-10-17"}\n  EOF\n}\n\noutput "o" {\n  value = 1\n}\n';
    const { errors } = analyse(text);
    expect(errors).toEqual([{ range: rangeOf(text, '<<-EOT'), message: expect.stringMatching(/heredoc is never closed.*`EOT`/) }]);
  });

  it('reports a string left open even when tree-sitter wraps the whole file in an error', () => {
    const text = 'locals {\n  name = "abc\n  other = 1\n}\n\noutput "o" {\n  value = 1\n}\n';
    const { tree, errors } = analyse(text);
    expect(tree.tree.rootNode.type).toBe('ERROR');
    expect(errors).toEqual([{ range: rangeOf(text, '"'), message: expect.stringMatching(/not closed on its line/) }]);
  });

  it('points at a `${` that is never closed, not at the block it is in', () => {
    const text = 'locals {\n  name = "app-${var.env"\n  other = "fine"\n}\n';
    const { errors } = analyse(text);
    expect(errors).toEqual([{ range: rangeOf(text, '${'), message: expect.stringMatching(/interpolation/) }]);
  });

  it('names a missing `=` on the line where it is missing', () => {
    const text = 'variable "region" {\n  type    string\n  default = "eu-west-1"\n}\n\nvariable "zone" {\n  type string\n}\n';
    const { errors } = analyse(text);
    expect(errors.map((error) => [error.range.start, error.message])).toEqual([
      [positionOf(text, 'type'), 'Missing `=` after `type`: an argument is written `type = value`.'],
      [positionOf(text, 'type', 2), 'Missing `=` after `type`: an argument is written `type = value`.'],
    ]);
  });

  it('reports what the grammar accepts but HCL does not: strings over lines, arguments sharing a line', () => {
    const text = [
      'locals {',
      '  description = "Split',
      '  on purpose"',
      '  banner = "a%{ if true }',
      'b%{ endif }"',
      '  joined = "${',
      '    var.a',
      '  }"',
      '  tags = { team = "sre" tier = "gold" }',
      '}',
      'variable "v" { type = string default = "x" }',
      '',
    ].join('\n');
    const { tree, errors } = analyse(text);
    expect(tree.tree.rootNode.hasError).toBe(false);
    expect(errors.map((error) => [error.range.start, error.message.split(':')[0]])).toEqual([
      [positionOf(text, '"Split'), 'A quoted string cannot span lines'],
      [positionOf(text, '"a%{'), 'A quoted string cannot span lines'],
      [positionOf(text, 'tier'), 'Missing `,` before this object attribute'],
      [positionOf(text, 'default'), '`default` must start on a new line'],
    ]);
  });

  it('finds nothing in valid Terraform 1.x', () => {
    const text = [
      'import {\n  to = aws_s3_bucket.logs\n  id = "logs"\n}',
      'moved {\n  from = aws_s3_bucket.log\n  to   = aws_s3_bucket.logs\n}',
      'removed {\n  from = aws_instance.old\n  lifecycle {\n    destroy = false\n  }\n}',
      'check "health" {\n  assert {\n    condition     = true\n    error_message = "x"\n  }\n}',
      'locals {\n  arn  = provider::aws::arn_parse(var.arn)\n  tpl  = "${var.a}-${\n    var.b\n  }"\n  list = [for s in var.xs : s.id if s.on]\n  obj  = { a = 1, b = 2 }\n}',
      'variable "v" {\n  type = object({ name = string, size = optional(number, 10) })\n}',
    ].join('\n\n');
    expect(analyse(text).errors).toEqual([]);
  });
});

describe('incremental re-parse', () => {
  const original = [
    'terraform {',
    '  required_providers {',
    '    aws = { source = "hashicorp/aws", version = "~> 5.0" }',
    '  }',
    '}',
    '',
    'resource "aws_s3_bucket" "logs" {',
    '  bucket = "acme-logs"',
    '  tags   = { team = "équipe-😀", tier = "gold" }',
    '  lifecycle {',
    '    ignore_changes = [tags]',
    '  }',
    '}',
    '',
    'locals {',
    '  size = 1e3',
    '}',
    '',
  ].join('\n');

  const edits: { name: string; apply: (text: string) => string }[] = [
    { name: 'a value changed on one line', apply: (text) => text.replace('"acme-logs"', '"acme-audit-logs"') },
    { name: 'a line inserted', apply: (text) => text.replace('  bucket = "acme-logs"\n', '  bucket = "acme-logs"\n  force_destroy = true\n') },
    { name: 'a line removed', apply: (text) => text.replace('  tags   = { team = "équipe-😀", tier = "gold" }\n', '') },
    { name: 'a number turned into an exponent', apply: (text) => text.replace('size = 1e3', 'size = 25e10') },
    { name: 'a brace deleted (the file becomes invalid)', apply: (text) => text.replace('    ignore_changes = [tags]\n  }', '    ignore_changes = all\n') },
    { name: 'non-ASCII text typed into a string', apply: (text) => text.replace('"acme-logs"', '"acme-é😀日本"') },
    { name: 'a value changed after non-ASCII text on the same line', apply: (text) => text.replace('"gold"', '"platinum"') },
  ];

  for (const edit of edits) {
    it(`gives the same model as a fresh parse after ${edit.name}`, () => {
      const before = analyse(original);
      const changed = edit.apply(original);
      expect(changed).not.toBe(original);
      const incremental = analyse(changed, before.tree);
      const fresh = analyse(changed);
      expect(incremental.tree.tree.rootNode.toString()).toBe(fresh.tree.tree.rootNode.toString());
      expect(incremental.body).toEqual(fresh.body);
      expect(incremental.errors).toEqual(fresh.errors);
    });
  }

  it('stays equal to a fresh parse over a chain of edits', () => {
    let text = original;
    let previous = analyse(text).tree;
    for (const edit of edits) {
      text = edit.apply(text);
      const incremental = analyse(text, previous);
      expect(incremental.body).toEqual(analyse(text).body);
      previous = incremental.tree;
    }
  });
});

describe('UTF-16 columns, as LSP counts them', () => {
  const text = 'locals {\n  greeting = "é😀日本"\n  après = 1\n  tags = { "clé" = "😀😀" } # 日本\n  tail = [true, "日本"]\n}\n';

  it('places attributes and values after non-ASCII text at their UTF-16 columns', () => {
    const { body, errors } = analyse(text);
    expect(errors).toEqual([]);
    const locals = body.blocks[0];
    expect(locals.attributes.map((attribute) => attribute.name)).toEqual(['greeting', 'après', 'tags', 'tail']);
    expect(local(body, 'greeting')).toMatchObject({ kind: 'string', value: 'é😀日本', range: rangeOf(text, '"é😀日本"') });
    expect(locals.attributes[1].nameRange).toEqual(rangeOf(text, 'après'));
    const [entry] = local(body, 'tags').entries ?? [];
    expect(entry).toMatchObject({ key: 'clé', keyRange: rangeOf(text, '"clé"'), value: { value: '😀😀', range: rangeOf(text, '"😀😀"') } });
    const tail = local(body, 'tail');
    expect(tail.items?.[1]).toMatchObject({ kind: 'string', value: '日本', range: rangeOf(text, '"日本"', 1) });
    // Counted by hand: the value starts at column 13; é, 日 and 本 are one UTF-16 unit each and 😀
    // two, so the closing quote ends at 20 (UTF-8 bytes would say 27, code points 19).
    expect(local(body, 'greeting').range).toEqual({ start: { line: 1, character: 13 }, end: { line: 1, character: 20 } });
  });

  it('reports syntax errors after non-ASCII text at their UTF-16 columns', () => {
    const broken = 'locals {\n  a = "é😀日本" b = 1\n}\n\noutput "😀" {\n  value = concat(["é😀"], ["日本", "x"\n}\n';
    const { errors } = analyse(broken);
    expect(errors).toEqual([
      { range: rangeOf(broken, 'b'), message: expect.stringMatching(/`b` must start on a new line/) },
      { range: rangeOf(broken, '[', 2), message: 'This `[` is never closed: add the matching `]`.' },
    ]);
    // Counted by hand: `  a = ` is 6 units and `"é😀日本" ` 8 (😀 is two), so `b` is at 14 (21 in UTF-8 bytes).
    expect(errors[0].range.start).toEqual({ line: 1, character: 14 });
  });
});

describe('buildBody expressions', () => {
  const text = [
    'resource "aws_instance" "web" {',
    '  name     = "web"',
    '  greeting = "hello ${var.name}"',
    '  count    = 3',
    '  ratio    = 2.5e-3',
    '  enabled  = true',
    '  nothing  = null',
    '  zones    = ["a", var.zone, 2]',
    '  tags     = { Name = "web", "cost-center" = 42 }',
    '  subnet   = aws_subnet.private.id',
    '  all      = all',
    '  size     = max(1, 2)',
    '  sum      = 1 + 2',
    '  heredoc  = <<-EOT',
    '    line',
    '  EOT',
    '',
    '  lifecycle {',
    '    ignore_changes = all',
    '  }',
    '}',
    '',
  ].join('\n');

  const attr = (body: HclBody, name: string) => body.blocks[0].attributes.find((attribute) => attribute.name === name)!.value;

  it('models every expression kind a rule reads', () => {
    const { body, errors } = analyse(text);
    expect(errors).toEqual([]);
    const block = body.blocks[0];
    expect(block).toMatchObject({ type: 'resource', labels: ['aws_instance', 'web'], typeRange: rangeOf(text, 'resource'), openBraceRange: rangeOf(text, '{') });
    expect(attr(body, 'name')).toMatchObject({ kind: 'string', value: 'web', text: '"web"' });
    expect(attr(body, 'greeting')).toMatchObject({ kind: 'template', text: '"hello ${var.name}"' });
    expect(attr(body, 'count')).toMatchObject({ kind: 'number', value: '3' });
    expect(attr(body, 'ratio')).toMatchObject({ kind: 'number', value: '2.5e-3' });
    expect(attr(body, 'enabled')).toMatchObject({ kind: 'bool', value: 'true' });
    expect(attr(body, 'nothing')).toMatchObject({ kind: 'null' });
    expect(attr(body, 'subnet')).toMatchObject({ kind: 'reference', text: 'aws_subnet.private.id' });
    expect(attr(body, 'all')).toMatchObject({ kind: 'reference', text: 'all' });
    expect(attr(body, 'size')).toMatchObject({ kind: 'call', text: 'max(1, 2)' });
    expect(attr(body, 'sum').kind).toBe('other');
    expect(attr(body, 'heredoc').kind).toBe('template');

    const zones = attr(body, 'zones');
    expect(zones.kind).toBe('tuple');
    expect(zones.items?.map((item) => [item.kind, item.text])).toEqual([
      ['string', '"a"'],
      ['reference', 'var.zone'],
      ['number', '2'],
    ]);

    const tags = attr(body, 'tags');
    expect(tags.kind).toBe('object');
    expect(tags.entries?.map((entry) => [entry.key, entry.value.kind, entry.value.text])).toEqual([
      ['Name', 'string', '"web"'],
      ['cost-center', 'number', '42'],
    ]);
    expect(tags.entries?.[1].keyRange).toEqual(rangeOf(text, '"cost-center"'));

    expect(block.blocks).toHaveLength(1);
    expect(block.blocks[0]).toMatchObject({ type: 'lifecycle', labels: [] });
    expect(block.blocks[0].attributes[0]).toMatchObject({ name: 'ignore_changes', value: { kind: 'reference', text: 'all' } });
  });
});
