import { describe, expect, it } from 'vitest';
import { classify } from '../../server/src/engine/classify';

const noChart = { probe: { exists: () => false } };

describe('classify', () => {
  it('recognises files by path', () => {
    expect(classify('/r/.github/workflows/ci.yml', '', noChart)).toBe('gha-workflow');
    expect(classify('/r/.github/workflows/sub/ci.yml', 'on: push', noChart)).toBeUndefined();
    expect(classify('/r/.github/actions/build/action.yaml', '', noChart)).toBe('gha-action');
    expect(classify('/r/.gitlab-ci.yml', '', noChart)).toBe('gitlab-ci');
    expect(classify('/r/deploy/kustomization.yaml', '', noChart)).toBe('kustomization');
    expect(classify('/r/infra/main.tf', '', noChart)).toBe('terraform');
    expect(classify('/r/infra/prod.tfvars', '', noChart)).toBe('tfvars');
    expect(classify('/r/.shipshape.yaml', '', noChart)).toBe('shipshape-config');
  });

  it('recognises Kubernetes manifests by content, and leaves other YAML alone', () => {
    expect(classify('/r/k8s/app.yaml', 'apiVersion: apps/v1\nkind: Deployment\n', noChart)).toBe('k8s');
    expect(classify('/r/k8s/app.yaml', '---\n# c\napiVersion: v1\nkind: List\n', noChart)).toBe('k8s');
    expect(classify('/r/chart/Chart.yaml', 'apiVersion: v2\nname: x\n', noChart)).toBeUndefined();
    expect(classify('/r/docker-compose.yml', 'services:\n  web: {}\n', noChart)).toBeUndefined();
    expect(classify('/r/notes.txt', 'apiVersion: v1\nkind: Pod\n', noChart)).toBeUndefined();
  });

  it('recognises Helm charts by their Chart.yaml and never treats templates as plain YAML', () => {
    const chart = { probe: { exists: (file: string) => file === '/r/charts/web/Chart.yaml' } };
    expect(classify('/r/charts/web/templates/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\n', chart)).toBe('helm-template');
    expect(classify('/r/charts/web/templates/_helpers.tpl', '{{- define "x" -}}', chart)).toBe('helm-template');
    expect(classify('/r/charts/web/values.yaml', 'image: {}\n', chart)).toBe('helm-values');
    expect(classify('/r/charts/web/values-prod.yaml', 'image: {}\n', chart)).toBe('helm-values');
    expect(classify('/x/templates/svc.yaml', 'kind: {{ .Values.kind }}\n')).toBe('helm-template');
  });

  it('treats files included by .gitlab-ci.yml as GitLab CI', () => {
    expect(classify('/r/.gitlab/ci/build.yml', 'build:\n  script: make\n', { ...noChart, gitlabIncludes: new Set(['/r/.gitlab/ci/build.yml']) })).toBe('gitlab-ci');
  });
});

describe('canonicalImageName', () => {
  it('treats Docker Hub spellings of one image as the same image, and nothing else', async () => {
    const { canonicalImageName } = await import('../../server/src/engine/workspace');
    for (const name of ['nginx', 'docker.io/nginx', 'docker.io/library/nginx', 'index.docker.io/library/nginx', 'NGINX']) {
      expect(canonicalImageName(name)).toBe('docker.io/library/nginx');
    }
    expect(canonicalImageName('bitnami/redis')).toBe('docker.io/bitnami/redis');
    expect(canonicalImageName('ghcr.io/acme/api')).toBe('ghcr.io/acme/api');
    expect(canonicalImageName('localhost:5000/api')).toBe('localhost:5000/api');
    expect(canonicalImageName('registry.local/nginx')).not.toBe('docker.io/library/nginx');
  });
});
