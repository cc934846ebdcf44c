import type { Clock, TimerHandle, TimerKind } from "../../src/clock.ts";

/** Node's largest setTimeout delay; longer waits are re-armed in steps. */
const MAX_DELAY = 2_147_483_647;

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  kind: TimerKind;
  handle?: NodeJS.Timeout;
}

/**
 * The system clock plus an offset that the sandbox's fast-forward moves. Timers are kept by their virtual due time,
 * so when the offset jumps every timer is re-checked: the ones now due fire in due order (each followed by `settle`,
 * so the work it starts can arm the next deadline), the rest are re-armed for what remains.
 */
export class SandboxClock implements Clock {
  private offset = 0;
  private seq = 0;
  private readonly timers = new Set<Timer>();

  now(): number {
    return Date.now() + this.offset;
  }

  /** How far ahead of real time the sandbox is (ms). */
  get skippedMs(): number {
    return this.offset;
  }

  /**
   * Restores how far a previous run had fast-forwarded, so sandbox time never runs backwards across a restart.
   * Only before any timer is armed (i.e. before `bot.start()`); later it would be a jump, which is `advanceTo`.
   */
  restoreSkipped(ms: number): void {
    if (this.timers.size > 0) throw new Error("restoreSkipped must run before any timer is armed");
    this.offset = Math.max(this.offset, ms);
  }

  setTimer(fn: () => void, ms: number, kind: TimerKind = "deadline"): TimerHandle {
    const timer: Timer = { at: this.now() + Math.max(0, ms), seq: this.seq++, fn, kind };
    this.timers.add(timer);
    this.arm(timer);
    return {
      cancel: () => {
        clearTimeout(timer.handle);
        this.timers.delete(timer);
      },
    };
  }

  /** The virtual time of the earliest pending timer, if any. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const t of this.timers) if (next === undefined || t.at < next) next = t.at;
    return next;
  }

  /** The earliest pending deadline, looking past routine refreshes (what the page's header counts down to). */
  nextDeadlineAt(): number | undefined {
    let next: number | undefined;
    for (const t of this.timers) if (t.kind === "deadline" && (next === undefined || t.at < next)) next = t.at;
    return next;
  }

  /**
   * Moves virtual time to `target` (never backwards), firing every timer due on the way in order and awaiting
   * `settle` after each, like the real event loop would have let its work run.
   */
  async advanceTo(target: number, settle: () => Promise<void> = tick): Promise<void> {
    await settle();
    for (;;) {
      const due = this.earliestDue(target);
      if (!due) break;
      if (due.at > this.now()) this.offset += due.at - this.now();
      this.fire(due);
      await settle();
    }
    if (target > this.now()) this.offset += target - this.now();
    for (const t of this.timers) this.arm(t);
  }

  /** Jumps to the next pending timer and fires it (and anything due with it). Returns false when none is pending. */
  async skipToNext(settle: () => Promise<void> = tick): Promise<boolean> {
    const next = this.nextDueAt();
    if (next === undefined) return false;
    await this.advanceTo(next, settle);
    return true;
  }

  /** Cancels every timer (shutdown). */
  clear(): void {
    for (const t of this.timers) clearTimeout(t.handle);
    this.timers.clear();
  }

  private earliestDue(target: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (t.at > target) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private arm(timer: Timer): void {
    clearTimeout(timer.handle);
    const remaining = timer.at - this.now();
    timer.handle = setTimeout(() => this.fire(timer), Math.min(Math.max(0, remaining), MAX_DELAY));
    timer.handle.unref?.();
  }

  private fire(timer: Timer): void {
    if (!this.timers.has(timer)) return;
    if (timer.at > this.now()) {
      this.arm(timer);
      return;
    }
    clearTimeout(timer.handle);
    this.timers.delete(timer);
    timer.fn();
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The clock `createBot` must receive for the sandbox's fast-forward to move the core's deadlines. */
export function createSandboxClock(): SandboxClock {
  return new SandboxClock();
}
