// Builds the three bundles (dist/extension.js, dist/server.js, dist/cli.js), the Kubernetes schema
// validators they embed, and copies the tree-sitter wasm files next to them.
// Usage: node scripts/build.mjs [extension|server|cli ...]   (default: all)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { generateValidators } from './gen-k8s-validators.mjs';
import { IMPORT_META_BANNER, bundleOptions } from './bundle-options.mjs';
import { sealedModules } from './sealed-modules.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const dist = path.join(root, 'dist');
mkdirSync(dist, { recursive: true });

const wanted = new Set(process.argv.slice(2));
const want = (name) => wanted.size === 0 || wanted.has(name);

const common = bundleOptions(root, pkg.version);

const started = Date.now();
if (want('server') || want('cli')) await generateValidators(root);

const jobs = [];
if (want('extension')) {
  jobs.push(build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }));
}
if (want('server')) {
  jobs.push(build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', plugins: [sealedModules({ allowNet: true })] }));
}
if (want('cli')) {
  jobs.push(
    build({
      ...common,
      entryPoints: ['server/src/cli.ts'],
      outfile: 'dist/cli.js',
      banner: { js: `#!/usr/bin/env node\n${IMPORT_META_BANNER}` },
      plugins: [sealedModules({ allowNet: false })],
    }),
  );
}
await Promise.all(jobs);
if (existsSync(path.join(dist, 'cli.js'))) chmodSync(path.join(dist, 'cli.js'), 0o755);

for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
  copyFileSync(require.resolve(wasm), path.join(dist, path.basename(wasm)));
}
console.error(`shipshape: built ${[...(wanted.size ? wanted : ['extension', 'server', 'cli'])].join(', ')} in ${Date.now() - started} ms`);
