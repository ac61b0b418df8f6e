import type { ReadinessReport } from '../../server/src/engine/readiness/types';
import type { PanelState } from './panel/render';

// The latest readiness report of each workspace folder, as the server last sent it. The server
// computes everything; this only asks, orders, drops answers that arrived out of order, and retries
// while the server is not answering. No vscode import, so unit tests drive it with a fake server.

export interface ReadinessSource {
  /** `shipshape/readiness`: every folder, or just the one asked for. */
  request(folderUri?: string): Promise<ReadinessReport[]>;
}

export interface StoreOptions {
  /** Workspace folder roots (absolute paths) in the window's order; reports are shown in it. */
  folderRoots(): readonly string[];
  /** Milliseconds between retries while the server does not answer; the last one repeats. */
  retryDelays?: readonly number[];
  /** Coalesces `readinessChanged` bursts for the same folder. */
  notificationDelay?: number;
}

type Phase = 'starting' | 'analysing' | 'ready';

export class ReadinessStore {
  private readonly reports = new Map<string, ReadinessReport>();
  /** The request sequence number each folder's report came from, to ignore older answers. */
  private readonly appliedAt = new Map<string, number>();
  private fullAppliedAt = 0;
  private sequence = 0;
  private phase: Phase = 'starting';
  private failure: string | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAttempt = 0;
  private readonly pendingFolders = new Set<string | undefined>();
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  constructor(
    private readonly source: ReadinessSource,
    private readonly options: StoreOptions,
  ) {}

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The reports in workspace-folder order; empty until the server has answered once. */
  currentReports(): ReadinessReport[] {
    const order = this.options.folderRoots();
    const rank = (root: string) => {
      const index = order.indexOf(root);
      return index === -1 ? order.length : index;
    };
    return [...this.reports.values()].sort((a, b) => rank(a.root) - rank(b.root));
  }

  hasReports(): boolean {
    return this.phase === 'ready';
  }

  state(): PanelState {
    if (this.options.folderRoots().length === 0 && this.reports.size === 0) return { kind: 'no-folder' };
    if (this.phase === 'ready') return { kind: 'reports', reports: this.currentReports() };
    if (this.phase === 'analysing') return { kind: 'analysing' };
    return { kind: 'starting', detail: this.failure };
  }

  /** What `shipshape/readinessChanged` calls: re-requests that folder shortly, once per burst. */
  folderChanged(folderUri: string | undefined): void {
    if (this.disposed) return;
    this.pendingFolders.add(folderUri);
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      const folders = [...this.pendingFolders];
      this.pendingFolders.clear();
      if (folders.includes(undefined)) void this.refresh();
      else for (const folder of folders) void this.refresh(folder);
    }, this.options.notificationDelay ?? 50);
  }

  /** Asks the server; never throws. Resolves when the answer (or the failure) has been applied. */
  async refresh(folderUri?: string): Promise<void> {
    if (this.disposed) return;
    const sequence = ++this.sequence;
    // From the first request on, the server is scanning; after a failure keep saying "starting".
    if (this.phase === 'starting' && this.failure === undefined) this.setPhase('analysing');
    let answer: ReadinessReport[];
    try {
      answer = validReports(await this.source.request(folderUri));
    } catch (error) {
      if (this.disposed) return;
      this.failure = describeFailure(error);
      if (this.phase !== 'ready') this.setPhase('starting');
      this.scheduleRetry();
      return;
    }
    if (this.disposed) return;
    this.retryAttempt = 0;
    this.failure = undefined;
    if (folderUri === undefined) this.applyAll(answer, sequence);
    else if (answer.length === 0) {
      // The folder has gone (or the server does not know it): ask for everything again.
      void this.refresh();
      return;
    } else for (const report of answer) this.applyOne(report, sequence);
    this.phase = 'ready';
    this.emit();
  }

  /** The server restarted or the folders changed: keep showing the last reports, but ask again. */
  invalidate(): void {
    void this.refresh();
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.listeners.clear();
  }

  private applyOne(report: ReadinessReport, sequence: number): void {
    if ((this.appliedAt.get(report.root) ?? 0) > sequence) return;
    this.reports.set(report.root, report);
    this.appliedAt.set(report.root, sequence);
  }

  private applyAll(reports: readonly ReadinessReport[], sequence: number): void {
    if (sequence < this.fullAppliedAt) return;
    this.fullAppliedAt = sequence;
    const roots = new Set(reports.map((report) => report.root));
    for (const root of [...this.reports.keys()]) {
      if (!roots.has(root) && (this.appliedAt.get(root) ?? 0) < sequence) {
        this.reports.delete(root);
        this.appliedAt.delete(root);
      }
    }
    for (const report of reports) this.applyOne(report, sequence);
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.disposed) return;
    const delays = this.options.retryDelays ?? [500, 1000, 2000, 4000, 8000, 15000];
    const delay = delays[Math.min(this.retryAttempt, delays.length - 1)] ?? 15000;
    this.retryAttempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.refresh();
    }, delay);
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    this.emit();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A broken view must not stop the others from updating.
      }
    }
  }
}

function validReports(value: unknown): ReadinessReport[] {
  if (!Array.isArray(value)) throw new Error('The server answered shipshape/readiness with something other than a list of reports.');
  return value.filter((report): report is ReadinessReport => typeof report === 'object' && report !== null && typeof (report as ReadinessReport).root === 'string');
}

function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return `The language server has not answered yet (${text}). Retrying…`;
}
