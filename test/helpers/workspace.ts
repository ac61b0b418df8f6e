import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

// Every test file that makes workspaces removes them when it is done (vitest evaluates this module
// once per test file, so the hook belongs to that file).
const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A throw-away workspace on disk with the given files (path → content), removed after the test file. */
export function makeWorkspace(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-test-'));
  created.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

export const DIST = path.resolve(__dirname, '..', '..', 'dist');

export const UNPINNED_WORKFLOW = `name: deploy
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make build
`;

export const PINNED_WORKFLOW = `name: lint
on: pull_request
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1
      - run: make lint
`;

export const BROKEN_WORKFLOW = `name: broken
on:
  push:
    branchs: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ foo.bar }}
`;

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:latest
          ports:
            - containerPort: 8080
`;
