/**
 * How late this process's event loop runs, sampled by a timer: when it is late, every acknowledgement is late too,
 * so adapters switch to "acknowledge first, work after" instead of waiting for the core to answer inside the ack.
 * Node's own histogram (nodejs_eventloop_lag_seconds on /metrics) is for dashboards; this is the recent value.
 */
export class EventLoopLag {
  #recentMs = 0;
  #last = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 20) {}

  start(): void {
    if (this.#timer) return;
    this.#last = performance.now();
    this.#timer = setInterval(() => {
      const now = performance.now();
      const drift = Math.max(0, now - this.#last - this.intervalMs);
      this.#last = now;
      // Decays within a few ticks once the loop is on time again; a new delay shows at once.
      this.#recentMs = Math.max(drift, this.#recentMs * 0.7);
    }, this.intervalMs);
    this.#timer.unref();
  }

  /** Recent lag in milliseconds (0 when the loop runs on time). */
  get ms(): number {
    return this.#recentMs;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#recentMs = 0;
  }
}
