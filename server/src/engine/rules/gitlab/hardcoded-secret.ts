import { isMap, isScalar, Scalar } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import type { GitlabFileFacts, GitlabScriptLine } from '../../facts/gitlab-jobs';
import { secretVariableName } from '../../secrets/value';
import type { YamlDoc } from '../../yaml/document';
import { asMap, getPair, keyText, pairsOf } from '../../yaml/document';
import { deleteBlockPair } from '../../yaml/edits';
import type { DraftEdit } from '../../yaml/edits';
import type { FixDraft } from '../define';
import { defineGitlabRule } from '../define';
import { isHardcodedSecret, locateInScalar, masked, registryLoginPasswords, replaceScalarValue, secretInStructuredText } from '../hardcoded-secrets';

/**
 * What the official database images read to initialise themselves. With `services:` in the file,
 * these configure a throw-away database that lives as long as the job: not a secret, and neither is
 * the same password repeated in a connection URL.
 */
const SERVICE_INIT_VARIABLES: ReadonlySet<string> = new Set([
  'POSTGRES_PASSWORD',
  'PGPASSWORD',
  'MYSQL_ROOT_PASSWORD',
  'MYSQL_PASSWORD',
  'MARIADB_ROOT_PASSWORD',
  'MARIADB_PASSWORD',
  'MONGO_INITDB_ROOT_PASSWORD',
  'RABBITMQ_DEFAULT_PASS',
  'SA_PASSWORD',
  'MSSQL_SA_PASSWORD',
  'ELASTIC_PASSWORD',
  'REDIS_PASSWORD',
  'MINIO_ROOT_PASSWORD',
  'CLICKHOUSE_PASSWORD',
]);

interface VariableLiteral {
  key: string;
  /** The entry in its `variables:` mapping. */
  entry: Pair;
  node: Scalar;
  value: string;
  /** The `variables:` pair itself and its mapping, to remove them when the entry is their last. */
  variables: Pair;
  where: string;
}

/** `NAME: value` or `NAME: {value: …, description: …}`: the key and the value's scalar. */
function* entriesOf(variables: Pair | undefined): Generator<{ key: string; entry: Pair; node: Scalar; value: string }> {
  for (const entry of pairsOf(variables?.value)) {
    const key = keyText(entry);
    const node = isMap(entry.value) ? getPair(entry.value, 'value')?.value : entry.value;
    if (key && isScalar(node) && typeof node.value === 'string') yield { key, entry, node: node as Scalar, value: node.value };
  }
}

/** The passwords the file gives its service databases: the same literal in a connection URL is no secret either. */
function servicePasswords(gitlab: GitlabFileFacts): Set<string> {
  const passwords = new Set<string>();
  if (!gitlab.usesServices) return passwords;
  const all = [gitlab.variables, ...gitlab.jobs.map((job) => job.variables)];
  for (const variables of all) {
    for (const { key, value } of entriesOf(variables)) if (SERVICE_INIT_VARIABLES.has(key) && value.length >= 4) passwords.add(value);
  }
  return passwords;
}

function* variableLiterals(variables: Pair | undefined, where: string, services: ReadonlySet<string>): Generator<VariableLiteral> {
  const map = asMap(variables?.value);
  if (!variables || !map) return;
  for (const { key, entry, node, value } of entriesOf(variables)) {
    if (services.has(value) || [...services].some((password) => value.includes(`:${password}@`))) continue;
    const secret = key === 'DOCKER_AUTH_CONFIG' ? secretInStructuredText(value) : isHardcodedSecret(key, value) ? value : undefined;
    if (secret !== undefined) yield { key, entry, node, value: secret, variables, where: `\`${key}\` in ${where}` };
  }
}

/**
 * A CI/CD variable reaches the job's environment by itself, so an entry named like the variable is
 * removed rather than rewritten to `NAME: $NAME`. Any other name reads it as `$NAME`.
 */
function variableFix(doc: YamlDoc, literal: VariableLiteral, name: string): FixDraft | undefined {
  if (name === literal.key) {
    const map = literal.variables.value as YAMLMap;
    const target = map.items.length === 1 ? literal.variables : literal.entry;
    const edit = map.flow ? undefined : deleteBlockPair(doc, target);
    return edit ? { title: `Remove \`${name}\` here (define it as a masked CI/CD variable first)`, edits: [edit] } : undefined;
  }
  const owner = isMap(literal.entry.value) ? (literal.entry.value as YAMLMap) : (literal.variables.value as YAMLMap);
  const edit = replaceScalarValue(doc, literal.node, `$${name}`, owner.flow ?? false);
  return edit ? { title: `Use \`$${name}\` (define it as a masked CI/CD variable first)`, edits: [edit] } : undefined;
}

interface ScriptLiteral {
  line: GitlabScriptLine;
  value: string;
  where: string;
  edit?: DraftEdit;
}

const LOGIN_VARIABLE = 'REGISTRY_PASSWORD';

function* scriptLiterals(doc: YamlDoc, lines: GitlabScriptLine[], scope: string): Generator<ScriptLiteral> {
  for (const line of lines) {
    const script = line.node.value as string;
    for (const secret of registryLoginPasswords(script)) {
      const found = locateInScalar(doc, line.node, script, secret);
      let edit: DraftEdit | undefined;
      if (found && secret.quote !== "'") {
        const [start, end] = secret.quote ? [found[0] + 1, found[1] - 1] : found;
        edit = { range: doc.rangeAt(start, end), newText: `$${LOGIN_VARIABLE}` };
      } else if (found && line.node.type !== Scalar.QUOTE_SINGLE) {
        // Single quotes would keep the shell from expanding the variable: double them.
        const quote = line.node.type === Scalar.QUOTE_DOUBLE ? '\\"' : '"';
        edit = { range: doc.rangeAt(found[0], found[1]), newText: `${quote}$${LOGIN_VARIABLE}${quote}` };
      }
      yield { line, value: secret.value, where: `the registry login in \`${line.section}\`${scope}`, edit };
    }
  }
}

function collect(doc: YamlDoc, gitlab: GitlabFileFacts): { variables: VariableLiteral[]; scripts: ScriptLiteral[] } {
  const services = servicePasswords(gitlab);
  const variables: VariableLiteral[] = [...variableLiterals(gitlab.variables, 'the global `variables:`', services)];
  for (const pair of gitlab.workflowRuleVariables) variables.push(...variableLiterals(pair, 'the `variables:` of a `workflow:rules` entry', services));
  const scripts: ScriptLiteral[] = [...scriptLiterals(doc, gitlab.defaultScripts, ' of the defaults')];
  for (const job of gitlab.jobs) {
    const scope = ` of ${job.hidden ? 'template' : 'job'} \`${job.name}\``;
    variables.push(...variableLiterals(job.variables, `the \`variables:\`${scope}`, services));
    for (const pair of job.ruleVariables) variables.push(...variableLiterals(pair, `the \`rules:\` variables${scope}`, services));
    scripts.push(...scriptLiterals(doc, job.scripts, scope));
  }
  return { variables, scripts };
}

const ADVICE = 'Add it as a masked (and protected) CI/CD variable in the project or group settings';

export default defineGitlabRule({
  id: 'gitlab/hardcoded-secret',
  title: 'Hardcoded secret in GitLab CI',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: true,
  autoFix: false,
  description:
    'A literal secret in GitLab CI `variables:` (global, job or rules level), in `DOCKER_AUTH_CONFIG`, or in a `docker login -p` of a script, instead of a masked CI/CD variable.',
  check({ doc, gitlab, report }) {
    const { variables, scripts } = collect(doc, gitlab);
    for (const literal of variables) {
      const name = secretVariableName(literal.key);
      const fix = variableFix(doc, literal, name);
      const action = name === literal.key ? 'and remove it here (GitLab puts it in the job environment)' : `and use \`$${name}\` here`;
      report({
        range: doc.rangeOf(literal.node),
        message: `${literal.where} is a hardcoded secret (${masked(literal.value)}): anyone who can read the repository has it, and job logs do not mask it. ${ADVICE} as \`${name}\` ${action}, then rotate it.`,
        fixes: fix ? [fix] : [],
      });
    }
    for (const script of scripts) {
      const range = script.edit?.range ?? doc.rangeOf(script.line.node);
      report({
        range,
        message: `The password in ${script.where} is hardcoded (${masked(script.value)}): anyone who can read the repository has it. ${ADVICE} as \`${LOGIN_VARIABLE}\` and use \`$${LOGIN_VARIABLE}\` here (better, piped in: \`echo "$${LOGIN_VARIABLE}" | docker login --password-stdin …\`), then rotate it.`,
        fixes: script.edit ? [{ title: `Use \`$${LOGIN_VARIABLE}\` (define it as a masked CI/CD variable first)`, edits: [script.edit] }] : [],
      });
    }
  },
});
