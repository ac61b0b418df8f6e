import type { YAMLError } from 'yaml';
import { YAML_KINDS } from '../../model';
import type { YamlDoc } from '../../yaml/document';
import { defineYamlRule } from '../define';

/** yaml points a duplicate key error at the key's first character; the reader wants the whole key. */
function keyAt(doc: YamlDoc, offset: number): string | undefined {
  return /^("[^"\n]*"|'[^'\n]*'|[^:#\n]+?)[ \t]*:/.exec(doc.text.slice(offset, offset + 300))?.[1];
}

function errorRange(error: YAMLError, doc: YamlDoc) {
  const [start, end] = error.pos;
  const key = error.code === 'DUPLICATE_KEY' ? keyAt(doc, start) : undefined;
  return doc.rangeAt(start, key ? start + key.length : Math.max(end, Math.min(start + 1, doc.text.length)));
}

function describe(error: YAMLError, doc: YamlDoc): string {
  if (/call stack/i.test(error.message)) {
    return 'YAML nesting is too deep to parse (about a thousand levels or more); flatten the structure.';
  }
  if (error.code === 'DUPLICATE_KEY') {
    const key = keyAt(doc, error.pos[0]);
    return `Duplicate key${key ? ` \`${key}\`` : ''}: each key may appear once per mapping, and tools disagree on which value wins.`;
  }
  if (error.code === 'TAB_AS_INDENT') return 'Tabs are not allowed as YAML indentation; indent with spaces.';
  const text = error.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '').trim();
  return `YAML syntax error: ${text.endsWith('.') ? text : `${text}.`}`;
}

export default defineYamlRule({
  id: 'yaml/syntax-error',
  title: 'YAML syntax error',
  severity: 'error',
  tags: ['schema'],
  gate: 'valid-config',
  fixable: false,
  description: 'A YAML syntax error in a file Shipshape recognises, reported at its exact range.',
  kinds: [...YAML_KINDS],
  check({ doc, report }) {
    for (const error of doc.doc.errors) {
      report({ range: errorRange(error, doc), message: describe(error, doc) });
    }
    if (doc.doc.errors.length === 0 && doc.hasExcessiveAliases) {
      report({
        range: doc.rangeAt(0, Math.min(doc.text.indexOf('\n') === -1 ? doc.text.length : doc.text.indexOf('\n'), doc.text.length)),
        message:
          'Excessive aliasing: expanding this document\'s aliases would exceed the safety budget (an "alias bomb"). Kubernetes, GitHub and GitLab reject such files; the document was not analysed further.',
      });
    }
  },
});
