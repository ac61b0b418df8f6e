import { defineMetaRule } from '../define';

// Reported by the engine itself (see engine/engine.ts); this file holds the rule's metadata.
export default defineMetaRule({
  id: 'shipshape/file-not-analyzed',
  title: 'File not analysed',
  severity: 'info',
  tags: ['shipshape'],
  gate: null,
  fixable: false,
  description: 'A recognised file that Shipshape could not analyse: binary content or over the size limit.',
});
