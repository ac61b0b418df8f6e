import { defineMetaRule } from '../define';

// Reported by the engine itself (see engine/engine.ts); this file holds the rule's metadata.
export default defineMetaRule({
  id: 'shipshape/invalid-encoding',
  title: 'File is not valid UTF-8',
  severity: 'warning',
  tags: ['shipshape'],
  gate: null,
  fixable: false,
  description: 'A recognised file with bytes that are not valid UTF-8; it is analysed with those bytes replaced.',
});
