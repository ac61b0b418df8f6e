import { isScalar, isSeq } from 'yaml';
import type { Pair, Scalar, YAMLMap } from 'yaml';
import type { YamlDoc } from '../yaml/document';
import { asMap, getPair, getValue, itemsOf, keyText, pairsOf } from '../yaml/document';

// The jobs of a GitLab CI file, and the keywords of each that rules read. Aliases and `<<` merges
// are not followed: the anchored original is itself in the file and is read where it is written.

export type GitlabScriptSection = 'script' | 'before_script' | 'after_script';

export interface GitlabScriptLine {
  section: GitlabScriptSection;
  node: Scalar;
}

export interface GitlabJobFact {
  name: string;
  pair: Pair;
  map: YAMLMap;
  /** Hidden jobs (`.name`) are templates for `extends` and anchors. */
  hidden: boolean;
  variables?: Pair;
  /** `variables:` of the job's `rules:` items. */
  ruleVariables: Pair[];
  services?: Pair;
  scripts: GitlabScriptLine[];
}

export interface GitlabFileFacts {
  root?: YAMLMap;
  /** Top-level `variables:`. */
  variables?: Pair;
  /** `variables:` of `workflow: rules:` items. */
  workflowRuleVariables: Pair[];
  /** `default:` (or the deprecated top-level keywords it replaced). */
  defaults?: YAMLMap;
  /**
   * Scripts of `default:`, of the deprecated top-level `before_script`/`after_script`, and hidden
   * top-level lists (`.setup: &setup [...]`) that jobs pull in with anchors or `!reference`.
   */
  defaultScripts: GitlabScriptLine[];
  /** Some job, `default:` or the top level uses `services:`. */
  usesServices: boolean;
  jobs: GitlabJobFact[];
}

/** Top-level keys that are not jobs. */
export const GITLAB_GLOBAL_KEYWORDS: ReadonlySet<string> = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'spec',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
]);

const SECTIONS: readonly GitlabScriptSection[] = ['before_script', 'script', 'after_script'];

/** The lines of one script: a string or a list (nested lists come from anchors). */
function linesOf(value: unknown, section: GitlabScriptSection): GitlabScriptLine[] {
  const lines: GitlabScriptLine[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (isScalar(item) && typeof item.value === 'string') lines.push({ section, node: item as Scalar });
    else if (isSeq(item)) stack.push(...[...item.items].reverse());
  }
  return lines;
}

function scriptLines(owner: unknown): GitlabScriptLine[] {
  return SECTIONS.flatMap((section) => linesOf(getValue(owner, section), section));
}

function ruleVariables(owner: unknown): Pair[] {
  return itemsOf(getValue(owner, 'rules'))
    .map((rule) => getPair(rule, 'variables'))
    .filter((pair): pair is Pair => pair !== undefined);
}

export function extractGitlabFacts(doc: YamlDoc): GitlabFileFacts {
  const root = doc.root;
  const defaults = asMap(getValue(root, 'default'));
  const jobs: GitlabJobFact[] = [];
  const fragments: GitlabScriptLine[] = [];
  for (const pair of pairsOf(root)) {
    const name = keyText(pair);
    const map = asMap(pair.value);
    if (name?.startsWith('.') && isSeq(pair.value)) fragments.push(...linesOf(pair.value, 'script'));
    if (!name || !map || GITLAB_GLOBAL_KEYWORDS.has(name)) continue;
    jobs.push({
      name,
      pair,
      map,
      hidden: name.startsWith('.'),
      variables: getPair(map, 'variables'),
      ruleVariables: ruleVariables(map),
      services: getPair(map, 'services'),
      scripts: scriptLines(map),
    });
  }
  return {
    root,
    variables: getPair(root, 'variables'),
    workflowRuleVariables: ruleVariables(getValue(root, 'workflow')),
    defaults,
    defaultScripts: [...scriptLines(defaults), ...scriptLines(root).filter((line) => line.section !== 'script'), ...fragments],
    usesServices: Boolean(getPair(root, 'services') || getPair(defaults, 'services') || jobs.some((job) => job.services)),
    jobs,
  };
}

const cache = new WeakMap<YamlDoc, GitlabFileFacts>();

/** The facts of a GitLab CI document, extracted once per parsed document. */
export function gitlabFacts(doc: YamlDoc): GitlabFileFacts {
  let facts = cache.get(doc);
  if (!facts) {
    facts = extractGitlabFacts(doc);
    cache.set(doc, facts);
  }
  return facts;
}
