// The server and the CLI must never start a program or open a network connection: not even by a
// bug or a dependency. Their bundles get these Node modules replaced by stubs that throw on use.
// `net` is kept for the server: vscode-jsonrpc's pipe transport needs it, and it is only used when
// the editor asks for that transport.

const SEALED = ['child_process', 'cluster', 'dgram', 'dns', 'http', 'http2', 'https', 'tls', 'worker_threads'];

const STUB = `
module.exports = new Proxy({}, {
  get(_, name) {
    if (name === '__esModule' || typeof name === 'symbol') return undefined;
    throw new Error('Shipshape never starts programs or opens connections (tried ' + String(name) + ')');
  },
});
`;

export function sealedModules({ allowNet }) {
  const sealed = allowNet ? SEALED : [...SEALED, 'net'];
  const filter = new RegExp(`^(node:)?(${sealed.join('|')})$`);
  return {
    name: 'sealed-modules',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'sealed' }));
      build.onLoad({ filter: /.*/, namespace: 'sealed' }, () => ({ contents: STUB, loader: 'js' }));
    },
  };
}
