import * as childProcess from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { IPCMessageReader, IPCMessageWriter } from 'vscode-languageclient/node';
import type { MessageTransports } from 'vscode-languageclient/node';

/**
 * The language server process, forked by the client itself over node IPC (what
 * `TransportKind.ipc` does) so that it can start before `activate` is even called: the library's
 * own launcher forks only after `start()` and a file-system round trip on a busy extension host.
 * The server then boots while VS Code prepares the extension's context.
 */
export class ServerProcess {
  private preforked: ChildProcess | undefined;
  private current: ChildProcess | undefined;
  private output: ((text: string) => void) | undefined;
  private readonly earlyOutput: string[] = [];

  constructor(
    private readonly serverModule: string,
    private readonly env: Record<string, string>,
    private readonly execArgv: string[] = [],
  ) {}

  /** Starts the server now; the client's first start picks this process up. */
  prefork(): void {
    this.preforked ??= this.fork();
  }

  /** Where the server's stdout/stderr go (a crash trace, say); what came before is replayed. */
  setOutput(output: (text: string) => void): void {
    this.output = output;
    for (const text of this.earlyOutput.splice(0)) output(text);
  }

  /** For `ServerOptions`: the preforked process on the first start, a new one on every restart. */
  readonly transports = async (): Promise<MessageTransports> => {
    const child = this.preforked ?? this.fork();
    this.preforked = undefined;
    this.current = child;
    return { reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child), detached: false };
  };

  /**
   * After the client stopped: the server exits on the `exit` notification; one that has not after
   * two seconds is hung, and is killed (as the library does for processes it forked).
   */
  stopped(): void {
    const child = this.current;
    this.current = undefined;
    if (!child) return;
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }, 2000).unref();
  }

  /** Kills whatever is still running (deactivation after a failed stop). */
  dispose(): void {
    for (const child of [this.preforked, this.current]) {
      if (child && child.exitCode === null && child.signalCode === null) child.kill();
    }
    this.preforked = undefined;
    this.current = undefined;
  }

  private fork(): ChildProcess {
    const child = childProcess.fork(this.serverModule, ['--node-ipc', `--clientProcessId=${process.pid}`], {
      execArgv: this.execArgv,
      silent: true,
      // Desktop VS Code runs extensions in Electron: these make its binary behave as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1', ...this.env },
    });
    const forward = (chunk: Buffer) => {
      const text = chunk.toString();
      if (this.output) this.output(text);
      else this.earlyOutput.push(text);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    return child;
  }
}
