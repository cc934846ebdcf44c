import type { Clock } from "../../src/clock.ts";

/** A bot's clock running faster than the wall clock, and the way back to wall-clock time (for pg-boss). */
export interface ScaledClock extends Clock {
  /** The wall-clock time at which the bot's clock reads `at`. */
  wallTime(at: number): number;
}

/** Time as seen by a bot process under test: `scale` times faster than the wall clock from `origin` on. */
export function scaledClock(origin: number, scale: number): ScaledClock {
  return {
    now: () => origin + (Date.now() - origin) * scale,
    setTimer(fn, ms) {
      const handle = setTimeout(fn, Math.max(0, ms) / scale);
      return { cancel: () => clearTimeout(handle) };
    },
    wallTime: (at) => origin + (at - origin) / scale,
  };
}

/** The scaled clock a child bot process reads from QM_CLOCK_ORIGIN and QM_CLOCK_SCALE (the wall clock when unset). */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): ScaledClock {
  return scaledClock(Number(env.QM_CLOCK_ORIGIN ?? Date.now()), Number(env.QM_CLOCK_SCALE ?? 1));
}
