import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The TextMate grammars in syntaxes/: valid JSON, every regex compiles (JavaScript accepts the
// Oniguruma subset they use), and the key rules match real Terraform and workflow lines. VS Code
// tokenises with Oniguruma; the end-to-end tests look at the colours in a real editor.

const syntaxes = path.resolve(__dirname, '../../syntaxes');

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  patterns?: Rule[];
  repository?: Record<string, Rule>;
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
  [key: string]: unknown;
}

function load(name: string): Rule {
  return JSON.parse(fs.readFileSync(path.join(syntaxes, name), 'utf8')) as Rule;
}

function regexesOf(rule: Rule, where = '$'): { where: string; source: string }[] {
  const found: { where: string; source: string }[] = [];
  for (const key of ['match', 'begin', 'end', 'while'] as const) {
    const source = rule[key];
    if (typeof source === 'string') found.push({ where: `${where}.${key}`, source });
  }
  (rule.patterns ?? []).forEach((child, index) => found.push(...regexesOf(child, `${where}.patterns[${index}]`)));
  for (const group of ['repository', 'captures', 'beginCaptures', 'endCaptures'] as const) {
    for (const [key, child] of Object.entries(rule[group] ?? {})) found.push(...regexesOf(child, `${where}.${group}.${key}`));
  }
  return found;
}

const terraform = load('terraform.tmLanguage.json');
const injection = load('ci-expression.injection.tmLanguage.json');
const repo = (grammar: Rule, name: string): Rule => {
  const rule = grammar.repository?.[name];
  if (!rule) throw new Error(`no repository rule ${name}`);
  return rule;
};
const regex = (source: string | undefined) => new RegExp(source ?? '(?!)');

describe('grammar files', () => {
  it('are valid JSON with the scope names package.json registers', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
      contributes: { grammars: { scopeName: string; path: string }[]; languages: { id: string; configuration?: string }[] };
    };
    for (const grammar of manifest.contributes.grammars) {
      expect(load(path.basename(grammar.path)).scopeName).toBe(grammar.scopeName);
    }
    const language = manifest.contributes.languages.find((entry) => entry.id === 'terraform');
    const configuration = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../..', language!.configuration!), 'utf8'));
    expect(configuration.comments).toEqual({ lineComment: '#', blockComment: ['/*', '*/'] });
    for (const key of ['increaseIndentPattern', 'decreaseIndentPattern'] as const) new RegExp(configuration.indentationRules[key]);
    new RegExp(configuration.wordPattern);
  });

  it('compile every regex', () => {
    for (const grammar of [terraform, injection]) {
      const all = regexesOf(grammar);
      expect(all.length).toBeGreaterThan(5);
      for (const { where, source } of all) expect(() => new RegExp(source), `${grammar.scopeName} ${where}`).not.toThrow();
      // Oniguruma-only syntax that JavaScript would misread instead of rejecting.
      for (const { where, source } of all) expect(source, where).not.toMatch(/\\[GAzZh]|\(\?[>x]|\(\?i\)/);
    }
  });

  it('resolves every include', () => {
    for (const grammar of [terraform, injection]) {
      const text = JSON.stringify(grammar);
      for (const [, name] of text.matchAll(/"include":"#([^"]+)"/g)) expect(grammar.repository, name).toHaveProperty(name!);
    }
  });
});

describe('Terraform grammar', () => {
  const block = regex(repo(terraform, 'block').begin);

  it('recognises blocks with their type and labels, and not attributes', () => {
    expect(block.exec('resource "aws_instance" "web" {')?.slice(1)).toEqual(['resource', ' "aws_instance" "web"', '{']);
    expect(block.exec('  lifecycle {')?.[1]).toBe('lifecycle');
    expect(block.exec('module vpc {')?.[2]).toBe(' vpc');
    expect(block.exec('terraform {')?.[1]).toBe('terraform');
    expect(block.exec('variable "with \\"quote\\"" {')?.[2]).toBe(' "with \\"quote\\""');
    expect(block.test('  tags = {')).toBe(false);
    expect(block.test('  for_each = { for k, v in var.x : k => v }')).toBe(false);
    const keyword = regex(repo(terraform, 'block').beginCaptures!['1']!.patterns![0]!.match);
    for (const type of ['resource', 'data', 'moved', 'import', 'check', 'removed', 'dynamic']) expect(keyword.test(type), type).toBe(true);
  });

  it('recognises attributes, not comparisons or arrows', () => {
    const attribute = regex(repo(terraform, 'attribute').match);
    expect(attribute.exec('  instance_type = "t3.micro"')?.[1]).toBe('instance_type');
    expect(attribute.exec('{ Name = "web" }')?.[1]).toBe('Name');
    expect(attribute.test('var.a == var.b')).toBe(false);
    expect(attribute.test('k => v')).toBe(false);
  });

  it('recognises comments of all three kinds', () => {
    const [hash, slashes, blockComment] = repo(terraform, 'comments').patterns!;
    expect(regex(hash!.begin).exec('  ami = "x" # pinned')?.index).toBe(12);
    expect(regex(slashes!.begin).test('// old style')).toBe(true);
    expect(regex(blockComment!.begin).test('/* multi')).toBe(true);
    expect(regex(blockComment!.end).test('line */')).toBe(true);
  });

  it('recognises heredocs and ends them only at their own marker', () => {
    const heredoc = repo(terraform, 'heredoc');
    const begin = regex(heredoc.begin).exec('  user_data = <<-EOT');
    expect(begin?.slice(1)).toEqual(['<<-', 'EOT']);
    expect(regex(heredoc.begin).exec('policy = <<POLICY')?.[2]).toBe('POLICY');
    const end = new RegExp(heredoc.end!.replace('\\2', begin![2]!));
    expect(end.test('  EOT')).toBe(true);
    expect(end.test('  EOTX')).toBe(false);
    expect(end.test('echo EOT here')).toBe(false);
  });

  it('recognises strings with escapes, interpolations and directives', () => {
    const [escape, template] = repo(terraform, 'string').patterns!;
    expect(regex(escape!.match).exec('"a\\"b"')?.[0]).toBe('\\"');
    expect(template!.include).toBe('#template');
    const [templateEscape, interpolation, directive] = repo(terraform, 'template').patterns!;
    expect(regex(templateEscape!.match).exec('"$${literal}"')?.[0]).toBe('$${');
    expect(regex(interpolation!.begin).exec('"${var.name}-web"')?.[1]).toBe('${');
    expect(regex(interpolation!.begin).exec('"${~ var.name ~}"')?.[2]).toBe('~');
    expect(regex(interpolation!.end).exec('var.name ~}')?.[1]).toBe('~');
    expect(regex(directive!.begin).test('%{ if var.enabled }')).toBe(true);
    expect(regex(directive!.patterns![0]!.match).exec('%{ endfor }')?.[0]).toBe('endfor');
  });

  it('recognises numbers, literals, functions, references and member access', () => {
    expect(regex(repo(terraform, 'numbers').match).exec('count = 3')?.[0]).toBe('3');
    expect(regex(repo(terraform, 'numbers').match).exec('ratio = 1.5e3')?.[0]).toBe('1.5e3');
    expect(regex(repo(terraform, 'constants').match).exec('enabled = false')?.[0]).toBe('false');
    expect(regex(repo(terraform, 'constants').match).test('nullable_thing')).toBe(false);
    const call = regex(repo(terraform, 'function-call').begin);
    expect(call.exec('value = lookup(var.map, "k")')?.[1]).toBe('lookup');
    expect(call.exec('arn = provider::aws::arn_parse(var.arn)')?.[1]).toBe('provider::aws::arn_parse');
    expect(regex(repo(terraform, 'references').match).exec('  name = var.name')?.[0]).toBe('var');
    expect(regex(repo(terraform, 'references').match).test('variable')).toBe(false);
    expect(regex(repo(terraform, 'member-access').match).exec('aws_instance.web[*].id')?.[2]).toBe('web');
  });
});

describe('CI expression injection', () => {
  it('injects into YAML outside comments and outside its own expressions', () => {
    expect(injection.injectionSelector).toMatch(/^L:source\.yaml -comment/);
  });

  it('finds ${{ }} expressions and their parts', () => {
    const expression = repo(injection, 'github-expression');
    const line = 'run: echo "${{ github.sha }}" > ${{ runner.temp }}/sha';
    expect(regex(expression.begin).exec(line)?.index).toBe(11);
    expect(regex(expression.end).exec(line.slice(14))?.index).toBe(12);
    const [string, number, literal, fn, context, property] = expression.patterns!;
    expect(regex(context!.match).exec(' github.sha ')?.[0]).toBe('github');
    expect(regex(context!.match).exec(" secrets['TOKEN'] ")?.[0]).toBe('secrets');
    expect(regex(context!.match).test(' githubby.sha')).toBe(false);
    expect(regex(property!.match).exec('steps.build.outputs.digest')?.[2]).toBe('build');
    expect(regex(fn!.match).exec("hashFiles('**/package-lock.json')")?.[1]).toBe('hashFiles');
    expect(regex(literal!.match).exec('x == true')?.[0]).toBe('true');
    expect(regex(number!.match).exec('x > 10')?.[0]).toBe('10');
    // `''` is an escaped quote: the escape matches first, then the string ends at the lone quote.
    const body = "it''s done' == x";
    expect(regex(string!.patterns![0]!.match).exec(body)?.index).toBe(2);
    expect(regex(string!.end).exec(body.slice(4))?.index).toBe(6);
  });

  it('finds GitLab $[[ inputs ]] interpolation', () => {
    const input = repo(injection, 'gitlab-input');
    expect(regex(input.begin).exec('stage: $[[ inputs.stage ]]')?.index).toBe(7);
    expect(regex(input.end).test(' inputs.stage ]]')).toBe(true);
  });
});
