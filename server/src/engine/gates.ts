// The readiness gates of DESIGN §5, grouped by the DORA key they move. Every rule names the gate its
// findings feed, so the readiness model can be built from findings without a second mapping.

export type DoraKey = 'deployment-frequency' | 'lead-time' | 'change-failure-rate' | 'time-to-restore';

export interface Gate {
  id: string;
  title: string;
  dora: DoraKey;
}

export const GATES = [
  { id: 'automated-pipeline', title: 'Pipeline builds, tests and deploys automatically', dora: 'deployment-frequency' },
  { id: 'gitops', title: 'Deploys run from the pipeline, not by hand', dora: 'deployment-frequency' },
  { id: 'pipeline-timeouts', title: 'Pipeline jobs have timeouts', dora: 'lead-time' },
  { id: 'caching', title: 'Pipeline caches dependencies', dora: 'lead-time' },
  { id: 'tests-in-ci', title: 'Tests run in CI', dora: 'lead-time' },
  { id: 'pinned-inputs', title: 'Pinned and immutable inputs', dora: 'change-failure-rate' },
  { id: 'no-secrets', title: 'No secrets in the repository', dora: 'change-failure-rate' },
  { id: 'security-scanning', title: 'Security scanning in the pipeline', dora: 'change-failure-rate' },
  { id: 'valid-config', title: 'Files are valid against their schemas', dora: 'change-failure-rate' },
  { id: 'least-privilege', title: 'Least-privilege tokens', dora: 'change-failure-rate' },
  { id: 'safe-rollout', title: 'Safe rollout strategy', dora: 'time-to-restore' },
  { id: 'rollback-path', title: 'A rollback path exists', dora: 'time-to-restore' },
  { id: 'health-checks', title: 'Readiness and liveness probes', dora: 'time-to-restore' },
  { id: 'graceful-shutdown', title: 'Graceful shutdown', dora: 'time-to-restore' },
  { id: 'no-clickops', title: 'Infrastructure as code, no ClickOps', dora: 'time-to-restore' },
  { id: 'remote-state', title: 'Remote state with locking', dora: 'time-to-restore' },
  { id: 'drift-detection', title: 'Drift detection', dora: 'time-to-restore' },
] as const satisfies readonly Gate[];

export type GateId = (typeof GATES)[number]['id'];
