// Generated inputs for the benchmark: realistic shapes, deterministic content, growing sizes.

/** A workflow of about `lines` lines: jobs with matrices, needs, expressions, actions and scripts. */
export function workflow(lines) {
  const out = ['name: ci', 'on:', '  push:', '    branches: [main]', '  pull_request:', 'permissions:', '  contents: read', 'env:', '  GO_VERSION: "1.22"', 'jobs:'];
  for (let job = 0; out.length < lines; job++) {
    out.push(`  job_${job}:`, `    name: Build ${job}`, '    runs-on: ${{ matrix.os }}', '    timeout-minutes: 30');
    if (job > 0) out.push(`    needs: [job_${job - 1}]`);
    out.push(
      "    if: github.event_name == 'push' && !contains(github.event.head_commit.message, '[skip]')",
      '    strategy:', '      fail-fast: false', '      matrix:', '        os: [ubuntu-latest, windows-latest]', "        go: ['1.21', '1.22']",
      '    env:', '      CGO_ENABLED: "0"', '    steps:',
      '      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1',
      '      - name: Setup Go', '        uses: actions/setup-go@v5', '        with:', '          go-version: ${{ matrix.go }}', '          cache: true',
      '      - name: Build', '        run: |', '          go build ./...', '          echo "sha=${{ github.sha }}" >> "$GITHUB_OUTPUT"', '        id: build',
      '      - name: Test', '        run: go test -race ./...', '        env:', '          TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      '      - name: Upload', '        if: always()', '        uses: actions/upload-artifact@v4', '        with:', `          name: out-\${{ matrix.os }}-${job}`, '          path: dist/',
    );
  }
  return `${out.join('\n')}\n`;
}

/** A stream of `documents` Kubernetes documents: Deployments and Services in turn. */
export function manifestStream(documents) {
  const docs = [];
  for (let i = 0; docs.length < documents; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  labels: { app: app-${i}, tier: backend }
spec:
  replicas: 3
  selector:
    matchLabels: { app: app-${i} }
  strategy:
    rollingUpdate: { maxUnavailable: 0, maxSurge: 25% }
  template:
    metadata:
      labels: { app: app-${i} }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/app-${i}:1.${i % 20}.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet: { path: /ready, port: http }
          livenessProbe:
            httpGet: { path: /healthz, port: http }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
`);
    if (docs.length < documents) {
      docs.push(`apiVersion: v1
kind: Service
metadata:
  name: app-${i}
spec:
  selector: { app: app-${i} }
  ports:
    - name: http
      port: 80
      targetPort: http
`);
    }
  }
  return docs.join('---\n');
}

/** A Terraform file with `resources` resources in five rotating shapes plus the usual header blocks. */
export function terraform(resources) {
  const out = [`terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.40" }
  }
}

variable "env" {
  type    = string
  default = "prod"
}

locals {
  tags = { env = var.env, owner = "platform" }
}
`];
  for (let i = 0; i < resources; i++) {
    switch (i % 5) {
      case 0:
        out.push(`resource "aws_s3_bucket" "b${i}" {
  bucket = "acme-\${var.env}-b${i}"
  tags   = merge(local.tags, { Name = "b${i}" })
}
`);
        break;
      case 1:
        out.push(`resource "aws_security_group" "sg${i}" {
  name = "sg-${i}"
  dynamic "ingress" {
    for_each = toset([80, 443])
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
  lifecycle {
    create_before_destroy = true
  }
}
`);
        break;
      case 2:
        out.push(`resource "aws_iam_policy" "p${i}" {
  name   = "policy-${i}"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [%{ for s in ["s3:GetObject", "s3:ListBucket"] ~}{"Effect": "Allow", "Action": "\${s}", "Resource": "*"},%{ endfor ~}{}]
    }
  EOT
}
`);
        break;
      case 3:
        out.push(`module "svc${i}" {
  source  = "terraform-aws-modules/ecs/aws//modules/service"
  version = "5.11.0"
  name    = "svc-${i}"
  count   = var.env == "prod" ? 2 : 1
  tags    = local.tags
}
`);
        break;
      default:
        out.push(`data "aws_ami" "ami${i}" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}

output "ami${i}" {
  value = data.aws_ami.ami${i}.id
}
`);
    }
  }
  return out.join('\n');
}
