import { afterEach, describe, expect, it } from "vitest";
import { createSandboxClock, type SandboxClock } from "../../../adapters/sandbox/index.ts";

describe("sandbox clock", () => {
  let clock: SandboxClock;
  afterEach(() => clock.clear());

  it("runs on real time until fast-forwarded", async () => {
    clock = createSandboxClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
    await clock.advanceTo(clock.now() + 60_000);
    expect(clock.now() - Date.now()).toBeGreaterThanOrEqual(59_900);
    expect(clock.skippedMs).toBeGreaterThanOrEqual(59_900);
  });

  it("fires timers that a jump makes due, in due order, and keeps the others", async () => {
    clock = createSandboxClock();
    const fired: string[] = [];
    clock.setTimer(() => fired.push("b"), 20_000);
    clock.setTimer(() => fired.push("a"), 10_000);
    const late = clock.setTimer(() => fired.push("late"), 90_000);
    await clock.advanceTo(clock.now() + 30_000);
    expect(fired).toEqual(["a", "b"]);
    expect(clock.nextDueAt()).toBeGreaterThan(clock.now());
    late.cancel();
    expect(clock.nextDueAt()).toBeUndefined();
  });

  it("skips to the next timer and lets the work it starts arm the next one", async () => {
    clock = createSandboxClock();
    const fired: number[] = [];
    const start = clock.now();
    clock.setTimer(() => {
      fired.push(clock.now() - start);
      // Like the core's round end scheduling the next round after its handler ran.
      setImmediate(() => clock.setTimer(() => fired.push(clock.now() - start), 5_000));
    }, 120_000);
    expect(await clock.skipToNext()).toBe(true);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(120_000);
    expect(await clock.skipToNext()).toBe(true);
    expect(fired[1]).toBeGreaterThanOrEqual(125_000);
    expect(await clock.skipToNext()).toBe(false);
  });

  it("still fires timers on real time after a jump", async () => {
    clock = createSandboxClock();
    await clock.advanceTo(clock.now() + 3_600_000);
    const fired = await new Promise<boolean>((resolve) => {
      clock.setTimer(() => resolve(true), 20);
      setTimeout(() => resolve(false), 1_000);
    });
    expect(fired).toBe(true);
  });

  it("does not fire a cancelled timer when time jumps past it", async () => {
    clock = createSandboxClock();
    let fired = false;
    clock.setTimer(() => (fired = true), 1_000).cancel();
    await clock.advanceTo(clock.now() + 5_000);
    expect(fired).toBe(false);
  });
});
