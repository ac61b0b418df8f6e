import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as generate from './generate.mjs';

/**
 * Writes a repository of `count` files shaped like a monorepo: 10% workflows, 60% Kubernetes
 * manifests (one to four documents), 30% Terraform files, spread over service directories.
 * Returns the number of files written.
 */
export function writeRepository(dir, count) {
  let written = 0;
  const write = (relative, text) => {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written++;
  };
  for (let i = 0; written < count; i++) {
    const service = `services/svc-${Math.floor(i / 10)}`;
    const slot = i % 10;
    if (slot === 0) write(`.github/workflows/svc-${i}.yml`, generate.workflow(100 + (i % 5) * 50));
    else if (slot <= 6) write(`${service}/k8s/part-${slot}.yaml`, generate.manifestStream(1 + (i % 4)));
    else write(`${service}/infra/part-${slot}.tf`, generate.terraform(10 + (i % 4) * 10));
  }
  return written;
}
