import { it } from 'vitest';
import fs from 'node:fs';
import { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';
import { ErrorPolicy } from '@actions/workflow-parser/model/convert';
import { validateWorkflowTemplate } from '../../server/src/engine/gha/workflow-template';
import { parseYamlDocument } from '../../server/src/engine/yaml/document';

it('explore', async () => {
  const dir = '/tmp/scratch';
  for (const name of fs.readdirSync(dir).sort()) {
    const content = fs.readFileSync(`${dir}/${name}`, 'utf8');
    let ref: unknown;
    try {
      const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
      if (result.value) await convertWorkflowTemplate(result.context, result.value, undefined, { errorPolicy: ErrorPolicy.TryConversion });
      ref = result.context.errors.getErrors().map((e) => `${e.range?.start.line}:${e.range?.start.column}-${e.range?.end.line}:${e.range?.end.column} ${e.rawMessage}`);
    } catch (e) { ref = 'THROW ' + e; }
    let ours: unknown;
    try {
      const doc = parseYamlDocument(content, 0, 0, { keepSourceTokens: true });
      ours = validateWorkflowTemplate(doc, name).map((p) => `${p.range ? `${p.range.start.line+1}:${p.range.start.character+1}-${p.range.end.line+1}:${p.range.end.character+1}` : 'none'} ${p.message}`);
      ours = { errs: doc.doc.errors.map((e) => e.code + ' ' + e.message.split('\n')[0]), ours };
    } catch (e) { ours = 'THROW ' + e; }
    console.log('=====', name, '\nREF ', JSON.stringify(ref, null, 1), '\nOURS', JSON.stringify(ours, null, 1));
  }
});
