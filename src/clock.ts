/** What a timer is for: a deadline people wait for, or a routine refresh. */
export type TimerKind = "deadline" | "refresh";

/** A cancellable timer handle. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time as the core sees it. Injected so tests drive time by hand; production uses `systemClock`.
 * Deadlines live in the store; timers only wake the process up to look at them.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Call `fn` after `ms` milliseconds (clamped to >= 0). `kind` "refresh" marks an in-place update nobody waits for
   * (the lobby countdown), so a clock that shows "the next deadline" (the sandbox's) can look past it.
   */
  setTimer(fn: () => void, ms: number, kind?: TimerKind): TimerHandle;
}

/** Node's largest setTimeout delay; longer waits are chained. */
const MAX_DELAY = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    let handle: NodeJS.Timeout;
    const target = Date.now() + Math.max(0, ms);
    const arm = () => {
      const remaining = target - Date.now();
      handle = setTimeout(remaining > MAX_DELAY ? arm : fn, Math.min(Math.max(0, remaining), MAX_DELAY));
      handle.unref?.();
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  },
};
