import type { Rule } from './define';
import yamlSyntaxError from './yaml/syntax-error';
import ghaInvalidWorkflow from './gha/invalid-workflow';
import ghaUnpinnedAction from './gha/unpinned-action';
import ghaMissingPermissions from './gha/missing-permissions';
import k8sInvalidManifest from './k8s/invalid-manifest';
import k8sImageFloatingTag from './k8s/image-floating-tag';
import k8sMissingProbes from './k8s/missing-probes';
import k8sLiveStateExport from './k8s/live-state-export';
import tfSyntaxError from './tf/syntax-error';
import tfUnpinnedProvider from './tf/unpinned-provider';
import tfIgnoreChangesAll from './tf/ignore-changes-all';
import unusedSuppression from './shipshape/unused-suppression';
import suppressionMissingReason from './shipshape/suppression-missing-reason';
import suppressionExpired from './shipshape/suppression-expired';
import invalidSuppression from './shipshape/invalid-suppression';
import invalidConfig from './shipshape/invalid-config';
import fileNotAnalyzed from './shipshape/file-not-analyzed';
import invalidEncoding from './shipshape/invalid-encoding';

/** Every rule, in the order they are documented. Adding a rule means adding its line here. */
export const ALL_RULES: readonly Rule[] = [
  yamlSyntaxError,
  ghaInvalidWorkflow,
  ghaUnpinnedAction,
  ghaMissingPermissions,
  k8sInvalidManifest,
  k8sImageFloatingTag,
  k8sMissingProbes,
  k8sLiveStateExport,
  tfSyntaxError,
  tfUnpinnedProvider,
  tfIgnoreChangesAll,
  unusedSuppression,
  suppressionMissingReason,
  suppressionExpired,
  invalidSuppression,
  invalidConfig,
  fileNotAnalyzed,
  invalidEncoding,
];
