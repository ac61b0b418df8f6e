// The engine's public surface, for embedders (the benchmark, future integrations).
export { Engine } from './engine';
export type { EngineOptions, FileInput } from './engine';
export type { Finding, FileKind, Range, Position, Severity } from './model';
export { loadFiles } from './project';
export { ALL_RULES } from './rules/registry';
export { scanSecrets } from './secrets/scan';
export type { SecretMatch, SecretCategory } from './secrets/match';
