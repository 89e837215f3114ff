// An X509Source holds the current SVID and trust bundles of this program and tells listeners when they rotate.
// Feeders (the Workload API client, the file watcher) push complete states into it; everything that needs an
// identity (gRPC credentials, the start-up role check) reads from it. One class, two feeders.
import type { X509Bundles } from "./svid.js";
import type { X509Context, X509Svid } from "./x509-svid.js";

export class SourceTimeoutError extends Error {}

export class X509Source {
  private context: X509Context | undefined;
  private lastError: Error | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly waiters = new Set<() => void>();
  private stop: () => void = () => {};
  private closed = false;

  /** `description` says where identities come from, for error messages ("the Workload API at unix:///..."). */
  constructor(readonly description: string) {}

  /** Feeders hand over how to stop them once they are running. */
  setStopper(stop: () => void): void {
    this.stop = stop;
  }

  /** A new complete state. Listeners are told asynchronously, after the state is in place. */
  update(context: X509Context): void {
    if (this.closed) return;
    if (context.svids.length === 0) {
      this.fail(new Error(`${this.description} sent no X.509-SVID`));
      return;
    }
    this.context = context;
    this.lastError = undefined;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    for (const listener of this.listeners) queueMicrotask(listener);
  }

  /** A feeder failed. The last good state stays in use: a short agent outage must not take identities away. */
  fail(error: Error): void {
    this.lastError = error;
  }

  isReady(): boolean {
    return this.context !== undefined;
  }

  /** The default (first) SVID. Throws until the source is ready. */
  svid(): X509Svid {
    return this.current().svids[0] as X509Svid;
  }

  bundles(): X509Bundles {
    return this.current().bundles;
  }

  current(): X509Context {
    if (this.context === undefined) {
      throw new Error(`no X.509-SVID yet from ${this.description}${this.lastError ? `: ${this.lastError.message}` : ""}`);
    }
    return this.context;
  }

  /** Resolves once an SVID is here; rejects after `timeoutMs` with the last error seen, instead of hanging. */
  ready(timeoutMs: number): Promise<void> {
    if (this.context !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        const why = this.lastError ? `: ${this.lastError.message}` : "";
        reject(new SourceTimeoutError(`no X.509-SVID from ${this.description} within ${timeoutMs} ms${why}`));
      }, timeoutMs);
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  /** Called after every rotation. Returns the function that unsubscribes. */
  onUpdate(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.stop();
  }
}
