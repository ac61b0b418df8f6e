import { defineMetaRule } from '../define';

// Reported by the engine itself (see engine/config.ts); this file holds the rule's metadata.
export default defineMetaRule({
  id: 'shipshape/invalid-config',
  title: 'Invalid .shipshape.yaml',
  severity: 'error',
  tags: ['shipshape'],
  gate: null,
  fixable: false,
  description: 'A .shipshape.yaml that does not match its schema: unknown keys, unknown rule ids, wrong values.',
});
