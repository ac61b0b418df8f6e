import { defineMetaRule } from '../define';

// Reported by the engine itself (see engine/suppress.ts); this file holds the rule's metadata.
export default defineMetaRule({
  id: 'shipshape/suppression-missing-reason',
  title: 'Suppression without a reason',
  severity: 'info',
  tags: ['shipshape'],
  gate: null,
  fixable: false,
  description: 'A shipshape-ignore comment that does not say why the finding is acceptable.',
});
