import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// package.json's extension manifest against the client's code and the files it points at: what
// the palette shows, what activates the extension, and that every referenced file ships.

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

function clientSources(dir = path.join(root, 'client/src')): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? clientSources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? fs.readFileSync(path.join(dir, entry.name), 'utf8') : ''))
    .join('\n');
}

describe('extension manifest', () => {
  it('contributes exactly the commands the client registers, with the palette titles', () => {
    const registered = [...clientSources().matchAll(/registerCommand\(\s*'([^']+)'/g)].map((match) => match[1]).sort();
    const contributed = contributes.commands.map((command: { command: string }) => command.command).sort();
    expect(contributed).toEqual(registered);
    const titles = Object.fromEntries(contributes.commands.map((c: { command: string; category?: string; title: string }) => [c.command, `${c.category}: ${c.title}`]));
    expect(titles).toMatchObject({
      'shipshape.showReadiness': 'Shipshape: Show Deploy Readiness',
      'shipshape.rescanWorkspace': 'Shipshape: Re-scan Workspace',
      'shipshape.createConfig': 'Shipshape: Create .shipshape.yaml',
      'shipshape.showRuleDocumentation': 'Shipshape: Show Rule Documentation',
      'shipshape.restartServer': 'Shipshape: Restart Server',
    });
    expect(contributes.menus.commandPalette).toContainEqual({ command: 'shipshape.getReadinessReport', when: 'false' });
  });

  it('activates on the files Shipshape understands and on its commands', () => {
    const events: string[] = manifest.activationEvents;
    for (const event of [
      'onLanguage:yaml',
      'onLanguage:terraform',
      'workspaceContains:**/.github/workflows/*.{yml,yaml}',
      'workspaceContains:**/*.tf',
      'workspaceContains:**/.gitlab-ci.yml',
      'workspaceContains:**/kustomization.{yaml,yml}',
      'workspaceContains:**/.shipshape.yaml',
      'onWebviewPanel:shipshape.readiness',
    ]) {
      expect(events).toContain(event);
    }
    for (const command of contributes.commands) expect(events).toContain(`onCommand:${command.command}`);
  });

  it('runs in untrusted workspaces (it executes nothing) and not in virtual ones', () => {
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe(true);
    expect(manifest.capabilities.virtualWorkspaces).toBe(false);
  });

  it('describes every setting the server reads', () => {
    const properties = contributes.configuration.properties;
    for (const key of ['shipshape.enable', 'shipshape.rules', 'shipshape.exclude', 'shipshape.trace.server']) {
      expect(properties[key], key).toBeDefined();
      expect(properties[key].description ?? properties[key].markdownDescription, key).toMatch(/\w{4,}/);
    }
    expect(properties['shipshape.rules'].additionalProperties.enum).toEqual(['error', 'warning', 'info', 'off']);
  });

  it('ships a 128×128 PNG icon', () => {
    const png = fs.readFileSync(path.join(root, manifest.icon));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
  });

  it('has a walkthrough whose steps point at files and commands that exist', () => {
    const [walkthrough] = contributes.walkthroughs;
    expect(walkthrough.steps.length).toBeGreaterThanOrEqual(3);
    const ours = new Set(contributes.commands.map((command: { command: string }) => command.command));
    for (const step of walkthrough.steps) {
      expect(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown).toBe(true);
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g)) {
        if (command!.startsWith('shipshape.')) expect(ours.has(command), command).toBe(true);
      }
    }
    const linked = walkthrough.steps.flatMap((step: { description: string }) => [...step.description.matchAll(/command:(shipshape\.\w+)/g)].map((m) => m[1]));
    expect(linked).toEqual(expect.arrayContaining(['shipshape.showReadiness', 'shipshape.createConfig']));
  });

  it('keeps the panel media and the walkthrough in the VSIX', () => {
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    for (const kept of ['!media/*.{png,svg,css}', '!walkthrough/**', '!syntaxes/**', '!docs/rules/**', '!schemas/**', '!dist/extension.js']) expect(ignore).toContain(kept);
    for (const file of ['panel.css', 'logo.svg']) expect(fs.existsSync(path.join(root, 'media', file)), file).toBe(true);
  });
});
