// What pipeline steps do, recognised from the commands they run and the actions they use. Shared by
// the GitHub Actions and GitLab CI readers so both platforms agree on what "deploys" or "tests" means.

export type DeployKind = 'kubernetes' | 'terraform' | 'cloud' | 'container-publish' | 'chart-publish' | 'package-publish' | 'pages' | 'environment';

interface Pattern<T> {
  test: RegExp;
  value: T;
}

const DEPLOY_COMMANDS: Pattern<DeployKind>[] = [
  { test: /\bkubectl\s+(?:[\w-]+\s+)*?(apply|create|replace|set\s+image|rollout\s+restart|patch)\b/, value: 'kubernetes' },
  { test: /\b(helm\s+(upgrade|install)|helmfile\s+(apply|sync)|argocd\s+app\s+sync|flux\s+reconcile|skaffold\s+(run|deploy)|kustomize\s+build\b[^\n]*\|\s*kubectl)\b/, value: 'kubernetes' },
  { test: /\b(terraform|tofu|terragrunt)\s+(-chdir=\S+\s+)?(apply|destroy)\b/, value: 'terraform' },
  {
    test: /\b(aws\s+(ecs\s+update-service|lambda\s+update-function-code|deploy\s+create-deployment|s3\s+sync)|sam\s+deploy|serverless\s+deploy|sls\s+deploy|cdk\s+deploy|gcloud\s+(run|app|functions)\s+deploy|az\s+(webapp|functionapp|containerapp)\s+(deploy|up|update)|fly(ctl)?\s+deploy|vercel\b[^\n]*--prod|netlify\s+deploy|pulumi\s+up|eb\s+deploy|cf\s+push|ansible-playbook|kamal\s+deploy|cap\s+\w+\s+deploy)\b/,
    value: 'cloud',
  },
  { test: /\bhelm\s+(push|cm-push)\b|\bcr\s+upload\b/, value: 'chart-publish' },
  { test: /\b(docker|podman|buildah)\s+push\b|\bdocker\s+buildx\s+build\b[^\n]*--push\b|\b(crane|skopeo)\s+(push|copy)\b|\bko\s+(build|publish)\b/, value: 'container-publish' },
  {
    test: /\b((npm|yarn|pnpm)\s+publish|twine\s+upload|poetry\s+publish|cargo\s+publish|gem\s+push|mvn\b[^\n]*\bdeploy\b|gradlew?\b[^\n]*\bpublish|dotnet\s+nuget\s+push|goreleaser\b)/,
    value: 'package-publish',
  },
];

const DEPLOY_ACTIONS: Pattern<DeployKind>[] = [
  { test: /^(azure\/k8s-deploy|azure\/aks-set-context|deliverybot\/helm|wahyd4\/kubectl-helm-action|steebchen\/kubectl)/, value: 'kubernetes' },
  {
    test: /^(azure\/webapps-deploy|azure\/functions-action|google-github-actions\/deploy-(cloudrun|appengine|cloud-functions)|aws-actions\/amazon-ecs-deploy-task-definition|aws-actions\/aws-cloudformation-github-deploy|superfly\/flyctl-actions|amondnet\/vercel-action|nwtgck\/actions-netlify|pulumi\/actions|akhileshns\/heroku-deploy)/,
    value: 'cloud',
  },
  { test: /^(helm\/chart-releaser-action|stefanprodan\/helm-gh-pages|appany\/helm-oci-chart-releaser|bsord\/helm-push)/, value: 'chart-publish' },
  { test: /^(pypa\/gh-action-pypi-publish|js-devtools\/npm-publish|goreleaser\/goreleaser-action|softprops\/action-gh-release)/, value: 'package-publish' },
  { test: /^(actions\/deploy-pages|peaceiris\/actions-gh-pages|jamesives\/github-pages-deploy-action)/, value: 'pages' },
];

const TEST_COMMAND =
  /\b((npm|pnpm|yarn|bun)\s+(run\s+)?test\b|npx\s+(jest|vitest|mocha|playwright\s+test|cypress\s+run)|pytest|python3?\s+-m\s+(pytest|unittest)|tox\b|nox\b|go\s+test|cargo\s+(test|nextest)|mvnw?\b[^\n]*\b(test|verify)\b|gradlew?\b[^\n]*\b(test|check)\b|make\s+(test|check|ci)\b|dotnet\s+test|rspec|bundle\s+exec\s+rake\s+test|phpunit|ctest|bazel\s+test|mix\s+test|swift\s+test|deno\s+test|flutter\s+test)/;

const SCAN_COMMAND =
  /\b(trivy|grype|gitleaks|trufflehog|semgrep|snyk\s+(test|code|container|iac)|npm\s+audit|yarn\s+audit|pnpm\s+audit|pip-audit|safety\s+check|govulncheck|osv-scanner|checkov|tfsec|terrascan|kube-linter|kubesec|zizmor|bandit|gosec|shipshape\s+check|cargo\s+(audit|deny)|bundle\s+audit|brakeman|dependency-check|docker\s+scout)\b/;
const SCAN_ACTION =
  /^(github\/codeql-action|aquasecurity\/(trivy|tfsec)-action|gitleaks\/gitleaks-action|trufflesecurity\/trufflehog|snyk\/actions|returntocorp\/semgrep-action|semgrep\/semgrep-action|anchore\/(scan|sbom)-action|actions\/dependency-review-action|ossf\/scorecard-action|zizmorcore\/zizmor-action|docker\/scout-action|bridgecrewio\/checkov-action|securego\/gosec|pypa\/gh-action-pip-audit|golang\/govulncheck-action|google\/osv-scanner-action|stackrox\/kube-linter-action|sonarsource\/sonar|aikido|step-security\/harden-runner)/;

const CACHE_ACTION = /^(actions\/cache|gradle\/actions\/setup-gradle|gradle\/gradle-build-action|swatinem\/rust-cache|mozilla-actions\/sccache-action|nrwl\/nx-set-shas)/;
/** setup-* actions that cache when asked (`cache:` / `enable-cache:` / `bundler-cache:`). */
const CACHE_INPUTS = ['cache', 'enable-cache', 'bundler-cache', 'cache-dependency-path', 'cache-from'];
const BUILD_COMMAND = /\b((npm|pnpm|yarn|bun)\s+(ci|install|run\s+build)|pip3?\s+install|poetry\s+install|uv\s+sync|go\s+(build|test|mod\s+download)|mvnw?\s|gradlew?\s|cargo\s+(build|test)|bundle\s+install|composer\s+install|dotnet\s+(build|restore)|docker\s+(build|buildx\s+build))\b/;
const SETUP_ACTION = /^(actions\/setup-(node|python|go|java|dotnet)|ruby\/setup-ruby|astral-sh\/setup-uv|docker\/build-push-action|gradle\/)/;

const ROLLBACK_COMMAND = /\b(kubectl\s+rollout\s+undo|helm\s+rollback|kubectl\s+argo\s+rollouts\s+(undo|abort)|argocd\s+app\s+rollback)\b|--atomic\b|--rollback-on-failure\b/;
const WAIT_COMMAND = /\b(kubectl\s+rollout\s+status|kubectl\s+wait|argocd\s+app\s+wait|kubectl\s+argo\s+rollouts\s+status|aws\s+ecs\s+wait)\b|\bhelm\s+(upgrade|install)\b[^\n]*--(wait|atomic)\b/;
const DRIFT_COMMAND = /\b((terraform|tofu)\s+(-chdir=\S+\s+)?plan\b|driftctl\s+scan|terragrunt\s+(run-all\s+)?plan)\b/;
const TERRAFORM_APPLY = /\b(terraform|tofu|terragrunt)\s+(-chdir=(\S+)\s+)?apply\b/;

export function deployKindOfCommand(script: string): DeployKind | undefined {
  return DEPLOY_COMMANDS.find((pattern) => pattern.test.test(script))?.value;
}

export function deployKindOfAction(name: string, inputs: ReadonlyMap<string, string>): DeployKind | undefined {
  if (/^docker\/build-push-action/.test(name)) {
    const push = inputs.get('push');
    return push !== undefined && push !== 'false' ? 'container-publish' : undefined;
  }
  return DEPLOY_ACTIONS.find((pattern) => pattern.test.test(name))?.value;
}

export const isTestCommand = (script: string): boolean => TEST_COMMAND.test(script);
export const isScanCommand = (script: string): boolean => SCAN_COMMAND.test(script);
export const isScanAction = (name: string): boolean => SCAN_ACTION.test(name);
export const isBuildCommand = (script: string): boolean => BUILD_COMMAND.test(script);
export const isSetupAction = (name: string): boolean => SETUP_ACTION.test(name);
export const isRollbackCommand = (script: string): boolean => ROLLBACK_COMMAND.test(script);
export const isWaitCommand = (script: string): boolean => WAIT_COMMAND.test(script);
export const isDriftCommand = (script: string): boolean => DRIFT_COMMAND.test(script);

/** Whether a `uses:` caches dependencies, given its `with:` inputs. */
export function cachesWith(name: string, ref: string | undefined, inputs: ReadonlyMap<string, string>): boolean {
  if (CACHE_ACTION.test(name)) return true;
  for (const input of CACHE_INPUTS) {
    const value = inputs.get(input);
    if (value !== undefined && value !== 'false' && value !== '') return true;
  }
  // actions/setup-go caches by default since v4 (`cache: false` turns it off, handled above).
  if (name === 'actions/setup-go' && inputs.get('cache') !== 'false') {
    const major = /^v?(\d+)/.exec(ref ?? '')?.[1];
    return major === undefined || Number(major) >= 4;
  }
  return false;
}

/** Directories a script points deploy tools at: `kubectl apply -f k8s/`, `-k overlays/prod`, `-chdir=infra`. */
export function deployTargets(script: string): string[] {
  const targets: string[] = [];
  const patterns = [
    /\bkubectl\s+(?:[\w-]+\s+)*?(?:apply|create|replace|diff)\b[^\n]*?\s(?:-f|--filename|-k|--kustomize)[=\s]+(\S+)/g,
    /\bkustomize\s+build\s+(\S+)/g,
    /\bhelm\s+(?:upgrade|install)\s+(?:--\S+\s+)*\S+\s+(\.{0,2}\/?[\w./-]+)/g,
    /\bhelm\s+package\s+(?:--\S+\s+)*(\.{0,2}\/?[\w./-]+)/g,
    /\b(?:terraform|tofu)\s+-chdir=(\S+)/g,
    /\bcd\s+([\w./-]+)\s*(?:&&|;|\n)/g,
  ];
  for (const pattern of patterns) {
    for (const match of script.matchAll(pattern)) targets.push(match[1].replace(/^['"]|['"]$/g, ''));
  }
  return targets;
}

export function terraformApplies(script: string): boolean {
  return TERRAFORM_APPLY.test(script);
}
