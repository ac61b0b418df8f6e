import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadinessStore } from '../../client/src/readiness-store';
import { parseRuleIndex, rulePage } from '../../client/src/rule-docs';
import { STARTER_CONFIG } from '../../client/src/starter-config';
import { statusBarContent, summarize } from '../../client/src/summary';
import { parseConfig } from '../../server/src/engine/config';
import { ALL_RULES } from '../../server/src/engine/rules/registry';
import type { ReadinessReport, Verdict } from '../../server/src/engine/readiness/types';
// @ts-expect-error: a plain ES module without type declarations
import { renderRuleIndex } from '../../scripts/rule-index.mjs';

// The extension's logic that needs no editor: the report store (ordering, stale answers, retries),
// the status bar text, the rule list for the docs command and the starter configuration.

function report(root: string, verdict: Verdict = 'ready', score = 100, extra: Partial<ReadinessReport> = {}): ReadinessReport {
  return {
    schemaVersion: 1,
    root,
    verdict,
    score,
    counts: { pass: 3, warn: 0, fail: 0, notApplicable: 1, notChecked: 2 },
    findings: { error: 0, warning: 0, info: 0 },
    dora: [],
    units: [],
    ...extra,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ReadinessStore', () => {
  afterEach(() => vi.useRealTimers());

  it('says "analysing" while the first request runs, then shows the reports in folder order', async () => {
    const answer = deferred<ReadinessReport[]>();
    const store = new ReadinessStore({ request: () => answer.promise }, { folderRoots: () => ['/a', '/b'] });
    const changes = vi.fn();
    store.onDidChange(changes);
    const refreshing = store.refresh();
    expect(store.state()).toEqual({ kind: 'analysing' });
    answer.resolve([report('/b'), report('/a')]);
    await refreshing;
    const state = store.state();
    expect(state.kind).toBe('reports');
    expect(store.currentReports().map((r) => r.root)).toEqual(['/a', '/b']);
    expect(changes).toHaveBeenCalledTimes(2);
    store.dispose();
  });

  it('says "starting" when the server fails, never throws, and retries until it answers', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const store = new ReadinessStore(
      {
        request: async () => {
          calls++;
          if (calls < 3) throw new Error('Client is not running');
          return [report('/a')];
        },
      },
      { folderRoots: () => ['/a'], retryDelays: [10, 20] },
    );
    await store.refresh();
    expect(store.state()).toMatchObject({ kind: 'starting', detail: expect.stringContaining('Client is not running') });
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(2);
    expect(store.state().kind).toBe('starting');
    await vi.advanceTimersByTimeAsync(20);
    expect(calls).toBe(3);
    expect(store.state().kind).toBe('reports');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(3);
    store.dispose();
  });

  it('treats an answer that is not a list as a failure', async () => {
    const store = new ReadinessStore({ request: async () => ({ nope: true }) as unknown as ReadinessReport[] }, { folderRoots: () => ['/a'], retryDelays: [60_000] });
    await store.refresh();
    expect(store.state().kind).toBe('starting');
    store.dispose();
  });

  it('never lets an older answer replace a newer one', async () => {
    const answers = [deferred<ReadinessReport[]>(), deferred<ReadinessReport[]>()];
    let call = 0;
    const store = new ReadinessStore({ request: () => answers[call++]!.promise }, { folderRoots: () => ['/a'] });
    const first = store.refresh();
    const second = store.refresh('file:///a');
    answers[1]!.resolve([report('/a', 'blocked', 10)]);
    await second;
    answers[0]!.resolve([report('/a', 'ready', 100)]);
    await first;
    expect(store.currentReports()[0]).toMatchObject({ verdict: 'blocked', score: 10 });
    store.dispose();
  });

  it('updates one folder on readinessChanged, once per burst, keeping the others', async () => {
    vi.useFakeTimers();
    const request = vi.fn(async (folderUri?: string) =>
      folderUri === 'file:///b' ? [report('/b', 'ready-with-warnings', 80)] : [report('/a'), report('/b')],
    );
    const store = new ReadinessStore({ request }, { folderRoots: () => ['/a', '/b'], notificationDelay: 25 });
    await store.refresh();
    store.folderChanged('file:///b');
    store.folderChanged('file:///b');
    store.folderChanged('file:///b');
    await vi.advanceTimersByTimeAsync(30);
    expect(request).toHaveBeenCalledTimes(2);
    expect(request).toHaveBeenLastCalledWith('file:///b');
    expect(store.currentReports().map((r) => [r.root, r.verdict])).toEqual([
      ['/a', 'ready'],
      ['/b', 'ready-with-warnings'],
    ]);
    store.dispose();
  });

  it('drops a folder that is gone from a full answer', async () => {
    let roots = ['/a', '/b'];
    const store = new ReadinessStore({ request: async () => roots.map((root) => report(root)) }, { folderRoots: () => roots });
    await store.refresh();
    roots = ['/a'];
    await store.refresh();
    expect(store.currentReports().map((r) => r.root)).toEqual(['/a']);
    store.dispose();
  });

  it('asks for a folder when the window has none', () => {
    const store = new ReadinessStore({ request: async () => [] }, { folderRoots: () => [] });
    expect(store.state()).toEqual({ kind: 'no-folder' });
    store.dispose();
  });
});

describe('status bar text', () => {
  it('shows the verdict with its count and a tooltip with every count', () => {
    expect(statusBarContent([report('/a')]).text).toBe('$(pass) Shipshape: Ready');
    const warnings = report('/a', 'ready-with-warnings', 85, { counts: { pass: 5, warn: 3, fail: 0, notApplicable: 0, notChecked: 1 } });
    expect(statusBarContent([warnings]).text).toBe('$(warning) Shipshape: Ready with warnings (3)');
    const blocked = report('/b', 'blocked', 40, {
      counts: { pass: 1, warn: 1, fail: 2, notApplicable: 0, notChecked: 0 },
      findings: { error: 2, warning: 5, info: 1 },
    });
    const content = statusBarContent([warnings, blocked]);
    expect(content.text).toBe('$(error) Shipshape: Blocked (2)');
    expect(content.tooltip).toContain('Blocked, score 40/100');
    expect(content.tooltip).toContain('2 failing, 4 warning, 6 passing, 1 not checked yet');
    expect(content.tooltip).toContain('in 2 folders');
    expect(content.tooltip).toContain('2 errors, 5 warnings, 1 info');
  });

  it('aggregates folders: worst verdict, lowest score', () => {
    const summary = summarize([report('/a', 'ready', 100), report('/b', 'ready-with-warnings', 70)]);
    expect(summary).toMatchObject({ verdict: 'ready-with-warnings', score: 70, folders: 2 });
  });
});

describe('rule documentation list', () => {
  it('reads every rule from the index the docs generator writes', () => {
    const rules = parseRuleIndex(renderRuleIndex(ALL_RULES));
    expect(rules.map((rule) => rule.id)).toEqual(ALL_RULES.map((rule) => rule.id));
    for (const rule of rules) expect(rule.page).toBe(`${rule.id}.md`);
    expect(rules.find((rule) => rule.id === 'gha/unpinned-action')).toMatchObject({ title: 'Action not pinned to a commit SHA', severity: 'warning', gate: 'Pinned inputs' });
    // The shipped index parses too (docs.test.ts keeps it in step with the registry).
    expect(parseRuleIndex(fs.readFileSync(path.resolve(__dirname, '../../docs/rules/README.md'), 'utf8')).length).toBeGreaterThan(10);
  });

  it('never turns something other than a rule id into a path', () => {
    expect(rulePage('k8s/missing-probes')).toBe('k8s/missing-probes.md');
    for (const bad of ['../../package', 'k8s/../../x', '/etc/passwd', 'k8s\\x', 'k8s/Missing', 'k8s']) expect(rulePage(bad)).toBeUndefined();
    expect(parseRuleIndex('| [`../x`](../x.md) | t | error | – | – |')).toEqual([]);
  });
});

describe('starter .shipshape.yaml', () => {
  it('is a valid configuration that changes nothing', () => {
    const { config, problems } = parseConfig(STARTER_CONFIG, '/repo/.shipshape.yaml', new Set(ALL_RULES.map((rule) => rule.id)));
    expect(problems).toEqual([]);
    expect(config.rules.size).toBe(0);
    expect(config.ignore).toEqual([]);
    expect(config.exceptions).toEqual([]);
  });

  it('documents every top-level key of the schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../schemas/shipshape.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    for (const key of Object.keys(schema.properties)) expect(STARTER_CONFIG).toContain(`${key}:`);
  });
});
