import { defineMetaRule } from '../define';

// Reported by the engine itself (see engine/suppress.ts); this file holds the rule's metadata.
export default defineMetaRule({
  id: 'shipshape/unused-suppression',
  title: 'Suppression that suppresses nothing',
  severity: 'info',
  tags: ['shipshape'],
  gate: null,
  fixable: true,
  autoFix: true,
  description: 'A shipshape-ignore comment whose rules report nothing on the line or file it covers.',
});
