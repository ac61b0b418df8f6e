import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { K8sSchemaProblem } from '../../server/src/engine/k8s/schema';

// validateK8sObject over the generated standalone validators. The validators are a build output
// (server/generated/, gitignored); generate them first so this file also runs on a fresh checkout.

type Validate = (apiVersion: string, kind: string, value: unknown) => K8sSchemaProblem[] | undefined;
let validateK8sObject: Validate;
let maxProblems: number;

beforeAll(async () => {
  const root = path.resolve(__dirname, '..', '..');
  const generator = (await import(pathToFileURL(path.join(root, 'scripts/gen-k8s-validators.mjs')).href)) as {
    generateValidators(root: string): Promise<unknown>;
  };
  await generator.generateValidators(root);
  const schema = await import('../../server/src/engine/k8s/schema');
  validateK8sObject = schema.validateK8sObject;
  maxProblems = schema.MAX_PROBLEMS_PER_OBJECT;
});

const podTemplate = (container: Record<string, unknown> = {}) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.0.0', ...container }] },
});

const deployment = (spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = { name: 'web' }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata,
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: podTemplate(), ...spec },
});

const check = (value: { apiVersion: string; kind: string; [field: string]: unknown }) => validateK8sObject(value.apiVersion, value.kind, value);

/** One minimal valid object per covered kind. */
const MINIMAL: { apiVersion: string; kind: string; [field: string]: unknown }[] = [
  deployment(),
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate() } },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate() } },
  { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, spec: { template: { spec: { ...podTemplate().spec, restartPolicy: 'Never' } } } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { ...podTemplate().spec, restartPolicy: 'OnFailure' } } } } } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: podTemplate().spec },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, data: { MODE: 'production' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, type: 'Opaque', stringData: { token: 'x' } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' } },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { maxReplicas: 5, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
];

describe('validateK8sObject', () => {
  it('covers the 20 core kinds, and their minimal valid objects validate clean', () => {
    expect(new Set(MINIMAL.map((object) => `${object.apiVersion}/${object.kind}`)).size).toBe(20);
    for (const object of MINIMAL) expect(check(object), `${object.apiVersion}/${object.kind}`).toEqual([]);
  });

  it('returns undefined for kinds it has no schema for', () => {
    expect(validateK8sObject('argoproj.io/v1alpha1', 'Rollout', { spec: { anything: true } })).toBeUndefined();
    expect(validateK8sObject('extensions/v1beta1', 'Ingress', {})).toBeUndefined();
    expect(validateK8sObject('autoscaling/v1', 'HorizontalPodAutoscaler', {})).toBeUndefined();
    expect(validateK8sObject('v1', '__proto__', {})).toBeUndefined();
  });

  it('reports an unknown field on its key, with a did-you-mean', () => {
    const problems = check(deployment({}, { name: 'web', labelz: { app: 'web' } }));
    expect(problems).toEqual([
      { path: ['metadata', 'labelz'], keyword: 'unknown-field', at: 'key', message: 'Unknown field `labelz` in metadata; did you mean `labels`?' },
    ]);
  });

  it('reports an unknown field without a close match, and old fields with where they moved', () => {
    const [unknown] = check(deployment({ template: podTemplate({ healthCheck: '/healthz' }) }))!;
    expect(unknown.path).toEqual(['spec', 'template', 'spec', 'containers', 0, 'healthCheck']);
    expect(unknown.message).toMatch(/^Unknown field `healthCheck` in spec\.template\.spec\.containers\[0\]: the API server rejects it\./);
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', spec: { defaultBackend: { serviceName: 'web' } } };
    expect(check(ingress)![0].message).toContain('moved it to `service.name`');
  });

  it('tells integers from numbers and from numeric strings', () => {
    const [float] = check(deployment({ replicas: 1.5 }))!;
    expect(float).toMatchObject({ path: ['spec', 'replicas'], keyword: 'type', at: 'value' });
    expect(float.message).toBe('spec.replicas must be an integer, not 1.5: use a whole number.');
    const [quoted] = check(deployment({ replicas: '3' }))!;
    expect(quoted.message).toBe('spec.replicas must be an integer, not the string "3": remove the quotes (`3`).');
    const port = check(deployment({ template: podTemplate({ ports: [{ containerPort: 8080.5 }] }) }))!;
    expect(port.map((problem) => problem.path)).toEqual([['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort']]);
  });

  it('accepts int-or-string fields both ways, and quantities as numbers or strings', () => {
    for (const value of [1, '25%']) {
      expect(check(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: value, maxUnavailable: value } } }))).toEqual([]);
    }
    const service = (targetPort: unknown) => ({ apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80, targetPort }] } });
    expect(check(service(8080))).toEqual([]);
    expect(check(service('http'))).toEqual([]);
    expect(check(service(80.5))![0]).toMatchObject({ keyword: 'type', message: expect.stringContaining('must be a string or an integer, not 80.5') });
    const resources = { limits: { cpu: 1, memory: '256Mi' }, requests: { cpu: 0.25, memory: 134217728 } };
    expect(check(deployment({ template: podTemplate({ resources }) }))).toEqual([]);
  });

  it('reports a bad enum value on the value, naming the allowed ones', () => {
    const problems = check(deployment({ template: podTemplate({ imagePullPolicy: 'Sometimes' }) }));
    expect(problems).toEqual([
      {
        path: ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy'],
        keyword: 'enum',
        at: 'value',
        message: 'spec.template.spec.containers[0].imagePullPolicy must be one of Always, IfNotPresent, Never, not "Sometimes".',
      },
    ]);
    const service = { apiVersion: 'v1', kind: 'Service', spec: { type: 'Loadbalancer' } };
    expect(check(service)![0].message).toContain('did you mean LoadBalancer?');
  });

  it('reports missing required fields once per mapping, on the mapping', () => {
    const spec = { replicas: 1 };
    const problems = check({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec });
    expect(problems).toEqual([
      { path: ['spec'], keyword: 'required', at: 'key', message: 'spec is missing the required fields `selector` and `template`; add them.' },
    ]);
    const pod = { apiVersion: 'v1', kind: 'Pod', spec: { containers: null, restartPolicy: 'Never' } };
    expect(check(pod)![0]).toMatchObject({ path: ['spec'], keyword: 'required', message: expect.stringContaining('`containers`') });
  });

  it('asks for quotes around label, annotation and ConfigMap values that are not strings', () => {
    const [label] = check(deployment({}, { name: 'web', labels: { canary: true } }))!;
    expect(label.message).toBe('metadata.labels.canary must be a string, not the boolean true: quote it (`"true"`).');
    const [annotation] = check(deployment({}, { name: 'web', annotations: { 'prometheus.io/port': 9090 } }))!;
    expect(annotation.path).toEqual(['metadata', 'annotations', 'prometheus.io/port']);
    expect(annotation.message).toContain('metadata.annotations["prometheus.io/port"] must be a string, not 9090');
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', data: { RETRIES: 3 } };
    expect(check(configMap)![0].keyword).toBe('type');
  });

  it('accepts what kubectl create --dry-run writes', () => {
    const dryRun = deployment({ strategy: {} }, { name: 'web', creationTimestamp: null });
    expect(check({ ...dryRun, status: {} })).toEqual([]);
    expect(check({ ...dryRun, status: { replicas: 'whatever', unknown: true } })).toEqual([]);
  });

  it('keeps the most specific error per place and caps the count', () => {
    const [onlyType] = check(deployment({ template: podTemplate({ imagePullPolicy: 5 }) }))!;
    expect(onlyType.keyword).toBe('type');
    const labels = Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`l${index}`, index]));
    expect(check(deployment({}, { name: 'web', labels }))).toHaveLength(maxProblems);
  });

  it('expands merge keys and ignores empty enum values, as the API server does', () => {
    const container = { '<<': { name: 'web', image: 'ghcr.io/acme/web:1.0.0' }, imagePullPolicy: '' };
    const value = deployment({ template: { spec: { containers: [container] } } });
    expect(check(value)).toEqual([]);
  });
});
