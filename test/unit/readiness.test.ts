import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import { loadFiles } from '../../server/src/engine/project';
import { scoreOf, verdictOf } from '../../server/src/engine/readiness/report';
import type { GateResult, GateStatus, ReadinessReport, UnitReadiness } from '../../server/src/engine/readiness/types';
import { makeWorkspace } from '../helpers/workspace';

// Readiness from files alone: units found the way DESIGN §5 says, gates decided by findings and
// facts with evidence, and verdicts that follow the documented rules.

async function readinessOf(files: Record<string, string>): Promise<{ report: ReadinessReport; engine: Engine; root: string }> {
  const root = makeWorkspace(files);
  const engine = new Engine({ root, probe: { exists: (file) => fs.existsSync(file) }, today: () => '2026-06-15' });
  await loadFiles(engine, [root]);
  return { report: await engine.readiness(), engine, root };
}

function unit(report: ReadinessReport, id: string): UnitReadiness {
  const found = report.units.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no unit ${id}; units: ${report.units.map((candidate) => candidate.id).join(', ')}`);
  return found;
}

function gate(report: ReadinessReport, unitId: string, gateId: string): GateResult {
  const found = unit(report, unitId).gates.find((candidate) => candidate.id === gateId);
  if (!found) throw new Error(`no gate ${gateId}`);
  return found;
}

const SHA = 'b4ffde65f46336ab88eb53be808477a3936bae11';

const GOOD_WORKFLOW = `name: deploy
on:
  push:
    branches: [main]
  schedule:
    - cron: '0 6 * * *'
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@${SHA} # v4.1.1
      - uses: actions/setup-node@${SHA} # v4.0.0
        with:
          cache: npm
      - run: npm ci
      - run: npm test
      - uses: gitleaks/gitleaks-action@${SHA} # v2.3.0
  deploy:
    needs: test
    runs-on: ubuntu-latest
    timeout-minutes: 15
    environment: production
    steps:
      - uses: actions/checkout@${SHA} # v4.1.1
      - run: |
          kubectl apply -k deploy/app
          kubectl rollout status deployment/web --timeout=5m
      - if: failure()
        run: kubectl rollout undo deployment/web
      - run: terraform -chdir=infra apply -auto-approve
      - run: terraform -chdir=infra plan -detailed-exitcode
`;

const GOOD_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      terminationGracePeriodSeconds: 45
      containers:
        - name: web
          image: ghcr.io/acme/web@sha256:${'a'.repeat(64)}
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
          livenessProbe:
            httpGet: { path: /live, port: 8080 }
          lifecycle:
            preStop:
              exec: { command: [sleep, '5'] }
`;

const GOOD_TERRAFORM = `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
  backend "s3" {
    bucket       = "state"
    key          = "app.tfstate"
    region       = "eu-west-1"
    use_lockfile = true
  }
}

provider "aws" {
  region = "eu-west-1"
}
`;

const GOOD_REPO = {
  '.github/workflows/deploy.yml': GOOD_WORKFLOW,
  'deploy/app/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'deploy/app/deployment.yaml': GOOD_DEPLOYMENT,
  'infra/main.tf': GOOD_TERRAFORM,
  'infra/.terraform.lock.hcl': '# lock\n',
};

describe('readiness: a repository that does everything right', () => {
  it('finds one unit per pipeline, app and root module, plus the repository', async () => {
    const { report } = await readinessOf(GOOD_REPO);
    expect(report.units.map((candidate) => candidate.id)).toEqual(['pipeline:.github/workflows/deploy.yml', 'k8s-app:deploy/app', 'terraform-root:infra', 'repository:.']);
    expect(unit(report, 'k8s-app:deploy/app').files).toEqual(['deploy/app/kustomization.yaml', 'deploy/app/deployment.yaml']);
  });

  it('passes every decided gate, with evidence, and is Ready with score 100', async () => {
    const { report } = await readinessOf(GOOD_REPO);
    const problems = report.units.flatMap((candidate) => candidate.gates.filter((result) => result.status === 'warn' || result.status === 'fail').map((result) => `${candidate.id} ${result.id}: ${result.summary}`));
    expect(problems).toEqual([]);
    expect(report.verdict).toBe('ready');
    expect(report.score).toBe(100);
    // Fact-based passes carry evidence pointing at the fact.
    const probes = gate(report, 'k8s-app:deploy/app', 'health-checks');
    expect(probes.status).toBe('pass');
    expect(probes.evidence[0]).toMatchObject({ file: 'deploy/app/deployment.yaml', reason: expect.stringContaining('readinessProbe') });
    expect(probes.evidence[0].range.start.line).toBe(26);
    const rollout = gate(report, 'pipeline:.github/workflows/deploy.yml', 'safe-rollout');
    expect(rollout.evidence[0].reason).toContain('kubectl rollout status');
    expect(gate(report, 'terraform-root:infra', 'gitops').evidence[0].reason).toContain('terraform -chdir=infra apply');
    expect(gate(report, 'terraform-root:infra', 'drift-detection').status).toBe('pass');
    expect(gate(report, 'terraform-root:infra', 'remote-state').summary).toContain('use_lockfile');
  });

  it('never says pass for a gate nothing checks', async () => {
    const { report } = await readinessOf(GOOD_REPO);
    const leastPrivilege = gate(report, 'k8s-app:deploy/app', 'least-privilege');
    expect(leastPrivilege.status).toBe('not-checked');
    expect(leastPrivilege.summary).toMatch(/not checked yet/i);
  });
});

describe('readiness: what blocks and what warns', () => {
  it('a schema error in a blocking gate blocks the unit and the repository, and caps the score', async () => {
    const broken = GOOD_DEPLOYMENT.replace('replicas: 3', 'replicas: three');
    const { report } = await readinessOf({ ...GOOD_REPO, 'deploy/app/deployment.yaml': broken });
    const valid = gate(report, 'k8s-app:deploy/app', 'valid-config');
    expect(valid).toMatchObject({ status: 'fail', blocking: true });
    expect(valid.evidence[0]).toMatchObject({ ruleId: 'k8s/invalid-manifest', severity: 'error', file: 'deploy/app/deployment.yaml' });
    expect(unit(report, 'k8s-app:deploy/app').verdict).toBe('blocked');
    expect(report.verdict).toBe('blocked');
    expect(report.score).toBeLessThanOrEqual(49);
  });

  it('a Recreate rollout fails safe-rollout without blocking', async () => {
    const recreate = GOOD_DEPLOYMENT.replace(/strategy:\n {4}type: RollingUpdate\n {4}rollingUpdate:\n {6}maxUnavailable: 0/, 'strategy:\n    type: Recreate');
    const { report } = await readinessOf({ ...GOOD_REPO, 'deploy/app/deployment.yaml': recreate });
    const rollout = gate(report, 'k8s-app:deploy/app', 'safe-rollout');
    expect(rollout.status).toBe('fail');
    expect(rollout.evidence[0]).toMatchObject({ file: 'deploy/app/deployment.yaml', reason: expect.stringContaining('big-bang') });
    expect(rollout.evidence[0].range.start.line).toBe(9);
    expect(unit(report, 'k8s-app:deploy/app').verdict).toBe('ready-with-warnings');
  });

  it('a module with local state fails remote-state; one without a lock file warns on pinned inputs', async () => {
    const local = GOOD_TERRAFORM.replace(/backend "s3" \{[^}]*\}/, 'backend "local" {\n    path = "state.tfstate"\n  }');
    const { ['infra/.terraform.lock.hcl']: _lock, ...withoutLock } = GOOD_REPO;
    const { report } = await readinessOf({ ...withoutLock, 'infra/main.tf': local });
    expect(gate(report, 'terraform-root:infra', 'remote-state').status).toBe('fail');
    expect(gate(report, 'terraform-root:infra', 'pinned-inputs')).toMatchObject({ status: 'warn', summary: expect.stringContaining('.terraform.lock.hcl') });
  });

  it('a deploy only a person can start warns on automation; one without tests anywhere fails tests-in-ci', async () => {
    const manual = `name: release
on: workflow_dispatch
jobs:
  ship:
    runs-on: ubuntu-latest
    environment: prod
    steps:
      - run: helm upgrade --install web ./chart --atomic
`;
    const { report } = await readinessOf({ '.github/workflows/release.yml': manual });
    const id = 'pipeline:.github/workflows/release.yml';
    expect(gate(report, id, 'automated-pipeline')).toMatchObject({ status: 'warn', evidence: [expect.objectContaining({ reason: expect.stringContaining('manual') })] });
    expect(gate(report, id, 'tests-in-ci').status).toBe('fail');
    expect(gate(report, id, 'rollback-path').evidence[0].reason).toContain('--atomic');
    expect(gate(report, id, 'pipeline-timeouts')).toMatchObject({ status: 'warn', evidence: [expect.objectContaining({ reason: 'job ship has no timeout-minutes' })] });
    expect(gate(report, 'repository:.', 'tests-in-ci').status).toBe('fail');
  });

  it('tests in another workflow count only when the deploy waits for them', async () => {
    const ci = 'name: ci\non: pull_request\njobs:\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n';
    const deploy = (on: string) => `name: deploy\non:\n${on}\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    environment: prod\n    steps:\n      - run: fly deploy\n`;
    const unwaited = await readinessOf({ '.github/workflows/ci.yml': ci, '.github/workflows/deploy.yml': deploy('  push:\n    branches: [main]') });
    expect(gate(unwaited.report, 'pipeline:.github/workflows/deploy.yml', 'tests-in-ci')).toMatchObject({ status: 'warn', evidence: [expect.objectContaining({ file: '.github/workflows/ci.yml' })] });
    const waited = await readinessOf({ '.github/workflows/ci.yml': ci, '.github/workflows/deploy.yml': deploy('  workflow_run:\n    workflows: [ci]\n    types: [completed]') });
    expect(gate(waited.report, 'pipeline:.github/workflows/deploy.yml', 'tests-in-ci').status).toBe('pass');
  });

  it('manifests nothing applies are flagged as hand-applied', async () => {
    const { report } = await readinessOf({ 'k8s/deployment.yaml': GOOD_DEPLOYMENT });
    expect(gate(report, 'k8s-app:k8s', 'gitops')).toMatchObject({ status: 'warn', summary: expect.stringContaining('by hand') });
    // An Argo CD Application pointing at the path is a GitOps deploy.
    const argo = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  source:\n    repoURL: https://example.com/repo.git\n    path: k8s\n';
    const withArgo = await readinessOf({ 'k8s/deployment.yaml': GOOD_DEPLOYMENT, 'argocd/web.yaml': argo });
    expect(gate(withArgo.report, 'k8s-app:k8s', 'gitops')).toMatchObject({ status: 'pass', evidence: [expect.objectContaining({ file: 'argocd/web.yaml' })] });
  });
});

describe('readiness: finding the units', () => {
  it('an overlay is the unit; the base it builds is not a unit of its own', async () => {
    const { report } = await readinessOf({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': GOOD_DEPLOYMENT,
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n',
    });
    const apps = report.units.filter((candidate) => candidate.kind === 'k8s-app');
    expect(apps.map((candidate) => candidate.id)).toEqual(['k8s-app:overlays/prod']);
    expect(apps[0].files).toContain('base/deployment.yaml');
  });

  it('a directory with two apps becomes two units, split by app label', async () => {
    const other = GOOD_DEPLOYMENT.replace(/web/g, 'worker');
    const { report } = await readinessOf({ 'k8s/web.yaml': GOOD_DEPLOYMENT, 'k8s/worker.yaml': other });
    expect(report.units.filter((candidate) => candidate.kind === 'k8s-app').map((candidate) => candidate.name)).toEqual(['web', 'worker']);
  });

  it('a Terraform directory without backend or providers is a library module, not a unit', async () => {
    const { report } = await readinessOf({ 'modules/db/main.tf': 'variable "name" {}\nresource "aws_db_instance" "db" {\n  identifier = var.name\n}\n' });
    expect(report.units.map((candidate) => candidate.kind)).toEqual(['repository']);
  });

  it('a GitLab pipeline with a manual deploy job and a SAST template', async () => {
    const gitlab = `include:
  - template: Jobs/SAST.gitlab-ci.yml
stages: [test, deploy]
test:
  stage: test
  script:
    - npm ci
    - npm test
  cache:
    paths: [node_modules]
deploy:
  stage: deploy
  environment: production
  when: manual
  script:
    - kubectl apply -f k8s/
`;
    const { report } = await readinessOf({ '.gitlab-ci.yml': gitlab });
    const id = 'pipeline:.gitlab-ci.yml';
    expect(gate(report, id, 'automated-pipeline')).toMatchObject({ status: 'warn', evidence: [expect.objectContaining({ reason: expect.stringContaining('when: manual') })] });
    expect(gate(report, id, 'security-scanning').status).toBe('pass');
    expect(gate(report, id, 'tests-in-ci').status).toBe('pass');
    expect(gate(report, id, 'caching').status).toBe('pass');
  });
});

describe('readiness: Helm charts', () => {
  const CHART = 'apiVersion: v2\nname: web\nversion: 1.2.0\nappVersion: "3.4.5"\n';
  const TEMPLATE = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\n';
  const workflow = (steps: string) => `name: release\non:\n  push:\n    branches: [main]\npermissions:\n  contents: read\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n${steps}`;

  it('a chart is a unit: installed by a pipeline, its values judged for floating image tags, its templates not rendered', async () => {
    const { report } = await readinessOf({
      'charts/web/Chart.yaml': CHART,
      'charts/web/values.yaml': 'replicaCount: 2\nimage:\n  repository: ghcr.io/acme/web\n  tag: latest\nsidecar:\n  image: ghcr.io/acme/proxy:1.4.2\n',
      'charts/web/templates/deployment.yaml': TEMPLATE,
      'charts/web/charts/redis/Chart.yaml': 'apiVersion: v2\nname: redis\nversion: 0.1.0\n',
      'charts/web/charts/redis/values.yaml': 'image:\n  repository: redis\n  tag: "7.2.4"\n',
      '.github/workflows/release.yml': workflow(`      - uses: actions/checkout@${SHA} # v4.1.1\n      - run: helm upgrade --install web ./charts/web --atomic --wait\n`),
    });
    const charts = report.units.filter((candidate) => candidate.kind === 'helm-chart');
    // The subchart ships inside its parent: one unit.
    expect(charts.map((candidate) => candidate.id)).toEqual(['helm-chart:charts/web']);
    expect(charts[0].name).toBe('web');
    expect(charts[0].files).toEqual(expect.arrayContaining(['charts/web/values.yaml', 'charts/web/templates/deployment.yaml', 'charts/web/charts/redis/values.yaml']));
    expect(gate(report, 'helm-chart:charts/web', 'gitops')).toMatchObject({ status: 'pass', evidence: [expect.objectContaining({ file: '.github/workflows/release.yml' })] });
    const pinned = gate(report, 'helm-chart:charts/web', 'pinned-inputs');
    expect(pinned.status).toBe('warn');
    expect(pinned.evidence).toEqual([expect.objectContaining({ file: 'charts/web/values.yaml', reason: 'ghcr.io/acme/web:latest: a floating tag', range: expect.objectContaining({ start: { line: 3, character: 7 } }) })]);
    for (const id of ['safe-rollout', 'health-checks', 'rollback-path', 'graceful-shutdown']) {
      expect(gate(report, 'helm-chart:charts/web', id)).toMatchObject({ status: 'not-checked', summary: expect.stringContaining('Helm templates') });
    }
    expect(gate(report, 'helm-chart:charts/web', 'tests-in-ci').status).toBe('not-applicable');

    // A chart at the repository root owns the subcharts under its charts/ directory too.
    const atRoot = await readinessOf({ 'Chart.yaml': CHART, 'values.yaml': 'replicaCount: 1\n', 'charts/redis/Chart.yaml': 'apiVersion: v2\nname: redis\nversion: 0.1.0\n', 'charts/redis/values.yaml': 'image:\n  repository: redis\n  tag: "7.2.4"\n' });
    expect(atRoot.report.units.filter((candidate) => candidate.kind === 'helm-chart').map((candidate) => candidate.id)).toEqual(['helm-chart:.']);
  });

  it('a chart releaser publishes the charts under its charts directory; a tag left to appVersion is pinned', async () => {
    const values = 'image:\n  repository: ghcr.io/acme/web\n  tag: ""\n';
    const { report } = await readinessOf({
      'charts/web/Chart.yaml': CHART,
      'charts/web/values.yaml': values,
      'examples/demo/Chart.yaml': CHART,
      'examples/demo/values.yaml': values,
      '.github/workflows/release.yml': workflow(`      - uses: helm/chart-releaser-action@${SHA} # v1.6.0\n`),
    });
    expect(gate(report, 'helm-chart:charts/web', 'gitops').status).toBe('pass');
    expect(gate(report, 'helm-chart:examples/demo', 'gitops')).toMatchObject({ status: 'warn', summary: expect.stringContaining('by hand') });
    expect(gate(report, 'helm-chart:charts/web', 'pinned-inputs')).toMatchObject({ status: 'pass', evidence: [expect.objectContaining({ reason: "ghcr.io/acme/web: tag from the chart's appVersion" })] });
  });
});

describe('readiness: deploys inside repository scripts', () => {
  const workflow = (run: string, extra = '') => `name: deploy\non:\n  push:\n    branches: [main]\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    environment: production\n${extra}    steps:\n      - uses: actions/checkout@${SHA} # v4.1.1\n      - run: ${run}\n`;
  const script = '#!/usr/bin/env bash\nset -euo pipefail\nkubectl apply -f k8s/\nkubectl rollout status deployment/web --timeout=120s\n';

  it('a step that runs ./scripts/deploy.sh deploys what the script deploys, with the step as evidence', async () => {
    const { report } = await readinessOf({ '.github/workflows/deploy.yml': workflow('./scripts/deploy.sh'), 'scripts/deploy.sh': script, 'k8s/deployment.yaml': GOOD_DEPLOYMENT });
    expect(gate(report, 'k8s-app:k8s', 'gitops')).toMatchObject({ status: 'pass', evidence: [expect.objectContaining({ file: '.github/workflows/deploy.yml', reason: expect.stringContaining('scripts/deploy.sh: kubectl apply -f k8s/') })] });
    const rollout = gate(report, 'pipeline:.github/workflows/deploy.yml', 'safe-rollout');
    expect(rollout.evidence.map((item) => item.reason).join('\n')).toContain('scripts/deploy.sh: kubectl rollout status');
  });

  it('follows bash/sh calls and the working directory, and ignores scripts that are not in the repository', async () => {
    const inInfra = await readinessOf({ '.github/workflows/deploy.yml': workflow('bash ./release.sh --prod', '    defaults:\n      run:\n        working-directory: ops\n'), 'ops/release.sh': 'kubectl apply -f ../k8s\n', 'k8s/deployment.yaml': GOOD_DEPLOYMENT });
    expect(gate(inInfra.report, 'k8s-app:k8s', 'gitops').status).toBe('pass');
    const missing = await readinessOf({ '.github/workflows/deploy.yml': workflow('./scripts/deploy.sh'), 'k8s/deployment.yaml': GOOD_DEPLOYMENT });
    expect(gate(missing.report, 'k8s-app:k8s', 'gitops').status).toBe('warn');
  });

  it('a step that runs a Makefile target deploys what its recipe (and its prerequisites) run', async () => {
    const makefile = '.PHONY: deploy build\nIMAGE ?= web\n\nbuild:\n\tdocker build -t $(IMAGE) .\n\ndeploy: build ## ship it\n\t@kubectl apply -f k8s/\n\t-kubectl rollout status deployment/web\n\nclean:\n\trm -rf dist\n';
    const { report } = await readinessOf({ '.github/workflows/deploy.yml': workflow('ENV=prod make -j2 deploy VERSION=1'), Makefile: makefile, 'k8s/deployment.yaml': GOOD_DEPLOYMENT });
    expect(gate(report, 'k8s-app:k8s', 'gitops')).toMatchObject({ status: 'pass', evidence: [expect.objectContaining({ reason: expect.stringContaining('Makefile deploy: kubectl apply -f k8s/') })] });
    // `make -C ops release` reads ops/Makefile; a target the Makefile lacks reads nothing.
    const inOps = await readinessOf({ '.github/workflows/deploy.yml': workflow('make -C ops release'), 'ops/Makefile': 'release:\n\tkubectl apply -f ../k8s\n', 'k8s/deployment.yaml': GOOD_DEPLOYMENT });
    expect(gate(inOps.report, 'k8s-app:k8s', 'gitops').status).toBe('pass');
    const noTarget = await readinessOf({ '.github/workflows/deploy.yml': workflow('make lint'), Makefile: makefile, 'k8s/deployment.yaml': GOOD_DEPLOYMENT });
    expect(gate(noTarget.report, 'k8s-app:k8s', 'gitops').status).toBe('warn');
  });
});

describe('readiness: verdict and score', () => {
  const result = (status: GateStatus, blocking = false): GateResult => ({ id: 'caching', title: '', dora: 'lead-time', status, blocking, summary: '', evidence: [] });

  it('follows the documented formula', () => {
    // (3×1 + 1×0.5 + 1×0) / (3 + 1 + 1) = 70 %
    const gates = [result('pass', true), result('warn'), result('fail'), result('not-applicable'), result('not-checked')];
    expect(verdictOf(gates)).toBe('ready-with-warnings');
    expect(scoreOf(gates, 'ready-with-warnings')).toBe(70);
    expect(scoreOf([result('pass'), result('fail', true)], 'blocked')).toBe(25);
    expect(scoreOf([result('pass'), result('pass'), result('pass'), result('pass'), result('fail', true)], 'blocked')).toBe(49);
    expect(scoreOf([result('not-applicable')], 'ready')).toBe(100);
  });

  it('recomputes after an edit', async () => {
    const { engine, root } = await readinessOf(GOOD_REPO);
    const file = path.join(root, 'deploy/app/deployment.yaml');
    await engine.update({ path: file, text: GOOD_DEPLOYMENT.replace('maxUnavailable: 0', 'maxUnavailable: 0\n  revisionHistoryLimit: 0') });
    const report = await engine.readiness();
    expect(gate(report, 'k8s-app:deploy/app', 'rollback-path')).toMatchObject({ status: 'fail', evidence: [expect.objectContaining({ reason: expect.stringContaining('revisionHistoryLimit 0') })] });
  });
});

describe('readiness: committed secrets block the repository', () => {
  // Built at run time so no credential-shaped string sits in the repository.
  const token = ['ghp', '_', 'R7mQ2xkV9pLw4ZtB8nYc3HdJ6sFa1GuE0oKi'].join('');

  it('a secret in a unit file fails that unit\'s blocking gate, with masked evidence', async () => {
    const leaky = GOOD_DEPLOYMENT.replace('          ports:', `          env:\n            - name: GITHUB_TOKEN\n              value: ${token}\n          ports:`);
    const { report } = await readinessOf({ ...GOOD_REPO, 'deploy/app/deployment.yaml': leaky });
    const secrets = gate(report, 'k8s-app:deploy/app', 'no-secrets');
    expect(secrets).toMatchObject({ status: 'fail', blocking: true });
    expect(secrets.evidence[0]).toMatchObject({ file: 'deploy/app/deployment.yaml', ruleId: 'k8s/secret-in-env', severity: 'error' });
    expect(unit(report, 'k8s-app:deploy/app').verdict).toBe('blocked');
    expect(report.verdict).toBe('blocked');
    expect(JSON.stringify(report)).not.toContain(token);
  });

  it('a secret in a file no unit owns (a README) blocks through the repository unit', async () => {
    const { report } = await readinessOf({ ...GOOD_REPO, 'docs/setup.sh': `export GITHUB_TOKEN=${token}\n` });
    const secrets = gate(report, 'repository:.', 'no-secrets');
    expect(secrets.status).toBe('fail');
    expect(secrets.evidence[0]).toMatchObject({ file: 'docs/setup.sh', ruleId: 'secrets/known-credential' });
    expect(report.verdict).toBe('blocked');
    expect(JSON.stringify(report)).not.toContain(token);
  });
});
