// Preloaded into the CLI or the server under test: any attempt to start a program or open a
// network connection is written to stderr with a marker the test looks for, then refused.
const MARK = 'SHIPSHAPE-FORBIDDEN';
const trap = (what) => (...args) => {
  process.stderr.write(`${MARK} ${what} ${JSON.stringify(String(args[0] ?? '')).slice(0, 80)}\n`);
  throw new Error(`${MARK}: ${what}`);
};
const childProcess = require('child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) childProcess[name] = trap(`child_process.${name}`);
const net = require('net');
net.connect = net.createConnection = trap('net.connect');
net.Socket.prototype.connect = trap('net.Socket.connect');
for (const name of ['http', 'https']) {
  const module = require(name);
  module.request = module.get = trap(`${name}.request`);
}
const dns = require('dns');
dns.lookup = dns.resolve = trap('dns.lookup');
globalThis.fetch = trap('fetch');
