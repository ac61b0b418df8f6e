import { defineMetaRule } from '../define';

// Reported by the engine itself (see engine/suppress.ts); this file holds the rule's metadata.
export default defineMetaRule({
  id: 'shipshape/invalid-suppression',
  title: 'Malformed suppression',
  severity: 'warning',
  tags: ['shipshape'],
  gate: null,
  fixable: false,
  description: 'A shipshape-ignore comment that names an unknown rule or has an invalid until= date.',
});
