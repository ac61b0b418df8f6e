// Which files the secret scan reads, and how it reads their values. Decided by name only, so the
// walk can skip a file without opening it.

/** Lockfiles are full of integrity hashes and never hold credentials: a classic false-positive trap. */
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'go.sum',
  'go.work.sum',
  'cargo.lock',
  'poetry.lock',
  'pipfile.lock',
  'pdm.lock',
  'uv.lock',
  'composer.lock',
  'gemfile.lock',
  'podfile.lock',
  'mix.lock',
  'pubspec.lock',
  'packages.lock.json',
  'paket.lock',
  'flake.lock',
  'gradle.lockfile',
  'conda-lock.yml',
  '.terraform.lock.hcl',
  'package.resolved',
  'chart.lock',
]);

/** Binary or generated formats, skipped without reading (NUL sniffing catches the rest). */
const SKIPPED_EXTENSION =
  /\.(png|jpe?g|gif|bmp|ico|icns|webp|tiff?|psd|heic|avif|pdf|zip|gz|tgz|bz2|xz|zst|7z|rar|tar|jar|war|ear|aar|class|so|dylib|dll|exe|bin|o|a|lib|obj|pyc|pyo|whl|egg|woff2?|ttf|otf|eot|mp3|mp4|m4a|mov|avi|mkv|wav|flac|ogg|webm|sqlite3?|db|iso|dmg|img|deb|rpm|apk|ipa|node|wasm|pack|idx|keystore|min\.js|min\.css|map|snap|lockb)$/i;

export type TextFileKind = 'text' | 'dotenv' | 'tfstate';

function baseName(filePath: string): string {
  const slash = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  return filePath.slice(slash + 1);
}

/** The generic kind of a file no specific kind claimed, or undefined when it is never scanned. */
export function textKindOf(filePath: string): TextFileKind | undefined {
  const base = baseName(filePath);
  const lower = base.toLowerCase();
  // The baseline is Shipshape's own output: hashes only.
  if (LOCKFILES.has(lower) || SKIPPED_EXTENSION.test(lower) || lower === '.ds_store' || lower === '.shipshape-baseline.json') return undefined;
  if (/\.tfstate(\.backup|\.\d+\.backup)?$/.test(lower)) return 'tfstate';
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'dotenv';
  return 'text';
}

/** `.env.example` and friends document the variables: their values are meant to be fake. */
export function isEnvTemplate(filePath: string): boolean {
  return /\.(example|sample|template|tpl|dist|defaults?|schema|local\.example|example\.local)$/i.test(baseName(filePath));
}

/**
 * How literal values look in a file: in code and HCL an unquoted value is an expression
 * (`password = var.db_password`, `token = os.getenv("T")`), so only quoted strings are literals;
 * in YAML, `.env`, properties, INI and shell an unquoted value is a literal too.
 */
export type ValueStyle = 'quoted' | 'any';

const QUOTED_ONLY = /\.(tf|tfvars|hcl|json|jsonc|json5|js|jsx|mjs|cjs|ts|tsx|mts|cts|py|go|java|kt|kts|scala|groovy|gradle|rb|php|cs|fs|vb|rs|swift|c|cc|cpp|h|hpp|m|mm|dart|lua|r|jl|ex|exs|erl|clj|elm|hs|ml|sol|vue|svelte|tfstate)$/i;

export function valueStyleOf(filePath: string): ValueStyle {
  const base = baseName(filePath);
  return QUOTED_ONLY.test(base) || base === 'Jenkinsfile' ? 'quoted' : 'any';
}

/**
 * Prose: README and documentation pages (Markdown, reStructuredText, AsciiDoc, HTML, man pages). Their `password: …` and `https://user:pass@host` lines are
 * examples for the reader, so only the unambiguous detectors (provider formats, private keys) read them.
 */
export function isProse(filePath: string): boolean {
  return /\.(md|mdx|markdown|rst|adoc|asciidoc|textile|html?|[1-9])$/i.test(baseName(filePath));
}
