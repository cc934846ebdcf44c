/** Which work goes first when many events wait: commands and forms hold a trigger id that expires in 3 s. */
export type Priority = "interactive" | "bulk";

interface Job {
  work: () => Promise<unknown>;
  done: (error?: unknown) => void;
}

/**
 * Runs the work behind acknowledged events a few at a time, each started from its own event-loop turn.
 * Why: acks are cheap and the core's work is not; started all at once, 1,000 clicks in a second queue every later
 * request's ack behind the whole burst's work on the one event loop, and Slack's 3-second window is missed. Started
 * from setImmediate, new requests are read (and acked) between jobs. Commands and forms go before clicks and events.
 * Why not p-queue (priorities and concurrency): it starts the next job in the same microtask the previous one settles
 * in, and jobs that only touch the store (counting a group DM message) settle without I/O, so a queued run of them
 * would go back to back while requests wait to be read and acknowledged. Starting each job from its own turn is the
 * point of this queue.
 */
export class WorkQueue {
  private readonly lanes: Record<Priority, Job[]> = { interactive: [], bulk: [] };
  private running = 0;
  private scheduled = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly concurrency = 8) {}

  /** Queue `work`; resolves or rejects with it. */
  run<T>(priority: Priority, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let result: T;
      this.lanes[priority].push({
        work: async () => {
          result = await work();
        },
        done: (error) => (error === undefined ? resolve(result) : reject(error)),
      });
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or running. */
  settled(): Promise<void> {
    if (this.running === 0 && this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pending(): number {
    return this.lanes.interactive.length + this.lanes.bulk.length;
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency || this.pending() === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const job = this.lanes.interactive.shift() ?? this.lanes.bulk.shift();
      if (!job) return;
      this.running += 1;
      job
        .work()
        .then(
          () => job.done(),
          (error: unknown) => job.done(error ?? new Error("work failed")),
        )
        .finally(() => {
          this.running -= 1;
          if (this.running === 0 && this.pending() === 0) for (const wake of this.idleWaiters.splice(0)) wake();
          this.schedule();
        });
      this.schedule();
    });
  }
}
