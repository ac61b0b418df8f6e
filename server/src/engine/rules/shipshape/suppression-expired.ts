import { defineMetaRule } from '../define';

// Reported by the engine itself (see engine/suppress.ts); this file holds the rule's metadata.
export default defineMetaRule({
  id: 'shipshape/suppression-expired',
  title: 'Expired suppression',
  severity: 'warning',
  tags: ['shipshape'],
  gate: null,
  fixable: false,
  description: 'A suppression or configuration exception whose until= date has passed; the findings it hid are reported again.',
});
