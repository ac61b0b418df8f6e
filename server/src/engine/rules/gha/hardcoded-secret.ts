import { isScalar } from 'yaml';
import type { Scalar, YAMLMap } from 'yaml';
import type { StepFact, UsesFact } from '../../facts/gha';
import { secretVariableName } from '../../secrets/value';
import type { YamlDoc } from '../../yaml/document';
import { asMap, getValue, keyText, pairsOf, scalarText } from '../../yaml/document';
import type { FixDraft } from '../define';
import { defineGhaRule } from '../define';
import { isHardcodedSecret, locateInScalar, masked, registryLoginPasswords, replaceScalarValue } from '../hardcoded-secrets';

interface Literal {
  node: Scalar;
  value: string;
  /** `the \`env:\` of job \`deploy\``: where the literal sits, for the message. */
  where: string;
  /** The repository secret the fix reads instead. */
  secretName: string;
  inFlow: boolean;
}

/** Secret names may not start with `GITHUB_` (GitHub reserves the prefix): `GITHUB_TOKEN` → `GH_TOKEN`. */
function repositorySecretName(key: string): string {
  const name = secretVariableName(key);
  return name.startsWith('GITHUB_') ? `GH_${name.slice('GITHUB_'.length)}` : name;
}

/** Inputs named only `password` or `token` say little: prefix them with who asks (`docker/login-action` → `DOCKER_PASSWORD`). */
const GENERIC_INPUT = /^(PASSWORD|PASSWD|TOKEN|SECRET|KEY|API_KEY|APIKEY|API_TOKEN|ACCESS_TOKEN|AUTH_TOKEN|ACCESS_KEY|SECRET_KEY|CLIENT_SECRET|PRIVATE_KEY)$/;

function inputSecretName(key: string, uses: UsesFact | undefined): string {
  const name = repositorySecretName(key);
  if (!GENERIC_INPUT.test(name) || !uses?.action.name) return name;
  const [owner, repo = ''] = uses.action.name.split('/');
  const who = owner === 'actions' || owner === 'github' ? repo.replace(/^setup-|-action$/g, '') : owner;
  return who ? repositorySecretName(`${who}_${name}`) : name;
}

/** Literals a job's service containers are configured with: those throw-away databases' passwords are not secrets. */
function servicePasswords(job: YAMLMap | undefined): Set<string> {
  const values = new Set<string>();
  for (const service of pairsOf(getValue(job, 'services'))) {
    for (const entry of pairsOf(getValue(service.value, 'env'))) {
      const value = scalarText(entry.value);
      if (value && value.length >= 4) values.add(value);
    }
  }
  return values;
}

function isServiceValue(value: string, passwords: ReadonlySet<string>): boolean {
  for (const password of passwords) if (value === password || value.includes(`:${password}@`)) return true;
  return false;
}

function stepLabel(step: StepFact): string {
  const name = scalarText(getValue(step.map, 'name')) ?? scalarText(getValue(step.map, 'id'));
  return name ? `step \`${name}\`` : `step ${step.index + 1}`;
}

/**
 * Literal secrets among a mapping's values. `allSecret`: every value is meant to be a secret (a
 * reusable workflow call's `secrets:`), so the key need not say so.
 */
function* mapLiterals(map: unknown, where: string, ignore: ReadonlySet<string>, secretName: (key: string) => string, allSecret = false): Generator<Literal> {
  const owner = asMap(map);
  for (const pair of pairsOf(owner)) {
    const key = keyText(pair);
    const node = pair.value;
    if (!key || !isScalar(node) || typeof node.value !== 'string') continue;
    if (!isHardcodedSecret(allSecret ? 'secret' : key, node.value) || isServiceValue(node.value, ignore)) continue;
    yield { node, value: node.value, where: `\`${key}\` in ${where}`, secretName: secretName(key), inFlow: owner?.flow ?? false };
  }
}

function* credentialLiteral(owner: unknown, where: string): Generator<Literal> {
  const credentials = asMap(getValue(owner, 'credentials'));
  const node = getValue(credentials, 'password');
  if (!isScalar(node) || typeof node.value !== 'string' || !isHardcodedSecret('password', node.value)) return;
  yield { node, value: node.value, where, secretName: 'REGISTRY_PASSWORD', inFlow: credentials?.flow ?? false };
}

/** Every literal secret of a set of steps (a job's or a composite action's). */
function* stepLiterals(steps: StepFact[], scope: string, ignore: ReadonlySet<string>): Generator<Literal> {
  for (const step of steps) {
    const label = `${stepLabel(step)}${scope}`;
    yield* mapLiterals(getValue(step.map, 'env'), `the \`env:\` of ${label}`, ignore, repositorySecretName);
    yield* mapLiterals(getValue(step.map, 'with'), `the \`with:\` of ${label}`, ignore, (key) => inputSecretName(key, step.uses));
  }
}

interface ScriptLiteral {
  node: Scalar;
  value: string;
  /** Offsets in the document, quotes excluded; undefined when the literal is not written verbatim. */
  at?: [number, number];
  where: string;
}

function* scriptLiterals(doc: YamlDoc, steps: StepFact[], scope: string): Generator<ScriptLiteral> {
  for (const step of steps) {
    const node = getValue(step.map, 'run');
    if (!isScalar(node) || typeof node.value !== 'string') continue;
    for (const secret of registryLoginPasswords(node.value)) {
      const found = locateInScalar(doc, node, node.value, secret);
      const at: [number, number] | undefined = found && (secret.quote ? [found[0] + 1, found[1] - 1] : found);
      yield { node, value: secret.value, at, where: `the registry login of ${stepLabel(step)}${scope}` };
    }
  }
}

const SECRET_ADVICE = (name: string) =>
  `Add it to the repository or environment secrets as \`${name}\`, use \`\${{ secrets.${name} }}\` here, and rotate it.`;

export default defineGhaRule({
  id: 'gha/hardcoded-secret',
  title: 'Hardcoded secret in a workflow',
  severity: 'error',
  tags: ['secrets', 'security'],
  gate: 'no-secrets',
  fixable: true,
  autoFix: false,
  description:
    'A literal secret in a workflow `env:`, a step `with:` input, `container`/`services` registry credentials, or a `docker login -p` in a `run:` script, instead of `${{ secrets.NAME }}`.',
  check({ doc, workflow, action, report }) {
    const literals: Literal[] = [];
    const scripts: ScriptLiteral[] = [];
    if (workflow) {
      const allServices = new Set(workflow.jobs.flatMap((job) => [...servicePasswords(job.map)]));
      literals.push(...mapLiterals(getValue(workflow.root, 'env'), 'the workflow `env:`', allServices, repositorySecretName));
      for (const job of workflow.jobs) {
        const ignore = servicePasswords(job.map);
        const scope = ` of job \`${job.id}\``;
        literals.push(...mapLiterals(getValue(job.map, 'env'), `the \`env:\`${scope}`, ignore, repositorySecretName));
        const container = getValue(job.map, 'container');
        literals.push(...mapLiterals(getValue(container, 'env'), `the \`container.env:\`${scope}`, ignore, repositorySecretName));
        literals.push(...credentialLiteral(container, `\`container.credentials.password\`${scope}`));
        for (const service of pairsOf(getValue(job.map, 'services'))) {
          literals.push(...credentialLiteral(service.value, `\`services.${keyText(service) ?? '?'}.credentials.password\`${scope}`));
        }
        // A reusable workflow call passes inputs and secrets.
        literals.push(...mapLiterals(getValue(job.map, 'with'), `the \`with:\`${scope}`, ignore, repositorySecretName));
        literals.push(...mapLiterals(getValue(job.map, 'secrets'), `the \`secrets:\`${scope}`, ignore, repositorySecretName, true));
        literals.push(...stepLiterals(job.steps, scope, ignore));
        scripts.push(...scriptLiterals(doc, job.steps, scope));
      }
    } else if (action) {
      // A Docker action's `runs.env`, then a composite action's steps.
      literals.push(...mapLiterals(getValue(getValue(action.root, 'runs'), 'env'), 'the `runs.env:` of this action', new Set(), repositorySecretName));
      literals.push(...stepLiterals(action.steps, ' of this action', new Set()));
      scripts.push(...scriptLiterals(doc, action.steps, ' of this action'));
    }

    for (const literal of literals) {
      const reference = `\${{ secrets.${literal.secretName} }}`;
      const edit = replaceScalarValue(doc, literal.node, reference, literal.inFlow);
      const fixes: FixDraft[] = edit ? [{ title: `Use \`${reference}\` (add that secret to the repository or environment first)`, edits: [edit] }] : [];
      report({
        range: doc.rangeOf(literal.node),
        message: `${literal.where} is a hardcoded secret (${masked(literal.value)}): anyone who can read the repository has it, and logs do not mask it. ${SECRET_ADVICE(literal.secretName)}`,
        fixes,
      });
    }
    for (const script of scripts) {
      const name = 'REGISTRY_PASSWORD';
      const reference = `\${{ secrets.${name} }}`;
      const fixes: FixDraft[] = script.at ? [{ title: `Use \`${reference}\` (add that secret to the repository or environment first)`, edits: [{ range: doc.rangeAt(script.at[0], script.at[1]), newText: reference }] }] : [];
      report({
        range: script.at ? doc.rangeAt(script.at[0], script.at[1]) : doc.rangeOf(script.node),
        message: `The password in ${script.where} is hardcoded (${masked(script.value)}): anyone who can read the repository has it, and logs do not mask it. ${SECRET_ADVICE(name)} Better still, pipe it in with \`--password-stdin\`.`,
        fixes,
      });
    }
  },
});
