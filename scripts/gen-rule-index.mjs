// `npm run docs`: regenerates docs/rules/README.md from the built CLI's rule list.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRuleIndex } from './rule-index.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'cli'], { stdio: 'inherit' });
const rules = JSON.parse(execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), 'rules', '--format', 'json'], { encoding: 'utf8' }));
writeFileSync(path.join(root, 'docs/rules/README.md'), renderRuleIndex(rules));
console.error(`wrote docs/rules/README.md (${rules.length} rules)`);
