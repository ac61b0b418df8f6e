// Shipshape reads files and reports; it never talks to the network or starts programs. Its bundles
// cannot load the modules that would (scripts/sealed-modules.mjs); the network globals go too.
for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) {
  try {
    delete (globalThis as Record<string, unknown>)[name];
  } catch {
    // a non-configurable global: nothing of ours calls it
  }
}
