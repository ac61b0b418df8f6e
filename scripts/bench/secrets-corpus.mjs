// Generated secrets for the benchmark and the tests: fake but well-formed credentials of every
// format the scanner knows (never committed: they exist only in memory or in temp directories),
// realistic files that carry them, false-positive traps, and a mixed megabyte for timing.
// Deterministic for a seed, so a failing run can be reproduced.

/** mulberry32: small, fast, good enough to make tokens look random. */
export function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;
const BASE32 = `${UPPER}234567`;
/** Password characters that no template syntax uses. */
const PASSWORD = `${ALNUM}!-_.~`;

function maker(random) {
  const pick = (alphabet, length) => {
    for (;;) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
      // Random text can spell a placeholder by chance (`xxxx`, six equal characters): draw again.
      if (!/(.)\1{3}|x{3}|X{3}|your|YOUR|test|Test|TEST|fake|Fake|mock|Mock|example|Example|EXAMPLE/.test(out)) return out;
    }
  };
  /** Random text with at least one lower-case letter, upper-case letter and digit (those its alphabet has). */
  const mixed = (alphabet, length) => {
    for (;;) {
      const out = pick(alphabet, length);
      if ([/[a-z]/, /[A-Z]/, /\d/].every((pattern) => !pattern.test(alphabet) || pattern.test(out))) return out;
    }
  };
  const b64url = (text) => Buffer.from(text).toString('base64url');
  const pemBody = (prefix, bytes) => {
    const body = prefix + pick(B64, Math.ceil((bytes * 4) / 3) - prefix.length);
    return body.match(/.{1,64}/g);
  };
  return { pick, mixed, b64url, pemBody };
}

/** Every supported format: id → a fresh fake credential (PEM blocks as lines joined by `\n`). */
export function fakeSecrets(seed = 1) {
  const { pick, mixed, b64url, pemBody } = maker(rng(seed));
  const pem = (type, prefix, bytes = 900) => [`-----BEGIN ${type}PRIVATE KEY-----`, ...pemBody(prefix, bytes), `-----END ${type}PRIVATE KEY-----`].join('\n');
  return {
    'aws-access-key-id': `AKIA${pick(BASE32, 16)}`,
    'aws-temporary-access-key-id': `ASIA${pick(BASE32, 16)}`,
    'aws-secret-access-key': mixed(B64, 40),
    'gcp-api-key': `AIza${mixed(B64URL, 35)}`,
    'gcp-oauth-client-secret': `GOCSPX-${mixed(B64URL, 28)}`,
    'gcp-service-account': pem('', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 1200).replace(/\n/g, '\\n'),
    'azure-storage-key': `${mixed(B64, 86)}==`,
    'azure-shared-access-key': `${mixed(B64, 43)}=`,
    'github-pat': `ghp_${mixed(ALNUM, 36)}`,
    'github-oauth': `gho_${mixed(ALNUM, 36)}`,
    'github-user-to-server': `ghu_${mixed(ALNUM, 36)}`,
    'github-app-installation': `ghs_${mixed(ALNUM, 36)}`,
    'github-refresh': `ghr_${mixed(ALNUM, 36)}`,
    'github-fine-grained-pat': `github_pat_${mixed(ALNUM, 22)}_${mixed(ALNUM, 59)}`,
    'gitlab-pat': `glpat-${mixed(`${ALNUM}-_`, 20)}`,
    'gitlab-deploy-token': `gldt-${mixed(ALNUM, 20)}`,
    'gitlab-runner-token': `glrt-${mixed(ALNUM, 20)}`,
    'gitlab-runner-registration': `GR1348941${mixed(ALNUM, 20)}`,
    'gitlab-trigger-token': `glptt-${pick(HEX, 40)}`,
    'slack-bot-token': `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${mixed(ALNUM, 24)}`,
    'slack-user-token': `xoxp-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(HEX, 32)}`,
    'slack-webhook': `https://hooks.slack.com/services/T${pick(UPPER + DIGITS, 10)}/B${pick(UPPER + DIGITS, 10)}/${mixed(ALNUM, 24)}`,
    'stripe-secret-key': `sk_live_${mixed(ALNUM, 24)}`,
    'stripe-restricted-key': `rk_live_${mixed(ALNUM, 24)}`,
    'npm-token': `npm_${mixed(ALNUM, 36)}`,
    'pypi-token': `pypi-AgEIcHlwaS5vcmc${mixed(B64URL, 70)}`,
    'docker-hub-pat': `dckr_pat_${mixed(B64URL, 27)}`,
    'openai-project-key': `sk-proj-${mixed(B64URL, 74)}T3BlbkFJ${mixed(B64URL, 74)}`,
    'openai-legacy-key': `sk-${mixed(ALNUM, 20)}T3BlbkFJ${mixed(ALNUM, 20)}`,
    'anthropic-api-key': `sk-ant-api03-${mixed(B64URL, 93)}AA`,
    'sendgrid-api-key': `SG.${mixed(B64URL, 22)}.${mixed(B64URL, 43)}`,
    'twilio-api-key': `SK${pick(HEX, 32)}`,
    'twilio-auth-token': pick(HEX, 32),
    jwt: [b64url('{"alg":"HS256","typ":"JWT"}'), b64url(`{"sub":"${pick(ALNUM, 12)}","iat":1767225600,"exp":4102444800}`), mixed(B64URL, 43)].join('.'),
    'vault-token': `hvs.${mixed(B64URL, 90)}`,
    'huggingface-token': `hf_${mixed(UPPER + LOWER, 34)}`,
    'digitalocean-token': `dop_v1_${pick(HEX, 64)}`,
    'shopify-token': `shpat_${pick(HEX, 32)}`,
    'rsa-private-key': pem('RSA ', 'MIIEowIBAAKCAQEA'),
    'ec-private-key': pem('EC ', 'MHcCAQEEI', 121),
    'pkcs8-private-key': pem('', 'MIIEvgIBADANBgkqhkiG9w0BAQEFAASC'),
    'openssh-private-key': pem('OPENSSH ', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn', 1800),
    'url-https': mixed(PASSWORD, 18),
    'url-postgres': mixed(PASSWORD, 20),
    'url-mongodb': mixed(PASSWORD, 16),
    'url-mysql': mixed(PASSWORD, 14),
    'url-redis': mixed(PASSWORD, 24),
    'url-amqp': mixed(PASSWORD, 16),
    'generic-password': mixed(PASSWORD, 16),
    'generic-api-key': mixed(ALNUM, 32),
    'generic-client-secret': mixed(PASSWORD, 34),
    'generic-token': mixed(B64URL, 40),
    'generic-secret-key': mixed(PASSWORD, 50),
    'generic-shell-password': mixed(PASSWORD, 15),
    'generic-xml-password': mixed(PASSWORD, 14),
    'generic-bearer': mixed(B64URL, 48),
  };
}

/** The first line of a PEM block's body: enough to tell whether a key leaked into some output. */
export function revealingPart(value) {
  return value.includes('-----BEGIN') ? value.split(/\\n|\n/)[2] : value;
}

const indent = (text, spaces) => text.split('\n').map((line) => (line ? ' '.repeat(spaces) + line : line)).join('\n');

/**
 * Files that carry every format, and trap files that carry none. `planted` lists each secret with its
 * file and format; `fileLevel` lists files a whole-file finding must report.
 */
export function labelledCorpus(seed = 7) {
  const s = fakeSecrets(seed);
  const files = {};
  files['.env'] = `# Local settings
NODE_ENV=production
AWS_ACCESS_KEY_ID=${s['aws-access-key-id']}
AWS_SECRET_ACCESS_KEY=${s['aws-secret-access-key']}
STRIPE_SECRET_KEY=${s['stripe-secret-key']}
STRIPE_RESTRICTED_KEY=${s['stripe-restricted-key']}
SENDGRID_API_KEY=${s['sendgrid-api-key']}
TWILIO_ACCOUNT_SID=AC${'0123456789abcdef'.split('').reverse().join('')}0123456789abcdef
TWILIO_API_KEY=${s['twilio-api-key']}
TWILIO_AUTH_TOKEN=${s['twilio-auth-token']}
OPENAI_API_KEY=${s['openai-project-key']}
ANTHROPIC_API_KEY="${s['anthropic-api-key']}"
DATABASE_URL=postgres://orders:${s['url-postgres']}@orders-db.prod.acme.io:5432/orders
REDIS_URL=redis://:${s['url-redis']}@cache.prod.acme.io:6379/0
SESSION_SECRET=${s['generic-secret-key']}
JWT_FOR_SMOKE_TESTS=${s.jwt}
`;
  files['config/settings.json'] = `{
  "maps": { "apiKey": "${s['gcp-api-key']}" },
  "alerts": { "slackWebhook": "${s['slack-webhook']}" },
  "github": { "token": "${s['github-fine-grained-pat']}" },
  "payments": { "api_key": "${s['generic-api-key']}" },
  "mongo": "mongodb+srv://svc-orders:${s['url-mongodb']}@cluster0.ab1cd.mongodb.net/orders?retryWrites=true"
}
`;
  files['deploy/gcp-service-account.json'] = `{
  "type": "service_account",
  "project_id": "acme-prod",
  "private_key_id": "3f2a9c0d1e4b5a6978877665544332211a0b9c8d",
  "private_key": "${s['gcp-service-account']}\\n",
  "client_email": "deployer@acme-prod.iam.gserviceaccount.com",
  "client_id": "104293847561029384756",
  "token_uri": "https://oauth2.googleapis.com/token"
}
`;
  files['.github/workflows/release.yml'] = `name: release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    env:
      SLACK_BOT_TOKEN: ${s['slack-bot-token']}
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1
      - name: Publish
        run: |
          export NPM_TOKEN=${s['npm-token']}
          curl -H "Authorization: token ${s['github-pat']}" https://api.github.com/repos/acme/app/releases
          curl -H "Authorization: Bearer ${s['generic-bearer']}" https://deploy.acme.io/hooks/release
          twine upload --password ${s['pypi-token']} dist/*
`;
  files['.gitlab-ci.yml'] = `stages: [deploy]
variables:
  GITLAB_API_TOKEN: ${s['gitlab-pat']}
deploy:
  stage: deploy
  image: alpine:3.20
  script:
    - 'curl --header "PRIVATE-TOKEN: ${s['gitlab-deploy-token']}" https://gitlab.acme.io/api/v4/projects'
    - gitlab-runner register --token ${s['gitlab-runner-token']}
    - gitlab-runner register --registration-token ${s['gitlab-runner-registration']}
    - curl -X POST -F token=${s['gitlab-trigger-token']} https://gitlab.acme.io/api/v4/projects/1/trigger/pipeline
`;
  files['k8s/orders.yaml'] = `apiVersion: v1
kind: ConfigMap
metadata:
  name: orders
data:
  AZURE_STORAGE_CONNECTION_STRING: DefaultEndpointsProtocol=https;AccountName=acmeorders;AccountKey=${s['azure-storage-key']};EndpointSuffix=core.windows.net
  SERVICEBUS: Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s['azure-shared-access-key']}
---
apiVersion: v1
kind: Secret
metadata:
  name: registry
type: Opaque
stringData:
  dockerhub-token: ${s['docker-hub-pat']}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  selector:
    matchLabels: { app: orders }
  template:
    metadata:
      labels: { app: orders }
    spec:
      containers:
        - name: orders
          image: ghcr.io/acme/orders:1.4.2
          env:
            - name: VAULT_TOKEN
              value: ${s['vault-token']}
`;
  files['infra/main.tf'] = `provider "aws" {
  region     = "eu-west-1"
  access_key = "${s['aws-temporary-access-key-id']}"
}

provider "digitalocean" {
  token = "${s['digitalocean-token']}"
}

resource "aws_db_instance" "orders" {
  engine   = "postgres"
  username = "orders"
  password = "${s['generic-password']}"
}

locals {
  hf_token = "${s['huggingface-token']}"
}
`;
  files['scripts/deploy.sh'] = `#!/usr/bin/env bash
set -euo pipefail
export GITHUB_TOKEN=${s['github-app-installation']}
mysql -h mysql.prod.acme.io -u root -p${s['generic-shell-password']} orders < migrate.sql
git clone https://deploy:${s['url-https']}@git.acme.io/acme/orders.git
mysqldump "mysql://root:${s['url-mysql']}@mysql.prod.acme.io/orders" > backup.sql
amqp-publish --url amqp://orders:${s['url-amqp']}@mq.prod.acme.io:5672/ -r orders
GH_REFRESH=${s['github-refresh']}
`;
  files['keys/deploy_ed25519'] = `${s['openssh-private-key']}\n`;
  files['certs/server.key'] = `${s['rsa-private-key']}\n`;
  files['certs/ec.pem'] = `${s['ec-private-key']}\n`;
  files['charts/orders/files/tls.yaml'] = `tls:\n  key: |\n${indent(s['pkcs8-private-key'], 4)}\n`;
  files['app/settings.py'] = `import os

SECRET_KEY = "${s['generic-client-secret']}"
SHOPIFY_ACCESS_TOKEN = "${s['shopify-token']}"
GOOGLE_OAUTH_CLIENT_SECRET = "${s['gcp-oauth-client-secret']}"
DATABASE_PASSWORD = os.environ["DATABASE_PASSWORD"]
`;
  files['src/ai.ts'] = `export const client = new OpenAI({ apiKey: "${s['openai-legacy-key']}" });
export const oauth = { clientToken: "${s['github-oauth']}", userToken: '${s['github-user-to-server']}' };
export const token = process.env.API_TOKEN;
`;
  files['maven/settings.xml'] = `<settings>
  <servers>
    <server>
      <id>releases</id>
      <username>deployer</username>
      <password>${s['generic-xml-password']}</password>
    </server>
  </servers>
</settings>
`;
  files['.npmrc'] = `registry=https://registry.npmjs.org/
//npm.pkg.github.com/:_authToken=${s['generic-token']}
`;
  files['docs/ONBOARDING.md'] = `# Onboarding

Ask in #platform for access. Until then the bot token below works for the staging workspace:

    xapp=${s['slack-user-token']}
`;
  files['terraform.tfstate'] = `{
  "version": 4,
  "terraform_version": "1.9.5",
  "serial": 12,
  "lineage": "2b9e4d3c-6a1f-4f7e-9f55-8e2a0b7c1d43",
  "outputs": {},
  "resources": [
    { "mode": "managed", "type": "aws_db_instance", "name": "orders", "instances": [ { "attributes": { "password": "changeme" } } ] }
  ]
}
`;

  // Where each secret was planted: its format, file and exact text.
  const where = {
    '.env': ['aws-access-key-id', 'aws-secret-access-key', 'stripe-secret-key', 'stripe-restricted-key', 'sendgrid-api-key', 'twilio-api-key', 'twilio-auth-token', 'openai-project-key', 'anthropic-api-key', 'url-postgres', 'url-redis', 'generic-secret-key', 'jwt'],
    'config/settings.json': ['gcp-api-key', 'slack-webhook', 'github-fine-grained-pat', 'generic-api-key', 'url-mongodb'],
    'deploy/gcp-service-account.json': ['gcp-service-account'],
    '.github/workflows/release.yml': ['slack-bot-token', 'npm-token', 'github-pat', 'generic-bearer', 'pypi-token'],
    '.gitlab-ci.yml': ['gitlab-pat', 'gitlab-deploy-token', 'gitlab-runner-token', 'gitlab-runner-registration', 'gitlab-trigger-token'],
    'k8s/orders.yaml': ['azure-storage-key', 'azure-shared-access-key', 'docker-hub-pat', 'vault-token'],
    'infra/main.tf': ['aws-temporary-access-key-id', 'digitalocean-token', 'generic-password', 'huggingface-token'],
    'scripts/deploy.sh': ['github-app-installation', 'generic-shell-password', 'url-https', 'url-mysql', 'url-amqp', 'github-refresh'],
    'keys/deploy_ed25519': ['openssh-private-key'],
    'certs/server.key': ['rsa-private-key'],
    'certs/ec.pem': ['ec-private-key'],
    'charts/orders/files/tls.yaml': ['pkcs8-private-key'],
    'app/settings.py': ['generic-client-secret', 'shopify-token', 'gcp-oauth-client-secret'],
    'src/ai.ts': ['openai-legacy-key', 'github-oauth', 'github-user-to-server'],
    'maven/settings.xml': ['generic-xml-password'],
    '.npmrc': ['generic-token'],
    'docs/ONBOARDING.md': ['slack-user-token'],
  };
  const planted = [];
  for (const [file, formats] of Object.entries(where)) {
    for (const format of formats) {
      let value = s[format];
      if (format === 'pkcs8-private-key') value = indent(value, 4).trimStart();
      if (!files[file].includes(value)) throw new Error(`corpus: ${format} is not in ${file}`);
      planted.push({ file, format, value });
    }
  }
  return { secrets: s, files, planted, fileLevel: [{ file: 'terraform.tfstate', ruleId: 'secrets/committed-state' }, { file: '.env', ruleId: 'secrets/committed-state' }], traps: trapFiles(seed) };
}

/** Files that must produce no secret finding at all (documentation examples: info at most). */
export function trapFiles(seed = 11) {
  const { pick, mixed } = maker(rng(seed));
  const sha1 = pick(HEX, 40);
  const sha256 = pick(HEX, 64);
  const uuid = `${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-a${pick(HEX, 3)}-${pick(HEX, 12)}`;
  const image = mixed(B64, 3000);
  const sri = mixed(B64, 64);
  const sshPublic = `AAAAB3NzaC1yc2EAAAADAQABAAABgQ${mixed(B64, 500)}`;
  const ed25519Public = `AAAAC3NzaC1lZDI1NTE5AAAAI${mixed(B64, 43)}`;
  const certificate = mixed(B64, 64 * 12).match(/.{1,64}/g).join('\n');
  const integrity = (n) => `sha512-${mixed(B64, 86)}==${n}`.slice(0, 95);
  const files = {};
  files['package-lock.json'] = `{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "node_modules/left-pad": { "version": "1.3.0", "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz", "integrity": "${integrity(1)}" }
  }
}
`;
  files['yarn.lock'] = `left-pad@^1.3.0:\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#${sha1}"\n  integrity ${integrity(2)}\n`;
  files['go.sum'] = `github.com/acme/lib v1.2.3 h1:${mixed(B64, 43)}=\ngithub.com/acme/lib v1.2.3/go.mod h1:${mixed(B64, 43)}=\n`;
  files['.terraform.lock.hcl'] = `provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.40.0"\n  hashes = [\n    "h1:${mixed(B64, 43)}=",\n    "zh:${pick(HEX, 64)}",\n  ]\n}\n`;
  files['notes/hashes.txt'] = `release commit ${sha1}\nsha256 ${sha256}  shipshape-0.1.0.vsix\nbuild id ${uuid}\ncorrelation-id: ${uuid}\n`;
  files['k8s/deploy.yaml'] = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    checksum/config: ${sha256}
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      imagePullSecrets:
        - name: registry-credentials
      volumes:
        - name: tls
          secret:
            secretName: api-tls
      containers:
        - name: api
          image: ghcr.io/acme/api@sha256:${sha256}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: api-db
                  key: password
            - name: API_TOKEN_FILE
              value: /var/run/secrets/api/token
            - name: TENANT_ID
              value: ${uuid}
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: api-db
spec:
  encryptedData:
    password: AgB${mixed(B64, 300)}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: guard
webhooks:
  - name: guard.acme.io
    clientConfig:
      caBundle: LS0tLS1CRUdJTi${mixed(B64, 200)}
`;
  files['.github/workflows/ci.yml'] = `name: ci
on: [push]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    services:
      postgres:
        image: postgres:16
        env:
          POSTGRES_PASSWORD: postgres
    env:
      DATABASE_URL: postgres://postgres:postgres@localhost:5432/test
      NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
    steps:
      - uses: actions/checkout@${sha1} # v4.1.1
      - run: |
          echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc
          curl -H "Authorization: Bearer \${{ secrets.DEPLOY_TOKEN }}" https://deploy.acme.io
          docker login -u "\${{ github.actor }}" -p "\${{ secrets.GITHUB_TOKEN }}" ghcr.io
        env:
          GITHUB_TOKEN: \${{ github.token }}
          API_KEY: \${{ secrets.API_KEY }}
`;
  files['infra/db.tf'] = `variable "db_password" {
  type      = string
  sensitive = true
}

resource "random_password" "db" {
  length  = 32
  special = true
}

resource "aws_db_instance" "orders" {
  password                     = var.db_password
  master_user_secret_kms_key_id = aws_kms_key.db.key_id
  manage_master_user_password  = true
}

data "vault_generic_secret" "db" {
  path = "secret/data/orders/db"
}

locals {
  token_path   = "/var/run/secrets/kubernetes.io/serviceaccount/token"
  password_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders-db-AbCdEf"
  api_key      = data.aws_secretsmanager_secret_version.api.secret_string
}
`;
  files['README.md'] = `# Orders service

Configure the service with environment variables:

\`\`\`sh
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7${'EXAMPLE'}
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}
export DATABASE_URL=postgres://user:password@localhost:5432/orders
export API_KEY=your-api-key-here
export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
export SLACK_WEBHOOK=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
\`\`\`

\`password: <your-password>\`, \`token: \${TOKEN}\`, \`secret: changeme\`.

![diagram](data:image/png;base64,${image})
`;
  files['.env.example'] = `DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DB
API_TOKEN=
STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx
SESSION_SECRET=changeme
`;
  files['web/index.html'] = `<script src="https://cdn.acme.io/app.js" integrity="sha384-${sri}" crossorigin="anonymous"></script>\n<img src="data:image/png;base64,${image}">\n`;
  files['home/.ssh/authorized_keys'] = `ssh-rsa ${sshPublic} deploy@ci\nssh-ed25519 ${ed25519Public} ops@laptop\n`;
  files['cloud-init.yaml'] = `users:\n  - name: ops\n    ssh_authorized_keys:\n      - ssh-ed25519 ${ed25519Public} ops@laptop\n`;
  files['certs/ca.crt'] = `-----BEGIN CERTIFICATE-----\n${certificate}\n-----END CERTIFICATE-----\n-----BEGIN PUBLIC KEY-----\n${certificate.slice(0, 400)}\n-----END PUBLIC KEY-----\n`;
  files['test/fixtures/users.json'] = `[{ "name": "alice", "password": "test-password-123" }, { "name": "bob", "token": "fake-token-for-tests", "api_key": "dummy_api_key_1234" }]\n`;
  files['tests/conftest.py'] = `MOCK_SECRET = "mockSecretValue1"\nPASSWORD = "correct-horse-battery-staple"\nAPI_TOKEN = os.getenv("API_TOKEN", "")\n`;
  files['config/app.yaml'] = `auth:
  password_min_length: 12
  password_require_symbols: true
  token_ttl: 3600
  token_url: https://auth.acme.io/oauth/token
  secret_name: orders-db
  vault_path: secret/data/orders
  password: \${DB_PASSWORD}
  api_key: "{{ .Values.apiKey }}"
  client_secret: ((orders_client_secret))
  session_secret: !vault |
    $ANSIBLE_VAULT;1.1;AES256
    ${pick(HEX, 64)}
  password_hash: $2b$12$${mixed(B64, 53).replace(/[+]/g, '.')}
  secret: DB_PASSWORD
  credentials_file: /etc/acme/credentials.json
`;
  files['secrets.enc.yaml'] = `password: ENC[AES256_GCM,data:${mixed(B64, 24)}=,iv:${mixed(B64, 43)}=,tag:${mixed(B64, 22)}==,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:${mixed(B64, 40)},type:str]\n  version: 3.9.0\n`;
  files['dist/app.min.js'] = `!function(){var a="${mixed(ALNUM, 40)}",b={token:"${mixed(ALNUM, 40)}"};${'window.x=1;'.repeat(3000)}}();\n`;
  files['src/util.go'] = `package util\n\nconst tokenHeader = "X-Token"\nvar passwordPattern = regexp.MustCompile(\`^[A-Za-z0-9]{12,}$\`)\nfunc Token() string { return os.Getenv("TOKEN") }\n`;
  return files;
}

/** About `bytes` of mixed repository text (YAML, HCL, .env, JSON, prose, shell) with secrets and traps sprinkled in. */
export function mixedText(bytes, generate, seed = 3) {
  const corpus = labelledCorpus(seed);
  const chunks = [];
  const planted = [];
  let size = 0;
  const add = (file, text, secrets = []) => {
    chunks.push({ file, text });
    size += text.length;
    for (const entry of secrets) planted.push({ ...entry, file });
  };
  const prose = 'The orders service keeps its credentials in Vault. Tokens are rotated every 30 days by the platform team; ask in #platform for access.\n'.repeat(40);
  const trapEntries = Object.entries(corpus.traps).filter(([file]) => !/lock|\.sum$|min\.js/.test(file));
  const plantedEntries = Object.entries(corpus.files);
  for (let i = 0; size < bytes; i++) {
    add(`gen/${i}/.github/workflows/ci.yml`, generate.workflow(120));
    add(`gen/${i}/infra/main.tf`, generate.terraform(12));
    add(`gen/${i}/k8s/app.yaml`, generate.manifestStream(3));
    add(`gen/${i}/docs/notes.md`, prose);
    const [trapName, trapText] = trapEntries[i % trapEntries.length];
    add(`gen/${i}/traps/${trapName}`, trapText);
    if (i % 4 === 0) {
      const [name, text] = plantedEntries[(i / 4) % plantedEntries.length];
      add(`gen/${i}/planted/${name}`, text, corpus.planted.filter((entry) => entry.file === name).map(({ format, value }) => ({ format, value })));
    }
  }
  return { files: chunks, planted };
}
