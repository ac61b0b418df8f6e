import type { Rule } from './define';
import yamlSyntaxError from './yaml/syntax-error';
import ghaInvalidWorkflow from './gha/invalid-workflow';
import ghaUnpinnedAction from './gha/unpinned-action';
import ghaMissingPermissions from './gha/missing-permissions';
import ghaHardcodedSecret from './gha/hardcoded-secret';
import k8sInvalidManifest from './k8s/invalid-manifest';
import k8sImageFloatingTag from './k8s/image-floating-tag';
import k8sMissingProbes from './k8s/missing-probes';
import k8sLiveStateExport from './k8s/live-state-export';
import k8sSecretInManifest from './k8s/secret-in-manifest';
import k8sSecretInEnv from './k8s/secret-in-env';
import tfSyntaxError from './tf/syntax-error';
import tfUnpinnedProvider from './tf/unpinned-provider';
import tfHardcodedSecret from './tf/hardcoded-secret';
import tfSensitiveVariableDefault from './tf/sensitive-variable-default';
import gitlabHardcodedSecret from './gitlab/hardcoded-secret';
import tfIgnoreChangesAll from './tf/ignore-changes-all';
import secretsKnownCredential from './secrets/known-credential';
import secretsPrivateKey from './secrets/private-key';
import secretsUrlCredentials from './secrets/url-credentials';
import secretsGenericSecret from './secrets/generic-secret';
import secretsCommittedState from './secrets/committed-state';
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
  ghaHardcodedSecret,
  k8sInvalidManifest,
  k8sImageFloatingTag,
  k8sMissingProbes,
  k8sLiveStateExport,
  k8sSecretInManifest,
  k8sSecretInEnv,
  tfSyntaxError,
  tfUnpinnedProvider,
  tfHardcodedSecret,
  tfSensitiveVariableDefault,
  gitlabHardcodedSecret,
  tfIgnoreChangesAll,
  secretsKnownCredential,
  secretsPrivateKey,
  secretsUrlCredentials,
  secretsGenericSecret,
  secretsCommittedState,
  unusedSuppression,
  suppressionMissingReason,
  suppressionExpired,
  invalidSuppression,
  invalidConfig,
  fileNotAnalyzed,
  invalidEncoding,
];
