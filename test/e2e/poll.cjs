'use strict';
// Waiting for a condition, shared by the Playwright driver and the extension-host suite (which
// loads CommonJS inside the editor): conditions, not fixed sleeps, decide when a step is done.

/** Polls `fn` until it returns a truthy value; throws `message` (and the last error) on timeout. */
async function poll(fn, { timeout = 15_000, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}${last ? `: ${last.message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

module.exports = { poll };
