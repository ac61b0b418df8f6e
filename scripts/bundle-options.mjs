// esbuild options shared by the build and the benchmark, so the benchmark measures the same bundle.

// web-tree-sitter's ESM entry reads import.meta.url; in a CommonJS bundle that must come from __filename.
export const IMPORT_META_BANNER = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";

export function bundleOptions(root, version) {
  return {
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
      __SHIPSHAPE_VERSION__: JSON.stringify(version),
    },
    banner: { js: IMPORT_META_BANNER },
    absWorkingDir: root,
  };
}
