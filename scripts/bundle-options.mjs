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
    // yaml's Node entry is CommonJS, so the bundle would reach each export (isMap, Scalar, …) through
    // an interop getter on every call, and its parser reads process.env once per token. Its ES-module
    // build is the same code without either.
    alias: { yaml: './node_modules/yaml/browser/index.js' },
    absWorkingDir: root,
  };
}
