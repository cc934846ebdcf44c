import type { Logger } from "../logger.ts";

/**
 * Keeps hold of background work (the slow part after an acknowledgement, timer callbacks) so errors are logged,
 * never lost, and tests or a graceful shutdown can wait until everything settled.
 */
export class WorkTracker {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  track(what: string, work: Promise<unknown>): void {
    const p = work.catch((error: unknown) => this.logger.error(`${what} failed`, { error }));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves once no tracked work is running (including work started while waiting). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
