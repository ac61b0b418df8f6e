// Builds the three bundles (dist/extension.js, dist/server.js, dist/cli.js), the Kubernetes schema
// validators they embed, and copies the tree-sitter wasm files next to them.
// Usage: node scripts/build.mjs [extension|server|cli ...]   (default: all)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { generateValidators } from './gen-k8s-validators.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const dist = path.join(root, 'dist');
mkdirSync(dist, { recursive: true });

const wanted = new Set(process.argv.slice(2));
const want = (name) => wanted.size === 0 || wanted.has(name);

// web-tree-sitter's ESM entry reads import.meta.url; in a CommonJS bundle that must come from __filename.
const importMetaBanner = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  keepNames: true,
  sourcemap: false,
  logLevel: 'warning',
  define: {
    'import.meta.url': '__importMetaUrl',
    __SHIPSHAPE_VERSION__: JSON.stringify(pkg.version),
  },
  banner: { js: importMetaBanner },
  absWorkingDir: root,
};

const started = Date.now();
if (want('server') || want('cli')) await generateValidators(root);

const jobs = [];
if (want('extension')) {
  jobs.push(build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }));
}
if (want('server')) {
  jobs.push(build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }));
}
if (want('cli')) {
  jobs.push(build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaBanner}` } }));
}
await Promise.all(jobs);
if (existsSync(path.join(dist, 'cli.js'))) chmodSync(path.join(dist, 'cli.js'), 0o755);

for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
  copyFileSync(require.resolve(wasm), path.join(dist, path.basename(wasm)));
}
console.error(`shipshape: built ${[...(wanted.size ? wanted : ['extension', 'server', 'cli'])].join(', ')} in ${Date.now() - started} ms`);
